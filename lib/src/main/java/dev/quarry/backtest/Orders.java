package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.OrderChange;
import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import dev.quarry.engine.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a strategy places, cancels and replaces orders while it handles a bar; new orders concern
 * that bar's symbol. Valid only during {@link BarStrategy#onBar}.
 *
 * <p>Every order gets an id, its number within the strategy from 1 ({@link Ticket#id()}), which
 * {@link #cancel} and {@link #replace} take; with one strategy it is also its id in the orders
 * table. Orders are good until cancelled unless given {@link Ticket#expireAfter}. The executor's
 * rules (SPEC §11), for a bar with open O, high H and low L:
 *
 * <ul>
 *   <li>market: with fill timing {@code close} at the decision bar's close; with {@code next-open}
 *       at the next bar's open;
 *   <li>every other order waits: it is first evaluated on the bar after the one it was placed on;
 *   <li>buy limit P: O ≤ P → at O; else L ≤ P → at P. Sell limit P: O ≥ P → at O; else H ≥ P → at
 *       P;
 *   <li>buy stop P: O ≥ P → at O (a gap through the stop fills at the open); else H ≥ P → at P.
 *       Sell stop P: O ≤ P → at O; else L ≤ P → at P;
 *   <li>stop-limit: triggers like a stop; once triggered it is a limit order at its limit price,
 *       evaluated from the next bar on, unless triggered at the open, when the same bar counts;
 *   <li>slippage moves every fill against the order; an order given {@code expireAfter(n)} that is
 *       not filled on the n bars it is evaluated on is {@code expired}.
 * </ul>
 *
 * <p>Cancels and replaces take effect after the executor has tried the pending orders on the
 * current bar, so an order filled on it is no longer pending and the change has no effect.
 */
public final class Orders {
  private final String strategy;
  private Bar bar;
  private List<OrderRequest> placed = List.of();
  private List<OrderChange> changes = List.of();
  private final List<OrderType> issued = new ArrayList<>();

  Orders(String strategy) {
    this.strategy = strategy;
  }

  void open(Bar current) {
    bar = current;
    placed = List.of();
    changes = List.of();
  }

  /** Ends the bar: the signal with what the strategy asked for on it. */
  Signal close() {
    Bar current = bar;
    bar = null;
    return new Signal(strategy, current, placed, changes);
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

  /**
   * Buys at the market, sized by the executor's sizing rule.
   *
   * @return the order's ticket
   */
  public Ticket buy() {
    return submit(new OrderRequest(Side.BUY, OrderType.MARKET, Double.NaN, Double.NaN));
  }

  /**
   * Buys a quantity at the market.
   *
   * @param quantity positive
   * @return the order's ticket
   */
  public Ticket buy(double quantity) {
    return submit(new OrderRequest(Side.BUY, OrderType.MARKET, quantity, Double.NaN));
  }

  /**
   * Sells the whole position at the market.
   *
   * @return the order's ticket
   */
  public Ticket sell() {
    return submit(new OrderRequest(Side.SELL, OrderType.MARKET, Double.NaN, Double.NaN));
  }

  /**
   * Sells a quantity at the market.
   *
   * @param quantity positive, at most the position
   * @return the order's ticket
   */
  public Ticket sell(double quantity) {
    return submit(new OrderRequest(Side.SELL, OrderType.MARKET, quantity, Double.NaN));
  }

  /**
   * Buys at {@code limit} or lower, sized by the executor's sizing rule.
   *
   * @param limit the highest price paid
   * @return the order's ticket
   */
  public Ticket buyLimit(double limit) {
    return submit(new OrderRequest(Side.BUY, OrderType.LIMIT, Double.NaN, limit));
  }

  /**
   * Sells the whole position at {@code limit} or higher.
   *
   * @param limit the lowest price accepted
   * @return the order's ticket
   */
  public Ticket sellLimit(double limit) {
    return submit(new OrderRequest(Side.SELL, OrderType.LIMIT, Double.NaN, limit));
  }

  /**
   * Buys at the market once a bar trades at or above {@code stop}, sized by the sizing rule.
   *
   * @param stop the stop price
   * @return the order's ticket
   */
  public Ticket buyStop(double stop) {
    return submit(stopOrder(Side.BUY, OrderType.STOP, Double.NaN, stop));
  }

  /**
   * Sells the whole position at the market once a bar trades at or below {@code stop}.
   *
   * @param stop the stop price
   * @return the order's ticket
   */
  public Ticket sellStop(double stop) {
    return submit(stopOrder(Side.SELL, OrderType.STOP, Double.NaN, stop));
  }

  /**
   * Once a bar trades at or above {@code stop}, buys at {@code limit} or lower, sized by the sizing
   * rule.
   *
   * @param stop the stop price
   * @param limit the highest price paid once triggered
   * @return the order's ticket
   */
  public Ticket buyStopLimit(double stop, double limit) {
    return submit(stopOrder(Side.BUY, OrderType.STOP_LIMIT, limit, stop));
  }

  /**
   * Once a bar trades at or below {@code stop}, sells the whole position at {@code limit} or
   * higher.
   *
   * @param stop the stop price
   * @param limit the lowest price accepted once triggered
   * @return the order's ticket
   */
  public Ticket sellStopLimit(double stop, double limit) {
    return submit(stopOrder(Side.SELL, OrderType.STOP_LIMIT, limit, stop));
  }

  /**
   * Buys a quantity at {@code limit} or lower.
   *
   * @param quantity positive
   * @param limit the highest price paid
   * @return the order's ticket
   */
  public Ticket buyLimit(double quantity, double limit) {
    return submit(new OrderRequest(Side.BUY, OrderType.LIMIT, quantity, limit));
  }

  /**
   * Sells a quantity at {@code limit} or higher (beyond the long position: short, unless
   * long-only).
   *
   * @param quantity positive
   * @param limit the lowest price accepted
   * @return the order's ticket
   */
  public Ticket sellLimit(double quantity, double limit) {
    return submit(new OrderRequest(Side.SELL, OrderType.LIMIT, quantity, limit));
  }

  /**
   * Buys a quantity at the market once a bar trades at or above {@code stop}.
   *
   * @param quantity positive
   * @param stop the stop price
   * @return the order's ticket
   */
  public Ticket buyStop(double quantity, double stop) {
    return submit(new OrderRequest(Side.BUY, OrderType.STOP, quantity, Double.NaN, stop, 0, 0));
  }

  /**
   * Sells a quantity at the market once a bar trades at or below {@code stop} (beyond the long
   * position: short, unless long-only).
   *
   * @param quantity positive
   * @param stop the stop price
   * @return the order's ticket
   */
  public Ticket sellStop(double quantity, double stop) {
    return submit(new OrderRequest(Side.SELL, OrderType.STOP, quantity, Double.NaN, stop, 0, 0));
  }

  private static OrderRequest stopOrder(Side side, OrderType type, double limit, double stop) {
    return new OrderRequest(side, type, Double.NaN, limit, stop, 0, 0);
  }

  /**
   * Places any order; it gets the strategy's next id, whatever {@code ref} it carries.
   *
   * @param request the order
   * @return the order's ticket
   * @throws IllegalStateException outside {@link BarStrategy#onBar}
   */
  public Ticket submit(OrderRequest request) {
    requireOpen();
    java.util.Objects.requireNonNull(request, "request");
    if (placed.isEmpty()) {
      placed = new ArrayList<>(2);
    }
    issued.add(request.type());
    long id = issued.size();
    placed.add(request.withRef(id));
    return new Ticket(this, bar, placed.size() - 1, id);
  }

  /**
   * Cancels a pending order (listed as {@code cancelled}); no effect once it is filled or settled.
   *
   * @param id the id its ticket gave
   * @throws IllegalArgumentException if this strategy never placed an order with that id
   */
  public void cancel(long id) {
    requireOpen();
    type(id);
    change(OrderChange.cancel(id));
  }

  /**
   * Moves a pending order's price: a limit order's limit, a stop order's stop, a stop-limit's stop
   * until it is triggered and its limit after. No effect once it is filled or settled.
   *
   * @param id the id its ticket gave
   * @param price the new price, positive
   * @throws IllegalArgumentException if this strategy never placed an order with that id, or it is
   *     a market order
   */
  public void replace(long id, double price) {
    requireOpen();
    if (type(id) == OrderType.MARKET) {
      throw new IllegalArgumentException(
          "order " + id + " of strategy '" + strategy + "' is a market order; it has no price");
    }
    change(OrderChange.replace(id, price));
  }

  private OrderType type(long id) {
    if (id < 1 || id > issued.size()) {
      throw new IllegalArgumentException(
          "strategy '"
              + strategy
              + "' has no order "
              + id
              + "; its orders are numbered 1.."
              + issued.size());
    }
    return issued.get((int) id - 1);
  }

  private void change(OrderChange c) {
    if (changes.isEmpty()) {
      changes = new ArrayList<>(2);
    }
    changes.add(c);
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

  /** An order just placed: its id, and its expiry while the bar is handled. */
  public static final class Ticket {
    private final Orders orders;
    private final Bar bar;
    private final int index;
    private final long id;

    private Ticket(Orders orders, Bar bar, int index, long id) {
      this.orders = orders;
      this.bar = bar;
      this.index = index;
      this.id = id;
    }

    /**
     * The order's id within its strategy, for {@link Orders#cancel} and {@link Orders#replace}.
     *
     * @return the id, from 1
     */
    public long id() {
      return id;
    }

    /**
     * Makes the order expire when it is not filled on the {@code bars} bars it is evaluated on.
     *
     * @param bars positive
     * @return this ticket
     * @throws IllegalArgumentException if {@code bars} is not positive
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket expireAfter(int bars) {
      if (bars < 1) {
        throw new IllegalArgumentException("an order expires after at least 1 bar, got " + bars);
      }
      if (orders.bar != bar) {
        throw new IllegalStateException(
            "order " + id + "'s expiry can only be set while the bar it was placed on is handled");
      }
      orders.placed.set(index, orders.placed.get(index).withExpireAfter(bars));
      return this;
    }
  }
}
