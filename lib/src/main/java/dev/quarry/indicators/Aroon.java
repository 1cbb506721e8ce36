package dev.quarry.indicators;

/**
 * Aroon up, down and oscillator: TA-Lib's {@code TA_AROON} (outputs 0 {@code up} and 1 {@code
 * down}) and {@code TA_AROONOSC} (output 2 {@code osc}).
 *
 * <p>At bar i ≥ n, over the n + 1 bars i−n..i (the current bar included), with h the index of the
 * highest high and l the index of the lowest low, the most recent one when several bars tie
 * (TA-Lib's rule):
 *
 * <ul>
 *   <li>up = (100 / n) × (n − (i − h));
 *   <li>down = (100 / n) × (n − (i − l));
 *   <li>osc = (100 / n) × (h − l), i.e. up − down.
 * </ul>
 *
 * <p>Bars 0..n−1 give {@code NaN} (lookback n).
 *
 * <pre>{@code
 * Aroon aroon = new Aroon(25);
 * aroon.update(bar);
 * double up = aroon.value(0), down = aroon.value(1), osc = aroon.value(2);
 * }</pre>
 */
public final class Aroon implements Indicator {
  private static final String[] OUTPUTS = {"up", "down", "osc"};

  private final int period;
  private final double factor;
  private final RollingExtreme highest;
  private final RollingExtreme lowest;
  private long bars;
  private double up = Double.NaN;
  private double down = Double.NaN;
  private double osc = Double.NaN;

  /**
   * An Aroon with no bars yet.
   *
   * @param period n, in 2..100000 (TA-Lib's range)
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Aroon(int period) {
    this.period = ParameterChecks.period("Aroon", "period", period, 2);
    this.factor = 100.0 / period;
    this.highest = new RollingExtreme(period + 1, true);
    this.lowest = new RollingExtreme(period + 1, false);
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    highest.add(index, high);
    lowest.add(index, low);
    if (index >= period) {
      long highIndex = highest.index();
      long lowIndex = lowest.index();
      up = factor * (period - (index - highIndex));
      down = factor * (period - (index - lowIndex));
      osc = factor * (highIndex - lowIndex);
    }
    return up;
  }

  @Override
  public double value() {
    return up;
  }

  /**
   * An output at the last bar taken: 0 up, 1 down, 2 oscillator.
   *
   * @param output 0, 1 or 2
   * @return the value, {@code NaN} for bars 0..n−1
   * @throws IndexOutOfBoundsException for another output
   */
  @Override
  public double value(int output) {
    return switch (output) {
      case 0 -> up;
      case 1 -> down;
      case 2 -> osc;
      default -> throw ParameterChecks.noSuchOutput("Aroon", OUTPUTS, output);
    };
  }

  /**
   * The output names {@code up, down, osc}.
   *
   * @return the names
   */
  @Override
  public String[] outputNames() {
    return OUTPUTS.clone();
  }

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
