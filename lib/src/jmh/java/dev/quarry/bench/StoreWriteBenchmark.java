package dev.quarry.bench;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteMode;
import dev.quarry.store.WriteOptions;
import dev.quarry.store.WriteResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

/**
 * SPEC §9, store: write 1-minute OHLCV bars end to end (validate, encode, SHA-256, fsync, rename,
 * catalog), target ≥ 1 M rows/s and ≥ 0.5× DuckDB's partitioned {@code COPY} of the same rows.
 *
 * <p>Scores are rows per second (mode Throughput, {@code @OperationsPerInvocation(ROWS)}): each
 * invocation writes all {@value #ROWS} rows (two years of minutes from 2024-01-01, 24 monthly
 * partitions). Quarry: {@code BarStore.write} with mode REPLACE into the same dataset, otherwise
 * the default options (snappy, integrity checks and checksums on, partitioned by date). Breakdown:
 * the same write without integrity checks and checksums. Reference, same run: the same rows in a
 * DuckDB in-memory table (loaded once from Quarry's files), {@code COPY ... TO} a fresh folder
 * partitioned by year and month, snappy, with DuckDB's default threads (printed in set-up) and with
 * {@code SET threads=1}. DuckDB does not fsync its output; Quarry does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StoreWriteBenchmark.ROWS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
public class StoreWriteBenchmark {
  static final int ROWS = 1_051_200;
  private static final DatasetId ID = new DatasetId("bench", "1m", "BTC-USD");
  private static final WriteOptions REPLACE = WriteOptions.defaults().withMode(WriteMode.REPLACE);
  private static final WriteOptions REPLACE_UNCHECKED =
      REPLACE.withCheckIntegrity(false).withComputeChecksum(false);

  private Path dir;
  private Table bars;
  private BarStore store;
  private Connection duck;
  private Connection duckOneThread;
  private int copies;

  /** Generates the rows, writes them once (checked), and loads them into two DuckDB databases. */
  @Setup
  public void setUp() throws SQLException {
    dir = TempDirs.create("quarry-bench-store-write");
    bars = MinuteBars.walk(ID.toString(), Instant.parse("2024-01-01T00:00:00Z"), ROWS, 42);
    store = BarStore.open(dir.resolve("store"));
    WriteResult first = store.write(ID, bars, REPLACE);
    Checks.count(ROWS, first.rowsAdded(), "rows added by the first write");
    Checks.count(24, first.partitionsWritten().size(), "partitions written");

    String files = MinuteBars.sql(ID.directory(store.root()).resolve("*/*/*.parquet"));
    duck = DriverManager.getConnection("jdbc:duckdb:");
    duckOneThread = DriverManager.getConnection("jdbc:duckdb:");
    MinuteBars.execute(duckOneThread, "SET threads=1");
    for (Connection db : new Connection[] {duck, duckOneThread}) {
      MinuteBars.execute(db, "SET TimeZone='UTC'");
      MinuteBars.execute(
          db,
          "CREATE TABLE bars AS SELECT timestamp, open, high, low, close, volume FROM"
              + " read_parquet('"
              + files
              + "', hive_partitioning=false) ORDER BY timestamp");
      Checks.count(ROWS, MinuteBars.longValue(db, "SELECT count(*) FROM bars"), "DuckDB rows");
    }
    System.out.println(
        "\nDuckDB "
            + MinuteBars.stringValue(duck, "SELECT version()")
            + ", threads="
            + MinuteBars.stringValue(duck, "SELECT current_setting('threads')")
            + " (reference row), threads="
            + MinuteBars.stringValue(duckOneThread, "SELECT current_setting('threads')")
            + " (one-thread row); availableProcessors="
            + Runtime.getRuntime().availableProcessors());
    copyTo(duck, dir.resolve("duck-check"));
    Checks.count(
        ROWS,
        MinuteBars.longValue(
            duck,
            "SELECT count(*) FROM read_parquet('"
                + MinuteBars.sql(dir.resolve("duck-check/*/*/*.parquet"))
                + "', hive_partitioning=true)"),
        "rows in DuckDB's COPY output");
    Checks.count(
        24,
        MinuteBars.longValue(
            duck,
            "SELECT count(DISTINCT (year, month)) FROM read_parquet('"
                + MinuteBars.sql(dir.resolve("duck-check/*/*/*.parquet"))
                + "', hive_partitioning=true)"),
        "partitions in DuckDB's COPY output");
  }

  /** Deletes DuckDB's output folders of the iteration (outside the measured time). */
  @TearDown(Level.Iteration)
  public void deleteCopies() {
    for (int i = 0; i < copies; i++) {
      TempDirs.delete(dir.resolve("duck-" + i));
    }
    copies = 0;
  }

  /** Closes DuckDB and deletes the temp folder. */
  @TearDown
  public void tearDown() throws SQLException {
    duck.close();
    duckOneThread.close();
    TempDirs.delete(dir);
  }

  private static void copyTo(Connection db, Path target) throws SQLException {
    MinuteBars.execute(
        db,
        "COPY (SELECT *, year(timestamp) AS year, month(timestamp) AS month FROM bars) TO '"
            + MinuteBars.sql(target)
            + "' (FORMAT PARQUET, PARTITION_BY (year, month), COMPRESSION SNAPPY,"
            + " OVERWRITE_OR_IGNORE)");
  }

  /**
   * Quarry: {@code BarStore.write}, mode REPLACE, default options.
   *
   * @return the write's result
   */
  @Benchmark
  public WriteResult quarryWrite() {
    return store.write(ID, bars, REPLACE);
  }

  /**
   * Breakdown: the same write without OHLCV integrity checks and SHA-256 checksums.
   *
   * @return the write's result
   */
  @Benchmark
  public WriteResult breakdownWriteUncheckedNoChecksum() {
    return store.write(ID, bars, REPLACE_UNCHECKED);
  }

  /**
   * Reference: DuckDB's partitioned {@code COPY} of the same rows, default threads.
   *
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public void referenceDuckDbCopy() throws SQLException {
    copyTo(duck, dir.resolve("duck-" + copies++));
  }

  /**
   * Reference: the same {@code COPY} with {@code SET threads=1}.
   *
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public void referenceDuckDbCopyOneThread() throws SQLException {
    copyTo(duckOneThread, dir.resolve("duck-" + copies++));
  }
}
