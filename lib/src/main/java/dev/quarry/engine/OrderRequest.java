package dev.quarry.engine;

/**
 * An order a strategy asks for, on the symbol of the bar it is handling.
 *
 * @param side buy or sell
 * @param type market or limit
 * @param quantity a positive quantity; or {@code NaN}: a buy is sized by the executor's sizing rule
 *     at fill time, a sell sells the whole position
 * @param limitPrice the limit price of a limit order, {@code NaN} for a market order
 */
public record OrderRequest(Side side, OrderType type, double quantity, double limitPrice) {
  /**
   * Checks the request.
   *
   * @throws IllegalArgumentException if the quantity is not positive or NaN, or the limit price
   *     does not fit the type
   */
  public OrderRequest {
    if (side == null || type == null) {
      throw new IllegalArgumentException("an order needs a side and a type");
    }
    if (!Double.isNaN(quantity) && !(quantity > 0 && Double.isFinite(quantity))) {
      throw new IllegalArgumentException(
          "order quantity must be positive and finite (or NaN for the default size), got "
              + quantity);
    }
    if (type == OrderType.LIMIT && !(limitPrice > 0 && Double.isFinite(limitPrice))) {
      throw new IllegalArgumentException(
          "a limit order needs a positive, finite limit price, got " + limitPrice);
    }
    if (type == OrderType.MARKET && !Double.isNaN(limitPrice)) {
      throw new IllegalArgumentException(
          "a market order has no limit price (got " + limitPrice + "); use a limit order");
    }
  }

  /**
   * Whether the executor chooses the quantity (sizing rule for a buy, whole position for a sell).
   *
   * @return true if the quantity is {@code NaN}
   */
  public boolean defaultQuantity() {
    return Double.isNaN(quantity);
  }
}
