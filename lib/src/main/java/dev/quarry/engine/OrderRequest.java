package dev.quarry.engine;

/**
 * An order a strategy asks for, on the symbol of the bar it is handling.
 *
 * @param side buy or sell
 * @param type market, limit, stop or stop-limit
 * @param quantity a positive quantity; or {@code NaN}: a buy is sized by the executor's sizing rule
 *     at fill time, a sell sells the whole position
 * @param limitPrice the limit price of a limit or stop-limit order, {@code NaN} otherwise
 * @param stopPrice the stop price of a stop or stop-limit order, {@code NaN} otherwise
 * @param expireAfter the number of bars it may be evaluated on before it expires; 0 for good until
 *     cancelled
 * @param ref its number within the strategy, from 1, for {@link OrderChange}s; 0 if it has none
 */
public record OrderRequest(
    Side side,
    OrderType type,
    double quantity,
    double limitPrice,
    double stopPrice,
    int expireAfter,
    long ref) {
  /**
   * Checks the request.
   *
   * @throws IllegalArgumentException if the quantity is not positive or NaN, the prices do not fit
   *     the type, or the expiry or ref is negative
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
    checkPrice(type, "limit", type.hasLimit(), limitPrice);
    checkPrice(type, "stop", type.hasStop(), stopPrice);
    if (expireAfter < 0) {
      throw new IllegalArgumentException(
          "an order expires after a positive number of bars (0: never), got " + expireAfter);
    }
    if (ref < 0) {
      throw new IllegalArgumentException("an order's number is positive (0: none), got " + ref);
    }
  }

  /**
   * A good-until-cancelled market or limit order without a number.
   *
   * @param side buy or sell
   * @param type market or limit
   * @param quantity positive, or {@code NaN} for the default size
   * @param limitPrice the limit price of a limit order, {@code NaN} for a market order
   */
  public OrderRequest(Side side, OrderType type, double quantity, double limitPrice) {
    this(side, type, quantity, limitPrice, Double.NaN, 0, 0);
  }

  private static void checkPrice(OrderType type, String name, boolean needed, double price) {
    if (needed && !(price > 0 && Double.isFinite(price))) {
      throw new IllegalArgumentException(
          "a " + type.label() + " order needs a positive, finite " + name + " price, got " + price);
    }
    if (!needed && !Double.isNaN(price)) {
      throw new IllegalArgumentException(
          "a " + type.label() + " order has no " + name + " price (got " + price + ")");
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

  /**
   * A copy that expires after this many bars.
   *
   * @param bars positive, or 0 for good until cancelled
   * @return the copy
   */
  public OrderRequest withExpireAfter(int bars) {
    return new OrderRequest(side, type, quantity, limitPrice, stopPrice, bars, ref);
  }

  /**
   * A copy with this number.
   *
   * @param number positive
   * @return the copy
   */
  public OrderRequest withRef(long number) {
    return new OrderRequest(side, type, quantity, limitPrice, stopPrice, expireAfter, number);
  }
}
