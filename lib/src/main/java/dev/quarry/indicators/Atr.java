package dev.quarry.indicators;

/**
 * Average true range, TA-Lib's {@code TA_ATR}: Wilder's smoothing of the true range.
 *
 * <ol>
 *   <li>true range at bar i ≥ 1: max(high − low, |high − close(i−1)|, |low − close(i−1)|); bar 0
 *       has none (no previous close);
 *   <li>at bar n, ATR = the mean of the true ranges of bars 1..n;
 *   <li>from bar n+1 on, ATR = (ATR(i−1) × (n − 1) + TR(i)) / n.
 * </ol>
 *
 * <p>Bars 0..n−1 give {@code NaN} (lookback n). With n = 1, ATR is the true range from bar 1 on.
 *
 * <pre>{@code
 * Atr atr = new Atr(14);
 * double value = atr.update(bar); // NaN for the first 14 bars
 * }</pre>
 */
public final class Atr implements Indicator {
  private final int period;
  private long bars;
  private double previousClose;
  private double sum;
  private double value = Double.NaN;

  /**
   * An ATR with no bars yet.
   *
   * @param period n, at least 1
   * @throws IllegalArgumentException if {@code period < 1}
   */
  public Atr(int period) {
    if (period < 1) {
      throw new IllegalArgumentException("ATR period must be at least 1, got " + period);
    }
    this.period = period;
  }

  /**
   * Takes the next bar's high, low and close.
   *
   * @param high the high
   * @param low the low
   * @param close the close
   * @return the ATR at this bar, {@code NaN} for bars 0..n−1
   */
  public double update(double high, double low, double close) {
    long index = bars++;
    if (index == 0) {
      previousClose = close;
      return value;
    }
    double tr = TrueRange.of(high, low, previousClose);
    previousClose = close;
    if (index < period) {
      sum += tr;
    } else if (index == period) {
      value = (sum + tr) / period;
    } else {
      value = (value * (period - 1) + tr) / period;
    }
    return value;
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    return update(high, low, close);
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
