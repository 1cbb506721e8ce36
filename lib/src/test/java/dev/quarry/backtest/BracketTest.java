package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.Bracket;
import dev.quarry.engine.Distance;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The exits of SPEC §11 worked out by hand on tiny bar series: fill timing {@code close} unless
 * said, 1000 in cash, no costs, every entry 2 units at 100 (the close of bar 0).
 */
class BracketTest {
  private static final double EPS = 1e-9;
  private static final double[] FLAT = {100, 101, 99, 100};

  private static BacktestResult run(
      double[][] ohlc, Consumer<Backtest> configure, Consumer<Orders> onBar0) {
    Backtest b =
        Backtest.of("BTC-USD", TestBars.of(GoldenTradesTest.T0, 60_000, ohlc))
            .cash(1000)
            .sizing(Sizing.fixed(2))
            .strategy(
                BarStrategy.of(
                    "bracket",
                    (bar, history, orders) -> {
                      if (bar.seq() == 0) {
                        onBar0.accept(orders);
                      }
                    }));
    configure.accept(b);
    return b.run();
  }

  private static BacktestResult run(double[][] ohlc, Consumer<Orders> onBar0) {
    return run(ohlc, b -> {}, onBar0);
  }

  private static Instant t(int bar) {
    return Instant.ofEpochMilli(GoldenTradesTest.T0 + 60_000L * bar);
  }

  /** The one closed trade: exit time, exit price, reason. */
  private static void assertExit(BacktestResult r, int bar, double price, String reason) {
    Table trades = r.trades();
    assertEquals(1, trades.rowCount(), trades.print());
    assertEquals(t(bar), trades.instantColumn("exit_time").get(0), trades.print());
    assertEquals(price, trades.doubleColumn("exit_price").get(0), EPS, trades.print());
    assertEquals(reason, trades.stringColumn("exit_reason").get(0));
  }

  private static String column(BacktestResult r, String name, int row) {
    return r.orders().column(name).getString(row);
  }

  @Test
  void aStopLossInPercentFillsAtItsLevelWhenTheLowReachesIt() {
    BacktestResult r =
        run(
            new double[][] {FLAT, {100, 103, 99, 101}, {101, 102, 97, 98}},
            o -> o.buy().stopLoss(Distance.percent(2)).takeProfit(Distance.percent(4)));
    assertExit(r, 2, 98, "stop-loss");
    assertEquals(-4, r.trades().doubleColumn("pnl").get(0), EPS);
    Table orders = r.orders();
    assertEquals(List.of("", "stop-loss", "take-profit"), orders.stringColumn("role").asList());
    assertEquals(List.of("filled", "filled", "cancelled"), orders.stringColumn("status").asList());
    assertEquals(98, orders.doubleColumn("stop_price").get(1), EPS);
    assertEquals(104, orders.doubleColumn("limit_price").get(2), EPS);
    assertEquals("one-cancels-other: the stop-loss (order 2) filled", column(r, "reason", 2));
    assertEquals(0, r.metrics().pessimisticExits());
  }

  @Test
  void aBarReachingBothTheStopAndTheTargetFillsTheStopAndIsCounted() {
    BacktestResult r =
        run(
            new double[][] {FLAT, {100, 105, 97, 101}},
            o -> o.buy().stopLoss(Distance.percent(2)).takeProfit(Distance.percent(4)));
    assertExit(r, 1, 98, "stop-loss");
    assertEquals(1, r.metrics().pessimisticExits());
    assertEquals(1, r.metrics().asMap().get("pessimistic_exits"));
  }

  @Test
  void aGapThroughTheStopFillsAtTheOpen() {
    BacktestResult r =
        run(new double[][] {FLAT, {95, 96, 94, 95}}, o -> o.buy().stopLoss(Distance.percent(2)));
    assertExit(r, 1, 95, "stop-loss");
  }

  @Test
  void aGapThroughTheTargetFillsAtTheOpenEvenIfTheBarThenFallsThroughTheStop() {
    BacktestResult r =
        run(
            new double[][] {FLAT, {106, 107, 90, 95}},
            o -> o.buy().stopLoss(Distance.price(2)).takeProfit(Distance.price(4)));
    assertExit(r, 1, 106, "take-profit");
    assertEquals(0, r.metrics().pessimisticExits());
  }

  @Test
  void aTrailingStopUsesTheBestPriceThroughThePreviousBarOnly() {
    // Bar 1 makes a high of 110 but its own trailing level is 97 (best 100 so far): no exit, though
    // its low (99) is under 110 × 0.97 = 106.7. Bar 2's level is 106.7, which its low reaches.
    BacktestResult r =
        run(
            new double[][] {FLAT, {100, 110, 99, 108}, {108, 109, 106, 107}},
            o -> o.buy().trailingStop(Distance.percent(3)));
    assertExit(r, 2, 106.7, "trailing-stop");
    assertEquals(106.7, r.orders().doubleColumn("stop_price").get(1), EPS);
  }

  @Test
  void theHigherOfStopLossAndTrailingLevelIsTheStop() {
    // Stop-loss 5 % = 95; trailing 3 % from a best of 110 = 106.7 on bar 2: the trailing stop fills
    // and the stop-loss is cancelled.
    BacktestResult r =
        run(
            new double[][] {FLAT, {100, 110, 99, 108}, {108, 109, 90, 91}},
            o -> o.buy().stopLoss(Distance.percent(5)).trailingStop(Distance.percent(3)));
    assertExit(r, 2, 106.7, "trailing-stop");
    assertEquals("cancelled", column(r, "status", 1));
  }

