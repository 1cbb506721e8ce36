package dev.quarry.backtest;

/** Part of a position opened in one fill: bought (long) or sold short. */
final class Lot {
  final long time;
  final double price;
  final boolean isShort;
  double quantity;

  /** Its part of the entry fee, plus the borrow fees of a short lot so far. */
  double fee;

  Lot(long time, double quantity, double price, double fee, boolean isShort) {
    this.time = time;
    this.quantity = quantity;
    this.price = price;
    this.fee = fee;
    this.isShort = isShort;
  }

  /** Its pnl marked at {@code mark}, net of its fees. */
  double pnl(double mark) {
    return (isShort ? price - mark : mark - price) * quantity - fee;
  }
}
