package dev.quarry.backtest;

import java.util.ArrayDeque;

/** One strategy's position in one symbol: quantity and lots, first in first out. */
final class Position {
  final Market market;
  double quantity;
  final ArrayDeque<Lot> lots = new ArrayDeque<>();

  /** Its active exits, or null. */
  Exits exits;

  Position(Market market) {
    this.market = market;
  }
}
