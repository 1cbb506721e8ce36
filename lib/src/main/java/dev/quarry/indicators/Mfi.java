package dev.quarry.indicators;

/**
 * Money flow index, TA-Lib's {@code TA_MFI}.
 *
 * <p>With the typical price TP = (high + low + close) / 3 and the money flow MF = TP × volume, each
 * bar i ≥ 1 is positive flow when TP(i) &gt; TP(i−1), negative flow when TP(i) &lt; TP(i−1), and
 * neither when they are equal (TA-Lib's rule: an unchanged typical price counts on no side). At bar
 * i ≥ n, over bars i−n+1..i:
 *
 * <p>MFI = 100 × Σ positive MF / (Σ positive MF + Σ negative MF)
 *
 * <p><b>TA-Lib quirk, kept:</b> when the denominator is below 1.0 (e.g. no volume in the window)
 * MFI is 0, not {@code NaN}. The two sums are kept as TA-Lib keeps them (subtract the bar leaving,
 * then add the bar entering), so they round alike.
 *
 * <p>Bars 0..n−1 give {@code NaN} (lookback n).
 *
 * <pre>{@code
 * Mfi mfi = new Mfi(14);
 * double value = mfi.update(bar); // NaN for the first 14 bars
 * }</pre>
 */
public final class Mfi implements Indicator {
  private final int period;
  private final double[] positive;
  private final double[] negative;
  private int slot;
  private long bars;
  private double previousTypical;
  private double positiveSum;
  private double negativeSum;
  private double value = Double.NaN;

  /**
   * An MFI with no bars yet.
   *
   * @param period n, in 2..100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Mfi(int period) {
    this.period = ParameterChecks.period("Mfi", "period", period, 2);
    this.positive = new double[period];
    this.negative = new double[period];
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    double typical = (high + low + close) / 3.0;
    if (index == 0) {
      previousTypical = typical;
      return value;
    }
    if (index > period) {
      positiveSum -= positive[slot];
      negativeSum -= negative[slot];
    }
    double change = typical - previousTypical;
    previousTypical = typical;
    double flow = typical * volume;
    if (change < 0) {
      negative[slot] = flow;
      negativeSum += flow;
      positive[slot] = 0.0;
    } else if (change > 0) {
      positive[slot] = flow;
      positiveSum += flow;
      negative[slot] = 0.0;
    } else {
      positive[slot] = 0.0;
      negative[slot] = 0.0;
    }
    slot = slot + 1 == period ? 0 : slot + 1;
    if (index >= period) {
      double total = positiveSum + negativeSum;
      value = total < 1.0 ? 0.0 : 100.0 * (positiveSum / total);
    }
    return value;
  }

  @Override
  public double value() {
    return value;
  }

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
