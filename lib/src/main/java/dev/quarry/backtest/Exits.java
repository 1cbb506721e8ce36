package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Bracket;
import dev.quarry.engine.Distance;

/**
 * The active exits of one position (SPEC §11): a stop-loss and a take-profit at fixed levels from
 * the entry price, and a trailing stop that follows the best price, one-cancels-other. Each leg is
 * a {@link PendingOrder} so that it is listed in the orders table.
 *
 * <p>On a bar with open O, high H and low L, for a long (a short is the mirror image): the stop is
 * the higher of the stop-loss and the trailing level (the stop-loss on a tie), where the trailing
 * level for the bar is the best high through the previous bar (from the entry price) minus its
 * distance; then
 *
 * <ol>
 *   <li>O ≤ stop: the stop fills at O (a gap through it); else O ≥ target: the take-profit fills at
 *       O;
 *   <li>else L ≤ stop and H ≥ target: the stop fills at its level (the pessimistic rule; counted);
 *   <li>else L ≤ stop: the stop fills at its level; H ≥ target: the take-profit at its level;
 *   <li>otherwise none fills, and the best price takes H.
 * </ol>
 */
final class Exits {
  final Position position;
  final boolean isLong;
  final PendingOrder stopLoss;
  final PendingOrder takeProfit;
  final PendingOrder trailingStop;
  private final Distance trail;
  private final double atr;
  private double best;

  /** The leg that the last {@link #price} call filled. */
  PendingOrder filled;

  /** Whether the last fill was decided by the pessimistic rule. */
  boolean pessimistic;

  /**
   * Exits for a position entered at {@code entry}; {@code legs} makes the leg orders from their
   * role and level.
   */
  Exits(
      Position position,
      boolean isLong,
      Bracket bracket,
      double entry,
      double atr,
      LegFactory legs) {
    this.position = position;
    this.isLong = isLong;
    this.atr = atr;
    this.best = entry;
    this.trail = bracket.trailingStop();
    double sign = isLong ? -1 : 1;
    this.stopLoss =
        bracket.stopLoss() == null
            ? null
            : legs.leg("stop-loss", entry + sign * bracket.stopLoss().from(entry, atr));
    this.takeProfit =
        bracket.takeProfit() == null
            ? null
            : legs.leg("take-profit", entry - sign * bracket.takeProfit().from(entry, atr));
    this.trailingStop = trail == null ? null : legs.leg("trailing-stop", trailLevel());
  }

  /** Makes a leg order. */
  interface LegFactory {
    PendingOrder leg(String role, double level);
  }

  private double trailLevel() {
    double distance = trail.from(best, atr);
    return isLong ? best - distance : best + distance;
  }

  /**
   * Where an exit fills on the bar before slippage, or NaN; sets {@link #filled} and {@link
   * #pessimistic}. Without a fill, the best price moves with the bar.
   */
  double price(Bar bar) {
    filled = null;
    pessimistic = false;
    PendingOrder stop = stopLoss;
    double level = stop == null ? Double.NaN : stop.stop;
    if (trailingStop != null) {
      trailingStop.stop = trailLevel();
      if (stop == null || (isLong ? trailingStop.stop > level : trailingStop.stop < level)) {
        stop = trailingStop;
        level = trailingStop.stop;
      }
    }
    double target = takeProfit == null ? Double.NaN : takeProfit.limit;
    double open = bar.open();
    if (stop != null && (isLong ? open <= level : open >= level)) {
      filled = stop;
      return open;
    }
    if (takeProfit != null && (isLong ? open >= target : open <= target)) {
      filled = takeProfit;
      return open;
    }
    boolean stopHit = stop != null && (isLong ? bar.low() <= level : bar.high() >= level);
    boolean targetHit = takeProfit != null && (isLong ? bar.high() >= target : bar.low() <= target);
    if (stopHit) {
      filled = stop;
      pessimistic = targetHit;
      return level;
    }
    if (targetHit) {
      filled = takeProfit;
      return target;
    }
    best = isLong ? Math.max(best, bar.high()) : Math.min(best, bar.low());
    return Double.NaN;
  }

  /** The legs, in the order stop-loss, take-profit, trailing stop, without the missing ones. */
  PendingOrder[] legs() {
    int n =
        (stopLoss != null ? 1 : 0) + (takeProfit != null ? 1 : 0) + (trailingStop != null ? 1 : 0);
    PendingOrder[] legs = new PendingOrder[n];
    int i = 0;
    for (PendingOrder leg : new PendingOrder[] {stopLoss, takeProfit, trailingStop}) {
      if (leg != null) {
        legs[i++] = leg;
      }
    }
    return legs;
  }
}
