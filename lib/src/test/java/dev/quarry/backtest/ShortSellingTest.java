package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sides, margin and borrow fees of SPEC §11 worked out by hand on {@link GoldenTradesTest}'s five
 * bars (closes 100, 102, 105, 99, 98), fill timing {@code close}, 1000 in cash.
 */
class ShortSellingTest {
  private static final double EPS = 1e-9;

  /** A strategy that runs {@code onBar} with the bar's number and the orders. */
  private interface Script {
    void onBar(int bar, Orders orders);
  }

  private static BacktestResult run(ExecutionSettings settings, Table bars, Script script) {
    return Backtest.of("BTC-USD", bars)
        .settings(settings.withCash(1000).withSizing(Sizing.fixed(2)))
        .strategy(
            BarStrategy.of(
                "shorts", (bar, history, orders) -> script.onBar((int) bar.seq(), orders)))
        .run();
  }

  private static BacktestResult run(ExecutionSettings settings, Script script) {
    return run(settings, GoldenTradesTest.bars(), script);
  }

  private static double[] column(Table t, String name) {
    return t.doubleColumn(name).asDoubleArray();
  }

  /** Sells 2 short on bar 1 (at 102) and buys them back on bar 3 (at 99). */
  private static void shortRoundTrip(int bar, Orders orders) {
    if (bar == 1) {
      orders.sell(2);
    } else if (bar == 3) {
      orders.buy(2);
    }
  }

  @Test
  void aShortSaleCreditsItsProceedsAndEquityMarksTheNegativeQuantity() {
    BacktestResult r = run(ExecutionSettings.defaults(), ShortSellingTest::shortRoundTrip);
    // cash 1000 + 204 = 1204; position −2 × close; bought back for 198 → cash 1006
    assertArrayEquals(new double[] {1000, 1204, 1204, 1006, 1006}, column(r.equity(), "cash"));
    assertArrayEquals(new double[] {0, -204, -210, 0, 0}, column(r.equity(), "position"));
    assertArrayEquals(new double[] {1000, 1000, 994, 1006, 1006}, column(r.equity(), "equity"));
    Table t = r.trades();
    assertEquals(1, t.rowCount());
    assertEquals("short", t.stringColumn("side").get(0));
    assertEquals(102, t.doubleColumn("entry_price").getDouble(0), EPS);
    assertEquals(99, t.doubleColumn("exit_price").getDouble(0), EPS);
    assertEquals(6, t.doubleColumn("pnl").getDouble(0), EPS); // (102 − 99) × 2
  }

  @Test
  void aSellBeyondTheLongPositionClosesItFirstInFirstOutThenOpensAShort() {
    BacktestResult r =
        run(
            ExecutionSettings.defaults().withFeeBps(10),
            (bar, orders) -> {
              if (bar == 0) {
                orders.buy(1); // at 100, fee 0.1
              } else if (bar == 2) {
                orders.sell(3); // at 105: closes 1, shorts 2; fee 0.315, shared 1 : 2
              }
            });
    Table t = r.trades();
    assertEquals(List.of("long", "short"), t.stringColumn("side").asList());
    // long: 1 × (105 − 100) − 0.1 − 0.105
    assertEquals(5 - 0.1 - 0.105, t.doubleColumn("pnl").getDouble(0), EPS);
    // short, still open: marked at bar 4's close 98: 2 × (105 − 98) − 0.21
    assertEquals(2, t.doubleColumn("quantity").getDouble(1), EPS);
    assertTrue(t.instantColumn("exit_time").isMissing(1));
    assertEquals(14 - 0.21, t.doubleColumn("pnl").getDouble(1), EPS);
    assertEquals(r.metrics().finalEquity() - 1000, t.doubleColumn("pnl").sum(), EPS);
  }

