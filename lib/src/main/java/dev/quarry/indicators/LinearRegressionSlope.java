package dev.quarry.indicators;

/**
 * Slope of the least-squares line through the last n closes, TA-Lib's {@code TA_LINEARREG_SLOPE}.
 *
 * <p>At bar i ≥ n−1, with x = 0 for the newest close and x = n−1 for the oldest (TA-Lib's
 * numbering), Σx = n(n−1)/2, Σx² = n(n−1)(2n−1)/6, Σy and Σxy over closes i−n+1..i:
 *
 * <pre>
 *   slope = (n × Σxy − Σx × Σy) / (Σx × Σx − n × Σx²)
 * </pre>
 *
 * <p>The denominator is the negative of the usual one because x runs backwards in time, so the
 * slope is the usual one: the change of the close per bar, positive when closes rise. Bars 0..n−2
 * give {@code NaN} (lookback n−1).
 *
 * <p>TA-Lib recomputes Σy and Σxy from the window at each bar (O(n)); Quarry updates them in O(1)
 * (Σxy gains Σy and loses n × the leaving close each bar) with compensated (Neumaier) sums, so the
 * running sums do not drift: values agree with TA-Lib's to about 1e-12 relative (more where the
 * slope is near 0, as both carry rounding errors of about 1e-14 × the closes). TA-Lib computes
 * n(n−1)(2n−1)/6 in {@code int} arithmetic, which overflows for n ≥ 1025 (and n(n−1) for n ≥
 * 46342): for such periods TA-Lib's slopes are wrong (even of the wrong sign), while Quarry's, with
 * exact constants, are the least-squares slope.
 *
 * <pre>{@code
 * LinearRegressionSlope slope = new LinearRegressionSlope(3);
 * slope.update(1); // NaN
 * slope.update(3); // NaN
 * slope.update(5); // 2.0
 * }</pre>
 */
public final class LinearRegressionSlope implements Indicator {
  private final int period;
  private final double sumX;
  private final double divisor;
  // The last n closes; slot next holds close(i−n) before it is overwritten.
  private final double[] window;
  private int next;
  private long bars;
  private double sumY;
  private double sumYError;
  private double sumXy;
  private double sumXyError;
  private double value = Double.NaN;

  /**
   * A slope with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public LinearRegressionSlope(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "Linear regression slope period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.sumX = period * (period - 1.0) * 0.5;
    double sumXSquared = (double) ((long) period * (period - 1) * (2L * period - 1) / 6);
    this.divisor = sumX * sumX - period * sumXSquared;
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the slope at this bar, {@code NaN} for bars 0..n−2
   */
  public double update(double close) {
    long index = bars++;
    // Every close held moves one step further back: its x grows by one.
    addXy(sumY);
    addXy(sumYError);
    if (index >= period) {
      double leaving = window[next];
      double weighted = period * leaving;
      addXy(-weighted);
      sumXyError -= Math.fma(period, leaving, -weighted);
      addY(-leaving);
    }
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    addY(close);
    if (index >= period - 1) {
      double y = sumY + sumYError;
      double xy = sumXy + sumXyError;
      value = (period * xy - sumX * y) / divisor;
    }
    return value;
  }

  private void addY(double a) {
    double t = sumY + a;
    sumYError += Math.abs(sumY) >= Math.abs(a) ? (sumY - t) + a : (a - t) + sumY;
    sumY = t;
  }

  private void addXy(double a) {
    double t = sumXy + a;
    sumXyError += Math.abs(sumXy) >= Math.abs(a) ? (sumXy - t) + a : (a - t) + sumXy;
    sumXy = t;
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

  /** Returns n − 1, TA-Lib's {@code linearRegSlopeLookback(n)}. */
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
