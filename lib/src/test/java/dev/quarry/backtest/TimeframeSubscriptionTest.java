package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.engine.Bar;
import dev.quarry.engine.EngineException;
import dev.quarry.engine.EventBus;
import dev.quarry.engine.MergingAggregator;
import dev.quarry.engine.ReplayConnector;
import dev.quarry.engine.TradingEngine;
import dev.quarry.engine.TradingEngineBuilder;
import dev.quarry.samples.SampleStrategies;
import dev.quarry.samples.SmaCross;
import dev.quarry.samples.TrendFilteredSmaCross;
import dev.quarry.store.RealBars;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * A strategy subscribes to resampled series of a symbol ({@code on("BTC-USD", "1h")}) and reads
 * each one's closed bars only (SPEC §12), on the sample's real minute bars.
 */
class TimeframeSubscriptionTest {
  private static final Table M1 = RealBars.minutes();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
  private static final Table H1 = Bars.resample(M1, ONE_MINUTE, Duration.ofHours(1));

  private static Backtest minutes() {
    return Backtest.of("BTC-USD", M1, ONE_MINUTE);
  }

  /** SMA(n) of values[to−n+1..to] as SPEC §5 defines it, from an exact sum; NaN before. */
  private static double sma(double[] values, int to, int n) {
    if (to < n - 1) {
      return Double.NaN;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = to - n + 1; k <= to; k++) {
      sum = sum.add(new BigDecimal(values[k]));
    }
    return sum.doubleValue() / n;
  }

