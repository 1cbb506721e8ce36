package dev.quarry.indicators;

import dev.quarry.engine.Bar;

/**
 * A streaming indicator (SPEC §13): it takes bars one at a time and gives its value at the bar just
 * taken, {@code NaN} until it is defined. Values follow TA-Lib's definitions and seeding: where
 * TA-Lib's Java port outputs a value (from index {@link #lookback()} on, bars numbered from 0),
 * Quarry's agrees to 1e-9 relative, and before it Quarry gives {@code NaN}.
 *
 * <p>Each update is O(1) (O(log n) for rolling extremes) and allocation-free. Not thread-safe: one
 * instance follows one series.
 *
 * <p>An indicator may have several outputs (MACD: line, signal, histogram); {@link #value()} is the
 * first, {@link #value(int)} any of them, named by {@link #outputNames()}.
 */
public interface Indicator {
  /**
   * Takes the next bar.
   *
   * @param open the open
   * @param high the high
   * @param low the low
   * @param close the close
   * @param volume the volume
   * @return the first output at this bar, {@code NaN} until defined
   */
  double update(double open, double high, double low, double close, double volume);

  /**
   * Takes the next bar.
   *
   * @param bar the bar
   * @return the first output at this bar, {@code NaN} until defined
   */
  default double update(Bar bar) {
    return update(bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
  }

  /**
   * The first output at the last bar taken.
   *
   * @return the value, {@code NaN} until defined
   */
  double value();

  /**
   * An output at the last bar taken.
   *
   * @param output its index in {@link #outputNames()}
   * @return the value, {@code NaN} until defined
   * @throws IndexOutOfBoundsException for an output it does not have
   */
  default double value(int output) {
    if (output != 0) {
      throw new IndexOutOfBoundsException(
          "this indicator has one output (0), not output " + output);
    }
    return value();
  }

  /**
   * The names of its outputs, e.g. {@code upper, middle, lower}; a single-output indicator has one
   * empty name. A table column is the indicator's label followed by {@code _name} when the name is
   * not empty ({@code bbands_20_2_upper}).
   *
   * @return the names, in output order
   */
  default String[] outputNames() {
    return new String[] {""};
  }

  /**
   * How many bars come before its first value: TA-Lib's lookback. {@code update} returns {@code
   * NaN} for bars 0..lookback−1 (0-based) and a value from bar {@code lookback} on.
   *
   * @return the lookback, ≥ 0
   */
  int lookback();

  /**
   * How many bars it has taken.
   *
   * @return the count
   */
  long bars();
}
