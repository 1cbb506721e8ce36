package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import java.io.IOException;
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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The store's files read as they are in DuckDB: a provider and timeframe's folder is a
 * Hive-partitioned dataset ({@code symbol=<SYMBOL>/year=YYYY/month=MM/<SYMBOL>.parquet}), one
 * symbol or all of them with a {@code symbol} column, with the bar time as a UTC timestamp.
 */
class DuckDbInteropTest {
  private static final List<String> SYMBOLS = List.of("BTC-USD", "ETH-USD");
  private static final List<YearMonth> MONTHS =
      List.of(YearMonth.of(2023, 11), YearMonth.of(2023, 12), YearMonth.of(2024, 1));

  @TempDir static Path root;

  /** Everything written, per symbol, as Tablesaw holds it. */
  private static final List<Table> written = new ArrayList<>();

  @BeforeAll
  static void writeHiveLayout() throws IOException {
    Compression[] codecs = Compression.values();
    for (int s = 0; s < SYMBOLS.size(); s++) {
      String symbol = SYMBOLS.get(s);
      Table all = Bars.empty(symbol);
      for (int m = 0; m < MONTHS.size(); m++) {
        YearMonth month = MONTHS.get(m);
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        int minutes = (int) Duration.between(start, nextMonth(month)).toMinutes() / (7 + s);
        Table bars = TestBars.regular(symbol, start, Duration.ofMinutes(7 + s), minutes);
        Compression codec = codecs[(s + m) % codecs.length];
        AtomicFiles.write(partition(symbol, month), out -> ParquetFiles.write(bars, out, codec));
        all.append(bars);
      }
      written.add(all);
    }
  }

