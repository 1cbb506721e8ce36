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
 * SMA crossover: with {@code direction=long} (the default) buy when the fast SMA crosses above the
 * slow one and sell everything when it crosses below; with {@code short} sell short (a target
 * weight of −1, a short worth the equity) when it crosses below and cover when it crosses above;
 * with {@code both} hold a long (target weight 1) from a cross above and a short (−1) from a cross
 * below.
 *
 * <p>Conventions (SPEC §5): SMA(n) at bar i is the mean of the closes of bars i−n+1..i and exists
 * from the n-th bar on ({@link Sma}); the fast SMA crosses above the slow one at bar i when fast(i)
 * &gt; slow(i) and fast(i−1) ≤ slow(i−1), all four defined; crossing below is the mirror image. It
 * enters only when it is not in position on that side and exits only what it entered. Each symbol
 * is followed on its own.
 */
public final class SmaCross extends BarStrategy {
  private static final String NAME = "sma-cross";
  private final int fast;
  private final int slow;
  private final Direction direction;
  private final Map<String, State> states = new HashMap<>();
  private State last;

  /** Which side the strategy trades. */
  public enum Direction {
    /** Long positions only. */
    LONG,
    /** Short positions only. */
    SHORT,
    /** Long after a cross above, short after a cross below. */
    BOTH;

    static Direction parse(String text) {
      for (Direction d : values()) {
        if (d.name().equalsIgnoreCase(text.trim())) {
          return d;
        }
      }
      throw new IllegalArgumentException(
          "parameter direction=" + text + " of sma-cross is not long, short or both");
    }
  }

  /**
   * A long-only crossover of SMA({@code fast}) and SMA({@code slow}).
   *
   * @param fast the fast window, at least 1
   * @param slow the slow window, greater than {@code fast}
   */
  public SmaCross(int fast, int slow) {
    this(fast, slow, Direction.LONG);
  }

  /**
   * A crossover of SMA({@code fast}) and SMA({@code slow}) trading one side or both.
   *
   * @param fast the fast window, at least 1
   * @param slow the slow window, greater than {@code fast}
   * @param direction long, short or both
   */
  public SmaCross(int fast, int slow, Direction direction) {
    super(NAME, 1);
    if (fast < 1 || slow <= fast) {
      throw new IllegalArgumentException(
          "sma-cross needs 1 ≤ fast < slow, got fast=" + fast + " slow=" + slow);
    }
    this.fast = fast;
    this.slow = slow;
    this.direction = java.util.Objects.requireNonNull(direction, "direction");
  }

  /**
   * A crossover from parameters {@code fast}, {@code slow} and {@code direction} (defaults 10, 50
   * and long), as {@code backtest --strategy sma-cross --param fast=5} and a grid make it.
   *
   * @param params parameter → value; others are refused
   */
  public SmaCross(Map<String, String> params) {
    this(SampleStrategies.resolve(NAME, params), NAME);
  }

  private SmaCross(Map<String, String> p, String name) {
    this(
        SampleStrategies.integer(name, p, "fast"),
        SampleStrategies.integer(name, p, "slow"),
        Direction.parse(p.get("direction")));
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
    if (cross == 0) {
      return;
    }
    boolean up = cross == Indicators.CROSS_UP;
    switch (direction) {
      case LONG -> {
        if (up && s.side == 0) {
          orders.buy();
          s.side = 1;
        } else if (!up && s.side == 1) {
          orders.sell();
          s.side = 0;
        }
      }
      case SHORT -> {
        if (!up && s.side == 0) {
          orders.targetWeight(-1);
          s.side = -1;
        } else if (up && s.side == -1) {
          orders.close();
          s.side = 0;
        }
      }
      case BOTH -> {
        int side = up ? 1 : -1;
        if (s.side != side) {
          orders.targetWeight(side);
          s.side = side;
        }
      }
    }
  }

  /** One symbol's SMAs and the side the strategy holds it on: 1 long, −1 short, 0 flat. */
  private final class State {
    final String symbol;
    final Crossover crossover = new Crossover(fast, slow);
    int side;

    State(String symbol) {
      this.symbol = symbol;
    }
  }
}
