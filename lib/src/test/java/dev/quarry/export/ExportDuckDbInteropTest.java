package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Real readers on real files: DuckDB reads each export back with its own CSV, JSON and Parquet
 * readers, and finds the same row count, column sums and missing values as the table.
 */
class ExportDuckDbInteropTest {
  private static final Table BARS = SampleTables.bars(3_000, 7);

  @TempDir static Path dir;

  @BeforeAll
  static void export() {
    ExportFactory factory = new ExportFactory(TableExports.register(new ExportRegistry()));
    factory.create(TableExports.CSV, ExportSettings.to(dir.resolve("bars.csv"))).exportOne(BARS);
    factory.create(TableExports.JSON, ExportSettings.to(dir.resolve("bars.json"))).exportOne(BARS);
    factory
        .create(TableExports.PARQUET, ExportSettings.to(dir.resolve("bars.parquet")))
        .exportOne(BARS);
  }

  private static String source(String format) {
    String path = dir.resolve("bars." + format).toString().replace("'", "''");
    return switch (format) {
      case "csv" -> "read_csv('" + path + "', header = true)";
      case "json" -> "read_json('" + path + "', format = 'array')";
      default -> "read_parquet('" + path + "')";
    };
  }

  private static double doubleSum(DoubleColumn column) {
    double sum = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        sum += column.getDouble(i);
      }
    }
    return sum;
  }

  private static long intSum(IntColumn column) {
    long sum = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        sum += column.getInt(i);
      }
    }
    return sum;
  }

  private static long missing(Column<?> column) {
    return column.countMissing();
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json", "parquet"})
  void duckDbReadsTheSameRowsSumsAndMissingValues(String format) throws SQLException {
    long timeSum = 0;
    for (Instant t : BARS.instantColumn("timestamp")) {
      if (t != null) {
        timeSum += t.toEpochMilli();
      }
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement()) {
      query.execute("SET TimeZone = 'UTC'");
      try (ResultSet r =
          query.executeQuery(
              "SELECT count(*),"
                  + " sum(epoch_ms(CAST(timestamp AS TIMESTAMPTZ))),"
                  + " sum(price), sum(volume), sum(trades),"
                  + " count(*) - count(timestamp), count(*) - count(price),"
                  + " count(*) - count(volume), count(*) - count(trades),"
                  + " count(*) - count(side),"
                  + " count(*) FILTER (WHERE side = 'sell, \"market\"'),"
                  + " count(*) FILTER (WHERE side = 'ünïcode' || chr(10) || 'line')"
                  + " FROM "
                  + source(format))) {
        r.next();
        assertEquals(BARS.rowCount(), r.getLong(1), "rows");
        assertEquals(timeSum, r.getLong(2), "timestamps");
        assertEquals(doubleSum(BARS.doubleColumn("price")), r.getDouble(3), 1e-6, "price");
        assertEquals(doubleSum(BARS.doubleColumn("volume")), r.getDouble(4), 1e-6, "volume");
        assertEquals(intSum(BARS.intColumn("trades")), r.getLong(5), "trades");
        assertEquals(
            List.of(
                missing(BARS.column("timestamp")),
                missing(BARS.column("price")),
                missing(BARS.column("volume")),
                missing(BARS.column("trades")),
                missing(BARS.column("side"))),
            List.of(r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10)),
            "missing values per column");
        assertEquals(
            BARS.stringColumn("side").countOccurrences("sell, \"market\""),
            r.getLong(11),
            "quoted strings");
        assertEquals(
            BARS.stringColumn("side").countOccurrences("ünïcode\nline"),
            r.getLong(12),
            "strings with a line break");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json", "parquet"})
  void duckDbReadsEveryRowInOrder(String format) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement query = db.createStatement();
        ResultSet r =
            query.executeQuery(
                "SELECT price, trades FROM " + source(format) + " LIMIT 50 OFFSET 100")) {
      DoubleColumn price = BARS.doubleColumn("price");
      IntColumn trades = BARS.intColumn("trades");
      for (int row = 100; row < 150; row++) {
        r.next();
        double p = r.getDouble(1);
        assertEquals(price.isMissing(row), r.wasNull(), "price missing at " + row);
        if (!price.isMissing(row)) {
          assertEquals(price.getDouble(row), p, "price at " + row);
        }
        long t = r.getLong(2);
        assertEquals(trades.isMissing(row), r.wasNull(), "trades missing at " + row);
        if (!trades.isMissing(row)) {
          assertEquals(trades.getInt(row), t, "trades at " + row);
        }
      }
    }
  }
}
