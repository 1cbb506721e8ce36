package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each metric of SPEC §14 against arithmetic done by hand (in the comments) on tiny curves and
 * trade lists, the undefined cases, and buy and hold on the golden bars.
 */
class MetricsTest {
  private static final double EPS = 1e-9;
  private static final long DAY = 86_400_000L;
  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  /** Bars per year with rows a day apart: 365.25 days / 1 day. */
  private static final double P = 365.25;

  private static final Metrics.ClosedTrades NO_TRADES =
      new Metrics.ClosedTrades(new double[0], new long[0], new long[0]);

  /** A curve with rows a day apart from T0, positions as given. */
  private static Metrics.Curve daily(double[] equity, double[] position, double[] hold) {
    long[] time = new long[equity.length];
    for (int i = 0; i < time.length; i++) {
      time[i] = T0 + i * DAY;
    }
    return new Metrics.Curve(time, equity, position, hold, equity.length);
  }

  private static Metrics.Curve daily(double[] equity, double[] hold) {
    return daily(equity, new double[equity.length], hold);
  }

  private static Metrics compute(Metrics.Curve curve, Metrics.ClosedTrades trades, double traded) {
    return Metrics.compute(100, curve, trades, 0, traded, curve.n(), Metrics.CostTotals.NONE, 0);
  }

  private static Metrics compute(Metrics.Curve curve) {
    return compute(curve, NO_TRADES, 0);
  }

  private static void nan(double value, String what) {
    assertTrue(Double.isNaN(value), what + " should be undefined, was " + value);
  }

  /** Equity 100, 110, 99, 108.9, 119.79: r = +10 %, −10 %, +10 %, +10 %. */
  private static final double[] UP_DOWN = {100, 110, 99, 108.9, 119.79};

  /** Buy and hold flat (B = 1 throughout). */
  private static final double[] FLAT = {1, 1, 1, 1, 1};

  @Test
  void returnsVolatilitySharpeSortinoAndCalmar() {
    Metrics m = compute(daily(UP_DOWN, FLAT));
    // total return 119.79 / 100 − 1
    assertEquals(0.1979, m.totalReturn(), EPS);
    // years = 4 days / 365.25 days; cagr = 1.1979^(365.25 / 4) − 1
    double cagr = Math.pow(1.1979, 365.25 / 4) - 1;
    assertEquals(cagr, m.cagr(), cagr * 1e-12);
    // mean r = (0.1 − 0.1 + 0.1 + 0.1) / 4 = 0.05; deviations 0.05, −0.15, 0.05, 0.05
    // squares 0.0025 + 0.0225 + 0.0025 + 0.0025 = 0.03; sample variance 0.03 / 3 = 0.01, sd 0.1
    assertEquals(0.1 * Math.sqrt(P), m.volatility(), EPS);
    assertEquals(0.05 / 0.1 * Math.sqrt(P), m.sharpe(), EPS);
    // downside: min(r, 0)² = 0, 0.01, 0, 0; mean 0.01 / 4 = 0.0025; √ = 0.05
    assertEquals(0.05 / 0.05 * Math.sqrt(P), m.sortino(), EPS);
    // max drawdown: peak 110 (day 1), trough 99 (day 2): 1 − 99 / 110 = 0.1
    assertEquals(0.1, m.maxDrawdown(), EPS);
    assertEquals(cagr / 0.1, m.calmar(), cagr * 1e-11);
    // under water from day 1 (110) until day 4 (119.79 ≥ 110; day 3's 108.9 is still below)
    assertEquals(3 * 86_400, m.maxDrawdownDuration(), EPS);
    // buy and hold flat: return 0, excess = the strategy's return; b never varies: no beta
    assertEquals(0, m.buyAndHoldReturn(), EPS);
    assertEquals(0.1979, m.excessReturn(), EPS);
    nan(m.beta(), "beta against a flat benchmark");
    nan(m.alpha(), "alpha against a flat benchmark");
  }

