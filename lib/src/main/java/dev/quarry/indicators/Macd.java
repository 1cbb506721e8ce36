package dev.quarry.indicators;

/**
 * Moving average convergence/divergence, TA-Lib's {@code TA_MACD}: three outputs, the MACD line
 * ({@code ""}), its signal line ({@code "signal"}) and their difference ({@code "hist"}).
 *
 * <p>With fast period f, slow period s (swapped if s &lt; f, as TA-Lib does) and signal period g,
 * each EMA using k = 2 / (n + 1):
 *
 * <ol>
 *   <li>slow EMA: seeded at bar s−1 with the mean of closes 0..s−1, then EMA-updated;
 *   <li>fast EMA: <em>also seeded at bar s−1</em>, with the mean of the f closes s−f..s−1, then
 *       EMA-updated (TA-Lib aligns both EMAs to the slow one's start; a stand-alone {@link Ema}(f)
 *       would start at bar f−1 and have different values);
 *   <li>MACD = fast EMA − slow EMA, from bar s−1;
 *   <li>signal = EMA(g) of the MACD line, seeded at bar s+g−2 with the mean of its first g values;
 *   <li>hist = MACD − signal.
 * </ol>
 *
 * <p>All three outputs are {@code NaN} for bars 0..s+g−3 (lookback (s−1) + (g−1)), as TA-Lib
 * outputs nothing before the signal exists, although the MACD line is computed from bar s−1.
 *
 * <p>Signal period 1 is inside TA-Lib's declared range (1..100000) but broken there: {@code
 * TA_EMA_Lookback(1)} is −1 (EMA periods start at 2), so {@code macdLookback(f, s, 1)} is s−2, one
 * bar too early, and the Java port's {@code Core.macd} throws {@code
 * ArrayIndexOutOfBoundsException}. Quarry gives it the plain meaning: signal = the MACD line (k =
 * 1), hist = 0, lookback s−1.
 *
 * <pre>{@code
 * Macd macd = new Macd(12, 26, 9);
 * macd.update(close);
 * double line = macd.value();
 * double signal = macd.value(Macd.SIGNAL);
 * double hist = macd.value(Macd.HIST); // all NaN for the first 33 closes
 * }</pre>
 */
public final class Macd implements Indicator {
  /** Index of the MACD line in {@link #value(int)}. */
  public static final int LINE = 0;

  /** Index of the signal line in {@link #value(int)}. */
  public static final int SIGNAL = 1;

  /** Index of the histogram in {@link #value(int)}. */
  public static final int HIST = 2;

  private final int fast;
  private final int slow;
  private final int signal;
  private final double fastK;
  private final double slowK;
  private final double signalK;
  private long bars;
  private double fastSum;
  private double slowSum;
  private double signalSum;
  private double fastEma;
  private double slowEma;
  private double signalEma;
  private double line = Double.NaN;
  private double signalValue = Double.NaN;
  private double hist = Double.NaN;

  /**
   * A MACD with no bars yet. If {@code slowPeriod < fastPeriod} the two are swapped, as in TA-Lib.
   *
   * @param fastPeriod f, from 2 to 100000 (TA-Lib's range), usually 12
   * @param slowPeriod s, from 2 to 100000, usually 26
   * @param signalPeriod g, from 1 to 100000, usually 9 (1: the signal is the line itself)
   * @throws IllegalArgumentException if a period is outside its range
   */
  public Macd(int fastPeriod, int slowPeriod, int signalPeriod) {
    if (fastPeriod < 2 || fastPeriod > 100_000) {
      throw new IllegalArgumentException(
          "MACD fast period must be at least 2 and at most 100000, got " + fastPeriod);
    }
    if (slowPeriod < 2 || slowPeriod > 100_000) {
      throw new IllegalArgumentException(
          "MACD slow period must be at least 2 and at most 100000, got " + slowPeriod);
    }
    if (signalPeriod < 1 || signalPeriod > 100_000) {
      throw new IllegalArgumentException(
          "MACD signal period must be at least 1 and at most 100000, got " + signalPeriod);
    }
    this.fast = Math.min(fastPeriod, slowPeriod);
    this.slow = Math.max(fastPeriod, slowPeriod);
    this.signal = signalPeriod;
    this.fastK = 2.0 / (fast + 1);
    this.slowK = 2.0 / (slow + 1);
    this.signalK = 2.0 / (signal + 1);
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the MACD line at this bar, {@code NaN} before bar {@link #lookback()}
   */
  public double update(double close) {
    long index = bars++;
    if (index < slow) {
      slowSum += close;
      if (index >= slow - fast) {
        fastSum += close;
      }
      if (index < slow - 1) {
        return line;
      }
      slowEma = slowSum / slow;
      fastEma = fastSum / fast;
    } else {
      slowEma = (close - slowEma) * slowK + slowEma;
      fastEma = (close - fastEma) * fastK + fastEma;
    }
    double macd = fastEma - slowEma;
    long signalIndex = index - (slow - 1);
    if (signalIndex < signal) {
      signalSum += macd;
      if (signalIndex < signal - 1) {
        return line;
      }
      signalEma = signalSum / signal;
    } else {
      signalEma = (macd - signalEma) * signalK + signalEma;
    }
    line = macd;
    signalValue = signalEma;
    hist = macd - signalEma;
    return line;
  }

  /** Takes the next bar's close; the other fields are ignored. */
  @Override
  public double update(double open, double high, double low, double close, double volume) {
    return update(close);
  }

  /** The MACD line at the last bar taken, {@code NaN} before bar {@link #lookback()}. */
  @Override
  public double value() {
    return line;
  }

  /**
   * An output at the last bar taken: {@link #LINE}, {@link #SIGNAL} or {@link #HIST}.
   *
   * @param output 0, 1 or 2
   * @return the value, {@code NaN} before bar {@link #lookback()}
   * @throws IndexOutOfBoundsException for any other output
   */
  @Override
  public double value(int output) {
    switch (output) {
      case LINE:
        return line;
      case SIGNAL:
        return signalValue;
      case HIST:
        return hist;
      default:
        throw new IndexOutOfBoundsException(
            "MACD has outputs 0 (line), 1 (signal) and 2 (hist), not output " + output);
    }
  }

  /** Returns {@code "", "signal", "hist"}. */
  @Override
  public String[] outputNames() {
    return new String[] {"", "signal", "hist"};
  }

  /** Returns (s − 1) + (g − 1), TA-Lib's {@code macdLookback(f, s, g)}. */
  @Override
  public int lookback() {
    return (slow - 1) + (signal - 1);
  }

  @Override
  public long bars() {
    return bars;
  }

  /**
   * The fast period f (the smaller of the two given).
   *
   * @return f
   */
  public int fastPeriod() {
    return fast;
  }

  /**
   * The slow period s (the larger of the two given).
   *
   * @return s
   */
  public int slowPeriod() {
    return slow;
  }

  /**
   * The signal period g.
   *
   * @return g
   */
  public int signalPeriod() {
    return signal;
  }
}
