package dev.quarry.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dev.quarry.bars.Bars;
import dev.quarry.store.DatasetId;
import dev.quarry.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * {@link QuarrySpark#writeForQuarry}: bars of one symbol into a staging folder in the store's
 * partition layout.
 *
 * <ol>
 *   <li>Check the columns, then, in one Spark job, the rows: at least one, one symbol, no missing,
 *       repeated or sub-millisecond timestamps.
 *   <li>Derive {@code year=YYYY} and {@code month=MM} from the UTC date of each timestamp (from its
 *       epoch day, so the session time zone plays no part).
 *   <li>Shuffle by month, sort each task's rows by month and timestamp, and write with {@code
 *       partitionBy(year, month)}: each month lands in one task, so in one file, in time order.
 *   <li>Remove Spark's {@code _SUCCESS} and {@code .crc} files and name each month's file after the
 *       symbol.
 * </ol>
 */
final class StagingWriter {
  private static final String TIMESTAMP_TYPE_KEY = "spark.sql.parquet.outputTimestampType";
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final Set<String> DERIVED = Set.of("symbol", "year", "month");

  private StagingWriter() {}

  static List<Path> write(Dataset<Row> bars, Path stagingDir) {
    Objects.requireNonNull(bars, "bars");
    Objects.requireNonNull(stagingDir, "stagingDir");
    Path staging = stagingDir.toAbsolutePath().normalize();
    if (Files.exists(staging)) {
      throw new QuarrySparkException(
          "staging folder " + staging + " already exists; give a new folder (it is created)");
    }
    Path parent = staging.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new QuarrySparkException(
          "staging folder " + staging + " has no parent folder; create " + parent + " first");
    }
    checkColumns(bars);
    String symbol = checkRows(bars);
    if (symbol != null) {
      try {
        new DatasetId("staging", "1m", symbol); // the file is named after it: a valid store name
      } catch (StoreException e) {
        throw new QuarrySparkException("column 'symbol': " + e.getMessage(), e);
      }
    }
    Dataset<Row> out =
        bars.select(
                col(Bars.TIMESTAMP),
                col(Bars.OPEN).cast(DataTypes.DoubleType).as(Bars.OPEN),
                col(Bars.HIGH).cast(DataTypes.DoubleType).as(Bars.HIGH),
                col(Bars.LOW).cast(DataTypes.DoubleType).as(Bars.LOW),
                col(Bars.CLOSE).cast(DataTypes.DoubleType).as(Bars.CLOSE),
                col(Bars.VOLUME).cast(DataTypes.DoubleType).as(Bars.VOLUME))
            .withColumn(
                "utc_date",
                date_from_unix_date(
                    floor(unix_micros(col(Bars.TIMESTAMP)).divide(lit(MICROS_PER_DAY)))
                        .cast(DataTypes.IntegerType)))
            .withColumn("year", format_string("%04d", year(col("utc_date"))))
            .withColumn("month", format_string("%02d", month(col("utc_date"))))
            .drop("utc_date")
            .repartition(col("year"), col("month"))
            .sortWithinPartitions("year", "month", Bars.TIMESTAMP);

