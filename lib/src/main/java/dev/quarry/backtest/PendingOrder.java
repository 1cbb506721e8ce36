package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Order;
import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.Side;

/** An order placed and not settled yet, with its prices as last replaced. */
final class PendingOrder {
  final long id;
  final Account account;
  final Market market;
  final long time;
  final OrderRequest request;

  /**
   * What it is for: empty for a strategy's order, {@code target:W} for a target-weight order, or
   * the exit it is: {@code stop-loss}, {@code take-profit}, {@code trailing-stop}.
   */
  final String role;

  /** Buy or sell; a target-weight order's is decided when it is placed. */
  Side side;

  /** The exits this leg belongs to, null for a strategy's order. */
  Exits exits;

  double limit;
  double stop;

  /** Whether a stop-limit's stop has been reached (from then on it is a limit order). */
  boolean triggered;

  /** The bars it has been evaluated on without filling. */
  int bars;

  PendingOrder(
      long id, Account account, Market market, long time, OrderRequest request, String role) {
    this.id = id;
    this.account = account;
    this.market = market;
    this.time = time;
    this.request = request;
    this.role = role;
    this.side = request.side();
    this.limit = request.limitPrice();
    this.stop = request.stopPrice();
  }

  /** Where it fills on the bar before slippage, or NaN (SPEC §11, {@link FillRules}). */
  double price(Bar bar) {
    return switch (request.type()) {
      case MARKET -> bar.open();
      case LIMIT -> FillRules.limit(side, limit, bar);
      case STOP -> FillRules.stop(side, stop, bar);
      case STOP_LIMIT -> {
        if (triggered) {
          yield FillRules.limit(side, limit, bar);
        }
        if (Double.isNaN(FillRules.stop(side, stop, bar))) {
          yield Double.NaN;
        }
        triggered = true; // triggered intrabar, it is a limit order from the next bar on
        yield FillRules.stopAtOpen(side, stop, bar)
            ? FillRules.limit(side, limit, bar)
            : Double.NaN;
      }
    };
  }

  Order settle(String symbol, Order.Status status, String reason) {
    return new Order(
        id,
        account.strategy,
        time,
        symbol,
        side,
        request.type(),
        request.quantity(),
        limit,
        stop,
        status,
        reason);
  }
}
