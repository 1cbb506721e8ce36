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
 * @param bracket the exits attached to the position it opens ({@link Bracket#NONE} for none)
 * @param targetWeight for a target-weight order, the weight of equity the position is brought to
 *     (−1 for a short worth the equity); its side is null (decided by the executor) and its type
 *     market; {@code NaN} for every other order
 */
public record OrderRequest(
    Side side,
    OrderType type,
    double quantity,
    double limitPrice,
    double stopPrice,
    int expireAfter,
    long ref,
    Bracket bracket,
    double targetWeight) {
  /**
   * Checks the request.
   *
   * @throws IllegalArgumentException if the quantity is not positive or NaN, the prices do not fit
   *     the type, or the expiry or ref is negative
   */
  public OrderRequest {
    if (type == null || bracket == null) {
      throw new IllegalArgumentException("an order needs a type and a bracket (Bracket.NONE)");
    }
    if (Double.isNaN(targetWeight) != (side != null)) {
      throw new IllegalArgumentException(
          side == null
              ? "an order needs a side (only a target-weight order has none)"
              : "a target-weight order has no side: the executor decides it");
    }
    if (!Double.isNaN(targetWeight)
        && (type != OrderType.MARKET
            || !Double.isNaN(quantity)
            || !Double.isFinite(targetWeight))) {
      throw new IllegalArgumentException(
          "a target-weight order is a market order without a quantity and a finite weight, got "
              + type.label()
              + " order, quantity "
              + quantity
              + ", weight "
              + targetWeight);
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
    this(side, type, quantity, limitPrice, Double.NaN, 0, 0, Bracket.NONE, Double.NaN);
  }

  /**
   * An order without exits attached.
   *
   * @param side buy or sell
   * @param type market, limit, stop or stop-limit
   * @param quantity positive, or {@code NaN} for the default size
   * @param limitPrice the limit price, {@code NaN} without one
   * @param stopPrice the stop price, {@code NaN} without one
   * @param expireAfter bars before it expires, 0 for good until cancelled
   * @param ref its number within the strategy, 0 for none
   */
  public OrderRequest(
      Side side,
      OrderType type,
      double quantity,
      double limitPrice,
      double stopPrice,
      int expireAfter,
      long ref) {
    this(side, type, quantity, limitPrice, stopPrice, expireAfter, ref, Bracket.NONE, Double.NaN);
  }

  /**
   * A market order that brings the position to {@code weight} × equity at its fill.
   *
   * @param weight the target weight, finite; negative for a short
   * @return the order, good until cancelled, without a number
   */
  public static OrderRequest targetWeight(double weight) {
    return new OrderRequest(
        null, OrderType.MARKET, Double.NaN, Double.NaN, Double.NaN, 0, 0, Bracket.NONE, weight);
  }

  /**
   * Whether the executor brings the position to a weight of equity.
   *
   * @return true for a target-weight order
   */
  public boolean isTargetWeight() {
    return !Double.isNaN(targetWeight);
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
    return new OrderRequest(
        side, type, quantity, limitPrice, stopPrice, bars, ref, bracket, targetWeight);
  }

  /**
   * A copy with these exits.
   *
   * @param exits the exits, {@link Bracket#NONE} for none
   * @return the copy
   */
  public OrderRequest withBracket(Bracket exits) {
    return new OrderRequest(
        side, type, quantity, limitPrice, stopPrice, expireAfter, ref, exits, targetWeight);
  }

  /**
   * A copy of another type and prices (a market order turned into a limit, stop or stop-limit).
   *
   * @param newType the type
   * @param limit the limit price, {@code NaN} without one
   * @param stop the stop price, {@code NaN} without one
   * @return the copy
   * @throws IllegalArgumentException if the prices do not fit the type
   */
  public OrderRequest withType(OrderType newType, double limit, double stop) {
    return new OrderRequest(
        side, newType, quantity, limit, stop, expireAfter, ref, bracket, targetWeight);
  }

  /**
   * A copy with this number.
   *
   * @param number positive
   * @return the copy
   */
  public OrderRequest withRef(long number) {
    return new OrderRequest(
        side, type, quantity, limitPrice, stopPrice, expireAfter, number, bracket, targetWeight);
  }
}
