package dev.quarry.indicators;

/**
 * Relative strength index, TA-Lib's {@code TA_RSI} (Wilder's smoothing, default compatibility,
 * unstable period 0).
 *
 * <ol>
 *   <li>change at bar i ≥ 1: close(i) − close(i−1); its gain is max(change, 0), its loss
 *       max(−change, 0);
 *   <li>at bar n, the average gain and average loss are the means of the gains and losses of bars
 *       1..n;
 *   <li>from bar n+1 on, average = (average(i−1) × (n − 1) + this bar's gain or loss) / n;
 *   <li>RSI = 100 × average gain / (average gain + average loss), except that it is <b>0 when
 *       average gain + average loss is below 1e-8</b> (TA-Lib's {@code TA_IS_ZERO}): a flat series
 *       gives 0, not 50 (and so does a series moving by less than about 1e-8 per bar).
 * </ol>
 *
 * <p>Bars 0..n−1 give {@code NaN} (lookback n). This is TA-Lib's RSI: {@link dev.quarry.bars.Rsi}
 * differs (its seed is an exact sum, and a flat series gives 50 there).
 *
 * <pre>{@code
 * Rsi rsi = new Rsi(14);
 * double value = rsi.update(close); // NaN for the first 14 closes, then 0..100
 * }</pre>
 */
public final class Rsi implements Indicator {
  private final int period;
  private long bars;
  private double previousClose;
  private double gain;
  private double loss;
  private double value = Double.NaN;

  /**
   * An RSI with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range), usually 14
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Rsi(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "RSI period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the RSI at this bar, 0..100, {@code NaN} for bars 0..n−1
   */
  public double update(double close) {
    long index = bars++;
    if (index == 0) {
      previousClose = close;
      return value;
    }
    double change = close - previousClose;
    previousClose = close;
    if (index > period) {
      loss *= period - 1;
      gain *= period - 1;
    }
    if (change < 0) {
      loss -= change;
    } else {
      gain += change;
    }
    if (index < period) {
      return value;
    }
    loss /= period;
    gain /= period;
    double total = gain + loss;
    value = -0.00000001 < total && total < 0.00000001 ? 0.0 : 100.0 * (gain / total);
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

  /** Returns n, TA-Lib's {@code rsiLookback(n)}. */
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
