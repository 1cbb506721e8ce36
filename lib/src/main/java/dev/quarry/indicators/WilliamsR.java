package dev.quarry.indicators;

/**
 * Williams' %R, TA-Lib's {@code TA_WILLR}.
 *
 * <p>At bar i ≥ n − 1, with HH and LL the highest high and lowest low of the n bars i−n+1..i (the
 * current bar included): %R = (HH − close) / ((HH − LL) / −100), between −100 (close at the low)
 * and 0 (close at the high). When HH = LL it is 0 (TA-Lib's rule, not −50 or NaN).
 *
 * <p>Bars 0..n−2 give {@code NaN} (lookback n − 1).
 *
 * <pre>{@code
 * WilliamsR willr = new WilliamsR(14);
 * double r = willr.update(bar); // NaN for the first 13 bars
 * }</pre>
 */
public final class WilliamsR implements Indicator {
  private final int period;
  private final RollingExtreme highest;
  private final RollingExtreme lowest;
  private long bars;
  private double value = Double.NaN;

  /**
   * A %R with no bars yet.
   *
   * @param period n, in 2..100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public WilliamsR(int period) {
    this.period = ParameterChecks.period("WilliamsR", "period", period, 2);
    this.highest = new RollingExtreme(period, true);
    this.lowest = new RollingExtreme(period, false);
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    highest.add(index, high);
    lowest.add(index, low);
    if (index >= period - 1) {
      double highestHigh = highest.value();
      double diff = (highestHigh - lowest.value()) / -100.0;
      value = diff != 0.0 ? (highestHigh - close) / diff : 0.0;
    }
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
