package dev.quarry.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.quarry.store.DatasetId;
import dev.quarry.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@link QuarrySpark#bars}: one Hive-partitioned scan of a provider's timeframe. */
final class StoreScan {
  /**
   * The table Spark reads: the files' columns, then the partition columns. Given rather than
   * inferred, so that a symbol such as {@code 1000} stays a string and the months are numbers.
   */
  static final StructType SCHEMA =
      new StructType()
          .add("timestamp", DataTypes.TimestampType)
          .add("open", DataTypes.DoubleType)
          .add("high", DataTypes.DoubleType)
          .add("low", DataTypes.DoubleType)
          .add("close", DataTypes.DoubleType)
          .add("volume", DataTypes.DoubleType)
          .add("symbol", DataTypes.StringType)
          .add("year", DataTypes.IntegerType)
          .add("month", DataTypes.IntegerType);

  /** The store holds the years 0000 to 9999 (four-digit partition folders). */
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private StoreScan() {}

  static Dataset<Row> bars(
      SparkSession spark,
      Path storeRoot,
      String provider,
      String timeframe,
      List<String> symbols,
      Instant from,
      Instant to) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(symbols, "symbols (use List.of() for all)");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new QuarrySparkException(
          "empty time range [" + from + ", " + to + "): 'from' must be before 'to' (to excluded)");
    }
    for (String symbol : symbols) {
      checkNames(provider, timeframe, symbol);
    }
    checkNames(provider, timeframe, "X");
    Path dir = folder(storeRoot, provider, timeframe);

    Instant first = from.isBefore(FIRST) ? FIRST : from;
    Instant last = (to.isAfter(END) ? END : to).minusNanos(1);
    if (first.isAfter(last)) {
      return spark.createDataFrame(List.of(), SCHEMA).drop("year", "month");
    }
    YearMonth firstMonth = YearMonth.from(first.atZone(ZoneOffset.UTC));
    YearMonth lastMonth = YearMonth.from(last.atZone(ZoneOffset.UTC));
    Column month = col("year").multiply(100).plus(col("month"));
    Column filter =
        month
            .between(key(firstMonth), key(lastMonth))
            .and(col("timestamp").geq(lit(from)))
            .and(col("timestamp").lt(lit(to)));
    if (!symbols.isEmpty()) {
      filter = col("symbol").isin(symbols.toArray()).and(filter);
    }
    return spark
        .read()
        .schema(SCHEMA)
        .option("basePath", dir.toString())
        .option("pathGlobFilter", "*.parquet")
        .parquet(dir.toString())
        .where(filter)
        .select("symbol", "timestamp", "open", "high", "low", "close", "volume");
  }

  private static int key(YearMonth month) {
    return month.getYear() * 100 + month.getMonthValue();
  }

  private static void checkNames(String provider, String timeframe, String symbol) {
    try {
      new DatasetId(provider, timeframe, symbol);
    } catch (StoreException e) {
      throw new QuarrySparkException(e.getMessage(), e);
    }
  }

  /** Returns {@code <root>/<provider>/<timeframe>}, or says which part is missing and what is. */
  private static Path folder(Path storeRoot, String provider, String timeframe) {
    Objects.requireNonNull(storeRoot, "storeRoot");
    Path root = storeRoot.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new QuarrySparkException(
          "no store at " + root + ": the folder does not exist; give the root of a Quarry store");
    }
    Path providerDir = root.resolve(provider);
    if (!Files.isDirectory(providerDir)) {
      throw new QuarrySparkException(
          "store "
              + root
              + " has no provider '"
              + provider
              + "'; its providers: "
              + children(root));
    }
    Path dir = providerDir.resolve(timeframe);
    if (!Files.isDirectory(dir)) {
      throw new QuarrySparkException(
          "store "
              + root
              + " has no timeframe '"
              + timeframe
              + "' for provider '"
              + provider
              + "'; its timeframes: "
              + children(providerDir));
    }
    return dir;
  }

  private static String children(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names =
          entries
              .filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(name -> !name.startsWith(".") && !name.startsWith("_"))
              .sorted()
              .collect(Collectors.toList());
      return names.isEmpty() ? "none" : String.join(", ", names);
    } catch (IOException e) {
      return "(cannot list " + dir + ": " + e.getMessage() + ")";
    }
  }
}
