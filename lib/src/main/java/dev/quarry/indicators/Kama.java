package dev.quarry.indicators;

/**
 * Kaufman adaptive moving average, TA-Lib's {@code TA_KAMA} (unstable period 0).
 *
 * <p>With fast = 2/(2+1) and slow = 2/(30+1) (fixed, as in TA-Lib):
 *
 * <ol>
 *   <li>volatility at bar i: the sum of |close(j) − close(j−1)| for j = i−n+1..i (n one-bar moves);
 *   <li>change at bar i: close(i) − close(i−n) (signed);
 *   <li>efficiency ratio ER = 1 if volatility ≤ change or |volatility| &lt; 1e-8 (TA-Lib's {@code
 *       TA_IS_ZERO}), else |change / volatility|;
 *   <li>smoothing constant sc = (ER × (fast − slow) + slow)²;
 *   <li>seeding: at bar n, the previous KAMA is taken to be close(n−1), so KAMA(n) = (close(n) −
 *       close(n−1)) × sc + close(n−1);
 *   <li>from bar n+1 on, KAMA = (close − KAMA(i−1)) × sc + KAMA(i−1).
 * </ol>
 *
 * <p>Bars 0..n−1 give {@code NaN} (lookback n). The volatility is TA-Lib's running sum (the move
 * leaving the window subtracted, then the new one added), so values follow TA-Lib's to the last
 * bits.
 *
 * <pre>{@code
 * Kama kama = new Kama(10);
 * double value = kama.update(close); // NaN for the first 10 closes
 * }</pre>
 */
public final class Kama implements Indicator {
  private static final double SLOWEST = 2.0 / (30.0 + 1.0);
  private static final double SPAN = 2.0 / (2.0 + 1.0) - SLOWEST;

  private final int period;
  // The last n+1 closes; once full, slot next holds close(i−n).
  private final double[] window;
  private int next;
  private long bars;
  private double previousClose;
  private double volatility;
  // close(i−n−1), the close before the one at the start of the window.
  private double trailing;
  private double value = Double.NaN;

  /**
   * A KAMA with no bars yet.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Kama(int period) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "KAMA period must be at least 2 and at most 100000, got " + period);
    }
    this.period = period;
    this.window = new double[period + 1];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the KAMA at this bar, {@code NaN} for bars 0..n−1
   */
  public double update(double close) {
    long index = bars++;
    window[next] = close;
    next = next == period ? 0 : next + 1;
    if (index == 0) {
      previousClose = close;
      return value;
    }
    double start = window[next];
    if (index <= period) {
      volatility += Math.abs(previousClose - close);
      if (index < period) {
        previousClose = close;
        return value;
      }
      value = previousClose;
    } else {
      volatility -= Math.abs(trailing - start);
      volatility += Math.abs(close - previousClose);
    }
    trailing = start;
    previousClose = close;
    double change = close - start;
    double ratio;
    if (volatility <= change || (-0.00000001 < volatility && volatility < 0.00000001)) {
      ratio = 1.0;
    } else {
      ratio = Math.abs(change / volatility);
    }
    double sc = ratio * SPAN + SLOWEST;
    sc *= sc;
    value = (close - value) * sc + value;
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

  /** Returns n, TA-Lib's {@code kamaLookback(n)}. */
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
