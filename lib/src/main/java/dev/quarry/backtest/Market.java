package dev.quarry.backtest;

import dev.quarry.engine.Distance;
import dev.quarry.indicators.Atr;
import java.util.ArrayList;
import java.util.List;

/**
 * A symbol's market: its last price, its first and last close, its ATR(14) for exits given in ATR
 * multiples, the orders waiting on it (every strategy's, by id) and the positions' active exits.
 */
final class Market {
  final String symbol;
  double price;

  /** The close of its first bar (NaN before it) and of its last, for buy and hold. */
  double firstClose = Double.NaN;

  double lastClose = Double.NaN;
  final List<PendingOrder> resting = new ArrayList<>();
  final List<Exits> exits = new ArrayList<>();
  final Atr atr = new Atr(Distance.ATR_PERIOD);

  Market(String symbol) {
    this.symbol = symbol;
  }
}
