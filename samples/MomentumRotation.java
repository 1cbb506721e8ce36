package dev.quarry.samples;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.History;
import dev.quarry.backtest.Orders;
import dev.quarry.engine.Bar;
import java.util.List;
import java.util.Map;

/**
 * A multi-symbol example: hold the one symbol with the best momentum (the return over the last
 * {@code lookback} bars, close(0) / close(lookback) − 1), if it is positive; otherwise hold
 * nothing. On each bar it looks at every symbol's history so far (never ahead): it sells the bar's
 * symbol if it holds it and it is no longer the best, and buys it if it is the best and nothing is
 * held. So a switch sells on the old symbol's next bar and buys on the new one's bar after that.
 */
public final class MomentumRotation extends BarStrategy {
  private static final String NAME = "momentum-rotation";
  private final int lookback;
  private String held;

  /**
   * The strategy.
   *
   * @param lookback bars over which momentum is measured, at least 1
   */
  public MomentumRotation(int lookback) {
    super(NAME, lookback + 1);
    if (lookback < 1) {
      throw new IllegalArgumentException("momentum-rotation needs lookback ≥ 1, got " + lookback);
    }
    this.lookback = lookback;
  }

  /**
   * The strategy from parameter {@code lookback} (default 60).
   *
   * @param params parameter → value; others are refused
   */
  public MomentumRotation(Map<String, String> params) {
    this(SampleStrategies.integer(NAME, SampleStrategies.resolve(NAME, params), "lookback"));
  }

  /** {@inheritDoc} Here: the close {@code lookback} bars back, and the current one. */
  @Override
  public int warmUp() {
    return lookback + 1;
  }

  @Override
  protected void onBar(Bar bar, Orders orders) {
    String best = best(symbols());
    if (bar.symbol().equals(held) && !bar.symbol().equals(best)) {
      orders.sell();
      held = null;
    } else if (held == null && bar.symbol().equals(best)) {
      orders.buy();
      held = bar.symbol();
    }
  }

  private String best(List<String> symbols) {
    String best = null;
    double bestMomentum = 0;
    for (String symbol : symbols) {
      History h = history(symbol);
      if (h.size() > lookback) {
        double momentum = h.close(0) / h.close(lookback) - 1;
        if (momentum > bestMomentum) {
          best = symbol;
          bestMomentum = momentum;
        }
      }
    }
    return best;
  }
}
