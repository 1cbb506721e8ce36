package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The fill rules of SPEC §11 worked out by hand on {@link GoldenTradesTest}'s five bars:
 *
 * <pre>
 * bar  open  high  low  close
 *  0   100   101   99   100
 *  1   100   103   99   102
 *  2   102   106  101   105
 *  3   105   105   98    99
 *  4    99   100   97    98
 * </pre>
 *
 * Fill timing {@code close}, 1000 in cash, 2 units per buy, no fee or slippage unless said.
 */
class OrderTypesTest {
  private static final double EPS = 1e-9;

  @TempDir Path tmp;

  /** A strategy that runs {@code onBar} with the bar's number and the orders. */
  private interface Script {
    void onBar(int bar, Orders orders);
  }

  private static BacktestResult run(Script script) {
    return run(Map.of(), script);
  }

  private static BacktestResult run(Map<String, Double> costs, Script script) {
    return Backtest.of("BTC-USD", GoldenTradesTest.bars())
        .cash(1000)
        .sizing(Sizing.fixed(2))
        .slippageBps(costs.getOrDefault("slippage", 0.0))
        .strategy(
            BarStrategy.of(
                "orders", (bar, history, orders) -> script.onBar((int) bar.seq(), orders)))
        .run();
  }

  /** Places orders on bar {@code at} only. */
  private static Script on(int at, Consumer<Orders> place) {
    return (bar, orders) -> {
      if (bar == at) {
        place.accept(orders);
      }
    };
  }

  /** Buys 2 at bar 0's close (100), then runs {@code then}. */
  private static Script holding(Script then) {
    return (bar, orders) -> {
      if (bar == 0) {
        orders.buy();
      }
      then.onBar(bar, orders);
    };
  }

  private static Instant t(int bar) {
    return Instant.ofEpochMilli(GoldenTradesTest.T0 + 60_000L * bar);
  }

  /** Asserts the last order filled on {@code bar} at {@code price}. */
  private static void assertFilled(BacktestResult r, int bar, double price) {
    Table o = r.orders();
    int last = o.rowCount() - 1;
    assertEquals("filled", o.stringColumn("status").get(last), o.print());
    assertEquals(t(bar), o.instantColumn("fill_time").get(last), "fill_time");
    assertEquals(price, o.doubleColumn("fill_price").getDouble(last), EPS, "fill_price");
  }

  private static void assertStatus(BacktestResult r, int row, String status, String reason) {
    Table o = r.orders();
    assertEquals(status, o.stringColumn("status").get(row), o.print());
    assertTrue(
        o.stringColumn("reason").get(row).contains(reason), o.stringColumn("reason").get(row));
    assertTrue(o.instantColumn("fill_time").isMissing(row), "no fill time");
  }

  @Test
  void aLimitIsFirstEvaluatedOnTheBarAfterItWasPlacedEvenWhenTheCloseReachesIt() {
    // bar 1 closes at 102 ≤ 103, but the order waits; bar 2 opens at 102 ≤ 103 → at the open
    assertFilled(run(on(1, o -> o.buyLimit(103))), 2, 102);
  }

  @Test
  void aBuyLimitFillsAtTheOpenWhenTheBarOpensBelowItElseAtTheLimit() {
    assertFilled(run(on(2, o -> o.buyLimit(106))), 3, 105); // O 105 ≤ 106
    assertFilled(run(on(2, o -> o.buyLimit(100))), 3, 100); // O 105 > 100, L 98 ≤ 100
  }

  @Test
  void aSellLimitFillsAtTheOpenWhenTheBarOpensAboveItElseAtTheLimit() {
    assertFilled(run(holding(on(1, o -> o.sellLimit(101)))), 2, 102); // O 102 ≥ 101
    assertFilled(run(holding(on(1, o -> o.sellLimit(104)))), 2, 104); // O 102 < 104, H 106
  }

