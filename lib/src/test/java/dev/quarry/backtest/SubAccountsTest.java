package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.samples.RsiReversion;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.RealBars;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Each strategy trades its own sub-account (SPEC §11, Accounts); shared cash only when asked. */
class SubAccountsTest {
  private static final Table M1 = RealBars.minutes();
  private static final double[][] FLAT = {
    {100, 101, 99, 100}, {100, 101, 99, 100}, {100, 111, 99, 110}, {110, 111, 109, 110}
  };

  @Test
  void aStrategyCannotSellWhatAnotherBought() {
    Supplier<BarStrategy> buyer =
        () ->
            BarStrategy.of(
                "buyer",
                (bar, history, orders) -> {
                  if (history.size() == 1) {
                    orders.buy(10);
                  }
                });
    Supplier<BarStrategy> seller =
        () ->
            BarStrategy.of(
                "seller",
                (bar, history, orders) -> {
                  if (history.size() == 2) {
                    orders.sell(10);
                  }
                });
    BacktestResult r =
        Backtest.of("X", TestBars.of(0, 60_000, FLAT))
            .settings(ExecutionSettings.defaults().withLongOnly(true))
            .strategy(buyer.get())
            .strategy(seller.get())
            .run();
    Table orders = r.orders();
    assertEquals("filled", orders.stringColumn("status").get(0));
    assertEquals("rejected", orders.stringColumn("status").get(1));
    assertEquals("seller", orders.stringColumn("strategy").get(1));
    assertTrue(
        orders.stringColumn("reason").get(1).contains("strategy 'seller' holds no X to sell"),
        orders.stringColumn("reason").get(1));
    Table trades = r.trades();
    assertEquals(1, trades.rowCount(), "the buyer's position is still open");
    assertEquals("buyer", trades.stringColumn("strategy").get(0));
    assertTrue(trades.instantColumn("exit_time").isMissing(0));

    // shorts allowed: the seller sells short in its own account; the buyer's position stays
    Table both =
        Backtest.of("X", TestBars.of(0, 60_000, FLAT))
            .strategy(buyer.get())
            .strategy(seller.get())
            .run()
            .trades();
    assertEquals(List.of("buyer", "seller"), both.stringColumn("strategy").asList());
    assertEquals(List.of("long", "short"), both.stringColumn("side").asList());
  }

  @Test
  void strategiesRunTogetherTradeExactlyAsEachAloneAndTheRunsEquityIsTheSum() {
    BacktestResult together =
        Backtest.of("BTC-USD", M1, Duration.ofMinutes(1))
            .strategy(new SmaCross(10, 50))
            .strategy(new RsiReversion(14, 30, 70))
            .feeBps(10)
            .run();
    BacktestResult sma =
        Backtest.of("BTC-USD", M1, Duration.ofMinutes(1))
            .strategy(new SmaCross(10, 50))
            .feeBps(10)
            .run();
    BacktestResult rsi =
        Backtest.of("BTC-USD", M1, Duration.ofMinutes(1))
            .strategy(new RsiReversion(14, 30, 70))
            .feeBps(10)
            .run();
    Table trades = together.trades();
    for (BacktestResult alone : new BacktestResult[] {sma, rsi}) {
      String name = alone.trades().stringColumn("strategy").get(0);
      Table mine = trades.where(trades.stringColumn("strategy").isEqualTo(name));
      assertTrue(mine.rowCount() > 5, name + " trades");
      assertEquals(alone.trades().rowCount(), mine.rowCount(), name);
      for (String column : new String[] {"entry_price", "exit_price", "quantity", "pnl"}) {
        for (int i = 0; i < mine.rowCount(); i++) {
          assertEquals(
              alone.trades().doubleColumn(column).getDouble(i),
              mine.doubleColumn(column).getDouble(i),
              name + " " + column + " of trade " + i);
        }
      }
    }
    Table equity = together.equity();
    assertEquals(2 * M1.rowCount(), equity.rowCount(), "a row per strategy and time");
    Table total = together.totalEquity();
    assertEquals(M1.rowCount(), total.rowCount());
    int last = M1.rowCount() - 1;
    double sum =
        sma.equity().doubleColumn("equity").getDouble(last)
            + rsi.equity().doubleColumn("equity").getDouble(last);
    assertEquals(sum, total.doubleColumn("equity").getDouble(last), 1e-9);
    assertEquals(20_000, together.metrics().initialCash());
    assertEquals(sum / 20_000 - 1, together.metrics().totalReturn(), 1e-12);
  }

  private static BarStrategy buyAllOnFirstBar(String name) {
    return BarStrategy.of(
        name,
        (bar, history, orders) -> {
          if (history.size() == 1) {
            orders.buy(); // all of the equity it can use
          }
        });
  }

  @Test
  void sharedCashFundsEveryStrategyFromOneBalance() {
    Table bars = TestBars.of(0, 60_000, FLAT);
    BacktestResult shared =
        Backtest.of("X", bars)
            .strategy(buyAllOnFirstBar("first"))
            .strategy(buyAllOnFirstBar("second"))
            .sharedCash()
            .run();
    assertEquals("filled", shared.orders().stringColumn("status").get(0));
    assertEquals("rejected", shared.orders().stringColumn("status").get(1));
    assertEquals(10_000, shared.metrics().initialCash());
    assertEquals(List.of("shared"), shared.equity().stringColumn("strategy").unique().asList());
    BacktestResult separate =
        Backtest.of("X", bars)
            .strategy(buyAllOnFirstBar("first"))
            .strategy(buyAllOnFirstBar("second"))
            .run();
    assertEquals("filled", separate.orders().stringColumn("status").get(1));
    assertEquals(20_000, separate.metrics().initialCash());
    // both bought 100 units at 100; the last close of 110 makes each account worth 11,000
    assertEquals(22_000, separate.metrics().finalEquity(), 1e-9);
  }
}
