package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.EngineException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Trades worked out by hand on five bars, for each fill timing, with fees, slippage, limits,
 * rejections and a position left open. Bars (one minute apart from 2024-01-01T00:00Z):
 *
 * <pre>
 * bar  open  high  low  close
 *  0   100   101   99   100
 *  1   100   103   99   102
 *  2   102   106  101   105
 *  3   105   105   98    99
 *  4    99   100   97    98
 * </pre>
 */
class GoldenTradesTest {
  static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  static final double[][] OHLC = {
    {100, 101, 99, 100},
    {100, 103, 99, 102},
    {102, 106, 101, 105},
    {105, 105, 98, 99},
    {99, 100, 97, 98}
  };
  private static final double EPS = 1e-9;

  static Table bars() {
    return TestBars.of(T0, 60_000, OHLC);
  }

  /** Buys (market) on bar 1 and sells everything on bar 3. */
  static BarStrategy roundTrip() {
    return BarStrategy.of(
        "round-trip",
        (bar, history, orders) -> {
          if (bar.seq() == 1) {
            orders.buy();
          } else if (bar.seq() == 3) {
            orders.sell();
          }
        });
  }

  private static Backtest twoUnits() {
    return Backtest.of("BTC-USD", bars()).cash(1000).sizing(Sizing.fixed(2));
  }

  private static Instant t(int bar) {
    return Instant.ofEpochMilli(T0 + 60_000L * bar);
  }

  private static void assertTrade(
      Table trades,
      int row,
      int entryBar,
      Integer exitBar,
      double entry,
      double exit,
      double fees,
      double pnl) {
    assertEquals(t(entryBar), trades.instantColumn("entry_time").get(row), "entry_time");
    if (exitBar == null) {
      assertTrue(trades.instantColumn("exit_time").isMissing(row), "exit_time is empty");
      assertTrue(trades.doubleColumn("exit_price").isMissing(row), "exit_price is empty");
    } else {
      assertEquals(t(exitBar), trades.instantColumn("exit_time").get(row), "exit_time");
      assertEquals(exit, trades.doubleColumn("exit_price").getDouble(row), EPS, "exit_price");
    }
    assertEquals("long", trades.stringColumn("side").get(row));
    assertEquals(2, trades.doubleColumn("quantity").getDouble(row), EPS, "quantity");
    assertEquals(entry, trades.doubleColumn("entry_price").getDouble(row), EPS, "entry_price");
    assertEquals(fees, trades.doubleColumn("fees").getDouble(row), EPS, "fees");
    assertEquals(pnl, trades.doubleColumn("pnl").getDouble(row), EPS, "pnl");
  }

  private static double[] equity(BacktestResult r) {
    return r.equity().doubleColumn("equity").asDoubleArray();
  }

  @Test
  void fillAtCloseTradesAtTheSignalBarsCloseAndTime() {
    BacktestResult r = twoUnits().strategy(roundTrip()).run();
    assertEquals(1, r.trades().rowCount());
    // buy 2 at bar 1's close 102, sell 2 at bar 3's close 99: pnl 2 × (99 − 102) = −6
    assertTrade(r.trades(), 0, 1, 3, 102, 99, 0, -6);
    // cash 1000 → 796 (bar 1) → 994 (bar 3); position marked at each close
    assertArrayEquals(new double[] {1000, 1000, 1006, 994, 994}, equity(r));
    assertArrayEquals(
        new double[] {1000, 796, 796, 994, 994}, r.equity().doubleColumn("cash").asDoubleArray());
    assertArrayEquals(
        new double[] {0, 204, 210, 0, 0}, r.equity().doubleColumn("position").asDoubleArray());
    assertEquals(5, r.equity().rowCount());
    assertEquals(-0.006, r.metrics().totalReturn(), EPS);
    assertEquals(0.0, r.metrics().winRate(), EPS);
    assertEquals(1, r.metrics().tradeCount());
    assertEquals(0.4, r.metrics().exposure(), EPS); // bars 1 and 2 of 5 hold a position
    assertEquals(1 - 994.0 / 1006, r.metrics().maxDrawdown(), EPS);
  }

  @Test
  void fillAtNextOpenTradesAtTheFollowingBarsOpenAndTime() {
    BacktestResult r = twoUnits().fill(FillTiming.NEXT_OPEN).strategy(roundTrip()).run();
    // signal on bar 1 → buy at bar 2's open 102; signal on bar 3 → sell at bar 4's open 99
    assertTrade(r.trades(), 0, 2, 4, 102, 99, 0, -6);
    // cash 1000, 1000, 796 (bar 2), 796, 994 (bar 4)
    assertArrayEquals(new double[] {1000, 1000, 1006, 994, 994}, equity(r));
    assertArrayEquals(
        new double[] {1000, 1000, 796, 796, 994}, r.equity().doubleColumn("cash").asDoubleArray());
  }

