package dev.quarry.samples;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Orders;
import dev.quarry.bars.Rsi;
import dev.quarry.engine.Bar;
import java.util.HashMap;
import java.util.Map;

/**
 * RSI mean reversion, long only: buy when Wilder's RSI({@code period}) closes below {@code lower}
 * (oversold), sell everything when it closes above {@code upper} (overbought). Each symbol is
 * followed on its own; see {@link Rsi} for the RSI's exact definition.
 */
public final class RsiReversion extends BarStrategy {
  private static final String NAME = "rsi-reversion";
  private final int period;
  private final double lower;
  private final double upper;
  private final Map<String, State> states = new HashMap<>();

  /**
   * The strategy.
   *
   * @param period the RSI period, at least 1
   * @param lower buy below this RSI, in (0, 100)
   * @param upper sell above this RSI, in (lower, 100)
   */
  public RsiReversion(int period, double lower, double upper) {
    super(NAME, 1);
    if (period < 1 || !(lower > 0 && lower < upper && upper < 100)) {
      throw new IllegalArgumentException(
          "rsi-reversion needs period ≥ 1 and 0 < lower < upper < 100, got period="
              + period
              + " lower="
              + lower
              + " upper="
              + upper);
    }
    this.period = period;
    this.lower = lower;
    this.upper = upper;
  }

  /**
   * The strategy from parameters {@code period}, {@code lower} and {@code upper} (defaults 14, 30
   * and 70).
   *
   * @param params parameter → value; others are refused
   */
  public RsiReversion(Map<String, String> params) {
    this(SampleStrategies.resolve(NAME, params), NAME);
  }

  private RsiReversion(Map<String, String> p, String name) {
    this(
        SampleStrategies.integer(name, p, "period"),
        SampleStrategies.number(name, p, "lower"),
        SampleStrategies.number(name, p, "upper"));
  }

  /** {@inheritDoc} Here: RSI(period) on the bar before the first crossing, and that bar. */
  @Override
  public int warmUp() {
    return period + 1;
  }

  @Override
  protected void onBar(Bar bar, Orders orders) {
    State s = states.computeIfAbsent(bar.symbol(), k -> new State(new Rsi(period)));
    double rsi = s.rsi.update(bar.close());
    if (Double.isNaN(rsi)) {
      return;
    }
    if (!s.holding && rsi < lower) {
      orders.buy();
      s.holding = true;
    } else if (s.holding && rsi > upper) {
      orders.sell();
      s.holding = false;
    }
  }

  /** One symbol's RSI and whether the strategy holds it. */
  private static final class State {
    final Rsi rsi;
    boolean holding;

    State(Rsi rsi) {
      this.rsi = rsi;
    }
  }
}
