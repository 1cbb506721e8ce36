package dev.quarry.repo.model;

import java.time.Instant;

/**
 * A trade of a strategy as seed 003 stores it.
 *
 * @param id assigned by the repository
 * @param strategyId the strategy's id
 * @param symbol e.g. {@code BTC}
 * @param side {@code buy} or {@code sell}
 * @param quantity positive
 * @param entryPrice positive
 * @param exitPrice the exit price once closed, else null
 * @param status {@code open} or {@code closed}
 * @param pnl the profit once closed, else null
 * @param openedAt when it was opened
 * @param closedAt when it was closed, else null
 * @param createdAt set by the repository
 * @param updatedAt set by the repository
 */
public record Trade(
    long id,
    long strategyId,
    String symbol,
    String side,
    double quantity,
    double entryPrice,
    Double exitPrice,
    String status,
    Double pnl,
    Instant openedAt,
    Instant closedAt,
    Instant createdAt,
    Instant updatedAt) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public Trade {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("a trade needs a symbol");
    }
    if (!"buy".equals(side) && !"sell".equals(side)) {
      throw new IllegalArgumentException(
          "trade of " + symbol + ": side must be buy or sell, got " + side);
    }
    if (!(quantity > 0) || !(entryPrice > 0)) {
      throw new IllegalArgumentException(
          "trade of "
              + symbol
              + ": quantity and entry price must be positive, got "
              + quantity
              + " and "
              + entryPrice);
    }
    if (!"open".equals(status) && !"closed".equals(status)) {
      throw new IllegalArgumentException(
          "trade of " + symbol + ": status must be open or closed, got " + status);
    }
    if ("closed".equals(status) && exitPrice == null) {
      throw new IllegalArgumentException("a closed trade of " + symbol + " needs an exit price");
    }
  }

  /**
   * An open trade, before the repository assigns its id and times.
   *
   * @param strategyId the strategy
   * @param symbol the symbol
   * @param side buy or sell
   * @param quantity the quantity
   * @param entryPrice the entry price
   * @param openedAt when
   * @return the trade
   */
  public static Trade open(
      long strategyId,
      String symbol,
      String side,
      double quantity,
      double entryPrice,
      Instant openedAt) {
    return new Trade(
        0,
        strategyId,
        symbol,
        side,
        quantity,
        entryPrice,
        null,
        "open",
        null,
        openedAt,
        null,
        null,
        null);
  }

  /**
   * The trade closed at a price: pnl = (exit − entry) × quantity for a buy, the mirror for a sell.
   *
   * @param exit the exit price, positive
   * @param at when
   * @return the closed trade
   * @throws IllegalStateException if it is closed already
   */
  public Trade close(double exit, Instant at) {
    if ("closed".equals(status)) {
      throw new IllegalStateException("trade " + id + " of " + symbol + " is closed already");
    }
    if (!(exit > 0)) {
      throw new IllegalArgumentException("exit price must be positive, got " + exit);
    }
    double profit = (exit - entryPrice) * quantity * ("buy".equals(side) ? 1 : -1);
    return new Trade(
        id,
        strategyId,
        symbol,
        side,
        quantity,
        entryPrice,
        exit,
        "closed",
        profit,
        openedAt,
        at,
        createdAt,
        updatedAt);
  }
}
