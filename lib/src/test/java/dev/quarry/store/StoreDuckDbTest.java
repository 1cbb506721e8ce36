package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * What {@link BarStore#write} leaves on disk reads as it is in DuckDB: per symbol and for all
 * symbols of a provider and timeframe, with Hive partition keys from the folder names only.
 */
class StoreDuckDbTest {
  private static final DatasetId BTC = new DatasetId("duck", "1h", "BTC-USD");
  private static final DatasetId ETH = new DatasetId("duck", "1h", "ETH-USD");

  @TempDir static Path root;
  private static BarStore store;

  @BeforeAll
  static void writeThroughTheStore() {
    store = BarStore.open(root);
    Duration hour = Duration.ofHours(1);
    Instant btcStart = Instant.parse("2023-10-20T00:00:00Z");
    // Appends of 70 days each (three months apart from the start) and an upsert of changed rows.
    store.write(BTC, TestBars.regular("BTC-USD", btcStart, hour, 24 * 70), WriteOptions.defaults());
    store.write(
        BTC,
        TestBars.regular("BTC-USD-2", btcStart.plus(Duration.ofDays(70)), hour, 24 * 70),
        WriteOptions.defaults());
    store.write(
        BTC,
        TestBars.regular("BTC-USD-fix", btcStart.plus(Duration.ofDays(50)), hour, 24 * 40),
        WriteOptions.defaults().withMode(WriteMode.UPSERT));
    store.write(
        ETH,
        TestBars.regular("ETH-USD", Instant.parse("2023-12-28T05:00:00Z"), hour, 24 * 100),
        WriteOptions.defaults().withCompression(Compression.ZSTD));
  }

  @Test
  void duckDbReadsOneSymbolWrittenByTheStoreWithTheSameRowsSumsAndRange() throws SQLException {
    for (DatasetId id : List.of(BTC, ETH)) {
      Table expected = store.read(id);
      try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
          Statement query = db.createStatement()) {
        assertEquals(summary(List.of(expected)), summary(query, glob(id.symbol())), id.toString());
      }
    }
  }

  @Test
  void duckDbReadsEverySymbolOfAProviderAndTimeframeAtOnce() throws SQLException {
    List<Table> expected = List.of(store.read(BTC), store.read(ETH));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      assertEquals(summary(expected), summary(query, glob("*")));
    }
  }

  @Test
  void duckDbSeesTheSymbolOfEveryBarAsAColumnFromTheFolders() throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      List<List<Object>> counts = new ArrayList<>();
      try (ResultSet rs =
          query.executeQuery(
              "SELECT symbol, count(*), epoch_ms(min(timestamp)) FROM read_parquet('"
                  + glob("*")
                  + "', hive_partitioning=true) GROUP BY symbol ORDER BY symbol")) {
        while (rs.next()) {
          counts.add(List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
      List<List<Object>> expected = new ArrayList<>();
      for (DatasetId id : List.of(BTC, ETH)) {
        Table bars = store.read(id);
        expected.add(
            List.of(
                id.symbol(),
                (long) bars.rowCount(),
                bars.instantColumn(Bars.TIMESTAMP).min().toEpochMilli()));
      }
      assertEquals(expected, counts);
    }
  }

  @Test
  void hivePartitionKeysComeFromTheFoldersAndMatchEachBarsUtcMonth() throws SQLException {
    List<Table> expected = List.of(store.read(BTC), store.read(ETH));
    Set<YearMonth> months = new TreeSet<>();
    for (Table t : expected) {
      t.instantColumn(Bars.TIMESTAMP).forEach(at -> months.add(DatasetFiles.monthOf(at)));
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      Set<YearMonth> seen = new TreeSet<>();
      int rows = 0;
      try (ResultSet rs =
          query.executeQuery(
              "SELECT year, month, epoch_ms(timestamp) FROM read_parquet('"
                  + glob("*")
                  + "', hive_partitioning=true)")) {
        while (rs.next()) {
          YearMonth keys = YearMonth.of(rs.getInt(1), rs.getInt(2));
          Instant at = Instant.ofEpochMilli(rs.getLong(3));
          assertEquals(YearMonth.from(at.atZone(ZoneOffset.UTC)), keys, "partition keys of " + at);
          seen.add(keys);
          rows++;
        }
      }
      assertEquals(months, seen);
      assertEquals(expected.get(0).rowCount() + expected.get(1).rowCount(), rows);
    }
  }

  @Test
  void theParquetFilesThemselvesHoldOnlyTheBarColumnsNotTheHiveKeys() throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs =
          query.executeQuery(
              "DESCRIBE SELECT * FROM read_parquet('"
                  + glob("*")
                  + "', hive_partitioning=false)")) {
        while (rs.next()) {
          columns.add(rs.getString("column_name"));
        }
      }
      assertEquals(List.of("timestamp", "open", "high", "low", "close", "volume"), columns);
      try (ResultSet rs =
          query.executeQuery(
              "SELECT count(*), count(DISTINCT file_name) FROM parquet_schema('"
                  + glob("*")
                  + "') WHERE name IN ('year', 'month')")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "files with year/month columns");
      }
      try (ResultSet rs =
          query.executeQuery(
              "SELECT count(DISTINCT file_name) FROM parquet_schema('" + glob("*") + "')")) {
        rs.next();
        long files = rs.getLong(1);
        long partitions =
            store.info(BTC).orElseThrow().totalPartitions()
                + store.info(ETH).orElseThrow().totalPartitions();
        assertEquals(partitions, files, "every partition file was inspected");
        assertTrue(files >= 8, "several months per symbol: " + files);
      }
    }
  }

  /** Rows, sum of close, sum of volume, first and last time in epoch ms, over the tables. */
  private static List<Object> summary(List<Table> tables) {
    long rows = 0;
    double close = 0;
    double volume = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Table t : tables) {
      rows += t.rowCount();
      close += t.doubleColumn(Bars.CLOSE).sum();
      volume += t.doubleColumn(Bars.VOLUME).sum();
      first = Math.min(first, t.instantColumn(Bars.TIMESTAMP).min().toEpochMilli());
      last = Math.max(last, t.instantColumn(Bars.TIMESTAMP).max().toEpochMilli());
    }
    return List.of(rows, close, volume, first, last);
  }

  private static List<Object> summary(Statement query, String glob) throws SQLException {
    try (ResultSet rs =
        query.executeQuery(
            "SELECT count(*), sum(close), sum(volume), epoch_ms(min(timestamp)),"
                + " epoch_ms(max(timestamp)) FROM read_parquet('"
                + glob
                + "', hive_partitioning=true)")) {
      rs.next();
      return List.of(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5));
    }
  }

  /** {@code <root>/duck/1h/<symbol>/*}{@code /*}{@code /*.parquet}, quoted for a SQL literal. */
  private static String glob(String symbol) {
    return root.resolve(BTC.provider()).resolve(BTC.timeframe()).toString().replace("'", "''")
        + "/"
        + (symbol.equals("*") ? "*" : "symbol=" + symbol)
        + "/*/*/*.parquet";
  }
}
