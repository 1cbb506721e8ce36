package dev.quarry.indicators;

/**
 * Normalized average true range, TA-Lib's {@code TA_NATR}: the {@link Atr ATR} as a percentage of
 * the close.
 *
 * <ol>
 *   <li>ATR(n) exactly as {@link Atr}: the mean of the true ranges of bars 1..n at bar n, then
 *       Wilder's smoothing ATR = (ATR(i−1) × (n − 1) + TR(i)) / n;
 *   <li>NATR = ATR / close × 100 from bar n on; when |close| &lt; 1e-8 (TA-Lib's {@code
 *       TA_IS_ZERO}) it is 0.
 * </ol>
 *
 * <p>Bars 0..n−1 give {@code NaN} (lookback n).
 *
 * <p><b>TA-Lib quirk, kept:</b> with n = 1 TA-Lib returns the plain true range, not normalised by
 * the close (its {@code TA_NATR} hands period 1 to {@code TA_TRANGE}); so does this class, so that
 * the two agree for every period TA-Lib accepts.
 *
 * <p><b>TA-Lib bug, not kept:</b> for a zero close after its first output, TA-Lib 0.4 writes the 0
 * into its first output slot (overwriting the first NATR) and leaves the bar's own slot unwritten;
 * this class gives 0 at that bar and leaves earlier values alone.
 *
 * <pre>{@code
 * Natr natr = new Natr(14);
 * double percent = natr.update(bar); // NaN for the first 14 bars, then e.g. 1.8 (ATR = 1.8% of close)
 * }</pre>
 */
public final class Natr implements Indicator {
  private final Atr atr;
  private double value = Double.NaN;

  /**
   * A NATR with no bars yet.
   *
   * @param period n, in 1..100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 1..100000
   */
  public Natr(int period) {
    this.atr = new Atr(ParameterChecks.period("Natr", "period", period, 1));
  }

  /**
   * Takes the next bar's high, low and close.
   *
   * @param high the high
   * @param low the low
   * @param close the close
   * @return the NATR at this bar, {@code NaN} for bars 0..n−1
   */
  public double update(double high, double low, double close) {
    double average = atr.update(high, low, close);
    if (Double.isNaN(average)) {
      return value;
    }
    if (atr.period() == 1) {
      value = average;
    } else if (-0.00000001 < close && close < 0.00000001) {
      value = 0.0;
    } else {
      value = (average / close) * 100.0;
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
    return atr.period();
  }

  @Override
  public long bars() {
    return atr.bars();
  }

  /**
   * The period n.
   *
   * @return n
   */
  public int period() {
    return atr.period();
  }
}
