package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.Distance;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Costs, sizing and target weights (SPEC §11) by hand on {@link GoldenTradesTest}'s bars (closes
 * 100, 102, 105, 99, 98), fill timing {@code close}, 1000 in cash.
 */
class CostsAndSizingTest {
  private static final double EPS = 1e-9;

  /** Runs {@code script} with the bar's number. */
  private interface Script {
    void onBar(int bar, Orders orders);
  }

  private static BacktestResult run(Consumer<Backtest> configure, Script script) {
    Backtest b =
        Backtest.of("BTC-USD", GoldenTradesTest.bars())
            .cash(1000)
            .strategy(
                BarStrategy.of(
                    "sizing", (bar, history, orders) -> script.onBar((int) bar.seq(), orders)));
    configure.accept(b);
    return b.run();
  }

  private static double filled(BacktestResult r, int row) {
    return r.orders().doubleColumn("fill_quantity").get(row);
  }

  @Test
  void everyCommissionAddsUpAndSlippagePlusHalfSpreadMovesTheFill() {
    // Buy 2 at 100 with 5 bps slippage + 5 bps half-spread: 100.1. Commission: 10 bps of 200.2 =
    // 0.2002, per unit max(0.5 × 2, 3) = 3, per order 1 → 4.2002; slippage cost 0.1 × 2 = 0.2.
    Costs costs = Costs.NONE.withFeeBps(10).withPerUnit(0.5, 3).withPerOrder(1);
    BacktestResult r =
        run(
            b -> b.costs(costs.withSlippageBps(5).withHalfSpreadBps(5)),
            (bar, o) -> {
              if (bar == 0) {
                o.buy(2);
              } else if (bar == 2) {
                o.sell();
              }
            });
    Table orders = r.orders();
    assertEquals(100.1, orders.doubleColumn("fill_price").get(0), EPS);
    assertEquals(4.2002, orders.doubleColumn("fee").get(0), EPS);
    assertEquals(0.2, orders.doubleColumn("slippage").get(0), EPS);
    // Sell 2 at 105 × 0.999 = 104.895: 10 bps of 209.79 = 0.20979, + 3 + 1; slippage 0.21.
    assertEquals(104.895, orders.doubleColumn("fill_price").get(1), EPS);
    assertEquals(4.20979, orders.doubleColumn("fee").get(1), EPS);
    assertEquals(0.21, orders.doubleColumn("slippage").get(1), EPS);
    Metrics m = r.metrics();
    assertEquals(8.40999, m.costs().fees(), EPS);
    assertEquals(0.41, m.costs().slippage(), EPS);
    assertEquals(8.81999, m.costs().total(), EPS);
    assertEquals(8.81999, (Double) m.asMap().get("total_costs"), EPS);
    double pnl = (104.895 - 100.1) * 2 - 4.2002 - 4.20979;
    assertEquals(pnl, r.trades().doubleColumn("pnl").get(0), EPS);
    assertEquals(1000 + pnl, m.finalEquity(), EPS);
  }

