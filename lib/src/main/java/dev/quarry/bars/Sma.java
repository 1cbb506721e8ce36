package dev.quarry.bars;

/**
 * Streaming simple moving average, SPEC section 5.
 *
 * <p>Convention: SMA(n) at bar i is the correctly rounded exact sum of the closes of bars i−n+1..i
 * (exactly what Python's {@code math.fsum} returns; backtrader computes its SMA this way) divided
 * by n, in double precision: {@code fsum(closes[i-n+1..i]) / n}. It exists from the n-th bar
 * (0-based index n−1) on; earlier bars give {@code NaN}. The value depends only on the n closes in
 * the window, never on earlier history: n equal closes {@code p} give {@code fsum(n×p)/n}, which is
 * {@code p} whenever that division is (a running {@code sum += x; sum -= old} drifts instead).
 *
 * <p>Each {@link #update} is O(1) and allocation-free (see {@link WindowSum}). Not thread-safe.
 *
 * <pre>{@code
 * Sma sma = new Sma(3);
 * sma.update(1); // NaN
 * sma.update(2); // NaN
 * sma.update(3); // 2.0
 * sma.update(4); // 3.0
 * }</pre>
 */
public final class Sma {
  private final int window;
  private final WindowSum sum;
  private long bars;
  private double value = Double.NaN;

  /**
   * Creates an SMA with no bars yet.
   *
   * @param window n, the number of closes averaged, at least 1
   * @throws IllegalArgumentException if {@code window < 1}
   */
  public Sma(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("SMA window must be at least 1, got " + window);
    }
    this.window = window;
    this.sum = new WindowSum(window);
  }

  /**
   * Takes the next bar's close.
   *
   * @param close the close, finite
   * @return the SMA at this bar, or {@code NaN} before the n-th bar
   * @throws IllegalArgumentException if {@code close} is NaN or infinite (the message gives the
   *     bar, 0-based); the SMA is left unchanged
   * @throws ArithmeticException if the sum of the window overflows the double range
   */
  public double update(double close) {
    if (!Double.isFinite(close)) {
      throw new IllegalArgumentException(
          "SMA("
              + window
              + "): close at bar "
              + bars
              + " (0-based) is "
              + close
              + "; closes must be finite");
    }
    sum.add(close);
    bars++;
    value = bars >= window ? sum.sum() / window : Double.NaN;
    return value;
  }

  /**
   * The SMA at the last bar taken.
   *
   * @return the last value returned by {@link #update}, {@code NaN} before the n-th bar
   */
  public double value() {
    return value;
  }

  /**
   * The window n.
   *
   * @return the number of closes averaged
   */
  public int window() {
    return window;
  }
}
