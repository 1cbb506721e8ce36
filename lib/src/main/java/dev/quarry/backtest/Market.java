package dev.quarry.backtest;

import java.util.ArrayList;
import java.util.List;

/** A symbol's market: its last price and the orders waiting on it, every strategy's, by id. */
final class Market {
  final String symbol;
  double price;
  final List<PendingOrder> resting = new ArrayList<>();

  Market(String symbol) {
    this.symbol = symbol;
  }
}