  /** A naive trend-sma: each order's (minute start, side), from the arrays alone. */
  private static List<String> expectedOrders(int fast, int slow, int trend) {
    long[] t = Bars.epochMillis(M1.instantColumn(Bars.TIMESTAMP));
    double[] c = M1.doubleColumn(Bars.CLOSE).asDoubleArray();
    // hourly closes from the minutes: the last close in each hour with bars
    List<long[]> hourEnds = new ArrayList<>();
    List<Double> hourCloses = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      long start = Math.floorDiv(t[i], HOUR) * HOUR;
      if (hourEnds.isEmpty() || hourEnds.get(hourEnds.size() - 1)[0] != start + HOUR) {
        hourEnds.add(new long[] {start + HOUR});
        hourCloses.add(c[i]);
      } else {
        hourCloses.set(hourCloses.size() - 1, c[i]);
      }
    }
    double[] hc = hourCloses.stream().mapToDouble(Double::doubleValue).toArray();
    List<String> orders = new ArrayList<>();
    boolean holding = false;
    int seen = 0; // hourly bars closed before the minute bar's decision
    for (int i = 1; i < t.length; i++) {
      // an hourly bar closing with this minute bar comes right after it: visible when end ≤ start
      while (seen < hourEnds.size() && hourEnds.get(seen)[0] <= t[i]) {
        seen++;
      }
      double trendSma = seen == 0 ? Double.NaN : sma(hc, seen - 1, trend);
      boolean up = !Double.isNaN(trendSma) && hc[seen - 1] > trendSma;
      double f = sma(c, i, fast);
      double w = sma(c, i, slow);
      double pf = sma(c, i - 1, fast);
      double pw = sma(c, i - 1, slow);
      boolean defined = !Double.isNaN(pw) && !Double.isNaN(w);
      if (defined && !holding && up && f > w && pf <= pw) {
        orders.add(Instant.ofEpochMilli(t[i]) + " buy");
        holding = true;
      } else if (defined && holding && f < w && pf >= pw) {
        orders.add(Instant.ofEpochMilli(t[i]) + " sell");
        holding = false;
      }
    }
    return orders;
  }

  private static List<String> placed(BacktestResult r) {
    Table o = r.orders();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < o.rowCount(); i++) {
      out.add(o.instantColumn("time").get(i) + " " + o.stringColumn("side").get(i));
    }
    return out;
  }

  @Test
  void trendSmaTakesMinuteCrossingsOnlyWhenTheLastClosedHourIsAboveItsSma() {
    BacktestResult r =
        minutes().strategy(new TrendFilteredSmaCross(5, 20, 5, "1h")).fill(FillTiming.CLOSE).run();
    List<String> expected = expectedOrders(5, 20, 5);
    assertEquals(expected, placed(r));
    assertTrue(expected.size() >= 6, "it trades: " + expected);
    // the filter matters: without it, sma-cross takes more entries
    BacktestResult unfiltered = minutes().strategy(new SmaCross(5, 20)).run();
    long buys = placed(unfiltered).stream().filter(s -> s.endsWith("buy")).count();
    assertTrue(buys > expected.stream().filter(s -> s.endsWith("buy")).count());
    for (String symbol : r.orders().stringColumn("symbol")) {
      assertEquals("BTC-USD", symbol, "orders fill on the base series only");
    }
  }

  /** Reads the hourly history at every minute bar, and tries to read one bar further. */
  private static final class Peeker extends BarStrategy {
    final List<Bar> newestHourly = new ArrayList<>();
    final List<Bar> minutes = new ArrayList<>();
    final List<Bar> hourlyDelivered = new ArrayList<>();
    int refused;

    Peeker(String name) {
      super(name, 3);
      on("BTC-USD", "60m"); // the same series as 1h
    }

    @Override
    protected void onBar(Bar bar, Orders orders) {
      if (seriesOf(bar).isPresent()) {
        assertEquals("BTC-USD@1h", bar.symbol());
        hourlyDelivered.add(bar);
        return;
      }
      History h = history("BTC-USD", "1h");
      minutes.add(bar);
      newestHourly.add(h == null ? null : h.bar(0));
      if (h != null) {
        assertThrows(LookAheadException.class, () -> h.bar(-1));
        refused++;
      }
    }
  }

  @Test
  void atEachMinuteTheHourlyHistoryHoldsOnlyBarsClosedByThenAndNoFurther() {
    Peeker p = new Peeker("peeker");
    minutes().strategy(p).run();
    assertEquals(M1.rowCount(), p.minutes.size());
    assertEquals(H1.rowCount(), p.hourlyDelivered.size());
    long[] hourly = Bars.epochMillis(H1.instantColumn(Bars.TIMESTAMP));
    int closed = 0;
    for (int i = 0; i < p.minutes.size(); i++) {
      long start = p.minutes.get(i).time();
      while (closed < hourly.length && hourly[closed] + HOUR <= start) {
        closed++;
      }
      Bar seen = p.newestHourly.get(i);
      if (closed == 0) {
        assertNull(seen, "no hourly bar has closed at " + Instant.ofEpochMilli(start));
      } else {
        assertEquals(hourly[closed - 1], seen.time(), "at " + Instant.ofEpochMilli(start));
        assertEquals(H1.doubleColumn(Bars.CLOSE).getDouble(closed - 1), seen.close());
        assertTrue(seen.end() < start + MINUTE, "closed before the minute bar's close");
      }
    }
    assertTrue(p.refused > M1.rowCount() / 2);
  }

  @Test
  void inAnEngineBuiltByHandASubscribedSeriesIsFedUnderItsName() throws Exception {
    Peeker p = new Peeker("peeker");
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults(8192))
            .simulated()
            .withConnector(new ReplayConnector("m1", "BTC-USD", M1, 1024))
            .withConnector(new ReplayConnector("h1", "BTC-USD@1h", H1, 1024))
            .withAggregator(
                MergingAggregator.builder()
                    .bars("m1", ONE_MINUTE)
                    .bars("h1", Duration.ofHours(1))
                    .build())
            .withStrategy(p)
            .withExecutor(new SimulatedExecutor(ExecutionSettings.defaults(), List.of("peeker")))
            .build();
    try {
      engine.start();
    } finally {
      engine.shutdown();
    }
    assertEquals(M1.rowCount(), p.minutes.size());
    assertEquals(H1.rowCount(), p.hourlyDelivered.size());
    Bar last = p.newestHourly.get(p.newestHourly.size() - 1);
    assertEquals(H1.instantColumn(Bars.TIMESTAMP).get(H1.rowCount() - 1), last.start());
  }

  @Test
  void aStrategyReadingAnUnclosedHourlyBarStopsTheRunWithLookAhead() {
    BarStrategy greedy =
        new BarStrategy("greedy") {
          {
            on("BTC-USD", "1h");
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {
            History h = history("BTC-USD", "1h");
            if (h != null) {
              h.close(-1); // the hour still running
            }
          }
        };
    EngineException e = assertThrows(EngineException.class, () -> minutes().strategy(greedy).run());
    LookAheadException cause = assertInstanceOf(LookAheadException.class, e.getCause());
    assertTrue(cause.getMessage().contains("BTC-USD@1h bar -1"), cause.getMessage());
  }

  @Test
  void ordersPlacedOnAnHourlyBarAreRefusedWithTheWayOut() {
    BarStrategy hasty =
        new BarStrategy("hasty") {
          {
            on("BTC-USD", "1h");
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {
            if (seriesOf(bar).isPresent()) {
              orders.buy();
            }
          }
        };
    EngineException e = assertThrows(EngineException.class, () -> minutes().strategy(hasty).run());
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(
        cause.getMessage().contains("placed 1 order(s) on the 1h bar of BTC-USD starting"),
        cause.getMessage());
    assertTrue(cause.getMessage().contains("on the next BTC-USD bar"), cause.getMessage());
  }

  @Test
  void twoRunsAndALiveRunGiveIdenticalTradesAndOrders() {
    Map<String, String> params = Map.of("fast", "5", "slow", "20", "trend", "5");
    BacktestResult a = minutes().strategy(SampleStrategies.create("trend-sma", params)).run();
    BacktestResult b = minutes().strategy(SampleStrategies.create("trend-sma", params)).run();
    assertTrue(a.trades().rowCount() > 2);
    assertTables(a.trades(), b.trades());
    assertTables(a.orders(), b.orders());
    assertTables(a.equity(), b.equity());
    BacktestResult live =
        minutes().strategy(SampleStrategies.create("trend-sma", params)).live().run();
    assertTables(a.trades(), live.trades());
    assertTables(a.orders(), live.orders());
  }

  private static void assertTables(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames());
    assertEquals(expected.rowCount(), actual.rowCount());
    for (int i = 0; i < expected.columnCount(); i++) {
      assertEquals(expected.column(i).asList(), actual.column(i).asList(), expected.name());
    }
  }

  @Test
  void aSeriesIsFedOnceAndStrategiesThatDidNotSubscribeNeverSeeIt() {
    Peeker one = new Peeker("one");
    Peeker two = new Peeker("two");
    BacktestResult r = minutes().strategy(one).strategy(two).strategy(new SmaCross(5, 20)).run();
    assertEquals(M1.rowCount() + H1.rowCount(), r.metrics().bars());
    assertEquals(one.hourlyDelivered, two.hourlyDelivered);
    // an equity row per moment a bar closes: an hour whose last minute has no bar adds one
    Set<Long> ends = new HashSet<>();
    for (long t : Bars.epochMillis(M1.instantColumn(Bars.TIMESTAMP))) {
      ends.add(t + MINUTE);
    }
    int minuteEnds = ends.size();
    for (long t : Bars.epochMillis(H1.instantColumn(Bars.TIMESTAMP))) {
      ends.add(t + HOUR);
    }
    assertTrue(ends.size() > minuteEnds, "the sample has hours ending in a gap");
    assertEquals(3 * ends.size(), r.equity().rowCount());
    assertEquals(H1.rowCount(), one.hourlyDelivered.size());
    Table alone = minutes().strategy(new SmaCross(5, 20)).run().trades();
    Table together = r.trades().where(r.trades().stringColumn("strategy").isEqualTo("sma-cross"));
    assertEquals(alone.rowCount(), together.rowCount());
    assertEquals(
        alone.doubleColumn("pnl").asList(), together.doubleColumn("pnl").asList(), "unchanged");
  }

  @Test
  void subscriptionsToAMissingSymbolOrANotLongerTimeframeAreNamed() {
    BarStrategy other =
        new BarStrategy("other") {
          {
            on("ETH-USD", "1h");
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {}
        };
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> minutes().strategy(other).run());
    assertTrue(
        missing.getMessage().contains("subscribes to ETH-USD at 1h, but ETH-USD has no bars"),
        missing.getMessage());
    BarStrategy same =
        new BarStrategy("same") {
          {
            on("1m");
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {}
        };
    IllegalArgumentException shorter =
        assertThrows(IllegalArgumentException.class, () -> minutes().strategy(same).run());
    assertTrue(shorter.getMessage().contains("has bars of 1m already"), shorter.getMessage());
    BarStrategy unsubscribed =
        BarStrategy.of(
            "reader",
            (bar, history, orders) -> {
              throw new AssertionError("not reached");
            });
    IllegalArgumentException read =
        assertThrows(IllegalArgumentException.class, () -> unsubscribed.history("BTC-USD", "1h"));
    assertTrue(read.getMessage().contains("call on(\"BTC-USD\", \"1h\")"), read.getMessage());
  }
}