    SparkSession spark = bars.sparkSession();
    String previous = spark.conf().get(TIMESTAMP_TYPE_KEY);
    spark.conf().set(TIMESTAMP_TYPE_KEY, "TIMESTAMP_MICROS");
    try {
      out.write()
          .mode(SaveMode.ErrorIfExists)
          .option("maxRecordsPerFile", 0)
          .partitionBy("year", "month")
          .parquet(staging.toString());
    } finally {
      spark.conf().set(TIMESTAMP_TYPE_KEY, previous);
    }
    try {
      return tidy(staging, symbol == null ? "bars" : symbol);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tidy the staging folder " + staging, e);
    }
  }

  private static void checkColumns(Dataset<Row> bars) {
    List<String> names = List.of(bars.columns());
    for (String name : Bars.COLUMNS) {
      if (!names.contains(name)) {
        throw new QuarrySparkException(
            "the bars have no column '"
                + name
                + "'; they need "
                + Bars.COLUMNS
                + " (and may have symbol, year, month); they have "
                + names);
      }
    }
    for (StructField field : bars.schema().fields()) {
      String name = field.name();
      DataType type = field.dataType();
      if (name.equals(Bars.TIMESTAMP)) {
        if (!type.equals(DataTypes.TimestampType)) {
          throw new QuarrySparkException(
              "column 'timestamp' is "
                  + type.simpleString()
                  + "; it must be a Spark timestamp (an instant): convert it, e.g. with"
                  + " timestamp_millis(col(\"timestamp\")) for epoch milliseconds");
        }
      } else if (Bars.COLUMNS.contains(name)) {
        if (!(type instanceof NumericType)) {
          throw new QuarrySparkException(
              "column '" + name + "' is " + type.simpleString() + "; it must be numeric (double)");
        }
      } else if (!DERIVED.contains(name)) {
        throw new QuarrySparkException(
            "unexpected column '"
                + name
                + "'; the store keeps "
                + Bars.COLUMNS
                + " only: drop it first (symbol, year and month are allowed and not written)");
      }
    }
  }

  /** Checks the rows in one job; returns the symbol, or null if the bars have no symbol column. */
  private static String checkRows(Dataset<Row> bars) {
    boolean hasSymbol = List.of(bars.columns()).contains("symbol");
    org.apache.spark.sql.Column ts = col(Bars.TIMESTAMP);
    Row stats =
        bars.agg(
                count(lit(1)),
                count(ts),
                count_distinct(ts),
                sum(when(unix_micros(ts).mod(1000).notEqual(0), 1).otherwise(0)),
                hasSymbol ? count_distinct(col("symbol")) : lit(1L),
                hasSymbol ? min(col("symbol")) : lit(null).cast(DataTypes.StringType),
                hasSymbol ? max(col("symbol")) : lit(null).cast(DataTypes.StringType),
                hasSymbol ? sum(when(col("symbol").isNull(), 1).otherwise(0)) : lit(0L))
            .first();
    long rows = stats.getLong(0);
    if (rows == 0) {
      throw new QuarrySparkException("the bars are empty; there is nothing to stage");
    }
    // Symbols first: bars of several symbols also repeat timestamps, and this says why.
    if (hasSymbol) {
      if (!stats.isNullAt(7) && stats.getLong(7) != 0 || stats.getLong(4) != 1) {
        throw new QuarrySparkException(
            "the bars hold "
                + (stats.getLong(4) == 1 ? "missing symbols" : stats.getLong(4) + " symbols")
                + " (from "
                + stats.get(5)
                + " to "
                + stats.get(6)
                + "); a staging folder holds one symbol: filter to one (where(col(\"symbol\")"
                + ".equalTo(...))) and write one folder per symbol");
      }
    }
    if (stats.getLong(1) != rows) {
      throw new QuarrySparkException(
          (rows - stats.getLong(1)) + " of " + rows + " bars have no timestamp; filter them out");
    }
    if (stats.getLong(2) != rows) {
      throw new QuarrySparkException(
          (rows - stats.getLong(2))
              + " bars repeat a timestamp; the store keeps one bar per timestamp: deduplicate"
              + " (dropDuplicates(\"timestamp\")) or aggregate first");
    }
    if (!stats.isNullAt(3) && stats.getLong(3) != 0) {
      throw new QuarrySparkException(
          stats.getLong(3)
              + " bars have timestamps finer than a millisecond, which the store's InstantColumn"
              + " cannot hold; truncate them (date_trunc(\"millisecond\", col(\"timestamp\")))");
    }
    return hasSymbol ? stats.getString(5) : null;
  }

  /** Removes Spark's bookkeeping files and renames each month's part file; returns the files. */
  private static List<Path> tidy(Path staging, String name) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(staging)) {
      all = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    List<Path> files = new ArrayList<>();
    for (Path file : all) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".parquet") && !fileName.startsWith(".")) {
        Path target = file.resolveSibling(name + ".parquet");
        if (Files.exists(target)) {
          throw new QuarrySparkException(
              "Spark wrote more than one file into "
                  + file.getParent()
                  + "; this is a bug in writeForQuarry (each month must be one task)");
        }
        files.add(Files.move(file, target));
      } else {
        Files.delete(file);
      }
    }
    files.sort(null);
    return List.copyOf(files);
  }
}
