package dev.quarry.backtest;

import dev.quarry.engine.Distance;
import dev.quarry.indicators.Atr;
import java.util.ArrayList;
import java.util.List;

/**
 * A symbol's market: its last price, its ATR(14) for exits given in ATR multiples, the orders
 * waiting on it (every strategy's, by id) and the positions' active exits.
 */
final class Market {
  final String symbol;
  double price;
  final List<PendingOrder> resting = new ArrayList<>();
  final List<Exits> exits = new ArrayList<>();
  final Atr atr = new Atr(Distance.ATR_PERIOD);

  Market(String symbol) {
    this.symbol = symbol;
  }
}
