package dev.quarry.indicators;

/**
 * Double exponential moving average, TA-Lib's {@code TA_DEMA}: DEMA = 2 × EMA − EMA(EMA).
 *
 * <ol>
 *   <li>EMA1 = {@link Ema}(n) of the closes, seeded at bar n−1 with the mean of closes 0..n−1;
 *   <li>EMA2 = {@link Ema}(n) of EMA1, seeded at bar 2(n−1) with the mean of the first n EMA1
 *       values;
 *   <li>from bar 2(n−1) on, DEMA = 2 × EMA1 − EMA2.
 * </ol>
 *
 * <p>Both use k = 2 / (n + 1). Bars 0..2n−3 give {@code NaN} (lookback 2(n−1)).
 *
 * <pre>{@code
 * Dema dema = new Dema(10);
 * double value = dema.update(close); // NaN for the first 18 closes
 * }</pre>
 */
public final class Dema implements Indicator {
  private final int period;
  private final Ema first;
  private final Ema second;
  private long bars;
  private double value = Double.NaN;

  /**
   * A DEMA with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Dema(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "DEMA period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.first = new Ema(period);
    this.second = new Ema(period);
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the DEMA at this bar, {@code NaN} for bars 0..2n−3
   */
  public double update(double close) {
    bars++;
    double ema1 = first.update(close);
    if (Double.isNaN(ema1)) {
      return value;
    }
    double ema2 = second.update(ema1);
    if (!Double.isNaN(ema2)) {
      value = (2.0 * ema1) - ema2;
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

  /** Returns 2(n − 1), TA-Lib's {@code demaLookback(n)}. */
  @Override
  public int lookback() {
    return 2 * (period - 1);
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
