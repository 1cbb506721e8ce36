package dev.quarry.bars;

/**
 * The crossings of a fast and a slow SMA of one series, bar by bar: the streaming form of {@link
 * Indicators#crosses} over {@link Sma}s. The fast SMA crosses above the slow one at bar i when
 * fast(i) &gt; slow(i) and fast(i−1) ≤ slow(i−1), all four defined; below is the mirror image.
 */
public final class Crossover {
  private final Sma fast;
  private final Sma slow;
  private double previousFast = Double.NaN;
  private double previousSlow = Double.NaN;

  /**
   * The crossings of SMA({@code fast}) and SMA({@code slow}).
   *
   * @param fast the fast window, at least 1
   * @param slow the slow window, at least 1
   */
  public Crossover(int fast, int slow) {
    this.fast = new Sma(fast);
    this.slow = new Sma(slow);
  }

  /**
   * Adds the next close.
   *
   * @param close the bar's close
   * @return {@link Indicators#CROSS_UP}, {@link Indicators#CROSS_DOWN} or 0
   */
  public int update(double close) {
    double f = fast.update(close);
    double w = slow.update(close);
    int cross = 0;
    if (!Double.isNaN(previousSlow) && !Double.isNaN(w)) {
      if (f > w && previousFast <= previousSlow) {
        cross = Indicators.CROSS_UP;
      } else if (f < w && previousFast >= previousSlow) {
        cross = Indicators.CROSS_DOWN;
      }
    }
    previousFast = f;
    previousSlow = w;
    return cross;
  }
}
