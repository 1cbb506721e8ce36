package dev.quarry.samples;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Orders;
import dev.quarry.bars.Crossover;
import dev.quarry.bars.Indicators;
import dev.quarry.bars.Sma;
import dev.quarry.engine.Bar;
import java.util.HashMap;
import java.util.Map;

/**
 * SMA crossover, long only: buy when the fast SMA crosses above the slow one, sell everything when
 * it crosses below.
 *
 * <p>Conventions (SPEC §5): SMA(n) at bar i is the mean of the closes of bars i−n+1..i and exists
 * from the n-th bar on ({@link Sma}); the fast SMA crosses above the slow one at bar i when fast(i)
 * &gt; slow(i) and fast(i−1) ≤ slow(i−1), all four defined; crossing below is the mirror image. It
 * buys only when it has not bought yet and sells only what it bought. Each symbol is followed on
 * its own.
 */
public final class SmaCross extends BarStrategy {
  private static final String NAME = "sma-cross";
  private final int fast;
  private final int slow;
  private final Map<String, State> states = new HashMap<>();
  private State last;

  /**
   * A crossover of SMA({@code fast}) and SMA({@code slow}).
   *
   * @param fast the fast window, at least 1
   * @param slow the slow window, greater than {@code fast}
   */
  public SmaCross(int fast, int slow) {
    super(NAME, 1);
    if (fast < 1 || slow <= fast) {
      throw new IllegalArgumentException(
          "sma-cross needs 1 ≤ fast < slow, got fast=" + fast + " slow=" + slow);
    }
    this.fast = fast;
    this.slow = slow;
  }

  /**
   * A crossover from parameters {@code fast} and {@code slow} (defaults 10 and 50), as {@code
   * backtest --strategy sma-cross --param fast=5} and a grid make it.
   *
   * @param params parameter → value; others are refused
   */
  public SmaCross(Map<String, String> params) {
    this(SampleStrategies.resolve(NAME, params), NAME);
  }

  private SmaCross(Map<String, String> p, String name) {
    this(SampleStrategies.integer(name, p, "fast"), SampleStrategies.integer(name, p, "slow"));
  }

  /** {@inheritDoc} Here: SMA(slow) of the bar before the first crossing, and that bar. */
  @Override
  public int warmUp() {
    return slow + 1;
  }

  @Override
  protected void onBar(Bar bar, Orders orders) {
    State s = last;
    if (s == null || !s.symbol.equals(bar.symbol())) {
      s = states.computeIfAbsent(bar.symbol(), State::new);
      last = s;
    }
    int cross = s.crossover.update(bar.close());
    if (cross == Indicators.CROSS_UP && !s.holding) {
      orders.buy();
      s.holding = true;
    } else if (cross == Indicators.CROSS_DOWN && s.holding) {
      orders.sell();
      s.holding = false;
    }
  }

  /** One symbol's SMAs and whether the strategy holds it. */
  private final class State {
    final String symbol;
    final Crossover crossover = new Crossover(fast, slow);
    boolean holding;

    State(String symbol) {
      this.symbol = symbol;
    }
  }
}
