package dev.quarry.engine;

import java.util.List;

/**
 * A strategy's decision on one bar: the orders it asks for on that bar's symbol, possibly none, and
 * the changes (cancels, replaces) to its pending orders. A {@link BarStrategy} publishes exactly
 * one signal per bar, so an executor knows when every strategy has decided on a bar and can process
 * bars in order whatever the threads do.
 *
 * @param strategy the strategy's name
 * @param bar the bar decided on
 * @param orders the orders asked for, in the order asked
 * @param changes the changes to pending orders, in the order asked; applied before the new orders
 */
public record Signal(String strategy, Bar bar, List<OrderRequest> orders, List<OrderChange> changes)
    implements Event {
  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a part is missing
   */
  public Signal {
    java.util.Objects.requireNonNull(strategy, "strategy");
    java.util.Objects.requireNonNull(bar, "bar");
    orders = orders.isEmpty() ? List.of() : List.copyOf(orders);
    changes = changes.isEmpty() ? List.of() : List.copyOf(changes);
  }

  /**
   * A signal without changes to pending orders.
   *
   * @param strategy the strategy's name
   * @param bar the bar decided on
   * @param orders the orders asked for, in the order asked
   */
  public Signal(String strategy, Bar bar, List<OrderRequest> orders) {
    this(strategy, bar, orders, List.of());
  }
}
