package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.bars.Indicators;
import dev.quarry.engine.EngineException;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.samples.MomentumRotation;
import dev.quarry.samples.RsiReversion;
import dev.quarry.samples.SampleStrategies;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.RealBars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The sample strategies on the sample's real bars, checked against array computations. */
class SampleStrategiesTest {
  private static final Table MINUTES = RealBars.minutes();

  /** Entry and exit bar indexes of long round trips from ±1 signals, as SPEC §5 defines them. */
  private static List<int[]> roundTrips(int[] signal) {
    List<int[]> trips = new ArrayList<>();
    int entry = -1;
    for (int i = 0; i < signal.length; i++) {
      if (signal[i] == Indicators.CROSS_UP && entry < 0) {
        entry = i;
      } else if (signal[i] == Indicators.CROSS_DOWN && entry >= 0) {
        trips.add(new int[] {entry, i});
        entry = -1;
      }
    }
    if (entry >= 0) {
      trips.add(new int[] {entry, -1});
    }
    return trips;
  }

  private static void assertTrades(List<int[]> trips, Table trades, int shift, String priceOf) {
    Table bars = MINUTES;
    assertEquals(trips.size(), trades.rowCount(), "trade count");
    for (int k = 0; k < trips.size(); k++) {
      int entry = trips.get(k)[0] + shift;
      assertEquals(
          bars.instantColumn(Bars.TIMESTAMP).get(entry),
          trades.instantColumn("entry_time").get(k),
          "entry time of trade " + k);
      assertEquals(
          bars.doubleColumn(priceOf).getDouble(entry),
          trades.doubleColumn("entry_price").getDouble(k),
          "entry price of trade " + k);
      int exit = trips.get(k)[1];
      if (exit < 0 || exit + shift >= bars.rowCount()) {
        assertTrue(trades.instantColumn("exit_time").isMissing(k), "trade " + k + " is open");
      } else {
        assertEquals(
            bars.instantColumn(Bars.TIMESTAMP).get(exit + shift),
            trades.instantColumn("exit_time").get(k),
            "exit time of trade " + k);
        assertEquals(
            bars.doubleColumn(priceOf).getDouble(exit + shift),
            trades.doubleColumn("exit_price").getDouble(k),
            "exit price of trade " + k);
      }
    }
  }

  @Test
  void smaCrossTradesExactlyAtTheCrossesOfTheSmaArrays() {
    double[] close = MINUTES.doubleColumn(Bars.CLOSE).asDoubleArray();
    int[] crosses = Indicators.crosses(Indicators.sma(close, 10), Indicators.sma(close, 50));
    List<int[]> trips = roundTrips(crosses);
    assertTrue(trips.size() > 20, "the sample has crosses: " + trips.size());

    BacktestResult atClose = Backtest.of("BTC-USD", MINUTES).strategy(new SmaCross(10, 50)).run();
    assertTrades(trips, atClose.trades(), 0, Bars.CLOSE);

    BacktestResult nextOpen =
        Backtest.of("BTC-USD", MINUTES)
            .strategy(new SmaCross(10, 50))
            .fill(FillTiming.NEXT_OPEN)
            .run();
    assertTrades(trips, nextOpen.trades(), 1, Bars.OPEN);
    assertEquals(MINUTES.rowCount(), nextOpen.equity().rowCount(), "one equity row per bar");
  }

