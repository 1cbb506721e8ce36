package dev.quarry.indicators;

/**
 * Keltner channel: an EMA of the close with bands a multiple of the ATR away.
 *
 * <ul>
 *   <li>middle (output 1) = EMA(n) of the close, seeded as TA-Lib's {@code TA_EMA}: at bar n − 1
 *       the mean of closes 0..n−1, then EMA = (close − EMA(i−1)) × k + EMA(i−1) with k = 2 / (n +
 *       1);
 *   <li>upper (output 0) = middle + m × ATR(n), lower (output 2) = middle − m × ATR(n), with ATR as
 *       TA-Lib's {@code TA_ATR} ({@link Atr}).
 * </ul>
 *
 * <p>The ATR is defined from bar n, one bar after the EMA, so all three outputs start at bar n
 * (lookback n) and are {@code NaN} before.
 *
 * <pre>{@code
 * Keltner channel = new Keltner(20, 2); // EMA(20) ± 2 × ATR(20)
 * channel.update(bar);
 * double upper = channel.value(0), middle = channel.value(1), lower = channel.value(2);
 * }</pre>
 */
public final class Keltner implements Indicator {
  private static final String[] OUTPUTS = {"upper", "middle", "lower"};

  private final int period;
  private final double multiplier;
  private final double k;
  private final Atr atr;
  private long bars;
  private double ema;
  private double upper = Double.NaN;
  private double middle = Double.NaN;
  private double lower = Double.NaN;

  /**
   * A channel with no bars yet.
   *
   * @param period n, the EMA and ATR period, in 2..100000 (TA-Lib's {@code TA_EMA} range)
   * @param multiplier m, the bands' distance in ATRs; finite, ≥ 0
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public Keltner(int period, double multiplier) {
    this.period = ParameterChecks.period("Keltner", "period", period, 2);
    this.multiplier = ParameterChecks.nonNegative("Keltner", "multiplier", multiplier);
    this.k = 2.0 / (period + 1);
    this.atr = new Atr(period);
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    double range = atr.update(high, low, close);
    if (index < period) {
      ema += close;
      if (index == period - 1) {
        ema /= period;
      }
    } else {
      ema = ((close - ema) * k) + ema;
    }
    if (!Double.isNaN(range)) {
      double width = multiplier * range;
      middle = ema;
      upper = ema + width;
      lower = ema - width;
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
   * @return the value, {@code NaN} for bars 0..n−1
   * @throws IndexOutOfBoundsException for another output
   */
  @Override
  public double value(int output) {
    return switch (output) {
      case 0 -> upper;
      case 1 -> middle;
      case 2 -> lower;
      default -> throw ParameterChecks.noSuchOutput("Keltner", OUTPUTS, output);
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

  /**
   * The band multiplier m.
   *
   * @return m
   */
  public double multiplier() {
    return multiplier;
  }
}
