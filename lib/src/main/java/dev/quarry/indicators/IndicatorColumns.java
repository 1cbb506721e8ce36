package dev.quarry.indicators;

import dev.quarry.bars.Bars;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Indicators as Tablesaw columns (SPEC §13): each indicator runs over a bars table row by row, as a
 * strategy would update it, and each of its outputs becomes a {@link DoubleColumn} named by {@link
 * IndicatorSpec#columns()} ({@code rsi_14}, {@code macd_12_26_9_signal}, {@code
 * bbands_20_2_upper}).
 *
 * <p><b>Before the lookback</b> the cells hold {@code NaN}, as the indicator gives, which is
 * Tablesaw's missing value for doubles: {@code isMissing(i)} is true there, {@code countMissing()}
 * counts them, CSV exports leave the cell empty. From the indicator's {@link Indicator#lookback()}
 * on every cell has a value. Nothing else is ever missing: a row with a missing open, high, low,
 * close or volume is refused.
 *
 * <pre>{@code
 * Table bars = store.read(id);
 * IndicatorColumns.add(bars, "rsi:14", "macd:12,26,9"); // rsi_14, macd_12_26_9, …_signal, …_hist
 * }</pre>
 */
public final class IndicatorColumns {
  private IndicatorColumns() {}

  /**
   * Adds the output columns of each indicator, in the order given.
   *
   * @param bars a bars table with the columns open, high, low, close and volume ({@link Bars}), in
   *     time order
   * @param specs indicators as text, e.g. {@code rsi:14} (see {@link IndicatorSpec#parse})
   * @return {@code bars}, with the new columns at the end
   * @throws IllegalArgumentException for a spec that does not parse, a column name the table or an
   *     earlier spec already has, a missing bar column or a missing value in one; nothing is added
   *     then
   */
  public static Table add(Table bars, String... specs) {
    List<IndicatorSpec> parsed = new ArrayList<>(specs.length);
    for (String spec : specs) {
      parsed.add(IndicatorSpec.parse(spec));
    }
    return add(bars, parsed);
  }

  /**
   * Adds the output columns of each indicator, in the order given.
   *
   * @param bars a bars table with the columns open, high, low, close and volume, in time order
   * @param specs the indicators
   * @return {@code bars}, with the new columns at the end
   * @throws IllegalArgumentException for a column name the table or an earlier spec already has, a
   *     missing bar column or a missing value in one; nothing is added then
   */
  public static Table add(Table bars, List<IndicatorSpec> specs) {
    Objects.requireNonNull(bars, "bars");
    Set<String> names = new LinkedHashSet<>();
    for (IndicatorSpec spec : specs) {
      for (String column : spec.columns()) {
        if (bars.containsColumn(column)) {
          throw new IllegalArgumentException(
              "the table already has a column '" + column + "' (from '" + spec + "')");
        }
        if (!names.add(column)) {
          throw new IllegalArgumentException(
              "column '"
                  + column
                  + "' comes twice (from '"
                  + spec
                  + "'); give each indicator once");
        }
      }
    }
    if (specs.isEmpty()) {
      return bars;
    }
    double[] open = values(bars, Bars.OPEN);
    double[] high = values(bars, Bars.HIGH);
    double[] low = values(bars, Bars.LOW);
    double[] close = values(bars, Bars.CLOSE);
    double[] volume = values(bars, Bars.VOLUME);
    List<DoubleColumn> added = new ArrayList<>();
    for (IndicatorSpec spec : specs) {
      added.addAll(columns(spec, open, high, low, close, volume));
    }
    added.forEach(bars::addColumns);
    return bars;
  }

  /**
   * One indicator's output columns over arrays of bars, without a table.
   *
   * @param spec the indicator
   * @param open the opens
   * @param high the highs
   * @param low the lows
   * @param close the closes
   * @param volume the volumes; all five of one length
   * @return one column per output, named by {@link IndicatorSpec#columns()}
   */
  public static List<DoubleColumn> columns(
      IndicatorSpec spec,
      double[] open,
      double[] high,
      double[] low,
      double[] close,
      double[] volume) {
    int n = close.length;
    if (open.length != n || high.length != n || low.length != n || volume.length != n) {
      throw new IllegalArgumentException("the bar arrays differ in length");
    }
    Indicator indicator = spec.create();
    List<String> names = spec.columns();
    int outputs = names.size();
    double[][] values = new double[outputs][n];
    for (int i = 0; i < n; i++) {
      values[0][i] = indicator.update(open[i], high[i], low[i], close[i], volume[i]);
      for (int o = 1; o < outputs; o++) {
        values[o][i] = indicator.value(o);
      }
    }
    List<DoubleColumn> columns = new ArrayList<>(outputs);
    for (int o = 0; o < outputs; o++) {
      columns.add(DoubleColumn.create(names.get(o), values[o]));
    }
    return columns;
  }

  private static double[] values(Table bars, String name) {
    if (!bars.containsColumn(name)) {
      throw new IllegalArgumentException(
          "indicators need the bar column '"
              + name
              + "'; the table has "
              + String.join(",", bars.columnNames()));
    }
    Column<?> column = bars.column(name);
    if (!(column instanceof NumericColumn<?> numbers)) {
      throw new IllegalArgumentException(
          "bar column '" + name + "' is " + column.type() + ", not a number column");
    }
    double[] values = numbers.asDoubleArray();
    for (int i = 0; i < values.length; i++) {
      if (column.isMissing(i)) {
        throw new IllegalArgumentException(
            "bar column '" + name + "' has a missing value at row " + i);
      }
    }
    return values;
  }
}