  @Test
  void aBuyStopFillsAtTheStopIntrabarAndAtTheOpenWhenTheBarGapsThroughIt() {
    assertFilled(run(on(1, o -> o.buyStop(104))), 2, 104); // O 102 < 104, H 106 ≥ 104
    assertFilled(run(on(2, o -> o.buyStop(104))), 3, 105); // gap: O 105 ≥ 104 → at the open
    BacktestResult r = run(on(1, o -> o.buyStop(104)));
    assertEquals("stop", r.orders().stringColumn("type").get(0));
    assertEquals(104, r.orders().doubleColumn("stop_price").getDouble(0), EPS);
    assertTrue(r.orders().doubleColumn("limit_price").isMissing(0), "a stop has no limit");
  }

  @Test
  void aSellStopFillsAtTheStopIntrabarAndAtTheOpenWhenTheBarGapsThroughIt() {
    assertFilled(run(holding(on(2, o -> o.sellStop(100)))), 3, 100); // O 105, L 98 ≤ 100
    assertFilled(run(holding(on(3, o -> o.sellStop(100)))), 4, 99); // gap: O 99 ≤ 100
    BacktestResult r = run(holding(on(3, o -> o.sellStop(100))));
    assertEquals(2 * (99 - 100), r.trades().doubleColumn("pnl").getDouble(0), EPS);
  }

  @Test
  void aStopLimitTriggeredIntrabarIsALimitOrderFromTheNextBarOn() {
    // bar 2: O 102 < 104, H 106 → triggered; L 101 ≤ 104.5 does not count on this bar.
    // bar 3: buy limit 104.5: O 105 > 104.5, L 98 ≤ 104.5 → at 104.5
    BacktestResult r = run(on(1, o -> o.buyStopLimit(104, 104.5)));
    assertFilled(r, 3, 104.5);
    assertEquals("stop-limit", r.orders().stringColumn("type").get(0));
    assertEquals(104.5, r.orders().doubleColumn("limit_price").getDouble(0), EPS);
    assertEquals(104, r.orders().doubleColumn("stop_price").getDouble(0), EPS);
    // sell: bar 3 L 98 ≤ 100 triggers; bar 4 sell limit 99.5: O 99 < 99.5, H 100 → at 99.5
    assertFilled(run(holding(on(2, o -> o.sellStopLimit(100, 99.5)))), 4, 99.5);
  }

  @Test
  void aStopLimitTriggeredAtTheOpenIsEvaluatedAsALimitOnTheSameBar() {
    // bar 3 opens at 105 ≥ 104: triggered at the open; limit 104.5: L 98 ≤ 104.5 → at 104.5
    assertFilled(run(on(2, o -> o.buyStopLimit(104, 104.5))), 3, 104.5);
    // limit 106: O 105 ≤ 106 → at the open
    assertFilled(run(on(2, o -> o.buyStopLimit(104, 106))), 3, 105);
  }

  @Test
  void slippageMovesEveryFillAgainstTheOrder() {
    Map<String, Double> slip = Map.of("slippage", 50.0);
    assertFilled(run(slip, on(1, o -> o.buyStop(104))), 2, 104 * 1.005);
    assertFilled(run(slip, on(2, o -> o.buyLimit(100))), 3, 100 * 1.005);
    assertFilled(run(slip, holding(on(3, o -> o.sellStop(100)))), 4, 99 * 0.995);
  }

  @Test
  void anOrderGivenAnExpiryExpiresWhenNotFilledOnThatManyBars() {
    // evaluated on bars 1 and 2 (lows 99, 101): expired; good until cancelled it fills on bar 3
    BacktestResult r = run(on(0, o -> o.buyLimit(98).expireAfter(2)));
    assertStatus(r, 0, "expired", "not filled within 2 bars");
    assertEquals(0, r.trades().rowCount());
    assertFilled(run(on(0, o -> o.buyLimit(98))), 3, 98);
    assertFilled(run(on(0, o -> o.buyLimit(98).expireAfter(3))), 3, 98);
  }

  @Test
  void aCancelledOrderNeverFillsAndIsListedAsCancelled() {
    long[] id = new long[1];
    BacktestResult r =
        run(
            (bar, orders) -> {
              if (bar == 0) {
                id[0] = orders.buyLimit(98).id();
              } else if (bar == 2) {
                orders.cancel(id[0]);
              }
            });
    assertEquals(1, id[0]);
    assertStatus(r, 0, "cancelled", "cancelled by the strategy");
    assertEquals(0, r.trades().rowCount());
  }

