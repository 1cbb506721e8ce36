package dev.quarry.indicators;

/**
 * Donchian channel: at bar i ≥ n − 1, over the n bars i−n+1..i (the current bar included),
 *
 * <ul>
 *   <li>upper (output 0) = the highest high, TA-Lib's {@code TA_MAX} of the highs;
 *   <li>middle (output 1) = (upper + lower) / 2;
 *   <li>lower (output 2) = the lowest low, TA-Lib's {@code TA_MIN} of the lows.
 * </ul>
 *
 * <p>Bars 0..n−2 give {@code NaN} (lookback n − 1). The extremes come from monotonic deques, O(1)
 * amortised per bar. Note that a breakout rule comparing the close with the upper band must use the
 * previous bar's band: this one includes the current bar, so the close never exceeds it.
 *
 * <pre>{@code
 * Donchian channel = new Donchian(20);
 * channel.update(bar);
 * double upper = channel.value(0), middle = channel.value(1), lower = channel.value(2);
 * }</pre>
 */
public final class Donchian implements Indicator {
  private static final String[] OUTPUTS = {"upper", "middle", "lower"};

  private final int period;
  private final RollingExtreme highest;
  private final RollingExtreme lowest;
  private long bars;
  private double upper = Double.NaN;
  private double middle = Double.NaN;
  private double lower = Double.NaN;

  /**
   * A channel with no bars yet.
   *
   * @param period n, in 1..100000 (TA-Lib's {@code TA_MAX} accepts 2..100000; with 1 the channel is
   *     the bar's own high and low)
   * @throws IllegalArgumentException if {@code period} is outside 1..100000
   */
  public Donchian(int period) {
    this.period = ParameterChecks.period("Donchian", "period", period, 1);
    this.highest = new RollingExtreme(period, true);
    this.lowest = new RollingExtreme(period, false);
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    highest.add(index, high);
    lowest.add(index, low);
    if (index >= period - 1) {
      upper = highest.value();
      lower = lowest.value();
      middle = (upper + lower) / 2;
    }
    return upper;
  }

  @Override
  public double value() {
    return upper;
  }

  /**
   * An output at the last bar taken: 0 upper, 1 middle, 2 lower.
   *
   * @param output 0, 1 or 2
   * @return the value, {@code NaN} for bars 0..n−2
   * @throws IndexOutOfBoundsException for another output
   */
  @Override
  public double value(int output) {
    return switch (output) {
      case 0 -> upper;
      case 1 -> middle;
      case 2 -> lower;
      default -> throw ParameterChecks.noSuchOutput("Donchian", OUTPUTS, output);
    };
  }

  /**
   * The output names {@code upper, middle, lower}.
   *
   * @return the names
   */
  @Override
  public String[] outputNames() {
    return OUTPUTS.clone();
  }

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
}
