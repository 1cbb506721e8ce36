package dev.quarry.backtest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Small synthetic backtest results, built by hand so every value is known. */
final class SampleResults {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private SampleResults() {}

  /** The sample with strategy {@code sma-cross} and a 100-row equity curve. */
  static BacktestResult sample() {
    return sample("sma-cross", 100);
  }

  /**
   * Three trades (two closed, one still open with empty exit fields), four orders (one rejected,
   * without fill fields), an equity curve of {@code rows} one-minute rows.
   */
  static BacktestResult sample(String strategy, int rows) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("strategy", strategy);
    settings.put("symbol", "BTC-USD");
    settings.put("fast", "10");
    settings.put("slow", "50");
    settings.put("fill", "close");
    return new BacktestResult(settings, trades(), orders(strategy), equity(rows), metrics(rows));
  }

  static Table trades() {
    InstantColumn entry = InstantColumn.create("entry_time");
    InstantColumn exit = InstantColumn.create("exit_time");
    StringColumn side = StringColumn.create("side");
    DoubleColumn quantity = DoubleColumn.create("quantity");
    DoubleColumn entryPrice = DoubleColumn.create("entry_price");
    DoubleColumn exitPrice = DoubleColumn.create("exit_price");
    DoubleColumn fees = DoubleColumn.create("fees");
    DoubleColumn pnl = DoubleColumn.create("pnl");
    StringColumn symbol = StringColumn.create("symbol");
    StringColumn strategy = StringColumn.create("strategy");
    StringColumn exitReason = StringColumn.create("exit_reason");
    Table t = Table.create("trades", entry, exit, side, quantity, entryPrice, exitPrice);
    t.addColumns(fees, pnl, strategy, symbol, exitReason);
    entry.append(minute(3));
    exit.append(minute(10));
    side.append("long");
    quantity.append(0.5);
    entryPrice.append(100.0);
    exitPrice.append(110.0);
    fees.append(0.105);
    pnl.append(4.895);
    symbol.append("BTC-USD");
    strategy.append("sample");
    exitReason.append("signal");

    entry.append(minute(20));
    exit.append(minute(35));
    side.append("short");
    quantity.append(1.25);
    entryPrice.append(108.5);
    exitPrice.append(109.0);
    fees.append(0.27);
    pnl.append(-0.895);
    symbol.append("BTC-USD");
    strategy.append("sample");
    exitReason.append("stop-loss");

    entry.append(minute(90));
    exit.appendMissing();
    side.append("long");
    quantity.append(2.0);
    entryPrice.append(95.25);
    exitPrice.appendMissing();
    fees.append(0.19);
    pnl.append(3.31);
    symbol.append("BTC-USD");
    strategy.append("sample");
    exitReason.append("open");
    return t;
  }

  static Table orders(String strategy) {
    LongColumn id = LongColumn.create("id");
    InstantColumn time = InstantColumn.create("time");
    StringColumn strat = StringColumn.create("strategy");
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
    Object[][] rows = {
      {1L, 3, "buy", "market", 0.5, null, "filled", 3, 100.0, 0.5, 0.05, ""},
      {2L, 10, "sell", "market", 0.5, null, "filled", 10, 110.0, 0.5, 0.055, ""},
      {3L, 15, "buy", "limit", 1000.0, 90.0, "rejected", null, null, null, null, "not enough cash"},
      {4L, 20, "sell", "market", 1.25, null, "filled", 20, 108.5, 1.25, 0.135, "cross, \"down\""},
    };
    for (Object[] r : rows) {
      id.append((Long) r[0]);
      time.append(minute((Integer) r[1]));
      strat.append(strategy);
      symbol.append("BTC-USD");
      side.append((String) r[2]);
      type.append((String) r[3]);
      quantity.append((Double) r[4]);
      appendDouble(limit, r[5]);
      status.append((String) r[6]);
      if (r[7] == null) {
        fillTime.appendMissing();
      } else {
        fillTime.append(minute((Integer) r[7]));
      }
      appendDouble(fillPrice, r[8]);
      appendDouble(fillQuantity, r[9]);
      appendDouble(fee, r[10]);
      reason.append((String) r[11]);
      stop.appendMissing();
      role.append("");
      appendDouble(slippage, r[10] == null ? null : 0.0);
    }
    Table t = Table.create("orders", id, time, strat, symbol, side, type, quantity, limit);
    return t.addColumns(
        status, fillTime, fillPrice, fillQuantity, fee, reason, stop, role, slippage);
  }

  private static void appendDouble(DoubleColumn column, Object value) {
    if (value == null) {
      column.appendMissing();
    } else {
      column.append((Double) value);
    }
  }

  /** A wavy curve: up, a drawdown, up again. */
  static Table equity(int rows) {
    InstantColumn timestamp = InstantColumn.create("timestamp");
    DoubleColumn equity = DoubleColumn.create("equity");
    DoubleColumn cash = DoubleColumn.create("cash");
    DoubleColumn position = DoubleColumn.create("position");
    StringColumn strategy = StringColumn.create("strategy");
    for (int i = 0; i < rows; i++) {
      strategy.append("sample");
      timestamp.append(minute(i));
      double value = 10_000 + 50 * Math.sin(i / 7.0) + i * 0.1;
      double held = i % 3 == 0 ? 0 : 100 + i % 17;
      equity.append(value);
      cash.append(value - held);
      position.append(held);
    }
    return Table.create("equity", timestamp, equity, cash, position, strategy);
  }

  static Metrics metrics(int rows) {
    return new Metrics(
        0.000731,
        Double.NaN,
        0.0512,
        -0.050469,
        0.1834,
        1.23456,
        2.5,
        Double.NaN,
        -0.125,
        0.75,
        0.0087654,
        5400,
        0.5,
        3,
        1,
        1.5,
        1.75,
        9.93,
        -6.62,
        1.5,
        1230,
        0.66,
        2.04,
        new Metrics.CostTotals(12.5, 3.25, 0),
        1,
        10_000,
        10_007.31,
        rows,
        T0,
        minute(rows - 1));
  }

  static Instant minute(int i) {
    return T0.plusSeconds(60L * i);
  }
}