  @Test
  void smaCrossShortAndBothTradeTheSameCrossesOnTheirSides() {
    double[] close = MINUTES.doubleColumn(Bars.CLOSE).asDoubleArray();
    int[] crosses = Indicators.crosses(Indicators.sma(close, 10), Indicators.sma(close, 50));
    int ups = 0;
    int downs = 0;
    for (int c : crosses) {
      ups += c == Indicators.CROSS_UP ? 1 : 0;
      downs += c == Indicators.CROSS_DOWN ? 1 : 0;
    }
    BacktestResult shorts =
        Backtest.of("BTC-USD", MINUTES)
            .strategy(new SmaCross(10, 50, SmaCross.Direction.SHORT))
            .costs(Costs.NONE.withFeeBps(10).withSlippageBps(2).withHalfSpreadBps(1))
            .run();
    Table trades = shorts.trades();
    assertEquals(
        trades.rowCount(), trades.where(trades.stringColumn("side").isEqualTo("short")).rowCount());
    assertEquals(
        List.of("filled"),
        shorts.orders().stringColumn("status").unique().asList(),
        shorts
            .orders()
            .where(shorts.orders().stringColumn("status").isEqualTo("rejected"))
            .print());
    // The first cross below opens a short; every cross above covers, the next cross below reopens.
    assertTrue(Math.abs(trades.rowCount() - downs) <= 1, trades.rowCount() + " vs " + downs);

    BacktestResult both =
        Backtest.of("BTC-USD", MINUTES)
            .strategy(new SmaCross(10, 50, SmaCross.Direction.BOTH))
            .costs(Costs.NONE.withFeeBps(10).withSlippageBps(2).withHalfSpreadBps(1))
            .run();
    Table bothTrades = both.trades();
    Table rejected =
        both.orders().where(both.orders().stringColumn("status").isEqualTo("rejected"));
    assertEquals(
        List.of("filled"),
        both.orders().stringColumn("status").unique().asList(),
        rejected.print());
    assertEquals(ups + downs, bothTrades.rowCount(), "a trade from every cross to the next");
    for (int i = 1; i < bothTrades.rowCount(); i++) {
      assertEquals(
          bothTrades.instantColumn("exit_time").get(i - 1),
          bothTrades.instantColumn("entry_time").get(i),
          "each reversal exits one side and enters the other on the same bar");
    }
  }

  @Test
  void rebalanceHoldsItsTargetWeightAtEveryRebalance() {
    BacktestResult r =
        Backtest.of("BTC-USD", MINUTES)
            .strategy(SampleStrategies.create("rebalance", Map.of("weight", "0.5")))
            .run();
    Table equity = r.equity();
    Table orders = r.orders();
    assertEquals(List.of("filled"), orders.stringColumn("status").unique().asList());
    assertEquals((MINUTES.rowCount() + 59) / 60, orders.rowCount(), "one order every 60 bars");
    for (int bar = 0; bar < MINUTES.rowCount(); bar += 60) {
      double weight =
          equity.doubleColumn("position").get(bar) / equity.doubleColumn("equity").get(bar);
      assertEquals(0.5, weight, 1e-9, "weight right after the rebalance on bar " + bar);
    }
  }

