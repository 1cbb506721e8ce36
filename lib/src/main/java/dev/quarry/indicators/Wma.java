package dev.quarry.indicators;

/**
 * Weighted moving average, TA-Lib's {@code TA_WMA}: linear weights, n for the newest close down to
 * 1 for the oldest.
 *
 * <p>At bar i ≥ n−1, WMA = (n × close(i) + (n−1) × close(i−1) + … + 1 × close(i−n+1)) / (n(n+1)/2).
 * Bars 0..n−2 give {@code NaN} (lookback n−1).
 *
 * <p>It is kept as TA-Lib keeps it, in O(1): a running weighted sum and a running plain sum of the
 * window; each bar adds n × close to the weighted sum, outputs, then subtracts the plain sum (which
 * lowers every weight by one and drops the oldest close). TA-Lib computes the divisor n(n+1)/2 in
 * {@code int} arithmetic, which overflows for n > 46340; Quarry's divisor is exact for every n, so
 * above that period the two differ (TA-Lib's values are then wrong).
 *
 * <pre>{@code
 * Wma wma = new Wma(3);
 * wma.update(1); // NaN
 * wma.update(2); // NaN
 * wma.update(3); // (3×3 + 2×2 + 1×1) / 6 = 2.333…
 * }</pre>
 */
public final class Wma implements Indicator {
  private final int period;
  private final double divider;
  private final double[] window;
  // Ring slot of the next close: once the window is full, the oldest close held.
  private int next;
  private long bars;
  private double periodSub;
  private double periodSum;
  private double trailing;
  private double value = Double.NaN;

  /**
   * A WMA with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Wma(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "WMA period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.divider = (double) ((long) period * (period + 1) / 2);
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the WMA at this bar, {@code NaN} for bars 0..n−2
   */
  public double update(double close) {
    long index = bars++;
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    if (index < period - 1) {
      periodSub += close;
      periodSum += close * (index + 1);
      return value;
    }
    periodSub += close;
    periodSub -= trailing;
    periodSum += close * period;
    trailing = window[next];
    value = periodSum / divider;
    periodSum -= periodSub;
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

  /** Returns n − 1, TA-Lib's {@code wmaLookback(n)}. */
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
}
