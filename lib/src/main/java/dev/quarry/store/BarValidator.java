package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The OHLCV rules of SPEC section 3.
 *
 * <ul>
 *   <li>schema: exactly {@code timestamp} (Instant) and {@code open, high, low, close, volume}
 *       (double), in any order;
 *   <li>structure: every timestamp present, in the years 0000 to 9999 (the partition folders' four
 *       digits; a bar outside them would be written where no read looks), strictly increasing
 *       (sorted and unique);
 *   <li>values: prices and volume finite, {@code high >= max(open, close)}, {@code low <= min(open,
 *       close)}, {@code volume >= 0}, and prices {@code >= 0} unless negative prices are allowed.
 * </ul>
 */
final class BarValidator {
  static final List<String> COLUMNS = Bars.COLUMNS;

  /** The first instant of year 0000 and of year 10000: the store's time range is between. */
  static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");

  static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private BarValidator() {}

  /** Checks the schema; throws a StoreException naming the column at fault. */
  static void checkSchema(Table bars, String where) {
    for (String name : COLUMNS) {
      if (!bars.containsColumn(name)) {
        throw new StoreException(
            where + ": bars have no column '" + name + "'; expected columns " + COLUMNS);
      }
    }
    for (Column<?> column : bars.columns()) {
      String name = column.name();
      if (!COLUMNS.contains(name)) {
        throw new StoreException(
            where + ": unexpected column '" + name + "'; bars have exactly the columns " + COLUMNS);
      }
      boolean ok =
          name.equals(Bars.TIMESTAMP)
              ? column instanceof InstantColumn
              : column instanceof DoubleColumn;
      if (!ok) {
        throw new StoreException(
            where
                + ": column '"
                + name
                + "' is a "
                + column.getClass().getSimpleName()
                + "; expected "
                + (name.equals(Bars.TIMESTAMP) ? "an InstantColumn (UTC)" : "a DoubleColumn"));
      }
    }
  }

  /** Returns the structural violations: missing, unsorted or repeated timestamps. */
  static List<Violation> structure(Table bars) {
    List<Violation> violations = new ArrayList<>();
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    Instant previous = null;
    for (int row = 0; row < bars.rowCount(); row++) {
      Instant at = time.get(row);
      if (at == null) {
        violations.add(new Violation(row, Bars.TIMESTAMP, "timestamp present", "missing"));
        continue;
      }
      if (at.isBefore(FIRST) || !at.isBefore(END)) {
        violations.add(
            new Violation(
                row,
                Bars.TIMESTAMP,
                "year 0000 to 9999",
                at
                    + " (epoch second "
                    + at.getEpochSecond()
                    + ") is outside the years the store holds; check the timestamp and its unit"
                    + " (seconds or milliseconds)"));
      }
      if (previous != null && !at.isAfter(previous)) {
        String rule = at.equals(previous) ? "timestamps unique" : "timestamps sorted";
        violations.add(new Violation(row, Bars.TIMESTAMP, rule, at + " after " + previous));
      }
      previous = at;
    }
    return violations;
  }

  /** Returns the value violations, negative prices included (see the next method). */
  static List<Violation> values(Table bars) {
    return values(bars, false);
  }

  /**
   * Returns the value violations: non-finite values, high/low bounds, negative volume and, unless
   * allowed, negative prices.
   */
  static List<Violation> values(Table bars, boolean allowNegativePrices) {
    List<Violation> violations = new ArrayList<>();
    double[] open = bars.doubleColumn(Bars.OPEN).asDoubleArray();
    double[] high = bars.doubleColumn(Bars.HIGH).asDoubleArray();
    double[] low = bars.doubleColumn(Bars.LOW).asDoubleArray();
    double[] close = bars.doubleColumn(Bars.CLOSE).asDoubleArray();
    double[] volume = bars.doubleColumn(Bars.VOLUME).asDoubleArray();
    for (int row = 0; row < open.length; row++) {
      boolean finite = true;
      finite &= finite(violations, row, Bars.OPEN, open[row]);
      finite &= finite(violations, row, Bars.HIGH, high[row]);
      finite &= finite(violations, row, Bars.LOW, low[row]);
      finite &= finite(violations, row, Bars.CLOSE, close[row]);
      finite &= finite(violations, row, Bars.VOLUME, volume[row]);
      if (!finite) {
        continue;
      }
      if (high[row] < Math.max(open[row], close[row])) {
        violations.add(
            new Violation(
                row,
                Bars.HIGH,
                "high >= max(open, close)",
                high[row] + " (open " + open[row] + ", close " + close[row] + ")"));
      }
      if (low[row] > Math.min(open[row], close[row])) {
        violations.add(
            new Violation(
                row,
                Bars.LOW,
                "low <= min(open, close)",
                low[row] + " (open " + open[row] + ", close " + close[row] + ")"));
      }
      if (!allowNegativePrices) {
        negative(violations, row, Bars.OPEN, open[row]);
        negative(violations, row, Bars.HIGH, high[row]);
        negative(violations, row, Bars.LOW, low[row]);
        negative(violations, row, Bars.CLOSE, close[row]);
      }
      if (volume[row] < 0) {
        violations.add(new Violation(row, Bars.VOLUME, "volume >= 0", String.valueOf(volume[row])));
      }
    }
    return violations;
  }

  private static void negative(List<Violation> violations, int row, String column, double price) {
    if (price < 0) {
      violations.add(
          new Violation(
              row,
              column,
              "price >= 0",
              price
                  + " (allow negative prices with allowNegativePrices / --allow-negative-prices)"));
    }
  }

  private static boolean finite(List<Violation> violations, int row, String column, double value) {
    if (Double.isFinite(value)) {
      return true;
    }
    violations.add(
        new Violation(
            row, column, "finite", Double.isNaN(value) ? "NaN or missing" : String.valueOf(value)));
    return false;
  }
}