  @Test
  void betaAndAlphaAreTheLeastSquaresFitOnTheBuyAndHoldReturns() {
    // b = +1 %, −1 %, +2 %: B = 1, 1.01, 1.01 × 0.99, 1.01 × 0.99 × 1.02
    double[] hold = {1, 1.01, 1.01 * 0.99, 1.01 * 0.99 * 1.02};
    // r = +2 %, 0 %, +1 %: E = 100, 102, 102, 103.02
    double[] equity = {100, 102, 102, 103.02};
    Metrics m = compute(daily(equity, hold));
    // in hundredths: b = 1, −1, 2, mean 2/3, deviations 1/3, −5/3, 4/3
    //                r = 2, 0, 1, mean 1, deviations 1, −1, 0
    // Σ db·dr = 1/3 + 5/3 + 0 = 2; Σ db² = (1 + 25 + 16) / 9 = 14/3; β = 2 / (14/3) = 3/7
    assertEquals(3.0 / 7, m.beta(), EPS);
    // a = r̄ − β b̄ = 0.01 − 3/7 × 0.02/3 = 0.01 − 0.02/7 = 0.05/7 per bar; × 365.25 a year
    assertEquals(0.05 / 7 * P, m.alpha(), 1e-9);
    // buy and hold: 1.01 × 0.99 × 1.02 − 1 = 0.019898; strategy 0.0302
    assertEquals(1.01 * 0.99 * 1.02 - 1, m.buyAndHoldReturn(), EPS);
    assertEquals(0.0302 - (1.01 * 0.99 * 1.02 - 1), m.excessReturn(), EPS);
  }

  @Test
  void anExactLinearRelationGivesItsSlopeAndIntercept() {
    // b = +1 %, −2 %, +3 %, 0 %; r = 0.001 + 2 b = +2.1 %, −3.9 %, +6.1 %, +0.1 %
    double[] b = {0.01, -0.02, 0.03, 0};
    double[] hold = new double[5];
    double[] equity = new double[5];
    hold[0] = 1;
    equity[0] = 100;
    for (int t = 1; t < 5; t++) {
      hold[t] = hold[t - 1] * (1 + b[t - 1]);
      equity[t] = equity[t - 1] * (1 + 0.001 + 2 * b[t - 1]);
    }
    Metrics m = compute(daily(equity, hold));
    assertEquals(2, m.beta(), 1e-9);
    assertEquals(0.001 * P, m.alpha(), 1e-9); // 0.001 a day, × 365.25
  }

  @Test
  void aFlatCurveHasNoRiskAdjustedReturn() {
    Metrics m = compute(daily(new double[] {100, 100, 100, 100}, new double[] {1, 1.1, 1.2, 1.1}));
    assertEquals(0, m.totalReturn());
    assertEquals(0, m.volatility()); // defined: it does not move
    nan(m.sharpe(), "sharpe of a flat curve");
    nan(m.sortino(), "sortino without a negative return");
    assertEquals(0, m.maxDrawdown());
    assertEquals(0, m.maxDrawdownDuration()); // never under water
    nan(m.calmar(), "calmar without a drawdown");
    // b varies, r = 0: β = 0, α = 0
    assertEquals(0, m.beta(), EPS);
    assertEquals(0, m.alpha(), EPS);
    assertEquals(0.1, m.buyAndHoldReturn(), EPS); // 1.1 / 1 − 1
    assertEquals(-0.1, m.excessReturn(), EPS);
  }