  @Test
  void aShortPastTheLeverageLimitIsRejectedWithTheExposureAndEquity() {
    BacktestResult r =
        run(
            ExecutionSettings.defaults(),
            (bar, orders) -> {
              if (bar == 1) {
                orders.sell(10); // 1020 of exposure > equity 1000 × 1: rejected
                orders.sell(9); // 918 ≤ 1000: filled
              }
            });
    Table o = r.orders();
    assertEquals(List.of("rejected", "filled"), o.stringColumn("status").asList());
    assertEquals(
        "after the fill the gross exposure would be 1020.0, more than equity 1000.0 × leverage"
            + " 1.0",
        o.stringColumn("reason").get(0));

    BacktestResult twice =
        run(
            ExecutionSettings.defaults().withLeverage(2),
            (bar, orders) -> {
              if (bar == 1) {
                orders.sell(20); // 2040 > 2000: rejected
                orders.sell(19); // 1938 ≤ 2000: filled
              }
            });
    assertEquals(List.of("rejected", "filled"), twice.orders().stringColumn("status").asList());
  }

  @Test
  void aShortThatLostPastTheLimitCanStillBeCoveredAndReducingItIsNotChecked() {
    // short 9 at 100; the price then doubles: gross 1,800 against equity 1,000 − 900 = 100
    double[][] ohlc = {{100, 100, 100, 100}, {200, 200, 200, 200}, {200, 200, 200, 200}};
    Table bars = TestBars.of(0, 60_000, ohlc);
    BacktestResult r =
        run(
            ExecutionSettings.defaults(),
            bars,
            (bar, orders) -> {
              if (bar == 0) {
                orders.sell(9);
              } else if (bar == 1) {
                orders.buy(4); // reduces the short: not checked, though far past the limit
              } else if (bar == 2) {
                orders.buy(5); // closes it
              }
            });
    assertEquals(List.of("filled", "filled", "filled"), r.orders().stringColumn("status").asList());
    assertEquals(1000 + 900 - 1800, r.metrics().finalEquity(), EPS); // lost 100 × 9
  }

  @Test
  void longOnlyRejectsShortSales() {
    BacktestResult r =
        run(ExecutionSettings.defaults().withLongOnly(true), ShortSellingTest::shortRoundTrip);
    Table o = r.orders();
    assertEquals("rejected", o.stringColumn("status").get(0));
    assertTrue(
        o.stringColumn("reason").get(0).contains("long-only"), o.stringColumn("reason").get(0));
    assertEquals("filled", o.stringColumn("status").get(1)); // the buy opens a long instead
    assertEquals("long", r.trades().stringColumn("side").get(0));
  }

  @Test
  void aShortPaysItsBorrowFeeAtTheEndOfEachBarItIsHeld() {
    // daily bars; 36,525 bps a year = 1 % a day. Short 2 at bar 1's close (102), bought back at
    // bar 3's close (99): held at the end of bars 1 (2 × 102 × 1 % = 2.04) and 2 (2 × 105 × 1 %)
    Table daily = TestBars.of(GoldenTradesTest.T0, 86_400_000L, GoldenTradesTest.OHLC);
    BacktestResult r =
        run(
            ExecutionSettings.defaults().withBorrowBps(36_525),
            daily,
            ShortSellingTest::shortRoundTrip);
    double fees = 2.04 + 2.10;
    assertEquals(fees, r.trades().doubleColumn("fees").getDouble(0), EPS);
    assertEquals(6 - fees, r.trades().doubleColumn("pnl").getDouble(0), EPS);
    double[] cash = column(r.equity(), "cash");
    assertEquals(1204 - 2.04, cash[1], EPS);
    assertEquals(1204 - fees, cash[2], EPS);
    assertEquals(1006 - fees, cash[4], EPS);
    assertEquals(1006 - fees, r.metrics().finalEquity(), EPS);
    assertEquals("36525.0", r.settings().get("borrow_bps"));
  }

  @Test
  void aSellStopWithAQuantityOpensAShortAtTheStop() {
    // placed on bar 2; bar 3: O 105 > 100, L 98 ≤ 100 → short 2 at 100, marked at 98 at the end
    BacktestResult r =
        run(
            ExecutionSettings.defaults(),
            (bar, orders) -> {
              if (bar == 2) {
                orders.sellStop(2, 100);
              }
            });
    Table t = r.trades();
    assertEquals("short", t.stringColumn("side").get(0));
    assertEquals(100, t.doubleColumn("entry_price").getDouble(0), EPS);
    assertEquals(4, t.doubleColumn("pnl").getDouble(0), EPS);
    assertEquals(1004, r.metrics().finalEquity(), EPS);
  }
}