  @Test
  void aBacktestOverTradesGivesTheSameRunAsOverTheBarsBuiltFromThem() {
    Table trades = RealBars.trades();
    BacktestResult fromBars = Backtest.of("BTC-USD", MINUTES).strategy(new SmaCross(10, 50)).run();
    for (boolean live : new boolean[] {false, true}) {
      Backtest b =
          Backtest.ofTrades("BTC-USD", trades, java.time.Duration.ofMinutes(1))
              .strategy(new SmaCross(10, 50));
      BacktestResult fromTrades = (live ? b.live() : b).run();
      assertEquals(fromBars.trades().print(1000), fromTrades.trades().print(1000));
      assertEquals(fromBars.equity().print(20_000), fromTrades.equity().print(20_000));
      assertEquals(fromBars.metrics(), fromTrades.metrics());
    }
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Backtest.of("BTC-USD", MINUTES)
                    .trades("BTC-USD", trades, java.time.Duration.ofMinutes(1)));
    assertTrue(twice.getMessage().contains("data of BTC-USD is given twice"), twice.getMessage());
  }

  @Test
  void rsiReversionBuysOversoldAndSellsOverbought() {
    double[] close = MINUTES.doubleColumn(Bars.CLOSE).asDoubleArray();
    double[] rsi = Indicators.rsi(close, 14);
    int[] signal = new int[close.length];
    boolean holding = false;
    for (int i = 0; i < close.length; i++) {
      if (Double.isNaN(rsi[i])) {
        continue;
      }
      if (!holding && rsi[i] < 30) {
        signal[i] = Indicators.CROSS_UP;
        holding = true;
      } else if (holding && rsi[i] > 70) {
        signal[i] = Indicators.CROSS_DOWN;
        holding = false;
      }
    }
    List<int[]> trips = roundTrips(signal);
    assertTrue(trips.size() > 5, "the sample has RSI round trips: " + trips.size());
    BacktestResult r = Backtest.of("BTC-USD", MINUTES).strategy(new RsiReversion(14, 30, 70)).run();
    assertTrades(trips, r.trades(), 0, Bars.CLOSE);
  }

  @Test
  void momentumRotationHoldsOneSymbolAtATime() {
    long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    int n = 400;
    double[][] up = new double[n][];
    double[][] wave = new double[n][];
    for (int i = 0; i < n; i++) {
      double a = 100 + i * 0.1;
      double b = 100 + 20 * Math.sin(i / 30.0);
      up[i] = new double[] {a, a + 0.5, a - 0.5, a};
      wave[i] = new double[] {b, b + 0.5, b - 0.5, b};
    }
    BacktestResult r =
        Backtest.of("UP", TestBars.of(t0, 60_000, up))
            .bars("WAVE", TestBars.of(t0, 60_000, wave))
            .strategy(new MomentumRotation(10))
            .run();
    Table trades = r.trades().sortAscendingOn("entry_time");
    assertTrue(trades.rowCount() > 3, "it rotates: " + trades.print());
    assertEquals(
        List.of("UP", "WAVE"),
        trades.stringColumn("symbol").unique().asList().stream().sorted().toList());
    for (int i = 1; i < trades.rowCount(); i++) {
      Instant previousExit = trades.instantColumn("exit_time").get(i - 1);
      assertTrue(
          previousExit != null && !trades.instantColumn("entry_time").get(i).isBefore(previousExit),
          "trade " + i + " starts before the previous one ended:\n" + trades.print());
    }
    assertEquals(2 * n, r.metrics().bars());
    assertEquals(n, r.equity().rowCount(), "one equity row per time, both symbols marked");
  }

  @Test
  void samplesAreMadeByNameWithTheirDefaultsAndBadParametersAreNamed() {
    assertEquals(
        List.of("sma-cross", "rsi-reversion", "momentum-rotation", "trend-sma", "rebalance"),
        SampleStrategies.names());
    assertEquals(
        Map.of("fast", "5", "slow", "50", "direction", "long"),
        SampleStrategies.resolve("sma-cross", Map.of("fast", "5")));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> SampleStrategies.create("sma-crosss", Map.of()));
    assertTrue(unknown.getMessage().contains("the samples are [sma-cross,"), unknown.getMessage());
    IllegalArgumentException param =
        assertThrows(
            IllegalArgumentException.class,
            () -> SampleStrategies.create("sma-cross", Map.of("fats", "5")));
    assertTrue(
        param.getMessage().contains("its parameters are [fast, slow, direction]"),
        param.getMessage());
    IllegalArgumentException value =
        assertThrows(
            IllegalArgumentException.class,
            () -> SampleStrategies.create("sma-cross", Map.of("fast", "ten")));
    assertTrue(value.getMessage().contains("fast=ten of sma-cross is not a whole number"));
    IllegalArgumentException order =
        assertThrows(
            IllegalArgumentException.class,
            () -> SampleStrategies.create("sma-cross", Map.of("fast", "60")));
    assertTrue(order.getMessage().contains("1 ≤ fast < slow"), order.getMessage());
  }

  @Test
  void aStrategyCanComeFromAJavaFileOrAClassName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("EveryTenth.java");
    Files.writeString(
        file,
        """
        package demo;

        import dev.quarry.backtest.*;
        import dev.quarry.engine.Bar;
        import java.util.Map;

        public class EveryTenth extends BarStrategy {
          private final int every;

          public EveryTenth(Map<String, String> params) {
            super("every-tenth");
            every = Integer.parseInt(params.getOrDefault("every", "10"));
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {
            if (bar.seq() % every == 0) {
              if (bar.seq() % (2 * every) == 0) orders.buy(); else orders.sell();
            }
          }
        }
        """);
    BarStrategy s = StrategyLoader.load(file.toString(), Map.of("every", "100"));
    assertEquals("every-tenth", s.name());
    BacktestResult r = Backtest.of("BTC-USD", MINUTES).strategy(s).run();
    assertEquals((MINUTES.rowCount() + 199) / 200, r.trades().rowCount());

    BarStrategy byName =
        StrategyLoader.load("dev.quarry.backtest.SampleStrategiesTest$Quiet", Map.of());
    assertEquals("quiet", byName.name());

    Path broken = dir.resolve("Broken.java");
    Files.writeString(broken, "public class Broken extends dev.quarry.backtest.BarStrategy {}\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> StrategyLoader.load(broken.toString(), Map.of()));
    assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
    assertTrue(e.getMessage().contains("Broken.java:1"), e.getMessage());
    IllegalArgumentException notOne =
        assertThrows(
            IllegalArgumentException.class,
            () -> StrategyLoader.load("java.lang.String", Map.of()));
    assertTrue(notOne.getMessage().contains("is not a strategy"), notOne.getMessage());
    IllegalArgumentException params =
        assertThrows(
            IllegalArgumentException.class,
            () -> StrategyLoader.load(Quiet.class.getName(), Map.of("x", "1")));
    assertTrue(params.getMessage().contains("takes no parameters"), params.getMessage());
  }

  /** A strategy without parameters, loaded by name. */
  public static final class Quiet extends BarStrategy {
    /** Makes it. */
    public Quiet() {
      super("quiet");
    }

    @Override
    protected void onBar(dev.quarry.engine.Bar bar, Orders orders) {}
  }

  @Test
  void aGridWithABadValueOrMetricIsRefusedBeforeAnyRunListingWhatIsValid() {
    Table empty = MINUTES.emptyCopy(); // would fail if a run started
    IllegalArgumentException value =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BacktestGrid.run(
                    empty,
                    "BTC-USD",
                    "sma-cross",
                    Map.of(),
                    ExecutionSettings.defaults(),
                    Map.of("fast", List.of("5", "x")),
                    "total_return"));
    assertTrue(
        value.getMessage().startsWith("grid run {fast=x} of sma-cross: "), value.getMessage());
    IllegalArgumentException metric =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BacktestGrid.check("sma-cross", Map.of(), Map.of("fast", List.of("5")), "profit"));
    assertTrue(
        metric.getMessage().endsWith("use one of " + BacktestGrid.RANKABLE), metric.getMessage());
    Metrics m = Backtest.of("BTC-USD", MINUTES).strategy(new SmaCross(10, 50)).run().metrics();
    for (String name : BacktestGrid.RANKABLE) {
      assertTrue(m.asMap().containsKey(name), name + " is a metric");
    }
  }

  @Test
  void aGridRunsEveryCombinationThroughTheDagAndRanksThem() {
    Table grid =
        BacktestGrid.run(
            MINUTES,
            "BTC-USD",
            "sma-cross",
            Map.of(),
            ExecutionSettings.defaults(),
            Map.of("fast", List.of("5", "10", "20")),
            "total_return");
    assertEquals(3, grid.rowCount());
    assertTrue(grid.containsColumn("fast") && grid.containsColumn("sharpe"), grid.print());
    double[] returns = grid.doubleColumn("total_return").asDoubleArray();
    for (int i = 1; i < returns.length; i++) {
      assertTrue(returns[i - 1] >= returns[i], "ranked best first:\n" + grid.print());
    }
    for (int i = 0; i < grid.rowCount(); i++) {
      int fast = Integer.parseInt(grid.column("fast").getString(i));
      double alone =
          Backtest.of("BTC-USD", MINUTES)
              .strategy(new SmaCross(fast, 50))
              .run()
              .metrics()
              .totalReturn();
      assertEquals(alone, returns[i], "grid row for fast=" + fast);
    }
    EngineException failing =
        assertThrows(
            EngineException.class,
            () ->
                Backtest.of("BTC-USD", MINUTES)
                    .strategy(
                        BarStrategy.of(
                            "boom",
                            (bar, h, o) -> {
                              if (bar.seq() == 100) {
                                throw new IllegalStateException("bad day");
                              }
                            }))
                    .run());
    assertTrue(failing.getMessage().contains("task 'boom' failed in handleEvent"));
  }
}
