package dev.quarry.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class QuarrySparkReadTest {
  static final List<String> SYMBOLS = List.of("AAA-USD", "BBB-USD", "1000");
  // 2024-01-30 00:00 to 2024-03-02 00:00: three months (January, February, March) of minutes.
  static final Instant FROM = Instant.parse("2024-01-30T00:00:00Z");
  static final int MINUTES = 32 * 1440;
  static final Instant TO = FROM.plusSeconds(60L * MINUTES);

  @TempDir static Path root;
  static SparkSession spark;
  static BarStore store;

  @BeforeAll
  static void setUp() {
    store = TestStores.store(root, SYMBOLS, FROM, MINUTES);
    spark = TestStores.session();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Dataset<Row> bars(List<String> symbols, Instant from, Instant to) {
    return QuarrySpark.bars(
        spark, root, TestStores.PROVIDER, TestStores.TIMEFRAME, symbols, from, to);
  }

  @Test
  void sessionIsUtcWithMicrosTimestampsAndNoUi() {
    assertEquals("UTC", spark.conf().get("spark.sql.session.timeZone"));
    assertEquals("TIMESTAMP_MICROS", spark.conf().get("spark.sql.parquet.outputTimestampType"));
    assertEquals("false", spark.sparkContext().getConf().get("spark.ui.enabled"));
    assertEquals(QuarrySpark.APP_NAME, spark.sparkContext().appName());
    assertTrue(
        QuarrySpark.javaOptions().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"),
        QuarrySpark.javaOptions().toString());
    // The options surefire gives this JVM (pom.xml, spark.java.options) are Spark's list.
    List<String> jvm =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String option : QuarrySpark.javaOptions()) {
      assertTrue(jvm.contains(option), option + " missing from " + jvm);
    }
  }

  @Test
  void oneScanReadsEverySymbolAsTheStoreDoesRowByRow() {
    List<Row> rows = bars(List.of(), FROM, TO).orderBy("symbol", "timestamp").collectAsList();
    assertEquals(3L * MINUTES, rows.size());
    int i = 0;
    for (String symbol : SYMBOLS.stream().sorted().toList()) {
      Table expected =
          store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, symbol), FROM, TO);
      assertEquals(MINUTES, expected.rowCount(), symbol);
      for (int r = 0; r < expected.rowCount(); r++, i++) {
        Row row = rows.get(i);
        assertEquals(symbol, row.getString(0));
        assertEquals(expected.instantColumn("timestamp").get(r), row.getAs("timestamp"));
        assertEquals(expected.doubleColumn("open").getDouble(r), row.getDouble(2));
        assertEquals(expected.doubleColumn("high").getDouble(r), row.getDouble(3));
        assertEquals(expected.doubleColumn("low").getDouble(r), row.getDouble(4));
        assertEquals(expected.doubleColumn("close").getDouble(r), row.getDouble(5));
        assertEquals(expected.doubleColumn("volume").getDouble(r), row.getDouble(6));
      }
    }
  }

  @Test
  void instantsStayExactWhenTheSessionTimeZoneIsNotUtc() {
    Instant from = Instant.parse("2024-02-29T23:58:00Z");
    Instant to = Instant.parse("2024-03-01T00:03:00Z");
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    try {
      List<Row> rows = bars(List.of("BBB-USD"), from, to).orderBy("timestamp").collectAsList();
      assertEquals(5, rows.size());
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(from.plusSeconds(60L * i), rows.get(i).getAs("timestamp"));
      }
      Table expected =
          store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, "BBB-USD"), from, to);
      Table actual = QuarrySpark.toTable(bars(List.of("BBB-USD"), from, to).orderBy("timestamp"));
      assertEquals(
          expected.instantColumn("timestamp").asList(), actual.instantColumn("timestamp").asList());
    } finally {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
    }
  }

  @Test
  void symbolAndMonthFiltersPruneFolders() {
    Instant from = Instant.parse("2024-02-10T00:00:00Z");
    Instant to = Instant.parse("2024-03-01T00:00:00Z");
    Dataset<Row> bars = bars(List.of("BBB-USD"), from, to);
    String plan = bars.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("PartitionFilters: [") && plan.contains("symbol"), plan);
    String partitionFilters = plan.substring(plan.indexOf("PartitionFilters: ["));
    partitionFilters = partitionFilters.substring(0, partitionFilters.indexOf("], ") + 1);
    assertTrue(partitionFilters.contains("symbol#"), plan);
    assertTrue(partitionFilters.contains("year#"), plan);
    assertTrue(partitionFilters.contains("month#"), plan);
    // And the scan opened one file: BBB-USD's February (March is out of [from, to)).
    assertEquals(20 * 1440, bars.collectAsList().size());
    SparkPlan scan = bars.queryExecution().executedPlan().collectLeaves().head();
    assertEquals(1L, scan.metrics().apply("numFiles").value(), scan.toString());
    // The half-open range: the bar at 'to' is not read, the bar at 'from' is.
    assertEquals(
        1, bars.where(col("timestamp").equalTo(org.apache.spark.sql.functions.lit(from))).count());
  }

  @Test
  void toTableGivesTablesawColumnsEqualToTheStore() {
    Instant from = Instant.parse("2024-01-31T22:00:00Z");
    Instant to = Instant.parse("2024-02-01T02:00:00Z");
    Table table = QuarrySpark.toTable(bars(List.of("AAA-USD"), from, to).orderBy("timestamp"));
    Table expected =
        store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, "AAA-USD"), from, to);
    assertEquals(240, table.rowCount());
    assertEquals("AAA-USD", table.stringColumn("symbol").get(0));
    for (String column : List.of("timestamp", "open", "high", "low", "close", "volume")) {
      assertEquals(expected.column(column).asList(), table.column(column).asList(), column);
    }
    Table counts =
        QuarrySpark.toTable(bars(List.of(), FROM, TO).groupBy("symbol").count().orderBy("symbol"));
    assertEquals(List.of("1000", "AAA-USD", "BBB-USD"), counts.stringColumn("symbol").asList());
    assertEquals(
        List.of((long) MINUTES, (long) MINUTES, (long) MINUTES),
        counts.longColumn("count").asList());
  }

  @Test
  void toTableRefusesMoreRowsThanTheLimit() {
    QuarrySparkException e =
        assertThrows(
            QuarrySparkException.class, () -> QuarrySpark.toTable(bars(List.of(), FROM, TO), 1000));
    assertTrue(e.getMessage().contains("more than 1000 rows"), e.getMessage());
  }

  @Test
  void unknownProviderOrTimeframeIsNamedWithWhatExists() {
    QuarrySparkException provider =
        assertThrows(
            QuarrySparkException.class,
            () -> QuarrySpark.bars(spark, root, "nobody", "1m", List.of(), FROM, TO));
    assertTrue(provider.getMessage().contains("no provider 'nobody'"), provider.getMessage());
    assertTrue(provider.getMessage().contains(TestStores.PROVIDER), provider.getMessage());
    QuarrySparkException timeframe =
        assertThrows(
            QuarrySparkException.class,
            () -> QuarrySpark.bars(spark, root, TestStores.PROVIDER, "1h", List.of(), FROM, TO));
    assertTrue(timeframe.getMessage().contains("no timeframe '1h'"), timeframe.getMessage());
    assertTrue(timeframe.getMessage().contains("its timeframes: 1m"), timeframe.getMessage());
    assertThrows(QuarrySparkException.class, () -> bars(List.of("../etc"), FROM, TO));
    assertThrows(QuarrySparkException.class, () -> bars(List.of(), TO, FROM));
  }
}
