package dev.quarry.indicators;

/**
 * Momentum, TA-Lib's {@code TA_MOM}: the change of the close over n bars.
 *
 * <p>At bar i ≥ n, MOM = close(i) − close(i−n). Bars 0..n−1 give {@code NaN} (lookback n).
 *
 * <pre>{@code
 * Momentum mom = new Momentum(2);
 * mom.update(10); // NaN
 * mom.update(11); // NaN
 * mom.update(13); // 3.0
 * }</pre>
 */
public final class Momentum implements Indicator {
  private final int period;
  // The last n closes; slot next holds close(i−n) before it is overwritten.
  private final double[] window;
  private int next;
  private long bars;
  private double value = Double.NaN;

  /**
   * A momentum with no bars yet.
   *
   * @param period n, from 1 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 1..100000
   */
  public Momentum(int period) {
    if (period < 1 || period > 100_000) {
      throw new IllegalArgumentException(
          "Momentum period must be at least 1 and at most 100000, got " + period);
    }
    this.period = period;
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the momentum at this bar, {@code NaN} for bars 0..n−1
   */
  public double update(double close) {
    long index = bars++;
    double past = window[next];
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    if (index >= period) {
      value = close - past;
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

  /** Returns n, TA-Lib's {@code momLookback(n)}. */
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