  @Test
  void sortinoWithoutALossIsUndefinedAndADrawdownNotRecoveredLastsToTheEnd() {
    // r = +10 %, +10 %: no downside
    Metrics up = compute(daily(new double[] {100, 110, 121}, new double[] {1, 1, 1}));
    nan(up.sortino(), "sortino without a negative return");
    assertEquals(0, up.maxDrawdownDuration());
    // peak 120 on day 1, below it on days 2 to 4: 3 days under water, not recovered
    Metrics down =
        compute(daily(new double[] {100, 120, 110, 119, 90}, new double[] {1, 1, 1, 1, 1}));
    assertEquals(3 * 86_400, down.maxDrawdownDuration(), EPS);
    assertEquals(0.25, down.maxDrawdown(), EPS); // 1 − 90 / 120
    // two drawdowns: 100 → 90 → 100 (2 days), 100 → 95 → 105 (2 days; equal to the peak counts)
    // and the longest of rows at a peak is measured from the last row at it: 105, 105, 104, 106
    Metrics two =
        compute(
            daily(
                new double[] {100, 90, 100, 95, 105, 105, 104, 103, 102, 106},
                new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    // last row at 105 is day 5; back above on day 9: 4 days
    assertEquals(4 * 86_400, two.maxDrawdownDuration(), EPS);
  }

  @Test
  void fewerThanThreeRowsLeaveTheReturnFiguresUndefined() {
    Metrics m = compute(daily(new double[] {100, 90}, new double[] {1, 1.2}));
    nan(m.volatility(), "volatility of one return");
    nan(m.sharpe(), "sharpe of one return");
    nan(m.sortino(), "sortino of one return");
    nan(m.beta(), "beta of one return");
    nan(m.alpha(), "alpha of one return");
    assertEquals(0.2, m.buyAndHoldReturn(), EPS);
    assertEquals(-0.1 - 0.2, m.excessReturn(), EPS);
    assertEquals(86_400, m.maxDrawdownDuration(), EPS); // under water from day 0 to the end
  }

  @Test
  void withoutRowsOnlyTheCountsAreDefined() {
    Metrics m =
        compute(new Metrics.Curve(new long[0], new double[0], new double[0], new double[0], 0));
    assertEquals(0, m.totalReturn());
    for (double v :
        new double[] {
          m.cagr(),
          m.buyAndHoldReturn(),
          m.excessReturn(),
          m.volatility(),
          m.sharpe(),
          m.sortino(),
          m.calmar(),
          m.alpha(),
          m.beta(),
          m.maxDrawdownDuration(),
          m.winRate(),
          m.profitFactor(),
          m.expectancy(),
          m.averageWin(),
          m.averageLoss(),
          m.payoffRatio(),
          m.averageHoldingTime(),
          m.exposure(),
          m.turnover()
        }) {
      nan(v, "a figure without rows");
    }
    assertNull(m.start());
    assertNull(m.asMap().get("buy_and_hold_return"));
    assertNull(m.asMap().get("max_drawdown_duration"));
  }

  @Test
  void tradeFigures() {
    // pnl 10, −5, 0, 20, −15, held 1, 2, 3, 4, 5 minutes
    double[] pnl = {10, -5, 0, 20, -15};
    long[] entry = {0, 0, 0, 0, 0};
    long[] exit = {60_000, 120_000, 180_000, 240_000, 300_000};
    Metrics m =
        Metrics.compute(
            100,
            daily(UP_DOWN, FLAT),
            new Metrics.ClosedTrades(pnl, entry, exit),
            2,
            0,
            5,
            Metrics.CostTotals.NONE,
            0);
    assertEquals(0.4, m.winRate(), EPS); // 2 wins of 5 (0 is not a win)
    assertEquals(7, m.tradeCount()); // 5 closed + 2 open
    assertEquals(2, m.openTrades());
    // gross profit 10 + 20 = 30, gross loss 5 + 15 = 20: 30 / 20
    assertEquals(1.5, m.profitFactor(), EPS);
    assertEquals(2, m.expectancy(), EPS); // (10 − 5 + 0 + 20 − 15) / 5 = 10 / 5
    assertEquals(15, m.averageWin(), EPS); // 30 / 2
    assertEquals(-10, m.averageLoss(), EPS); // −20 / 2
    assertEquals(1.5, m.payoffRatio(), EPS); // 15 / |−10|
    assertEquals(180, m.averageHoldingTime(), EPS); // (1 + 2 + 3 + 4 + 5) / 5 minutes = 3 minutes
  }

  @Test
  void withoutALosingTradeTheProfitFactorAndPayoffAreUndefined() {
    Metrics m =
        compute(
            daily(UP_DOWN, FLAT),
            new Metrics.ClosedTrades(
                new double[] {5, 0}, new long[] {0, 0}, new long[] {1000, 3000}),
            0);
    nan(m.profitFactor(), "profit factor without a loss");
    nan(m.averageLoss(), "average loss without a loss");
    nan(m.payoffRatio(), "payoff ratio without a loss");
    assertEquals(5, m.averageWin(), EPS);
    assertEquals(2.5, m.expectancy(), EPS); // (5 + 0) / 2
    assertEquals(0.5, m.winRate(), EPS);
    assertEquals(2, m.averageHoldingTime(), EPS); // (1 s + 3 s) / 2
    assertNull(m.asMap().get("profit_factor"));
    Metrics onlyLosses =
        compute(
            daily(UP_DOWN, FLAT),
            new Metrics.ClosedTrades(new double[] {-4}, new long[] {0}, new long[] {1000}),
            0);
    assertEquals(0, onlyLosses.profitFactor(), EPS); // 0 / 4
    nan(onlyLosses.averageWin(), "average win without a win");
    nan(onlyLosses.payoffRatio(), "payoff ratio without a win");
    Metrics none = compute(daily(UP_DOWN, FLAT));
    nan(none.winRate(), "win rate without a trade");
    nan(none.expectancy(), "expectancy without a trade");
    nan(none.averageHoldingTime(), "holding time without a trade");
  }

  @Test
  void exposureAndTurnover() {
    Metrics m = compute(daily(UP_DOWN, new double[] {0, 50, 0, 40, 0}, FLAT), NO_TRADES, 300);
    assertEquals(0.4, m.exposure(), EPS); // 2 rows of 5 hold a position
    // mean equity (100 + 110 + 99 + 108.9 + 119.79) / 5 = 537.69 / 5 = 107.538
    assertEquals(300 / 107.538, m.turnover(), EPS);
    assertEquals(0, compute(daily(UP_DOWN, FLAT)).turnover()); // nothing traded
  }

  @Test
  void theMapHoldsEveryFigureGroupedInItsOrder() {
    assertEquals(
        List.of(
            "total_return",
            "cagr",
            "buy_and_hold_return",
            "excess_return",
            "volatility",
            "sharpe",
            "sortino",
            "calmar",
            "alpha",
            "beta",
            "max_drawdown",
            "max_drawdown_duration",
            "win_rate",
            "trade_count",
            "open_trades",
            "profit_factor",
            "expectancy",
            "average_win",
            "average_loss",
            "payoff_ratio",
            "average_holding_time",
            "exposure",
            "turnover",
            "total_costs",
            "fees",
            "slippage_costs",
            "borrow_costs",
            "pessimistic_exits",
            "initial_cash",
            "final_equity",
            "bars",
            "start",
            "end"),
        List.copyOf(compute(daily(UP_DOWN, FLAT)).asMap().keySet()));
    // the table keeps every number (nulls as missing), not the times
    assertEquals(31, compute(daily(UP_DOWN, FLAT)).toTable().rowCount());
  }

  @Test
  void theGoldenRoundTripBesideBuyAndHold() {
    // closes 100, 102, 105, 99, 98; buy 2 at bar 1's close 102, sell 2 at bar 3's close 99
    BacktestResult r =
        Backtest.of("BTC-USD", GoldenTradesTest.bars())
            .cash(1000)
            .sizing(Sizing.fixed(2))
            .strategy(GoldenTradesTest.roundTrip())
            .run();
    Metrics m = r.metrics();
    // buy and hold: 98 / 100 − 1 = −2 %; the strategy: 994 / 1000 − 1 = −0.6 %; excess +1.4 %
    assertEquals(-0.02, m.buyAndHoldReturn(), EPS);
    assertEquals(-0.006, m.totalReturn(), EPS);
    assertEquals(0.014, m.excessReturn(), EPS);
    // equity 1000, 1000, 1006, 994, 994: peak 1006 at bar 2, never regained: 2 minutes
    assertEquals(120, m.maxDrawdownDuration(), EPS);
    // one trade, pnl 2 × (99 − 102) = −6, held from bar 1 to bar 3
    assertEquals(-6, m.expectancy(), EPS);
    assertEquals(-6, m.averageLoss(), EPS);
    assertEquals(0, m.profitFactor(), EPS); // no gross profit
    nan(m.averageWin(), "average win without a win");
    nan(m.payoffRatio(), "payoff without a win");
    assertEquals(120, m.averageHoldingTime(), EPS);
    // fills 2 × 102 + 2 × 99 = 402; mean equity (1000 + 1000 + 1006 + 994 + 994) / 5 = 998.8
    assertEquals(402 / 998.8, m.turnover(), EPS);
    // b = 102/100, 105/102, 99/105, 98/99 − 1; r = 0, 6/1000, −12/1006, 0: an OLS by formula
    double[] b = {102.0 / 100 - 1, 105.0 / 102 - 1, 99.0 / 105 - 1, 98.0 / 99 - 1};
    double[] ret = {0, 1006.0 / 1000 - 1, 994.0 / 1006 - 1, 0};
    double mb = (b[0] + b[1] + b[2] + b[3]) / 4;
    double mr = (ret[0] + ret[1] + ret[2] + ret[3]) / 4;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < 4; i++) {
      sxy += (b[i] - mb) * (ret[i] - mr);
      sxx += (b[i] - mb) * (b[i] - mb);
    }
    assertEquals(sxy / sxx, m.beta(), EPS);
    double perYear = 365.25 * 24 * 60; // a row a minute
    assertEquals((mr - sxy / sxx * mb) * perYear, m.alpha(), 1e-6);
  }

  @Test
  void buyAndHoldWeighsTheSymbolsEquallyAndHoldsALateOneAsCashUntilItsFirstClose() {
    // A: closes 100, 110, 120 from T0; B: closes 50, 40 from the second minute
    double[][] a = {{100, 100, 100, 100}, {110, 110, 110, 110}, {120, 120, 120, 120}};
    double[][] b = {{50, 50, 50, 50}, {40, 40, 40, 40}};
    // holds one A bought at the first close 100: equity 1000, 1010, 1020
    BacktestResult r =
        Backtest.of("A", TestBars.of(T0, 60_000, a))
            .bars("B", TestBars.of(T0 + 60_000, 60_000, b))
            .cash(1000)
            .sizing(Sizing.fixed(1))
            .strategy(
                BarStrategy.of(
                    "buy-a",
                    (bar, history, orders) -> {
                      if (bar.seq() == 0) {
                        orders.buy();
                      }
                    }))
            .run();
    Metrics m = r.metrics();
    // A: 120 / 100 − 1 = +20 %; B: 40 / 50 − 1 = −20 %; equal weights: 0
    assertEquals(0, m.buyAndHoldReturn(), EPS);
    assertEquals(0.02, m.totalReturn(), EPS);
    // B(t) = 1 + Σ (close / first close − 1) / 2: 1, 1 + (0.1 + 0) / 2 = 1.05, 1 + (0.2 − 0.2) / 2
    // = 1; b = +5 %, 1 / 1.05 − 1; r = 1010 / 1000 − 1, 1020 / 1010 − 1; two points: the line
    double b1 = 0.05;
    double b2 = 1 / 1.05 - 1;
    double r1 = 0.01;
    double r2 = 1020.0 / 1010 - 1;
    assertEquals((r2 - r1) / (b2 - b1), m.beta(), EPS);
  }

  /** Reads BTC-USD at 1h beside its minutes, and never trades. */
  private static final class Hourly extends BarStrategy {
    Hourly() {
      super("hourly", 1);
      on("BTC-USD", "1h");
    }

    @Override
    protected void onBar(dev.quarry.engine.Bar bar, Orders orders) {}
  }

  @Test
  void aSeriesResampledFromTheSymbolIsNotHeldAgain() {
    // minutes from T0, closes 100, 101, …, 179: 80 minutes, so the 1h series has bars too
    double[][] rows = new double[80][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {100 + i, 100 + i, 100 + i, 100 + i};
    }
    Metrics m =
        Backtest.of("BTC-USD", TestBars.of(T0, 60_000, rows))
            .strategy(new Hourly())
            .run()
            .metrics();
    // only BTC-USD: 179 / 100 − 1 (the hourly series, a second "symbol", would pull it to its own)
    assertEquals(0.79, m.buyAndHoldReturn(), EPS);
    assertEquals(-0.79, m.excessReturn(), EPS); // the strategy stays in cash
  }

  @Test
  void onRealMinutesBuyAndHoldIsTheLastCloseOverTheFirst() {
    tech.tablesaw.api.Table bars = dev.quarry.store.RealBars.minutes();
    double[] close = bars.doubleColumn("close").asDoubleArray();
    Metrics m =
        Backtest.of("BTC-USD", bars)
            .strategy(new dev.quarry.samples.SmaCross(10, 50))
            .run()
            .metrics();
    double held = close[close.length - 1] / close[0] - 1; // +23.72 % (2013-11-25 to 12-01)
    assertEquals(held, m.buyAndHoldReturn(), 1e-12);
    assertEquals(m.totalReturn() - held, m.excessReturn(), 1e-12); // −18.16 % − 23.72 %
    assertTrue(m.excessReturn() < 0, "sma-cross 10/50 lags buy and hold on these bars");
  }
}
