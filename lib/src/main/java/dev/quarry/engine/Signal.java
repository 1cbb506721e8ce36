package dev.quarry.engine;

import java.util.List;

/**
 * A strategy's decision on one bar: the orders it asks for on that bar's symbol, possibly none. A
 * {@link BarStrategy} publishes exactly one signal per bar, so an executor knows when every
 * strategy has decided on a bar and can process bars in order whatever the threads do.
 *
 * @param strategy the strategy's name
 * @param bar the bar decided on
 * @param orders the orders asked for, in the order asked
 */
public record Signal(String strategy, Bar bar, List<OrderRequest> orders) implements Event {
  /**
   * Copies the order list.
   *
   * @throws NullPointerException if a part is missing
   */
  public Signal {
    java.util.Objects.requireNonNull(strategy, "strategy");
    java.util.Objects.requireNonNull(bar, "bar");
    orders = orders.isEmpty() ? List.of() : List.copyOf(orders);
  }
}
