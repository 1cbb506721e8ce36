package dev.quarry.indicators;

/**
 * Bollinger bands, TA-Lib's {@code TA_BBANDS} with its default moving average (SMA): three outputs,
 * {@code "upper"}, {@code "middle"} and {@code "lower"}.
 *
 * <p>At bar i ≥ n−1, with S1 and S2 the sums of the closes and of their squares over bars i−n+1..i:
 *
 * <ol>
 *   <li>middle = S1/n, the {@link Sma}(n);
 *   <li>sd = √(S2/n − middle²), the population standard deviation, except that TA-Lib gives <b>0
 *       when S2/n − middle² is below 1e-8</b> ({@code TA_IS_ZERO_OR_NEG}), i.e. whenever sd would
 *       be below 1e-4: for closes that move in units of 1e-5 the three bands coincide;
 *   <li>upper = middle + kUp × sd, lower = middle − kDown × sd.
 * </ol>
 *
 * <p>S1 and S2 are TA-Lib's running sums in TA-Lib's order, so values follow TA-Lib's to the last
 * bits. Bars 0..n−2 give {@code NaN} (lookback n−1).
 *
 * <pre>{@code
 * BollingerBands bb = new BollingerBands(20, 2);
 * bb.update(close);
 * double upper = bb.value(BollingerBands.UPPER); // NaN for the first 19 closes
 * double middle = bb.value(BollingerBands.MIDDLE);
 * double lower = bb.value(BollingerBands.LOWER);
 * }</pre>
 */
public final class BollingerBands implements Indicator {
  /** Index of the upper band in {@link #value(int)}. */
  public static final int UPPER = 0;

  /** Index of the middle band (the SMA) in {@link #value(int)}. */
  public static final int MIDDLE = 1;

  /** Index of the lower band in {@link #value(int)}. */
  public static final int LOWER = 2;

  private final int period;
  private final double kUp;
  private final double kDown;
  private final double[] window;
  // Ring slot of the next close: once the window is full, the oldest close held.
  private int next;
  private long bars;
  private double total;
  private double totalSquares;
  private double upper = Double.NaN;
  private double middle = Double.NaN;
  private double lower = Double.NaN;

  /**
   * Bands k standard deviations above and below the SMA.
   *
   * @param period n, from 2 to 100000 (TA-Lib's range), usually 20
   * @param k the number of standard deviations both ways, finite, usually 2
   * @throws IllegalArgumentException if {@code period} is outside 2..100000 or {@code k} is not
   *     finite
   */
  public BollingerBands(int period, double k) {
    this(period, k, k);
  }

  /**
   * Bands kUp standard deviations above and kDown below the SMA ({@code TA_BBANDS}'s {@code
   * optInNbDevUp} and {@code optInNbDevDn}).
   *
   * @param period n, from 2 to 100000 (TA-Lib's range)
   * @param kUp the number of standard deviations above, finite
   * @param kDown the number of standard deviations below, finite
   * @throws IllegalArgumentException if {@code period} is outside 2..100000 or a k is not finite
   */
  public BollingerBands(int period, double kUp, double kDown) {
    if (period < 2 || period > 100_000) {
      throw new IllegalArgumentException(
          "Bollinger bands period must be at least 2 and at most 100000, got " + period);
    }
    if (!Double.isFinite(kUp) || !Double.isFinite(kDown)) {
      throw new IllegalArgumentException(
          "Bollinger bands deviations must be finite, got up " + kUp + " and down " + kDown);
    }
    this.period = period;
    this.kUp = kUp;
    this.kDown = kDown;
    this.window = new double[period];
  }

  /**
   * Takes the next close.
   *
   * @param close the close
   * @return the upper band at this bar, {@code NaN} for bars 0..n−2
   */
  public double update(double close) {
    long index = bars++;
    total += close;
    totalSquares += close * close;
    window[next] = close;
    next = next + 1 == period ? 0 : next + 1;
    if (index >= period - 1) {
      double sum = total;
      double meanSquares = totalSquares / period;
      double oldest = window[next];
      total -= oldest;
      totalSquares -= oldest * oldest;
      middle = sum / period;
      double variance = meanSquares - middle * middle;
      double sd = variance < 0.00000001 ? 0.0 : Math.sqrt(variance);
      upper = middle + sd * kUp;
      lower = middle - sd * kDown;
    }
    return upper;
  }

  /** Takes the next bar's close; the other fields are ignored. */
  @Override
  public double update(double open, double high, double low, double close, double volume) {
    return update(close);
  }

  /** The upper band at the last bar taken, {@code NaN} for bars 0..n−2. */
  @Override
  public double value() {
    return upper;
  }

  /**
   * An output at the last bar taken: {@link #UPPER}, {@link #MIDDLE} or {@link #LOWER}.
   *
   * @param output 0, 1 or 2
   * @return the value, {@code NaN} for bars 0..n−2
   * @throws IndexOutOfBoundsException for any other output
   */
  @Override
  public double value(int output) {
    switch (output) {
      case UPPER:
        return upper;
      case MIDDLE:
        return middle;
      case LOWER:
        return lower;
      default:
        throw new IndexOutOfBoundsException(
            "Bollinger bands have outputs 0 (upper), 1 (middle) and 2 (lower), not output "
                + output);
    }
  }

  /** Returns {@code "upper", "middle", "lower"}. */
  @Override
  public String[] outputNames() {
    return new String[] {"upper", "middle", "lower"};
  }

  /** Returns n − 1, TA-Lib's {@code bbandsLookback(n, kUp, kDown, SMA)}. */
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

  /**
   * The number of standard deviations of the upper band above the middle.
   *
   * @return kUp
   */
  public double kUp() {
    return kUp;
  }

  /**
   * The number of standard deviations of the lower band below the middle.
   *
   * @return kDown
   */
  public double kDown() {
    return kDown;
  }
}
