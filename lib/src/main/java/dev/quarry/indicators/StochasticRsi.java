package dev.quarry.indicators;

/**
 * Stochastic RSI, TA-Lib's {@code TA_STOCHRSI} with its default %D average (SMA): the fast
 * stochastic ({@code TA_STOCHF}) of the {@link Rsi}, two outputs, {@code "k"} and {@code "d"}.
 *
 * <p>With RSI period n, %K period p and %D period q:
 *
 * <ol>
 *   <li>RSI = {@link Rsi}(n) of the closes, from bar n on;
 *   <li>at each bar with p RSI values, with lo and hi the lowest and highest of the last p: %K =
 *       (RSI − lo) / ((hi − lo) / 100), and <b>0 when hi = lo</b> (as TA-Lib: a flat RSI window,
 *       and always with p = 1);
 *   <li>%D = the SMA of the last q %K values (TA-Lib's running sum; with q = 1, %D = %K).
 * </ol>
 *
 * <p>Both outputs are {@code NaN} for bars 0..n+p+q−3 (lookback n + (p−1) + (q−1), TA-Lib's {@code
 * stochRsiLookback}), as TA-Lib outputs neither before %D exists, although %K is computed from bar
 * n+p−1. Note that the lookback adds p − 1 and q − 1 to the RSI's n, not p and q.
 *
 * <p>The lowest and highest RSI of the window are kept with monotonic queues (amortised O(1) per
 * bar, arrays allocated in the constructor).
 *
 * <pre>{@code
 * StochasticRsi srsi = new StochasticRsi(14, 5, 3); // TA-Lib's defaults
 * srsi.update(close);
 * double k = srsi.value(StochasticRsi.K); // NaN for the first 20 closes
 * double d = srsi.value(StochasticRsi.D);
 * }</pre>
 */
public final class StochasticRsi implements Indicator {
  /** Index of %K in {@link #value(int)}. */
  public static final int K = 0;

  /** Index of %D in {@link #value(int)}. */
  public static final int D = 1;

  private final int period;
  private final int kPeriod;
  private final int dPeriod;
  private final Rsi rsi;
  // Monotonic queues over the last p RSI values, as rings: RSI index and value of each entry.
  private final long[] lowIndex;
  private final double[] lowValue;
  private int lowHead;
  private int lowSize;
  private final long[] highIndex;
  private final double[] highValue;
  private int highHead;
  private int highSize;
  // The last q %K values, for %D's running sum.
  private final double[] kWindow;
  private int kNext;
  private double kTotal;
  private long rsiCount;
  private long bars;
  private double k = Double.NaN;
  private double d = Double.NaN;

  /**
   * A stochastic RSI with no bars yet.
   *
   * @param period n, the RSI period, from 2 to 100000 (TA-Lib's range), usually 14
   * @param kPeriod p, the %K period, from 1 to 100000, usually 5
   * @param dPeriod q, the %D (SMA) period, from 1 to 100000, usually 3
   * @throws IllegalArgumentException if a period is outside its range
   */
  public StochasticRsi(int period, int kPeriod, int dPeriod) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "Stochastic RSI period must be at least 2 and at most 100000, got " + period);
    }
    if (kPeriod < 1 || kPeriod > 100_000) {
      throw new IllegalArgumentException(
          "Stochastic RSI %K period must be at least 1 and at most 100000, got " + kPeriod);
    }
    if (dPeriod < 1 || dPeriod > 100_000) {
      throw new IllegalArgumentException(
          "Stochastic RSI %D period must be at least 1 and at most 100000, got " + dPeriod);
    }
    this.period = period;
    this.kPeriod = kPeriod;
    this.dPeriod = dPeriod;
    this.rsi = new Rsi(period);
    this.lowIndex = new long[kPeriod];
    this.lowValue = new double[kPeriod];
    this.highIndex = new long[kPeriod];
    this.highValue = new double[kPeriod];
    this.kWindow = new double[dPeriod];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return %K at this bar, {@code NaN} before bar {@link #lookback()}
   */
  public double update(double close) {
    bars++;
    double r = rsi.update(close);
    if (Double.isNaN(r)) {
      return k;
    }
    long at = rsiCount++;
    pushLow(at, r);
    pushHigh(at, r);
    if (at < kPeriod - 1) {
      return k;
    }
    double lowest = lowValue[lowHead];
    double highest = highValue[highHead];
    double diff = (highest - lowest) / 100.0;
    double fastK = diff != 0.0 ? (r - lowest) / diff : 0.0;
    long kAt = at - (kPeriod - 1);
    kTotal += fastK;
    kWindow[kNext] = fastK;
    kNext = kNext + 1 == dPeriod ? 0 : kNext + 1;
    if (kAt >= dPeriod - 1) {
      double sum = kTotal;
      kTotal -= kWindow[kNext];
      d = sum / dPeriod;
      k = fastK;
    }
    return k;
  }

  private void pushLow(long at, double r) {
    if (lowSize > 0 && lowIndex[lowHead] <= at - kPeriod) {
      lowHead = lowHead + 1 == kPeriod ? 0 : lowHead + 1;
      lowSize--;
    }
    while (lowSize > 0 && lowValue[slot(lowHead, lowSize - 1)] >= r) {
      lowSize--;
    }
    int tail = slot(lowHead, lowSize);
    lowIndex[tail] = at;
    lowValue[tail] = r;
    lowSize++;
  }

  private void pushHigh(long at, double r) {
    if (highSize > 0 && highIndex[highHead] <= at - kPeriod) {
      highHead = highHead + 1 == kPeriod ? 0 : highHead + 1;
      highSize--;
    }
    while (highSize > 0 && highValue[slot(highHead, highSize - 1)] <= r) {
      highSize--;
    }
    int tail = slot(highHead, highSize);
    highIndex[tail] = at;
    highValue[tail] = r;
    highSize++;
  }

  private int slot(int head, int offset) {
    int s = head + offset;
    return s >= kPeriod ? s - kPeriod : s;
  }

  /** Takes the next bar's close; the other fields are ignored. */
  @Override
  public double update(double open, double high, double low, double close, double volume) {
    return update(close);
  }

  /** %K at the last bar taken, {@code NaN} before bar {@link #lookback()}. */
  @Override
  public double value() {
    return k;
  }

  /**
   * An output at the last bar taken: {@link #K} or {@link #D}.
   *
   * @param output 0 or 1
   * @return the value, {@code NaN} before bar {@link #lookback()}
   * @throws IndexOutOfBoundsException for any other output
   */
  @Override
  public double value(int output) {
    switch (output) {
      case K:
        return k;
      case D:
        return d;
      default:
        throw new IndexOutOfBoundsException(
            "Stochastic RSI has outputs 0 (k) and 1 (d), not output " + output);
    }
  }

  /** Returns {@code "k", "d"}. */
  @Override
  public String[] outputNames() {
    return new String[] {"k", "d"};
  }

  /** Returns n + (p − 1) + (q − 1), TA-Lib's {@code stochRsiLookback(n, p, q, SMA)}. */
  @Override
  public int lookback() {
    return period + (kPeriod - 1) + (dPeriod - 1);
  }

  @Override
  public long bars() {
    return bars;
  }

  /**
   * The RSI period n.
   *
   * @return n
   */
  public int period() {
    return period;
  }

  /**
   * The %K period p.
   *
   * @return p
   */
  public int kPeriod() {
    return kPeriod;
  }

  /**
   * The %D period q.
   *
   * @return q
   */
  public int dPeriod() {
    return dPeriod;
  }
}
