package dev.quarry.backtest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A strategy's positions, funded by its ledger. */
final class Account {
  final String strategy;
  final Ledger ledger;
  final Map<String, Position> positions = new LinkedHashMap<>();
  Position[] list = new Position[0];

  /** Its orders waiting to fill, by their number within the strategy. */
  final Map<Long, PendingOrder> pending = new HashMap<>();

  Account(String strategy, Ledger ledger) {
    this.strategy = strategy;
    this.ledger = ledger;
  }

  Position position(Market market) {
    Position p = positions.get(market.symbol);
    if (p == null) {
      p = new Position(market);
      positions.put(market.symbol, p);
      list = positions.values().toArray(Position[]::new);
    }
    return p;
  }
}
