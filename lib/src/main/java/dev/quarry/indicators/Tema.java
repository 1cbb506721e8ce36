package dev.quarry.indicators;

/**
 * Triple exponential moving average, TA-Lib's {@code TA_TEMA}: TEMA = 3 × EMA1 − 3 × EMA2 + EMA3.
 *
 * <ol>
 *   <li>EMA1 = {@link Ema}(n) of the closes, first value at bar n−1;
 *   <li>EMA2 = {@link Ema}(n) of EMA1, first value at bar 2(n−1);
 *   <li>EMA3 = {@link Ema}(n) of EMA2, first value at bar 3(n−1);
 *   <li>from bar 3(n−1) on, TEMA = EMA3 + (3 × EMA1 − 3 × EMA2).
 * </ol>
 *
 * <p>Each EMA uses k = 2 / (n + 1) and is seeded with the mean of its first n inputs. Bars 0..3n−4
 * give {@code NaN} (lookback 3(n−1)).
 *
 * <pre>{@code
 * Tema tema = new Tema(10);
 * double value = tema.update(close); // NaN for the first 27 closes
 * }</pre>
 */
public final class Tema implements Indicator {
  private final int period;
  private final Ema first;
  private final Ema second;
  private final Ema third;
  private long bars;
  private double value = Double.NaN;

  /**
   * A TEMA with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Tema(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "TEMA period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.first = new Ema(period);
    this.second = new Ema(period);
    this.third = new Ema(period);
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the TEMA at this bar, {@code NaN} for bars 0..3n−4
   */
  public double update(double close) {
    bars++;
    double ema1 = first.update(close);
    if (Double.isNaN(ema1)) {
      return value;
    }
    double ema2 = second.update(ema1);
    if (Double.isNaN(ema2)) {
      return value;
    }
    double ema3 = third.update(ema2);
    if (!Double.isNaN(ema3)) {
      value = ema3 + ((3.0 * ema1) - (3.0 * ema2));
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

  /** Returns 3(n − 1), TA-Lib's {@code temaLookback(n)}. */
  @Override
  public int lookback() {
    return 3 * (period - 1);
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