  @Test
  void feesAndSlippageAreChargedOnEveryFill() {
    BacktestResult r = twoUnits().feeBps(10).slippageBps(50).strategy(roundTrip()).run();
    // buy at 102 × 1.005 = 102.51, fee 0.001 × 2 × 102.51 = 0.20502
    // sell at 99 × 0.995 = 98.505, fee 0.001 × 2 × 98.505 = 0.19701
    // pnl = 2 × (98.505 − 102.51) − 0.20502 − 0.19701 = −8.01 − 0.40203 = −8.41203
    assertTrade(r.trades(), 0, 1, 3, 102.51, 98.505, 0.40203, -8.41203);
    // cash after the buy: 1000 − 205.02 − 0.20502 = 794.77498; at the end + 197.01 − 0.19701
    assertEquals(794.77498 + 197.01 - 0.19701, r.metrics().finalEquity(), EPS);
    Table orders = r.orders();
    assertEquals(List.of("filled", "filled"), orders.stringColumn("status").asList());
    assertEquals(102.51, orders.doubleColumn("fill_price").getDouble(0), EPS);
    assertEquals(0.20502, orders.doubleColumn("fee").getDouble(0), EPS);
  }

  @Test
  void fractionOfEquitySpendsTheCashIncludingTheFeeAndNeverOverdraws() {
    BacktestResult r =
        Backtest.of("BTC-USD", bars()).cash(1000).feeBps(10).strategy(roundTrip()).run();
    // quantity = 1000 / (102 × 1.001) = 9.794009...; cost + fee ≤ 1000
    double q = 1000 / (102 * 1.001);
    assertEquals(q, r.trades().doubleColumn("quantity").getDouble(0), 1e-9);
    double cashAfterBuy = r.equity().doubleColumn("cash").getDouble(1);
    assertTrue(cashAfterBuy >= 0 && cashAfterBuy < 1e-9, "cash after the buy: " + cashAfterBuy);
  }

  @Test
  void limitOrdersFillWhenABarTradesThroughAtTheLimitOrTheOpen() {
    BarStrategy limits =
        BarStrategy.of(
            "limits",
            (bar, history, orders) -> {
              if (bar.seq() == 1) {
                orders.buyLimit(100); // close 102 > 100: waits; bar 2 low 101; bar 3 low 98 → 100
              } else if (bar.seq() == 3) {
                orders.sellLimit(99.5); // close 99 < 99.5: waits; bar 4 high 100 ≥ 99.5 → 99.5
              }
            });
    BacktestResult r = twoUnits().feeBps(10).slippageBps(50).strategy(limits).run();
    // slippage moves every fill against the order (SPEC §11): 100 × 1.005 = 100.5 and
    // 99.5 × 0.995 = 99.0025; fees 0.001 × 201 = 0.201 and 0.001 × 198.005 = 0.198005
    assertTrade(r.trades(), 0, 3, 4, 100.5, 99.0025, 0.399005, 2 * (99.0025 - 100.5) - 0.399005);

    BarStrategy gap =
        BarStrategy.of(
            "gap",
            (bar, history, orders) -> {
              if (bar.seq() == 2) {
                orders.buyLimit(106); // next-open: bar 3 opens at 105 ≤ 106 → fills at the open
              }
            });
    BacktestResult g = twoUnits().fill(FillTiming.NEXT_OPEN).strategy(gap).run();
    // still open at the end: marked at bar 4's close 98, pnl 2 × (98 − 105)
    assertTrade(g.trades(), 0, 3, null, 105, Double.NaN, 0, -14);
    assertEquals(1, g.metrics().openTrades());
    assertTrue(Double.isNaN(g.metrics().winRate()), "no closed trade, no win rate");
  }

  @Test
  void ordersTheAccountCannotFundOrCoverAreRejectedWithAReason() {
    BarStrategy greedy =
        BarStrategy.of(
            "greedy",
            (bar, history, orders) -> {
              if (bar.seq() == 0) {
                orders.sell(); // nothing held
              } else if (bar.seq() == 1) {
                orders.buy(20); // 20 × 102 = 2040 > 1000
                orders.buy(2);
                orders.sell(3); // holds only 2
              }
            });
    BacktestResult r =
        Backtest.of("BTC-USD", bars())
            .settings(ExecutionSettings.defaults().withLongOnly(true))
            .cash(1000)
            .sizing(Sizing.fixed(2))
            .strategy(greedy)
            .run();
    Table o = r.orders();
    assertEquals(
        List.of("rejected", "rejected", "filled", "rejected"), o.stringColumn("status").asList());
    assertTrue(o.stringColumn("reason").get(0).contains("holds no BTC-USD to sell"));
    assertTrue(o.stringColumn("reason").get(1).contains("more than the cash (1000.0)"));
    assertTrue(o.stringColumn("reason").get(3).contains("short selling is off (long-only)"));
    assertEquals(1, r.trades().rowCount(), "the filled buy is an open trade");
  }

