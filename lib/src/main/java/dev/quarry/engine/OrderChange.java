package dev.quarry.engine;

/**
 * A strategy's change to one of its pending orders: a cancel, or a replace of its price.
 *
 * @param ref the order's number within its strategy ({@link OrderRequest#ref()})
 * @param price the new price of a replace; {@code NaN} for a cancel
 */
public record OrderChange(long ref, double price) {
  /**
   * Checks the change.
   *
   * @throws IllegalArgumentException if the ref is not positive or the price is not positive
   */
  public OrderChange {
    if (ref <= 0) {
      throw new IllegalArgumentException("an order number is positive, got " + ref);
    }
    if (!Double.isNaN(price) && !(price > 0 && Double.isFinite(price))) {
      throw new IllegalArgumentException("a new price must be positive and finite, got " + price);
    }
  }

  /**
   * Cancels an order.
   *
   * @param ref the order's number within its strategy
   * @return the change
   */
  public static OrderChange cancel(long ref) {
    return new OrderChange(ref, Double.NaN);
  }

  /**
   * Moves an order's price.
   *
   * @param ref the order's number within its strategy
   * @param price the new limit (limit orders, triggered stop-limits) or stop price (stop orders,
   *     untriggered stop-limits)
   * @return the change
   */
  public static OrderChange replace(long ref, double price) {
    return new OrderChange(ref, price);
  }

  /**
   * Whether this is a cancel.
   *
   * @return true if there is no new price
   */
  public boolean isCancel() {
    return Double.isNaN(price);
  }
}