  @Test
  void withAFillAtTheOpenTheExitsAreTriedOnTheSameBar() {
    BacktestResult r =
        run(
            new double[][] {FLAT, {100, 101, 97, 100}},
            b -> b.fill(FillTiming.NEXT_OPEN),
            o -> o.buy().stopLoss(Distance.percent(2)));
    Table trades = r.trades();
    assertEquals(t(1), trades.instantColumn("entry_time").get(0));
    assertExit(r, 1, 98, "stop-loss");
  }

  @Test
  void withAFillAtTheCloseTheExitsWaitForTheNextBar() {
    // Bar 0's low (97) is under the stop, but the entry filled at its close.
    BacktestResult r =
        run(
            new double[][] {{100, 101, 97, 100}, {100, 101, 99.5, 100}},
            o -> o.buy().stopLoss(Distance.percent(2)));
    assertEquals("open", r.trades().stringColumn("exit_reason").get(0));
    assertEquals("unfilled", column(r, "status", 1));
  }

  @Test
  void aShortsExitsAreTheMirrorImage() {
    BacktestResult r =
        run(
            new double[][] {FLAT, {100, 101, 99, 100}, {100, 103, 99, 102}},
            o -> o.sell(2).stopLoss(Distance.percent(2)).takeProfit(Distance.percent(4)));
    assertExit(r, 2, 102, "stop-loss");
    assertEquals("short", r.trades().stringColumn("side").get(0));
    assertEquals(-4, r.trades().doubleColumn("pnl").get(0), EPS);
    assertEquals("buy", column(r, "side", 1));
    assertEquals(96, r.orders().doubleColumn("limit_price").get(2), EPS);
  }

  @Test
  void anAtrStopSitsAMultipleOfAtr14AtEntryAway() {
    // Every bar's true range is 2, so ATR(14) is 2 from bar 14 on; the entry on bar 15 at 100 with
    // 1.5 ATR puts the stop at 97, which bar 16's low reaches.
    double[][] ohlc = new double[17][];
    for (int i = 0; i < 16; i++) {
      ohlc[i] = FLAT;
    }
    ohlc[16] = new double[] {100, 100, 96.5, 97};
    BacktestResult r =
        Backtest.of("BTC-USD", TestBars.of(GoldenTradesTest.T0, 60_000, ohlc))
            .cash(1000)
            .sizing(Sizing.fixed(2))
            .strategy(
                BarStrategy.of(
                    "atr",
                    (bar, history, orders) -> {
                      if (bar.seq() == 5 || bar.seq() == 15) {
                        orders.buy().stopLoss(Distance.atr(1.5));
                      }
                    }))
            .run();
    assertEquals("rejected", column(r, "status", 0));
    assertTrue(
        column(r, "reason", 0).startsWith("ATR(14) of BTC-USD is not defined yet"),
        column(r, "reason", 0));
    assertExit(r, 16, 97, "stop-loss");
  }

  @Test
  void theSettingsExitsProtectEveryNewPositionAndAStrategyCloseCancelsThem() {
    BacktestResult r =
        Backtest.of("BTC-USD", GoldenTradesTest.bars())
            .cash(1000)
            .sizing(Sizing.fixed(2))
            .exits(new Bracket(Distance.percent(10), Distance.percent(20), null))
            .strategy(GoldenTradesTest.roundTrip())
            .run();
    Table orders = r.orders();
    assertEquals(List.of("", "stop-loss", "take-profit", ""), orders.stringColumn("role").asList());
    assertEquals(
        List.of("filled", "cancelled", "cancelled", "filled"),
        orders.stringColumn("status").asList());
    assertEquals("one-cancels-other: order 4 closed the position", column(r, "reason", 1));
    assertEquals("signal", r.trades().stringColumn("exit_reason").get(0));
  }

  @Test
  void aSecondAllInBuyIsRejectedAndLeavesThePositionsExitsAlone() {
    // All equity is in the position: the rounding crumbs of cash buy nothing, so the second
    // entry's trailing stop never replaces the first's.
    BacktestResult r =
        Backtest.of("BTC-USD", GoldenTradesTest.bars())
            .cash(1000)
            .strategy(
                BarStrategy.of(
                    "twice",
                    (bar, history, orders) -> {
                      if (bar.seq() <= 1) {
                        orders.buy().trailingStop(Distance.percent(3));
                      }
                    }))
            .run();
    Table orders = r.orders();
    assertEquals("rejected", column(r, "status", 2), orders.print());
    assertTrue(column(r, "reason", 2).startsWith("no buying power left"), column(r, "reason", 2));
    assertEquals("trailing-stop", column(r, "role", 1));
    assertEquals(1, r.trades().rowCount());
  }

  @Test
  void aTrailingStopCannotBeAPriceDistance() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Bracket(null, null, Distance.price(5)));
    assertTrue(e.getMessage().contains("not a price distance"), e.getMessage());
  }

  @Test
  void distancesParseTheirThreeForms() {
    assertEquals(Distance.percent(2), Distance.parse("2%"));
    assertEquals(Distance.atr(1.5), Distance.parse("1.5atr"));
    assertEquals(Distance.price(150), Distance.parse("150"));
    assertEquals("2%", Distance.parse("2%").label());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Distance.parse("two"));
    assertTrue(e.getMessage().contains("2atr"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Distance.parse("120%"));
  }
}
