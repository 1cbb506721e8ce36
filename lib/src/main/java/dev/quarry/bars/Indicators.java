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
   * Simple moving average: at bar i, the mean of values i−n+1..i; it exists from the n-th bar on
   * (earlier bars are {@code NaN}).
   *
   * @param values the series, e.g. closes
   * @param n the window, at least 1
   * @return the SMA, same length as {@code values}
   */
  public static double[] sma(double[] values, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("SMA window must be at least 1, got " + n);
    }
    double[] result = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i];
      if (i >= n) {
        sum -= values[i - n];
      }
      result[i] = i >= n - 1 ? sum / n : Double.NaN;
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
