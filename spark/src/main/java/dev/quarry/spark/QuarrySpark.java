package dev.quarry.spark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import tech.tablesaw.api.Table;

/**
 * Quarry's bar store seen from Apache Spark: a session set up for it, one scan of a provider's
 * timeframe as a {@code Dataset<Row>}, results back as Tablesaw tables, and bars written in the
 * layout the store adopts.
 *
 * <p>A notebook session:
 *
 * <pre>{@code
 * SparkSession spark = QuarrySpark.session();
 * Dataset<Row> bars = QuarrySpark.bars(spark, Path.of("store"), "bitstamp", "1m",
 *     List.of("BTC-USD", "ETH-USD"), Instant.parse("2024-01-01T00:00:00Z"),
 *     Instant.parse("2024-04-01T00:00:00Z"));
 * Table daily = QuarrySpark.toTable(bars.groupBy("symbol").count());
 * }</pre>
 *
 * <p>The JVM that runs Spark needs the module options of {@link #javaOptions()} on its command line
 * (Spark's own launcher adds them for {@code spark-submit}; a notebook kernel, a JBang script or a
 * test runner must be given them).
 */
public final class QuarrySpark {
  /** The application name of the sessions made here, as shown by a cluster manager. */
  public static final String APP_NAME = "quarry";

  /** The most rows {@link #toTable(Dataset)} collects into one table. */
  public static final long MAX_TABLE_ROWS = 10_000_000L;

  private QuarrySpark() {}

  /**
   * Returns the JVM options Spark needs on Java 17 and later: the {@code --add-opens} set (and the
   * few others) Spark's launcher puts on every driver and executor command line, from {@code
   * org.apache.spark.launcher.JavaModuleOptions} of the Spark version on the class path.
   *
   * @return the options, one per element, e.g. {@code --add-opens=java.base/java.nio=ALL-UNNAMED}
   */
  public static List<String> javaOptions() {
    return List.of(JavaModuleOptions.defaultModuleOptionArray());
  }

  /**
   * Returns a local session on every core ({@code local[*]}); see {@link #session(String)}.
   *
   * @return the session, created or the one already running in this JVM
   */
  public static SparkSession session() {
    return session("local[*]");
  }

  /**
   * Returns a session for Quarry's data: the session time zone is UTC (as the store's timestamps
   * are), the web UI is off, Parquet timestamps are written as {@code TIMESTAMP_MICROS} (never the
   * legacy INT96, which other readers take for local time) and collected timestamps are {@link
   * Instant}s. If a session already runs in this JVM it is returned with the SQL settings applied;
   * its master and web UI stay as they were (Spark fixes them when the session starts).
   *
   * @param master a Spark master URL: {@code local[*]}, {@code local[2]}, {@code spark://host:7077}
   * @return the session
   * @throws QuarrySparkException if the master is blank
   */
  public static SparkSession session(String master) {
    if (master == null || master.isBlank()) {
      throw new QuarrySparkException(
          "no Spark master given; use local[*] for this machine or a cluster URL such as"
              + " spark://host:7077");
    }
    return builder(master).getOrCreate();
  }

  /**
   * Returns the builder of {@link #session(String)}, for settings of your own before the session
   * starts (executor memory, class path, a cluster's options).
   *
   * @param master a Spark master URL, or null for the one {@code spark-submit} gives
   * @return the builder, with Quarry's settings
   */
  public static SparkSession.Builder builder(String master) {
    SparkSession.Builder builder = SparkSession.builder();
    if (master != null) {
      builder.master(master);
    }
    return builder
        .appName(APP_NAME)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.datetime.java8API.enabled", "true");
  }

