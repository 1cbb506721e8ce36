package dev.quarry.indicators;

/**
 * Commodity channel index, TA-Lib's {@code TA_CCI}.
 *
 * <p>With the typical price TP = (high + low + close) / 3, at bar i ≥ n − 1 over the n bars
 * i−n+1..i:
 *
 * <ul>
 *   <li>mean = Σ TP / n;
 *   <li>mean deviation = Σ |TP − mean| / n;
 *   <li>CCI = (TP(i) − mean) / (0.015 × mean deviation); when TP(i) − mean or the deviation sum is
 *       exactly 0 it is 0 (TA-Lib's rule).
 * </ul>
 *
 * <p>Bars 0..n−2 give {@code NaN} (lookback n − 1).
 *
 * <p><b>Cost:</b> the mean deviation needs every value of the window, so each update is O(n) (still
 * allocation-free), not O(1). Like TA-Lib, both sums are recomputed at every bar over the window's
 * ring buffer in the same slot order, so the result is bit-for-bit TA-Lib's and a flat window gives
 * exactly 0, with no drift from a running sum.
 *
 * <pre>{@code
 * Cci cci = new Cci(20);
 * double value = cci.update(bar); // NaN for the first 19 bars
 * }</pre>
 */
public final class Cci implements Indicator {
  private final int period;
  private final double[] typical;
  private long bars;
  private double value = Double.NaN;

  /**
   * A CCI with no bars yet.
   *
   * @param period n, in 2..100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Cci(int period) {
    this.period = ParameterChecks.period("Cci", "period", period, 2);
    this.typical = new double[period];
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    double last = (high + low + close) / 3;
    typical[(int) (index % period)] = last;
    if (index < period - 1) {
      return value;
    }
    double average = 0;
    for (int j = 0; j < period; j++) {
      average += typical[j];
    }
    average /= period;
    double deviations = 0;
    for (int j = 0; j < period; j++) {
      deviations += Math.abs(typical[j] - average);
    }
    double distance = last - average;
    value = distance != 0.0 && deviations != 0.0 ? distance / (0.015 * (deviations / period)) : 0.0;
    return value;
  }

  @Override
  public double value() {
    return value;
  }

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
