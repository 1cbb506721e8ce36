package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Side;

/**
 * The fill rules of SPEC §11 on one bar with open O, high H and low L, before slippage. Each
 * returns the fill price, or {@code NaN} when the bar does not reach the order.
 *
 * <ul>
 *   <li>buy limit P: O ≤ P → O; else L ≤ P → P. Sell limit P: O ≥ P → O; else H ≥ P → P;
 *   <li>buy stop P: O ≥ P → O; else H ≥ P → P. Sell stop P: O ≤ P → O; else L ≤ P → P.
 * </ul>
 */
final class FillRules {
  private FillRules() {}

  /** Where a limit order at {@code limit} fills on the bar, or NaN. */
  static double limit(Side side, double limit, Bar bar) {
    if (side == Side.BUY) {
      return bar.open() <= limit ? bar.open() : bar.low() <= limit ? limit : Double.NaN;
    }
    return bar.open() >= limit ? bar.open() : bar.high() >= limit ? limit : Double.NaN;
  }

  /** Where a stop order at {@code stop} fills on the bar (a gap through it fills at O), or NaN. */
  static double stop(Side side, double stop, Bar bar) {
    if (stopAtOpen(side, stop, bar)) {
      return bar.open();
    }
    if (side == Side.BUY) {
      return bar.high() >= stop ? stop : Double.NaN;
    }
    return bar.low() <= stop ? stop : Double.NaN;
  }

  /** Whether the bar opens at or through the stop. */
  static boolean stopAtOpen(Side side, double stop, Bar bar) {
    return side == Side.BUY ? bar.open() >= stop : bar.open() <= stop;
  }
}