  /**
   * Reads bars of one provider and timeframe from a Quarry store, all symbols in one scan.
   *
   * <p>The store's layout is {@code <root>/<provider>/<timeframe>/symbol=<SYMBOL>/year=YYYY/
   * month=MM/<SYMBOL>.parquet}; Spark reads {@code <provider>/<timeframe>} as one Hive-partitioned
   * table. The filters on {@code symbol}, {@code year} and {@code month} are on partition columns,
   * so Spark opens only the folders of the symbols and months asked for ({@code PartitionFilters}
   * in {@code explain()}); the timestamp filter then keeps the half-open range {@code [from, to)}.
   * Rows come in no particular order.
   *
   * @param spark the session
   * @param storeRoot the store's root folder
   * @param provider the data vendor's folder, e.g. {@code bitstamp}
   * @param timeframe the timeframe's folder, e.g. {@code 1m}
   * @param symbols the symbols to read; empty for all
   * @param from the first instant included
   * @param to the first instant excluded; after {@code from}
   * @return columns {@code symbol} (string), {@code timestamp} (timestamp), {@code open, high, low,
   *     close, volume} (double)
   * @throws QuarrySparkException if the store, provider or timeframe folder does not exist (the
   *     message lists those that do), a symbol is not a valid store symbol or the range is empty
   */
  public static Dataset<Row> bars(
      SparkSession spark,
      Path storeRoot,
      String provider,
      String timeframe,
      List<String> symbols,
      Instant from,
      Instant to) {
    return StoreScan.bars(spark, storeRoot, provider, timeframe, symbols, from, to);
  }

  /**
   * Collects a dataset into a Tablesaw table, at most {@link #MAX_TABLE_ROWS} rows; see {@link
   * #toTable(Dataset, long)}.
   *
   * @param rows the dataset
   * @return the table
   */
  public static Table toTable(Dataset<Row> rows) {
    return toTable(rows, MAX_TABLE_ROWS);
  }

  /**
   * Collects a dataset into a Tablesaw table for a notebook: timestamps become an {@code
   * InstantColumn} (millisecond precision, Tablesaw's), doubles and floats a {@code DoubleColumn},
   * longs, ints and shorts their columns, strings a {@code StringColumn}, booleans and dates
   * theirs; nulls are missing values. The rows are counted first, so the dataset is computed twice
   * unless it is cached.
   *
   * @param rows the dataset
   * @param maxRows the most rows to collect into the driver
   * @return the table, named {@code spark}, in the dataset's row order
   * @throws QuarrySparkException if the dataset has more than {@code maxRows} rows or a column of
   *     another type (struct, array, map, decimal, binary): the message says how to reduce it
   */
  public static Table toTable(Dataset<Row> rows, long maxRows) {
    return TableCollector.collect(rows, maxRows);
  }

  /**
   * Writes the bars of one symbol into a staging folder the store can adopt ({@code
   * BarStore.adopt}): {@code <stagingDir>/year=YYYY/month=MM/<SYMBOL>.parquet}, one file per UTC
   * month, rows sorted by timestamp, columns {@code timestamp} ({@code TIMESTAMP_MICROS}, UTC) and
   * {@code open, high, low, close, volume} (double). Spark's {@code _SUCCESS} marker and {@code
   * .crc} sidecars are removed.
   *
   * <p>The file is named after the {@code symbol} column if the bars have one (it must hold one
   * value, and is not written: the store's path carries it), else {@code bars.parquet}. {@code
   * year} and {@code month} columns, if any, are recomputed from the timestamps. OHLCV rules (high
   * above open and close, ...) are checked by the store when it adopts the folder.
   *
   * @param bars the bars: {@code timestamp} and numeric {@code open, high, low, close, volume}
   * @param stagingDir a folder that does not exist yet; its parent must exist
   * @return the files written, in time order
   * @throws QuarrySparkException if a column is missing or of the wrong type, there are other
   *     columns, more than one symbol, missing, repeated or sub-millisecond timestamps, no rows, or
   *     the staging folder exists
   */
  public static List<Path> writeForQuarry(Dataset<Row> bars, Path stagingDir) {
    return StagingWriter.write(bars, stagingDir);
  }
}
