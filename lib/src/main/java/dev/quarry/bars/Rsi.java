package dev.quarry.bars;

/**
 * Streaming Wilder RSI(n), SPEC section 5.
 *
 * <p>Convention, with bars numbered from 0:
 *
 * <ol>
 *   <li>change(i) = close(i) − close(i−1), from bar 1 on; gain(i) = max(change(i), 0), loss(i) =
 *       max(−change(i), 0).
 *   <li>At bar n (after n changes) the first averages are the simple means of the first n gains and
 *       losses: {@code avgGain = fsum(gain(1..n)) / n}, the exact sum correctly rounded as in
 *       {@link WindowSum}, then divided by n; the same for {@code avgLoss}.
 *   <li>From bar n+1 on, Wilder's smoothing, evaluated in double exactly as written: {@code avg =
 *       (prev * (n - 1) + current) / n}.
 *   <li>{@code RSI = 100 - 100 / (1 + avgGain / avgLoss)}; when {@code avgLoss == 0}, RSI is 100 if
 *       {@code avgGain > 0}, else 50 (a flat series).
 *   <li>Bars 0..n−1 give {@code NaN}.
 * </ol>
 *
 * <p>Each {@link #update} is O(1) and allocation-free. Not thread-safe.
 */
public final class Rsi {
  private final int window;
  // Exact sums of the first n gains and losses; not used after bar n.
  private final WindowSum gainSum;
  private final WindowSum lossSum;
  private long bars;
  private double previousClose;
  private double avgGain;
  private double avgLoss;
  private double value = Double.NaN;

  /**
   * Creates an RSI with no bars yet.
   *
   * @param window n, the number of changes averaged, at least 1
   * @throws IllegalArgumentException if {@code window < 1}
   */
  public Rsi(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("RSI window must be at least 1, got " + window);
    }
    this.window = window;
    this.gainSum = new WindowSum(window);
    this.lossSum = new WindowSum(window);
  }

  /**
   * Takes the next bar's close.
   *
   * @param close the close, finite
   * @return the RSI at this bar, in [0, 100], or {@code NaN} before bar n (0-based)
   * @throws IllegalArgumentException if {@code close} is NaN or infinite (the message gives the
   *     bar, 0-based); the RSI is left unchanged
   * @throws ArithmeticException if a change overflows the double range
   */
  public double update(double close) {
    if (!Double.isFinite(close)) {
      throw new IllegalArgumentException(
          "RSI("
              + window
              + "): close at bar "
              + bars
              + " (0-based) is "
              + close
              + "; closes must be finite");
    }
    if (bars > 0) {
      double change = close - previousClose;
      if (!Double.isFinite(change)) {
        throw new ArithmeticException(
            "RSI("
                + window
                + "): change at bar "
                + bars
                + " (0-based), "
                + close
                + " - "
                + previousClose
                + ", overflows the double range");
      }
      double gain = change > 0 ? change : 0.0;
      double loss = change < 0 ? -change : 0.0;
      if (bars < window) {
        gainSum.add(gain);
        lossSum.add(loss);
      } else if (bars == window) {
        gainSum.add(gain);
        lossSum.add(loss);
        avgGain = gainSum.sum() / window;
        avgLoss = lossSum.sum() / window;
        value = rsi(avgGain, avgLoss);
      } else {
        avgGain = (avgGain * (window - 1) + gain) / window;
        avgLoss = (avgLoss * (window - 1) + loss) / window;
        value = rsi(avgGain, avgLoss);
      }
    }
    previousClose = close;
    bars++;
    return value;
  }

  /**
   * The RSI at the last bar taken.
   *
   * @return the last value returned by {@link #update}, {@code NaN} before bar n
   */
  public double value() {
    return value;
  }

  /**
   * The window n.
   *
   * @return the number of changes averaged
   */
  public int window() {
    return window;
  }

  private static double rsi(double avgGain, double avgLoss) {
    if (avgLoss == 0) {
      return avgGain > 0 ? 100 : 50;
    }
    return 100 - 100 / (1 + avgGain / avgLoss);
  }
}
