package dev.quarry.samples;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Orders;
import dev.quarry.engine.Bar;
import java.util.HashMap;
import java.util.Map;

/**
 * Target-weight rebalancing: every {@code every} bars of a symbol, bring it back to an equal share
 * of {@code weight} × equity ({@link Orders#targetWeight}): with one symbol and weight 0.5, half in
 * the symbol and half in cash; over a universe, weight / N in each, N the symbols seen so far.
 * Between rebalances the weights drift with the prices; each rebalance trades only the difference.
 */
public final class Rebalance extends BarStrategy {
  private static final String NAME = "rebalance";
  private final double weight;
  private final int every;
  private final Map<String, int[]> counts = new HashMap<>();

  /**
   * The strategy.
   *
   * @param weight the share of equity invested across all symbols, in (0, 1]
   * @param every bars of a symbol between its rebalances, at least 1
   */
  public Rebalance(double weight, int every) {
    super(NAME, 1);
    if (!(weight > 0 && weight <= 1) || every < 1) {
      throw new IllegalArgumentException(
          "rebalance needs 0 < weight ≤ 1 and every ≥ 1, got weight=" + weight + " every=" + every);
    }
    this.weight = weight;
    this.every = every;
  }

  /**
   * The strategy from parameters {@code weight} (default 0.5) and {@code every} (default 60).
   *
   * @param params parameter → value; others are refused
   */
  public Rebalance(Map<String, String> params) {
    this(SampleStrategies.resolve(NAME, params), NAME);
  }

  private Rebalance(Map<String, String> p, String name) {
    this(SampleStrategies.number(name, p, "weight"), SampleStrategies.integer(name, p, "every"));
  }

  @Override
  protected void onBar(Bar bar, Orders orders) {
    int[] count = counts.computeIfAbsent(bar.symbol(), s -> new int[1]);
    if (count[0]++ % every == 0) {
      orders.targetWeight(weight / symbols().size());
    }
  }
}