  @Test
  void duckDbReadsOneSymbolAsAHivePartitionedDataset() throws SQLException {
    Table btc = written.get(0);
    String source =
        "read_parquet('"
            + sql(root.resolve("symbol=BTC-USD/*/*/*.parquet"))
            + "', hive_partitioning=true)";

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      List<Object> summary =
          row(
              query,
              "SELECT count(*), sum(close), epoch_ms(min(timestamp)), epoch_ms(max(timestamp)),"
                  + " count(DISTINCT (year, month)) FROM "
                  + source);

      assertEquals(
          List.of(
              (long) btc.rowCount(),
              btc.doubleColumn(Bars.CLOSE).sum(),
              btc.instantColumn(Bars.TIMESTAMP).min().toEpochMilli(),
              btc.instantColumn(Bars.TIMESTAMP).max().toEpochMilli(),
              (long) MONTHS.size()),
          summary);

      // Row by row, in time order: the same instants and prices.
      List<Long> times = new ArrayList<>();
      List<Double> closes = new ArrayList<>();
      try (ResultSet rows =
          query.executeQuery(
              "SELECT epoch_ms(timestamp), close FROM " + source + " ORDER BY timestamp")) {
        while (rows.next()) {
          times.add(rows.getLong(1));
          closes.add(rows.getDouble(2));
        }
      }
      List<Long> expectedTimes = new ArrayList<>();
      btc.instantColumn(Bars.TIMESTAMP).forEach(t -> expectedTimes.add(t.toEpochMilli()));
      assertEquals(expectedTimes, times);
      assertEquals(btc.doubleColumn(Bars.CLOSE).asList(), closes);
    }
  }

  @Test
  void duckDbReadsEverySymbolAtOnce() throws SQLException {
    long rows = written.stream().mapToLong(Table::rowCount).sum();
    double closes = written.stream().mapToDouble(t -> t.doubleColumn(Bars.CLOSE).sum()).sum();
    long first =
        written.stream()
            .mapToLong(t -> t.instantColumn(Bars.TIMESTAMP).min().toEpochMilli())
            .min()
            .orElseThrow();
    long last =
        written.stream()
            .mapToLong(t -> t.instantColumn(Bars.TIMESTAMP).max().toEpochMilli())
            .max()
            .orElseThrow();
    String source =
        "read_parquet('" + sql(root.resolve("*/*/*/*.parquet")) + "', hive_partitioning=true)";

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      assertEquals(
          List.of(rows, closes, first, last),
          row(
              query,
              "SELECT count(*), sum(close), epoch_ms(min(timestamp)), epoch_ms(max(timestamp))"
                  + " FROM "
                  + source));
      assertEquals(
          List.of((long) written.get(0).rowCount(), (long) written.get(1).rowCount()),
          column(query, "SELECT count(*) FROM " + source + " GROUP BY symbol ORDER BY symbol"));
    }
  }

  @Test
  void duckDbSeesTheBarTimeAsAUtcTimestamp() throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      List<String> types = new ArrayList<>();
      try (ResultSet rows =
          query.executeQuery(
              "DESCRIBE SELECT * FROM read_parquet('"
                  + sql(partition("BTC-USD", MONTHS.get(0)))
                  + "')")) {
        while (rows.next()) {
          types.add(rows.getString("column_name") + " " + rows.getString("column_type"));
        }
      }
      System.out.println(
          "DuckDB "
              + row(query, "SELECT version()").get(0)
              + " reads a store file as: "
              + String.join(", ", types));

      assertEquals(
          List.of(
              "timestamp TIMESTAMP WITH TIME ZONE",
              "open DOUBLE",
              "high DOUBLE",
              "low DOUBLE",
              "close DOUBLE",
              "volume DOUBLE",
              // DuckDB detects the Hive keys in the path on its own.
              "month BIGINT",
              "symbol VARCHAR",
              "year BIGINT"),
          types);
    }
  }

  @Test
  void duckDbReadsInstantsBeforeTheEpochAndFarInTheFutureExactly()
      throws IOException, SQLException {
    List<Instant> instants =
        List.of(
            Instant.parse("1900-01-01T00:00:00.001Z"),
            Instant.parse("1969-12-31T23:59:59.999Z"),
            Instant.EPOCH,
            Instant.parse("2024-02-29T12:34:56.789Z"),
            Instant.parse("9999-12-31T23:59:59.999Z"));
    Table bars =
        TestBars.regular("EXTREMES", Instant.EPOCH, Duration.ofMinutes(1), instants.size());
    for (int i = 0; i < instants.size(); i++) {
      bars.instantColumn(Bars.TIMESTAMP).set(i, instants.get(i));
    }
    Path file = root.resolve("extremes.parquet");
    AtomicFiles.write(file, out -> ParquetFiles.write(bars, out, Compression.ZSTD));

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      List<Object> millis =
          column(query, "SELECT epoch_ms(timestamp) FROM read_parquet('" + sql(file) + "')");
      List<Object> text =
          column(
              query,
              "SELECT strftime(timestamp AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') FROM"
                  + " read_parquet('"
                  + sql(file)
                  + "')");

      assertEquals(instants.stream().map(Instant::toEpochMilli).toList(), millis);
      DateTimeFormatter iso =
          DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
      assertEquals(instants.stream().map(iso::format).toList(), text);
    }
  }

  @Test
  void barsThatDuckDbWritesReadBackThroughParquetFiles() throws SQLException {
    Path file = root.resolve("from-duckdb.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      query.execute(
          "COPY (SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i) MINUTE AS timestamp,"
              + " 100.0 + i AS open, 101.0 + i AS high, 99.0 + i AS low, 100.5 + i AS close,"
              + " i * 0.5 AS volume FROM range(1000) t(i)) TO '"
              + sql(file)
              + "' (FORMAT parquet)");
    }

    Table read = ParquetFiles.read(file, List.of(Bars.TIMESTAMP, Bars.CLOSE));

    assertEquals(1000, read.rowCount());
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), read.instantColumn(Bars.TIMESTAMP).get(0));
    assertEquals(
        Instant.parse("2024-01-01T16:39:00Z"), read.instantColumn(Bars.TIMESTAMP).get(999));
    assertEquals(1099.5, read.doubleColumn(Bars.CLOSE).get(999));
  }

  @Test
  void aColumnTablesawCannotHoldIsAStoreExceptionNotASilentlyMissingColumn() throws SQLException {
    Path file = root.resolve("nested.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      query.execute(
          "COPY (SELECT 1.5 AS close, [1, 2, 3] AS fills) TO '" + sql(file) + "' (FORMAT parquet)");
    }

    StoreException e = assertThrows(StoreException.class, () -> ParquetFiles.read(file, List.of()));

    assertEquals(
        "Parquet file '"
            + file
            + "' has columns Tablesaw cannot represent: fills (group LIST);"
            + " read only the other columns, or convert the file",
        e.getMessage());
    assertEquals(List.of(Bars.CLOSE), ParquetFiles.read(file, List.of(Bars.CLOSE)).columnNames());
  }

  private static Path partition(String symbol, YearMonth month) {
    return root.resolve(
        String.format(
            "symbol=%s/year=%04d/month=%02d/%s.parquet",
            symbol, month.getYear(), month.getMonthValue(), symbol));
  }

  private static Instant nextMonth(YearMonth month) {
    return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** A path inside a single-quoted SQL string literal. */
  private static String sql(Path path) {
    return path.toString().replace("'", "''");
  }

  private static List<Object> row(Statement query, String sql) throws SQLException {
    try (ResultSet rs = query.executeQuery(sql)) {
      rs.next();
      List<Object> values = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        values.add(rs.getObject(i));
      }
      return values;
    }
  }

  private static List<Object> column(Statement query, String sql) throws SQLException {
    try (ResultSet rs = query.executeQuery(sql)) {
      List<Object> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getObject(1));
      }
      return values;
    }
  }
}
