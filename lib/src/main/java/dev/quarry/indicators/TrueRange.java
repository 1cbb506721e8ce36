package dev.quarry.indicators;

/**
 * True range, TA-Lib's {@code TA_TRANGE}: at bar i ≥ 1, max(high − low, |high − close(i−1)|, |low −
 * close(i−1)|); bar 0 gives {@code NaN} (lookback 1).
 */
public final class TrueRange implements Indicator {
  private long bars;
  private double previousClose;
  private double value = Double.NaN;

  /** A true range with no bars yet. */
  public TrueRange() {}

  /**
   * The true range of a bar given the previous close.
   *
   * @param high the bar's high
   * @param low the bar's low
   * @param previousClose the previous bar's close
   * @return max(high − low, |high − previousClose|, |low − previousClose|)
   */
  public static double of(double high, double low, double previousClose) {
    return Math.max(
        high - low, Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    if (bars++ > 0) {
      value = of(high, low, previousClose);
    }
    previousClose = close;
    return value;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public int lookback() {
    return 1;
  }

  @Override
  public long bars() {
    return bars;
  }
}
