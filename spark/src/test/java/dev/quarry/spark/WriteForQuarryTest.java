package dev.quarry.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.DatasetInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class WriteForQuarryTest {
  static final String SYMBOL = "XYZ-USD";
  static final Instant FROM = Instant.parse("2024-01-30T00:00:00Z");
  static final int MINUTES = 32 * 1440;
  static final Instant TO = FROM.plusSeconds(60L * MINUTES);

  @TempDir static Path root;
  static SparkSession spark;
  static BarStore store;
  static Table original;

  @BeforeAll
  static void setUp() {
    store = TestStores.store(root, List.of(SYMBOL), FROM, MINUTES);
    original =
        store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, SYMBOL), FROM, TO);
    spark = TestStores.session();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** The store's bars as Spark reads them, in shuffled order. */
  private static Dataset<Row> shuffled() {
    return QuarrySpark.bars(
            spark, root, TestStores.PROVIDER, TestStores.TIMEFRAME, List.of(SYMBOL), FROM, TO)
        .repartition(3, col("close"));
  }

  @Test
  void writesOneSortedMicrosFilePerUtcMonthThatTheStoreReads(@TempDir Path tmp) throws IOException {
    Path staging = tmp.resolve("staging");
    // A session in New York: 2024-03-01T00:30Z is still February there, but goes to month=03.
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    List<Path> files;
    try {
      files = QuarrySpark.writeForQuarry(shuffled(), staging);
    } finally {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
    }
    List<String> expected =
        List.of(
            "year=2024/month=01/XYZ-USD.parquet",
            "year=2024/month=02/XYZ-USD.parquet",
            "year=2024/month=03/XYZ-USD.parquet");
    assertEquals(expected, relative(staging, files));
    List<Path> everything;
    try (Stream<Path> walk = Files.walk(staging)) {
      everything = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    assertEquals(expected, relative(staging, everything), "no _SUCCESS, no .crc, nothing else");

    long rows = 0;
    for (Path file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        assertEquals(6, schema.getFieldCount(), schema.toString());
        var timestamp = schema.getType("timestamp").asPrimitiveType();
        assertEquals(PrimitiveTypeName.INT64, timestamp.getPrimitiveTypeName());
        assertEquals(
            LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS),
            timestamp.getLogicalTypeAnnotation());
        for (String name : List.of("open", "high", "low", "close", "volume")) {
          assertEquals(
              PrimitiveTypeName.DOUBLE,
              schema.getType(name).asPrimitiveType().getPrimitiveTypeName());
        }
        rows += reader.getRecordCount();
      }
      // In time order within the file, and every bar in the file's UTC month.
      List<Row> read = spark.read().parquet(file.toString()).collectAsList();
      String month = file.getParent().getFileName().toString().substring("month=".length());
      Instant previous = Instant.MIN;
      for (Row row : read) {
        Instant at = row.getAs("timestamp");
        assertTrue(at.isAfter(previous), file + ": " + at + " after " + previous);
        assertEquals(month, at.toString().substring(5, 7), file + ": " + at);
        previous = at;
      }
    }
    assertEquals(MINUTES, rows);

    // The store adopts the folder as it is (its checks: types, order, months, OHLCV rules) and
    // reads back the original bars; Spark reads the adopted dataset from the store too.
    Path adoptedRoot = tmp.resolve("store");
    DatasetId id = new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, SYMBOL);
    BarStore adopted = BarStore.open(adoptedRoot);
    DatasetInfo info = adopted.adopt(id, staging);
    assertEquals(MINUTES, info.totalRows());
    assertEquals(3, info.partitions().size());
    Table back = adopted.read(id);
    for (String column : List.of("timestamp", "open", "high", "low", "close", "volume")) {
      assertEquals(original.column(column).asList(), back.column(column).asList(), column);
    }
    assertEquals(
        MINUTES,
        QuarrySpark.bars(
                spark,
                adoptedRoot,
                TestStores.PROVIDER,
                TestStores.TIMEFRAME,
                List.of(SYMBOL),
                FROM,
                TO)
            .count());
  }

  @Test
  void theReadmeSnippetStagesHourlyBarsTheStoreAdopts(@TempDir Path tmp) {
    Dataset<Row> bars = shuffled();
    Dataset<Row> hourly =
        bars.groupBy(
                col("symbol"), window(col("timestamp"), "1 hour").getField("start").as("timestamp"))
            .agg(
                min_by(col("open"), col("timestamp")).as("open"),
                max("high").as("high"),
                min("low").as("low"),
                max_by(col("close"), col("timestamp")).as("close"),
                sum("volume").as("volume"));
    Table summary = QuarrySpark.toTable(hourly.groupBy("symbol").count());
    assertEquals(List.of(32L * 24), summary.longColumn("count").asList());

    Path staging = tmp.resolve("hourly");
    assertEquals(
        3, QuarrySpark.writeForQuarry(hourly.where(col("symbol").equalTo(SYMBOL)), staging).size());
    DatasetId id = new DatasetId(TestStores.PROVIDER, "1h", SYMBOL);
    BarStore adopted = BarStore.open(tmp.resolve("store"));
    adopted.adopt(id, staging);
    Table back = adopted.read(id);
    assertEquals(32 * 24, back.rowCount());
    Table firstHour = original.first(60);
    assertEquals(FROM, back.instantColumn("timestamp").get(0));
    assertEquals(
        firstHour.doubleColumn("open").getDouble(0), back.doubleColumn("open").getDouble(0));
    assertEquals(firstHour.doubleColumn("high").max(), back.doubleColumn("high").getDouble(0));
    assertEquals(firstHour.doubleColumn("low").min(), back.doubleColumn("low").getDouble(0));
    assertEquals(
        firstHour.doubleColumn("close").getDouble(59), back.doubleColumn("close").getDouble(0));
  }

  @Test
  void refusesBarsOfTwoSymbols(@TempDir Path tmp) {
    Dataset<Row> two = shuffled().union(shuffled().limit(10).withColumn("symbol", lit("OTHER")));
    QuarrySparkException e =
        assertThrows(
            QuarrySparkException.class,
            () -> QuarrySpark.writeForQuarry(two, tmp.resolve("staging")));
    assertTrue(e.getMessage().contains("2 symbols"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("staging")));
  }

  @Test
  void refusesRepeatedTimestamps(@TempDir Path tmp) {
    Dataset<Row> repeated = shuffled().union(shuffled().limit(3));
    QuarrySparkException e =
        assertThrows(
            QuarrySparkException.class,
            () -> QuarrySpark.writeForQuarry(repeated, tmp.resolve("staging")));
    assertTrue(e.getMessage().contains("3 bars repeat a timestamp"), e.getMessage());
  }

  @Test
  void refusesMissingColumnsAndAnExistingFolder(@TempDir Path tmp) {
    QuarrySparkException missing =
        assertThrows(
            QuarrySparkException.class,
            () -> QuarrySpark.writeForQuarry(shuffled().drop("volume"), tmp.resolve("a")));
    assertTrue(missing.getMessage().contains("no column 'volume'"), missing.getMessage());
    QuarrySparkException exists =
        assertThrows(QuarrySparkException.class, () -> QuarrySpark.writeForQuarry(shuffled(), tmp));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
  }

  private static List<String> relative(Path base, List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path file : files) {
      names.add(base.relativize(file).toString());
    }
    return names;
  }
}
