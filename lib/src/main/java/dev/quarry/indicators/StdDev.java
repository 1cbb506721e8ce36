package dev.quarry.indicators;

/**
 * Population standard deviation of the last n closes, TA-Lib's {@code TA_STDDEV} (times a factor, 1
 * by default).
 *
 * <p>At bar i ≥ n−1, with S1 and S2 the sums of the closes and of their squares over bars i−n+1..i:
 *
 * <ol>
 *   <li>variance = S2/n − (S1/n)² (population: divided by n, not n−1);
 *   <li>StdDev = √variance × factor, except that TA-Lib gives <b>0 when the variance is below
 *       1e-8</b> ({@code TA_IS_ZERO_OR_NEG}), i.e. whenever the standard deviation is below 1e-4:
 *       for closes that move in units of 1e-5 (FX quotes, small-priced coins) it is 0 although the
 *       closes vary. Quarry reproduces that.
 * </ol>
 *
 * <p>S1 and S2 are TA-Lib's running sums in TA-Lib's order, so values follow TA-Lib's to the last
 * bits (the one-pass variance loses precision when the mean is large against the spread, in TA-Lib
 * as here). Bars 0..n−2 give {@code NaN} (lookback n−1).
 *
 * <pre>{@code
 * StdDev sd = new StdDev(4);
 * for (double c : new double[] {2, 4, 4, 4}) sd.update(c); // √0.75 = 0.866…
 * }</pre>
 */
public final class StdDev implements Indicator {
  private final int period;
  private final double factor;
  private final double[] window;
  // Ring slot of the next close: once the window is full, the oldest close held.
  private int next;
  private long bars;
  private double total;
  private double totalSquares;
  private double value = Double.NaN;

  /**
   * A standard deviation with factor 1 ({@code TA_STDDEV} with {@code optInNbDev = 1}).
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public StdDev(int period) {
    this(period, 1.0);
  }

  /**
   * A standard deviation times {@code factor} ({@code TA_STDDEV}'s {@code optInNbDev}).
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @param factor the multiplier, finite
   * @throws IllegalArgumentException if {@code period} is outside 2..100000 or {@code factor} is
   *     not finite
   */
  public StdDev(int period, double factor) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "StdDev period must be at least 2 and at most 100000, got " + period);
    }
    if (!Double.isFinite(factor)) {
      throw new IllegalArgumentException("StdDev factor must be finite, got " + factor);
    }
    this.period = period;
    this.factor = factor;
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the standard deviation at this bar, {@code NaN} for bars 0..n−2
   */
  public double update(double close) {
    long index = bars++;
    total += close;
    totalSquares += close * close;
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    if (index >= period - 1) {
      double mean = total / period;
      double meanSquares = totalSquares / period;
      double oldest = window[next];
      total -= oldest;
      totalSquares -= oldest * oldest;
      double variance = meanSquares - mean * mean;
      value = variance < 0.00000001 ? 0.0 : Math.sqrt(variance) * factor;
    }
    return value;
  }

  /** Takes the next bar's close; the other fields are ignored. */
  @Override
  public double update(double open, double high, double low, double close, double volume) {
    return update(close);
  }

  @Override
  public double value() {
    return value;
  }

  /** Returns n − 1, TA-Lib's {@code stdDevLookback(n, factor)}. */
  @Override
  public int lookback() {
    return period - 1;
  }

  @Override
  public long bars() {
    return bars;
  }

  /**
   * The period n.
   *
   * @return n
   */
  public int period() {
    return period;
  }

  /**
   * The factor the standard deviation is multiplied by.
   *
   * @return the factor
   */
  public double factor() {
    return factor;
  }
}
