package dev.quarry.spark;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/** Test fixtures: minute bars, a store written by {@link BarStore#write}, a local session. */
final class TestStores {
  static final String PROVIDER = "testvendor";
  static final String TIMEFRAME = "1m";

  private TestStores() {}

  /** One shared session per test class: two cores, few shuffle partitions, UTC. */
  static SparkSession session() {
    SparkSession spark = QuarrySpark.session("local[2]");
    spark.conf().set("spark.sql.shuffle.partitions", "4");
    // Plans print filters in full (default: 100 characters), for the partition-pruning test.
    spark.conf().set("spark.sql.maxMetadataStringLength", "1000");
    return spark;
  }

  /** Minute bars from {@code from} (inclusive) for {@code count} minutes, a seeded random walk. */
  static Table minuteBars(String name, Instant from, int count, long seed) {
    Random random = new Random(seed);
    InstantColumn time = InstantColumn.create("timestamp");
    DoubleColumn open = DoubleColumn.create("open");
    DoubleColumn high = DoubleColumn.create("high");
    DoubleColumn low = DoubleColumn.create("low");
    DoubleColumn close = DoubleColumn.create("close");
    DoubleColumn volume = DoubleColumn.create("volume");
    double price = 100 + random.nextInt(100);
    for (int i = 0; i < count; i++) {
      double o = price;
      double c = Math.max(1, o + random.nextGaussian());
      time.append(from.plus(Duration.ofMinutes(i)));
      open.append(o);
      close.append(c);
      high.append(Math.max(o, c) + random.nextDouble());
      low.append(Math.min(o, c) - random.nextDouble() * 0.5);
      volume.append(Math.round(random.nextDouble() * 1_000_000) / 1000.0);
      price = c;
    }
    return Table.create(name, time, open, high, low, close, volume);
  }

  /**
   * Writes each symbol's bars with {@link BarStore#write} and returns the store, after checking
   * that it wrote the Hive layout Spark reads: {@code <provider>/<timeframe>/symbol=<SYMBOL>}.
   */
  static BarStore store(Path root, List<String> symbols, Instant from, int minutes) {
    BarStore store = BarStore.open(root);
    long seed = 1;
    for (String symbol : symbols) {
      store.write(
          new DatasetId(PROVIDER, TIMEFRAME, symbol),
          minuteBars(symbol, from, minutes, seed++),
          WriteOptions.defaults());
      Path hive = root.resolve(PROVIDER).resolve(TIMEFRAME).resolve("symbol=" + symbol);
      if (!Files.isDirectory(hive)) {
        throw new IllegalStateException("BarStore.write did not create " + hive);
      }
    }
    return store;
  }
}
