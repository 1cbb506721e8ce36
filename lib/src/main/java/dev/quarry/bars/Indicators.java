package dev.quarry.bars;

/**
 * Indicators with the conventions of SPEC section 5, so results can be checked against other tools.
 */
public final class Indicators {
  /** Marks a cross of the fast series above the slow one. */
  public static final int CROSS_UP = 1;

  /** Marks a cross of the fast series below the slow one. */
  public static final int CROSS_DOWN = -1;

  private Indicators() {}

  /**
   * Simple moving average, bit for bit the values of {@link Sma}: at bar i, {@code
   * fsum(values[i−n+1 .. i]) / n}, the correctly rounded exact sum of the last n values (what
   * Python's {@code math.fsum} returns) divided by n in double precision; it exists from the n-th
   * bar on (earlier bars are {@code NaN}) and never depends on values before the window.
   *
   * @param values the series, e.g. closes, all finite
   * @param n the window, at least 1
   * @return the SMA, same length as {@code values}
   * @throws IllegalArgumentException if {@code n < 1}, or a value is NaN or infinite (the message
   *     gives its index)
   */
  public static double[] sma(double[] values, int n) {
    Sma sma = new Sma(n);
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = sma.update(values[i]);
    }
    return result;
  }

  /**
   * Wilder RSI, bit for bit the values of {@link Rsi} (see there for the exact convention): from
   * index n on (after n changes); earlier bars are {@code NaN}.
   *
   * @param closes the closes, all finite
   * @param n the window, at least 1
   * @return the RSI, same length as {@code closes}, in [0, 100]
   * @throws IllegalArgumentException if {@code n < 1}, or a close is NaN or infinite (the message
   *     gives its index)
   */
  public static double[] rsi(double[] closes, int n) {
    Rsi rsi = new Rsi(n);
    double[] result = new double[closes.length];
    for (int i = 0; i < closes.length; i++) {
      result[i] = rsi.update(closes[i]);
    }
    return result;
  }

  /**
   * Crossings of two series: at bar i the fast series crosses above the slow one when fast(i) >
   * slow(i) and fast(i−1) ≤ slow(i−1), all four defined; crossing below is the mirror image.
   *
   * @param fast the fast series
   * @param slow the slow series, same length
   * @return per bar {@link #CROSS_UP}, {@link #CROSS_DOWN} or 0
   */
  public static int[] crosses(double[] fast, double[] slow) {
    if (fast.length != slow.length) {
      throw new IllegalArgumentException(
          "series differ in length: " + fast.length + " vs " + slow.length);
    }
    int[] result = new int[fast.length];
    for (int i = 1; i < fast.length; i++) {
      if (Double.isNaN(fast[i])
          || Double.isNaN(slow[i])
          || Double.isNaN(fast[i - 1])
          || Double.isNaN(slow[i - 1])) {
        continue;
      }
      if (fast[i] > slow[i] && fast[i - 1] <= slow[i - 1]) {
        result[i] = CROSS_UP;
      } else if (fast[i] < slow[i] && fast[i - 1] >= slow[i - 1]) {
        result[i] = CROSS_DOWN;
      }
    }
    return result;
  }
}