  @Test
  void anOrderOnTheLastBarWithNextOpenIsListedAsUnfilled() {
    BarStrategy late =
        BarStrategy.of(
            "late",
            (bar, history, orders) -> {
              if (bar.seq() == 4) {
                orders.buy();
              }
            });
    BacktestResult r = twoUnits().fill(FillTiming.NEXT_OPEN).strategy(late).run();
    assertEquals("unfilled", r.orders().stringColumn("status").get(0));
    assertTrue(r.orders().stringColumn("reason").get(0).contains("data ended"));
    assertEquals(0, r.trades().rowCount());
  }

  @Test
  void partialSellsCloseLotsFirstInFirstOutAndPnlAddsUpToTheEquityChange() {
    BarStrategy ladder =
        BarStrategy.of(
            "ladder",
            (bar, history, orders) -> {
              switch ((int) bar.seq()) {
                case 0 -> orders.buy(1); // lot A at 100
                case 1 -> orders.buy(2); // lot B at 102
                case 2 -> orders.sell(2); // all of A and half of B at 105
                default -> {}
              }
            });
    BacktestResult r = Backtest.of("BTC-USD", bars()).cash(1000).feeBps(10).strategy(ladder).run();
    Table tr = r.trades();
    assertEquals(3, tr.rowCount());
    // A: 1 at 100 → 105; entry fee 0.1, exit fee half of 0.21 → pnl 5 − 0.205
    assertEquals(5 - 0.1 - 0.105, tr.doubleColumn("pnl").getDouble(0), EPS);
    // half of B: 1 at 102 → 105; entry fee half of 0.204 → pnl 3 − 0.102 − 0.105
    assertEquals(3 - 0.102 - 0.105, tr.doubleColumn("pnl").getDouble(1), EPS);
    // rest of B, open: marked at 98 → pnl −4 − 0.102
    assertEquals(-4 - 0.102, tr.doubleColumn("pnl").getDouble(2), EPS);
    double sum = tr.doubleColumn("pnl").sum();
    assertEquals(r.metrics().finalEquity() - 1000, sum, EPS);
  }

  @Test
  void aStrategyThatPeeksAtTheNextBarFails() {
    BarStrategy peek =
        BarStrategy.of(
            "peek",
            (bar, history, orders) -> {
              if (history.close(-1) > bar.close()) {
                orders.buy();
              }
            });
    EngineException e = assertThrows(EngineException.class, () -> twoUnits().strategy(peek).run());
    assertTrue(e.getMessage().contains("task 'peek' failed in handleEvent"), e.getMessage());
    assertInstanceOf(LookAheadException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("look-ahead"), e.getCause().getMessage());
  }

  @Test
  void historyReachesBackOnlyAsFarAsItHasSeen() {
    BarStrategy deep =
        BarStrategy.of("deep", (bar, history, orders) -> history.close(bar.seq() == 2 ? 3 : 0));
    EngineException e = assertThrows(EngineException.class, () -> twoUnits().strategy(deep).run());
    assertTrue(e.getCause().getMessage().contains("holds 3 bars"), e.getCause().getMessage());
  }

  @Test
  void liveAndSimulatedGiveTheSameTablesWithSeveralStrategies() {
    for (FillTiming fill : FillTiming.values()) {
      BacktestResult sim = twoUnits().fill(fill).strategy(roundTrip()).strategy(ladderOnA()).run();
      BacktestResult live =
          twoUnits().fill(fill).strategy(roundTrip()).strategy(ladderOnA()).live().run();
      assertEquals(sim.trades().print(100), live.trades().print(100));
      assertEquals(sim.orders().print(100), live.orders().print(100));
      assertEquals(sim.equity().print(100), live.equity().print(100));
      assertEquals(sim.metrics(), live.metrics());
      assertEquals("simulated", sim.settings().get("mode"));
      assertEquals(Map.entry("mode", "live"), Map.entry("mode", live.settings().get("mode")));
    }
  }

  private static BarStrategy ladderOnA() {
    return BarStrategy.of(
        "second",
        (bar, history, orders) -> {
          if (bar.seq() % 2 == 0) {
            orders.buy(0.5);
          }
        });
  }

  private static void assertArrayEquals(double[] expected, double[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, EPS);
  }
}
