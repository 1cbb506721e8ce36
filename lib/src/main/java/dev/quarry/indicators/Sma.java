package dev.quarry.indicators;

/**
 * Simple moving average, TA-Lib's {@code TA_SMA}: the mean of the last n closes.
 *
 * <p>At bar i ≥ n−1, SMA = (close(i−n+1) + … + close(i)) / n. Bars 0..n−2 give {@code NaN}
 * (lookback n−1).
 *
 * <p>The sum is TA-Lib's running sum, in TA-Lib's order: each close is added once, the total is
 * divided by n, then the close leaving the window is subtracted. So the values are TA-Lib's to the
 * last bit, rounding drift included. This is a different convention from {@link
 * dev.quarry.bars.Sma}, whose window sum is exact (correctly rounded, as Python's {@code
 * math.fsum}); the two can differ in the last bits.
 *
 * <pre>{@code
 * Sma sma = new Sma(3);
 * sma.update(1); // NaN
 * sma.update(2); // NaN
 * sma.update(3); // 2.0
 * sma.update(4); // 3.0
 * }</pre>
 */
public final class Sma implements Indicator {
  private final int period;
  private final double[] window;
  // Ring slot of the next close: once the window is full, the oldest close held.
  private int next;
  private long bars;
  private double total;
  private double value = Double.NaN;

  /**
   * An SMA with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Sma(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "SMA period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the SMA at this bar, {@code NaN} for bars 0..n−2
   */
  public double update(double close) {
    long index = bars++;
    total += close;
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    if (index >= period - 1) {
      double sum = total;
      total -= window[next];
      value = sum / period;
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

  /** Returns n − 1, TA-Lib's {@code smaLookback(n)}. */
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
