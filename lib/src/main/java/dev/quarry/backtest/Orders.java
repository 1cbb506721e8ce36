package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a strategy places orders while it handles a bar; they concern that bar's symbol. Valid only
 * during {@link BarStrategy#onBar}. Market orders fill at the executor's fill timing; limit orders
 * at the limit or better, once a bar trades through it.
 */
public final class Orders {
  private final String strategy;
  private Bar bar;
  private List<OrderRequest> placed = List.of();

  Orders(String strategy) {
    this.strategy = strategy;
  }

  void open(Bar current) {
    bar = current;
    placed = List.of();
  }

  List<OrderRequest> close() {
    bar = null;
    return placed;
  }

  /**
   * The bar the orders are for.
   *
   * @return the current bar
   */
  public Bar bar() {
    requireOpen();
    return bar;
  }

  /** Buys at the market, sized by the executor's sizing rule. */
  public void buy() {
    submit(new OrderRequest(Side.BUY, OrderType.MARKET, Double.NaN, Double.NaN));
  }

  /**
   * Buys a quantity at the market.
   *
   * @param quantity positive
   */
  public void buy(double quantity) {
    submit(new OrderRequest(Side.BUY, OrderType.MARKET, quantity, Double.NaN));
  }

  /** Sells the whole position at the market. */
  public void sell() {
    submit(new OrderRequest(Side.SELL, OrderType.MARKET, Double.NaN, Double.NaN));
  }

  /**
   * Sells a quantity at the market.
   *
   * @param quantity positive, at most the position
   */
  public void sell(double quantity) {
    submit(new OrderRequest(Side.SELL, OrderType.MARKET, quantity, Double.NaN));
  }

  /**
   * Buys at {@code limit} or lower, sized by the executor's sizing rule.
   *
   * @param limit the highest price paid
   */
  public void buyLimit(double limit) {
    submit(new OrderRequest(Side.BUY, OrderType.LIMIT, Double.NaN, limit));
  }

  /**
   * Sells the whole position at {@code limit} or higher.
   *
   * @param limit the lowest price accepted
   */
  public void sellLimit(double limit) {
    submit(new OrderRequest(Side.SELL, OrderType.LIMIT, Double.NaN, limit));
  }

  /**
   * Places any order.
   *
   * @param request the order
   * @throws IllegalStateException outside {@link BarStrategy#onBar}
   */
  public void submit(OrderRequest request) {
    requireOpen();
    if (placed.isEmpty()) {
      placed = new ArrayList<>(2);
    }
    placed.add(java.util.Objects.requireNonNull(request, "request"));
  }

  private void requireOpen() {
    if (bar == null) {
      throw new IllegalStateException(
          "strategy '"
              + strategy
              + "' placed an order outside onBar; orders can only be placed while a bar is"
              + " handled");
    }
  }
}
