package dev.quarry.indicators;

/**
 * Exponential moving average, TA-Lib's {@code TA_EMA} (default compatibility, unstable period 0).
 *
 * <ol>
 *   <li>k = 2 / (n + 1);
 *   <li>at bar n−1, EMA = the mean of closes 0..n−1 (the seed, a plain sum in bar order divided by
 *       n);
 *   <li>from bar n on, EMA = (close − EMA(i−1)) × k + EMA(i−1).
 * </ol>
 *
 * <p>Bars 0..n−2 give {@code NaN} (lookback n−1).
 *
 * <pre>{@code
 * Ema ema = new Ema(3); // k = 0.5
 * ema.update(1); // NaN
 * ema.update(2); // NaN
 * ema.update(3); // 2.0, the seed
 * ema.update(6); // 4.0 = (6 − 2) × 0.5 + 2
 * }</pre>
 */
public final class Ema implements Indicator {
  private final int period;
  private final double k;
  private long bars;
  private double sum;
  private double value = Double.NaN;

  /**
   * An EMA with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Ema(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "EMA period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.k = 2.0 / (period + 1);
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the EMA at this bar, {@code NaN} for bars 0..n−2
   */
  public double update(double close) {
    long index = bars++;
    if (index < period) {
      sum += close;
      if (index == period - 1) {
        value = sum / period;
      }
    } else {
      value = (close - value) * k + value;
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

  /** Returns n − 1, TA-Lib's {@code emaLookback(n)}. */
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
   * The smoothing factor k = 2 / (n + 1).
   *
   * @return k
   */
  public double k() {
    return k;
  }
}