  @Test
  void aMinimumNeedsAPerUnitCommission() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Costs.NONE.withPerUnit(0, 1));
    assertTrue(e.getMessage().contains("per order for a flat fee"), e.getMessage());
  }

  @Test
  void fractionSizingLeavesRoomForEveryCommission() {
    // 1000 of cash, per order 10, 10 bps: q = 990 / (100 × 1.001) = 9.89010989…
    BacktestResult r =
        run(
            b -> b.costs(Costs.NONE.withFeeBps(10).withPerOrder(10)),
            (bar, o) -> {
              if (bar == 0) {
                o.buy();
              }
            });
    double q = filled(r, 0);
    assertEquals(990 / 100.1, q, 1e-9);
    assertTrue(q * 100 + q * 100 * 0.001 + 10 <= 1000);
  }

  @Test
  void targetWeightRebalancesUpDownAcrossZeroAndCloses() {
    BacktestResult r =
        run(
            b -> {},
            (bar, o) -> {
              switch (bar) {
                case 0 -> o.targetWeight(0.5); // 500 / 100 = 5 units
                case 2 -> o.targetWeight(0.25); // equity 1025, target 256.25 / 105
                case 3 -> o.targetWeight(-0.5); // a short worth half the equity
                case 4 -> o.close();
                default -> {}
              }
            });
    assertEquals(5, filled(r, 0), EPS);
    double equity2 = 500 + 5 * 105;
    double held2 = 0.25 * equity2 / 105;
    assertEquals(5 - held2, filled(r, 1), EPS);
    assertEquals("sell", r.orders().stringColumn("side").get(1));
    assertEquals(5 - held2, r.trades().doubleColumn("quantity").get(0), EPS, "only part is closed");
    double equity3 = 1000 - 5 * 100 + (5 - held2) * 105 + held2 * 99;
    assertEquals(held2 + 0.5 * equity3 / 99, filled(r, 2), 1e-9);
    assertEquals(0.5 * equity3 / 99, filled(r, 3), 1e-9);
    assertEquals("buy", r.orders().stringColumn("side").get(3));
    assertEquals(
        List.of("target:0.5", "target:0.25", "target:-0.5", "target:0.0"),
        r.orders().stringColumn("role").asList());
    assertEquals(
        0, r.trades().where(r.trades().stringColumn("exit_reason").isEqualTo("open")).rowCount());
  }

  @Test
  void aTargetAlreadyReachedIsRejectedWithItsReason() {
    BacktestResult r =
        run(
            b -> {},
            (bar, o) -> {
              if (bar == 0) {
                o.close();
              }
            });
    assertEquals("rejected", r.orders().stringColumn("status").get(0));
    assertTrue(
        r.orders().stringColumn("reason").get(0).startsWith("already at the target weight 0.0"));
  }

  @Test
  void riskSizingLosesTheGivenFractionOfEquityAtTheStop() {
    // 1 % of 1000 = 10 lost at a stop 2 % (2.0) under 100: 5 units.
    BacktestResult r =
        run(
            b -> b.sizing(Sizing.risk(0.01)),
            (bar, o) -> {
              if (bar == 0) {
                o.buy().stopLoss(Distance.percent(2));
              } else if (bar == 1) {
                o.buy(); // no stop-loss: rejected
              }
            });
    assertEquals(5, filled(r, 0), EPS);
    assertEquals("rejected", r.orders().stringColumn("status").get(2));
    assertTrue(
        r.orders().stringColumn("reason").get(2).startsWith("risk-based sizing needs a stop-loss"));
  }

  @Test
  void riskSizingIsCappedByTheBuyingPower() {
    // 50 % risk with a 2 % stop would be 250 units; 1000 of cash buys 10.
    BacktestResult r =
        run(
            b -> b.sizing(Sizing.risk(0.5)),
            (bar, o) -> {
              if (bar == 0) {
                o.buy().stopLoss(Distance.percent(2));
              }
            });
    assertEquals(10, filled(r, 0), EPS);
  }

  @Test
  void wholeUnitsRoundSizedQuantitiesDownAndRejectFractionalOnes() {
    BacktestResult r =
        run(
            b -> b.cash(1050).wholeUnits(),
            (bar, o) -> {
              if (bar == 0) {
                o.buy(); // 10.5 → 10
              } else if (bar == 1) {
                o.sell(0.5);
              }
            });
    assertEquals(10, filled(r, 0), 0);
    assertEquals("rejected", r.orders().stringColumn("status").get(1));
    assertEquals(
        "quantity 0.5 is not a whole number of units", r.orders().stringColumn("reason").get(1));
  }

  @Test
  void sizingRulesParseFromTheirText() {
    assertEquals(Sizing.targetWeight(0.5), Sizing.parse("target:0.5"));
    assertEquals(Sizing.risk(0.01), Sizing.parse("risk:0.01"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sizing.parse("risk"));
    assertTrue(e.getMessage().contains("risk:R"), e.getMessage());
  }

  @Test
  void aTicketTurnsAMarketOrderIntoAStopAndAStopLimit() {
    BacktestResult r =
        run(
            b -> b.sizing(Sizing.fixed(1)),
            (bar, o) -> {
              if (bar == 0) {
                o.buy().stop(104); // bar 2 (high 106) → 104
                o.buy().stop(104).limit(103.5); // triggered on bar 2 intrabar, then a limit
              }
            });
    Table orders = r.orders();
    assertEquals(List.of("stop", "stop-limit"), orders.stringColumn("type").asList());
    assertEquals(104, orders.doubleColumn("fill_price").get(0), EPS);
    assertEquals("filled", orders.stringColumn("status").get(1));
    // Triggered intrabar on bar 2; from bar 3 a limit 103.5, which bar 3 (open 105, low 98)
    // reaches.
    assertEquals(103.5, orders.doubleColumn("fill_price").get(1), EPS);
  }
}
