package dev.quarry.bench;

import dev.quarry.bars.Bars;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * 1-minute bars for the store benchmarks: the same deterministic random walk as the store tests'
 * {@code WalkBars} (package-private in {@code dev.quarry.store}, hence this copy), which obeys the
 * OHLCV rules; plus small DuckDB helpers.
 */
final class MinuteBars {
  private MinuteBars() {}

  static Table walk(String name, Instant start, int count, long seed) {
    Random random = new Random(seed);
    InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
    double[] open = new double[count];
    double[] high = new double[count];
    double[] low = new double[count];
    double[] close = new double[count];
    double[] volume = new double[count];
    Duration step = Duration.ofMinutes(1);
    double price = 100;
    for (int i = 0; i < count; i++) {
      open[i] = price;
      close[i] = Math.max(1, open[i] + random.nextGaussian());
      high[i] = Math.max(open[i], close[i]) + random.nextDouble();
      low[i] = Math.min(open[i], close[i]) - random.nextDouble();
      volume[i] = random.nextDouble() * 10;
      time.append(start.plus(step.multipliedBy(i)));
      price = close[i];
    }
    return Table.create(
        name,
        time,
        DoubleColumn.create(Bars.OPEN, open),
        DoubleColumn.create(Bars.HIGH, high),
        DoubleColumn.create(Bars.LOW, low),
        DoubleColumn.create(Bars.CLOSE, close),
        DoubleColumn.create(Bars.VOLUME, volume));
  }

  /** A path inside a single-quoted SQL string literal. */
  static String sql(Path path) {
    return path.toString().replace("'", "''");
  }

  static long longValue(Connection db, String query) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String stringValue(Connection db, String query) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static void execute(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }
}
