package dev.quarry.backtest;

import java.time.Instant;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The simulated executor's trades and orders tables, in {@link RunSchema}'s column order. */
final class ResultTables {
  private ResultTables() {}

  /**
   * The trades: closed round trips in the order they closed, then the lots still open, account by
   * account, marked at their symbol's last price.
   */
  static Table trades(List<TradeRow> trades, Account[] accounts) {
    InstantColumn entryTime = InstantColumn.create("entry_time");
    InstantColumn exitTime = InstantColumn.create("exit_time");
    StringColumn side = StringColumn.create("side");
    DoubleColumn quantity = DoubleColumn.create("quantity");
    DoubleColumn entryPrice = DoubleColumn.create("entry_price");
    DoubleColumn exitPrice = DoubleColumn.create("exit_price");
    DoubleColumn fees = DoubleColumn.create("fees");
    DoubleColumn pnl = DoubleColumn.create("pnl");
    StringColumn symbol = StringColumn.create("symbol");
    StringColumn strategy = StringColumn.create("strategy");
    StringColumn exitReason = StringColumn.create("exit_reason");
    for (TradeRow t : trades) {
      entryTime.append(Instant.ofEpochMilli(t.entryTime));
      exitTime.append(Instant.ofEpochMilli(t.exitTime));
      side.append(t.isShort ? "short" : "long");
      quantity.append(t.quantity);
      entryPrice.append(t.entryPrice);
      exitPrice.append(t.exitPrice);
      fees.append(t.fees);
      pnl.append(t.pnl);
      symbol.append(t.symbol);
      strategy.append(t.strategy);
      exitReason.append(t.exitReason);
    }
    for (Account account : accounts) {
      for (Position p : account.positions.values()) {
        for (Lot lot : p.lots) {
          entryTime.append(Instant.ofEpochMilli(lot.time));
          exitTime.appendMissing();
          side.append(lot.isShort ? "short" : "long");
          quantity.append(lot.quantity);
          entryPrice.append(lot.price);
          exitPrice.appendMissing();
          fees.append(lot.fee);
          pnl.append(lot.pnl(p.market.price));
          symbol.append(p.market.symbol);
          strategy.append(account.strategy);
          exitReason.append("open");
        }
      }
    }
    return Table.create(
        "trades",
        entryTime,
        exitTime,
        side,
        quantity,
        entryPrice,
        exitPrice,
        fees,
        pnl,
        strategy,
        symbol,
        exitReason);
  }

  /** The orders, by id. */
  static Table orders(OrderLog orders) {
    LongColumn id = LongColumn.create("id");
    InstantColumn time = InstantColumn.create("time");
    StringColumn strategy = StringColumn.create("strategy");
    StringColumn symbol = StringColumn.create("symbol");
    StringColumn side = StringColumn.create("side");
    StringColumn type = StringColumn.create("type");
    DoubleColumn quantity = DoubleColumn.create("quantity");
    DoubleColumn limit = DoubleColumn.create("limit_price");
    StringColumn status = StringColumn.create("status");
    InstantColumn fillTime = InstantColumn.create("fill_time");
    DoubleColumn fillPrice = DoubleColumn.create("fill_price");
    DoubleColumn fillQuantity = DoubleColumn.create("fill_quantity");
    DoubleColumn fee = DoubleColumn.create("fee");
    StringColumn reason = StringColumn.create("reason");
    DoubleColumn stop = DoubleColumn.create("stop_price");
    StringColumn role = StringColumn.create("role");
    DoubleColumn slippage = DoubleColumn.create("slippage");
    for (int row : orders.byId()) {
      id.append(orders.id(row));
      time.append(Instant.ofEpochMilli(orders.time(row)));
      strategy.append(orders.strategy(row));
      symbol.append(orders.symbol(row));
      side.append(orders.side(row).label());
      type.append(orders.type(row).label());
      quantity.append(orders.quantity(row));
      limit.append(orders.limit(row));
      status.append(orders.status(row).label());
      long filled = orders.fillTime(row);
      if (filled == Long.MIN_VALUE) {
        fillTime.appendMissing();
      } else {
        fillTime.append(Instant.ofEpochMilli(filled));
      }
      fillPrice.append(orders.fillPrice(row));
      fillQuantity.append(orders.fillQuantity(row));
      fee.append(orders.fee(row));
      reason.append(orders.reason(row));
      stop.append(orders.stop(row));
      role.append(orders.role(row));
      slippage.append(orders.slippage(row));
    }
    return Table.create(
        "orders",
        id,
        time,
        strategy,
        symbol,
        side,
        type,
        quantity,
        limit,
        status,
        fillTime,
        fillPrice,
        fillQuantity,
        fee,
        reason,
        stop,
        role,
        slippage);
  }

  /** A closed round trip. */
  record TradeRow(
      String strategy,
      String symbol,
      boolean isShort,
      long entryTime,
      long exitTime,
      double quantity,
      double entryPrice,
      double exitPrice,
      double fees,
      double pnl,
      String exitReason) {}
}
