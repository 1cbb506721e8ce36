package dev.quarry.indicators;

/**
 * Rate of change in percent, TA-Lib's {@code TA_ROC}.
 *
 * <p>At bar i ≥ n, ROC = (close(i) / close(i−n) − 1) × 100, and <b>0 when close(i−n) is 0</b> (as
 * TA-Lib, rather than an infinity or {@code NaN}). Bars 0..n−1 give {@code NaN} (lookback n).
 *
 * <pre>{@code
 * Roc roc = new Roc(1);
 * roc.update(100); // NaN
 * roc.update(110); // 10.000000000000009 (= (1.1 − 1) × 100 in doubles)
 * }</pre>
 */
public final class Roc implements Indicator {
  private final int period;
  // The last n closes; slot next holds close(i−n) before it is overwritten.
  private final double[] window;
  private int next;
  private long bars;
  private double value = Double.NaN;

  /**
   * A rate of change with no bars yet.
   *
   * @param period n, from 1 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 1..100000
   */
  public Roc(int period) {
    if (period < 1 || period > 100_000) {
      throw new IllegalArgumentException(
          "ROC period must be at least 1 and at most 100000, got " + period);
    }
    this.period = period;
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the rate of change at this bar in percent, {@code NaN} for bars 0..n−1
   */
  public double update(double close) {
    long index = bars++;
    double past = window[next];
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    if (index >= period) {
      value = past != 0.0 ? ((close / past) - 1.0) * 100.0 : 0.0;
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

  /** Returns n, TA-Lib's {@code rocLookback(n)}. */
  @Override
  public int lookback() {
    return period;
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