  @Test
  void aCancelAfterTheFillHasNoEffect() {
    long[] id = new long[1];
    BacktestResult r =
        run(
            (bar, orders) -> {
              if (bar == 1) {
                id[0] = orders.buyStop(104).id(); // fills on bar 2
              } else if (bar == 3) {
                orders.cancel(id[0]);
              }
            });
    assertFilled(r, 2, 104);
    assertEquals(1, r.orders().rowCount());
  }

  @Test
  void aReplacedOrderFillsAtItsNewPriceFromTheNextBarOn() {
    long[] id = new long[2];
    BacktestResult r =
        run(
            (bar, orders) -> {
              if (bar == 0) {
                id[0] = orders.buyLimit(95).id();
                id[1] = orders.buyStop(110).id();
              } else if (bar == 2) {
                orders.replace(id[0], 99); // bar 3: O 105, L 98 ≤ 99 → 99
              } else if (bar == 1) {
                orders.replace(id[1], 104); // bar 2: O 102, H 106 ≥ 104 → 104
              }
            });
    Table o = r.orders();
    assertEquals(List.of("filled", "filled"), o.stringColumn("status").asList());
    assertEquals(99, o.doubleColumn("limit_price").getDouble(0), EPS);
    assertEquals(99, o.doubleColumn("fill_price").getDouble(0), EPS);
    assertEquals(t(3), o.instantColumn("fill_time").get(0));
    assertEquals(104, o.doubleColumn("stop_price").getDouble(1), EPS);
    assertEquals(104, o.doubleColumn("fill_price").getDouble(1), EPS);
    assertEquals(t(2), o.instantColumn("fill_time").get(1));
  }

  @Test
  void aStopNeverReachedIsListedAsUnfilled() {
    BacktestResult r = run(holding(on(1, o -> o.sellStop(90))));
    assertStatus(r, 1, "unfilled", "the stop was not reached");
  }

  @Test
  void cancellingAnOrderTheStrategyNeverPlacedOrReplacingAMarketOrderFails() {
    EngineException unknown =
        assertThrows(EngineException.class, () -> run(on(1, o -> o.cancel(3))));
    assertTrue(unknown.getCause().getMessage().contains("has no order 3"), unknown.getMessage());
    EngineException market =
        assertThrows(EngineException.class, () -> run(on(1, o -> o.replace(o.buy().id(), 100))));
    assertTrue(market.getCause().getMessage().contains("market order"), market.getMessage());
  }

  @Test
  void ordersCsvListsTheStopPriceAndEveryStatusAtTheEnd() throws IOException {
    BacktestResult r =
        run(
            (bar, orders) -> {
              if (bar == 0) {
                orders.buyStop(104); // filled on bar 2
                orders.buyLimit(90).expireAfter(1); // expired on bar 1
                orders.buyStopLimit(120, 121); // unfilled
              }
            });
    List<String> lines =
        Files.readAllLines(RunFolder.write(r, tmp.resolve("run")).resolve("orders.csv"));
    assertEquals(
        "id,time,strategy,symbol,side,type,quantity,limit_price,status,fill_time,fill_price,"
            + "fill_quantity,fee,reason,stop_price,role,slippage",
        lines.get(0));
    assertEquals(
        "1,2024-01-01T00:00:00Z,orders,BTC-USD,buy,stop,,,filled,2024-01-01T00:02:00Z,104.0,2.0,"
            + "0.0,,104.0,,0.0",
        lines.get(1));
    assertEquals(
        "2,2024-01-01T00:00:00Z,orders,BTC-USD,buy,limit,,90.0,expired,,,,,"
            + "not filled within 1 bar,,,",
        lines.get(2));
    assertEquals(
        "3,2024-01-01T00:00:00Z,orders,BTC-USD,buy,stop-limit,,121.0,unfilled,,,,,"
            + "the stop was not reached before the data ended,120.0,,",
        lines.get(3));
  }
}
