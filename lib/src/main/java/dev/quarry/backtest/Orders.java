package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Bracket;
import dev.quarry.engine.Distance;
import dev.quarry.engine.OrderChange;
import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import dev.quarry.engine.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

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
 *
 * <p>A ticket turns a market order into a limit, stop or stop-limit order and attaches exits (a
 * bracket, SPEC §11), all while the bar is handled:
 *
 * <pre>{@code
 * orders.buy().stop(101.5);                       // a buy stop
 * orders.buy().limit(99).expireAfter(5);          // a buy limit, good for 5 bars
 * orders.buy().stopLoss(Distance.percent(2)).takeProfit(Distance.percent(4));
 * orders.sell(1).trailingStop(Distance.atr(2));   // a short with a 2 × ATR trailing stop
 * orders.targetWeight(0.5);                       // rebalance to half the equity
 * orders.cancel(id);
 * }</pre>
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
  Signal finish() {
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
   * Brings the position in the bar's symbol to {@code weight} × equity at the next fill, as a
   * market order (the usual {@code order_target_percent}): 0.5 holds half the equity, −1 a short
   * worth the equity, 0 closes the position. Its side is decided when it is placed, from the
   * position and equity at the decision bar's close; its quantity when it fills, from the equity
   * and price then (the part beyond the current position sized so that its value plus commission is
   * what is missing). An order with nothing left to do is rejected ("already at the target
   * weight").
   *
   * @param weight the weight of equity, finite; negative for a short
   * @return the order's ticket
   */
  public Ticket targetWeight(double weight) {
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("a target weight must be finite, got " + weight);
    }
    return submit(OrderRequest.targetWeight(weight));
  }

  /**
   * Closes the position in the bar's symbol, long or short, at the market: {@code targetWeight(0)}.
   *
   * @return the order's ticket
   */
  public Ticket close() {
    return targetWeight(0);
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
      return amend("expiry", r -> r.withExpireAfter(bars));
    }

    /**
     * Gives the order a limit price: a market order becomes a limit order, a stop order a
     * stop-limit order.
     *
     * @param price the limit price, positive
     * @return this ticket
     * @throws IllegalArgumentException if the order already has a limit or is a target-weight order
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket limit(double price) {
      return amend(
          "limit",
          r -> {
            OrderType type =
                switch (r.type()) {
                  case MARKET -> OrderType.LIMIT;
                  case STOP -> OrderType.STOP_LIMIT;
                  default -> throw new IllegalArgumentException(
                      "order " + id + " is a " + r.type().label() + " order; it has a limit");
                };
            requireSided(r, "limit");
            return r.withType(type, price, r.stopPrice());
          });
    }

    /**
     * Gives the order a stop price: a market order becomes a stop order, a limit order a stop-limit
     * order.
     *
     * @param price the stop price, positive
     * @return this ticket
     * @throws IllegalArgumentException if the order already has a stop or is a target-weight order
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket stop(double price) {
      return amend(
          "stop",
          r -> {
            OrderType type =
                switch (r.type()) {
                  case MARKET -> OrderType.STOP;
                  case LIMIT -> OrderType.STOP_LIMIT;
                  default -> throw new IllegalArgumentException(
                      "order " + id + " is a " + r.type().label() + " order; it has a stop");
                };
            requireSided(r, "stop");
            return r.withType(type, r.limitPrice(), price);
          });
    }

    /**
     * Attaches a stop-loss to the position this order opens, at {@code distance} from its fill
     * price (below for a long, above for a short).
     *
     * @param distance a percent, price distance or ATR multiple
     * @return this ticket
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket stopLoss(Distance distance) {
      java.util.Objects.requireNonNull(distance, "distance");
      return amend("stop-loss", r -> r.withBracket(r.bracket().withStopLoss(distance)));
    }

    /**
     * Attaches a take-profit to the position this order opens, at {@code distance} from its fill
     * price (above for a long, below for a short).
     *
     * @param distance a percent, price distance or ATR multiple
     * @return this ticket
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket takeProfit(Distance distance) {
      java.util.Objects.requireNonNull(distance, "distance");
      return amend("take-profit", r -> r.withBracket(r.bracket().withTakeProfit(distance)));
    }

    /**
     * Attaches a trailing stop to the position this order opens: {@code distance} from the best
     * price since the entry (through the previous bar).
     *
     * @param distance a percent or an ATR multiple
     * @return this ticket
     * @throws IllegalArgumentException for a price distance
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket trailingStop(Distance distance) {
      java.util.Objects.requireNonNull(distance, "distance");
      return amend("trailing stop", r -> r.withBracket(r.bracket().withTrailingStop(distance)));
    }

    /**
     * Attaches these exits to the position this order opens, replacing any given before.
     *
     * @param exits the exits
     * @return this ticket
     * @throws IllegalStateException once the bar it was placed on has been handled
     */
    public Ticket bracket(Bracket exits) {
      java.util.Objects.requireNonNull(exits, "exits");
      return amend("exits", r -> r.withBracket(exits));
    }

    private void requireSided(OrderRequest r, String what) {
      if (r.isTargetWeight()) {
        throw new IllegalArgumentException(
            "order " + id + " is a target-weight order, a market order; it cannot have a " + what);
      }
    }

    private Ticket amend(String what, UnaryOperator<OrderRequest> change) {
      if (orders.bar != bar) {
        throw new IllegalStateException(
            "order "
                + id
                + "'s "
                + what
                + " can only be set while the bar it was placed on is handled");
      }
      OrderRequest changed = change.apply(orders.placed.get(index));
      orders.placed.set(index, changed);
      orders.issued.set((int) id - 1, changed.type());
      return this;
    }
  }
}
