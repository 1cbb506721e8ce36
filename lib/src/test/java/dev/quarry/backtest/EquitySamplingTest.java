package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.samples.RsiReversion;
import dev.quarry.samples.SmaCross;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * {@link Backtest#equityEvery}: the curve keeps the first bar time's rows, then per period the rows
 * of its last bar time — the same values as the per-bar curve's rows at those times — and the
 * metrics follow the kept curve.
 */
class EquitySamplingTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Three and a half days of 1-minute bars from 2024-03-01 05:17 UTC, with a gap. */
  private static Table bars(long seed) {
    Table bars = Bars.empty("bars");
    Random random = new Random(seed);
    Instant start = Instant.parse("2024-03-01T05:17:00Z");
    double price = 100;
    for (int i = 0; i < 5_000; i++) {
      double open = price;
      double close = Math.max(1, open + random.nextGaussian() * 0.2);
      price = close;
      if (i >= 1_000 && i < 1_200) {
        continue; // a gap of 200 minutes, over an hour boundary
      }
      bars.instantColumn(Bars.TIMESTAMP).append(start.plus(MINUTE.multipliedBy(i)));
      bars.doubleColumn(Bars.OPEN).append(open);
      bars.doubleColumn(Bars.HIGH).append(Math.max(open, close) + random.nextDouble() * 0.1);
      bars.doubleColumn(Bars.LOW).append(Math.min(open, close) - random.nextDouble() * 0.1);
      bars.doubleColumn(Bars.CLOSE).append(close);
      bars.doubleColumn(Bars.VOLUME).append(random.nextDouble());
    }
    return bars;
  }

  private static Backtest backtest() {
    return Backtest.of("AAA", bars(1), MINUTE)
        .bars("BBB", bars(2), MINUTE)
        .strategy(new SmaCross(10, 50))
        .strategy(new RsiReversion(14, 30, 70))
        .sizing(Sizing.fractionOfEquity(0.3))
        .feeBps(5);
  }

  @Test
  void eachPeriodKeepsTheRowsOfItsLastBarTimeForEverySubAccount() {
    BacktestResult every = backtest().run();
    for (Duration period : new Duration[] {Duration.ofHours(1), Duration.ofDays(1)}) {
      BacktestResult sampled = backtest().equityEvery(period).run();
      Table e = every.equity();
      Table expected = e.emptyCopy();
      long[] t = Bars.epochMillis(e.instantColumn("timestamp"));
      long p = period.toMillis();
      for (int i = 0; i < e.rowCount(); i++) {
        // a row is kept if no later row of the same period follows it (rows of a time are
        // consecutive, one per sub-account)
        int next = i + 1;
        while (next < t.length && t[next] == t[i]) {
          next++;
        }
        if (t[i] == t[0]
            || next == t.length
            || Math.floorDiv(t[next], p) != Math.floorDiv(t[i], p)) {
          expected.addRow(i, e);
        }
      }
      assertEquals(
          TestBars.csv(expected), TestBars.csv(sampled.equity()), "rows kept every " + period);
      assertEquals(2 * sampled.totalEquity().rowCount(), sampled.equity().rowCount());
      assertEquals(
          TestBars.csv(every.trades()), TestBars.csv(sampled.trades()), "trades unchanged");
      assertEquals(
          TestBars.csv(every.orders()), TestBars.csv(sampled.orders()), "orders unchanged");
      assertEquals(every.metrics().bars(), sampled.metrics().bars());
      assertEquals(every.metrics().finalEquity(), sampled.metrics().finalEquity());
      assertNotEquals(
          every.metrics().volatility(), sampled.metrics().volatility(), "per-period returns");
      assertEquals(
          period.equals(Duration.ofDays(1)) ? "1d" : "1h", sampled.settings().get("equity every"));
    }
    assertTrue(!every.settings().containsKey("equity every"), "absent unless asked for");
  }

  @Test
  void aDailyCurveIsTheDailyClosesAndItsMetricsAreComputedFromThem() {
    BacktestResult daily = backtest().equityEvery(Duration.ofDays(1)).run();
    Table curve = daily.totalEquity();
    assertEquals(5, curve.rowCount(), "the first bar, then March 1 to 4");
    assertEquals(
        Instant.parse("2024-03-01T05:17:00Z"), curve.instantColumn("timestamp").get(0), "start");
    assertEquals(
        Instant.parse("2024-03-01T21:56:00Z"),
        curve.instantColumn("timestamp").get(1),
        "day 1 (its last bar is at 21:56, before the gap)");
    assertEquals(
        Instant.parse("2024-03-04T16:36:00Z"),
        curve.instantColumn("timestamp").get(4),
        "the last bar's start on the last day");
    assertEquals(
        backtest().run().metrics().buyAndHoldReturn(),
        daily.metrics().buyAndHoldReturn(),
        "the benchmark starts at the first bar");
    // Metrics from the kept curve (SPEC §14): per-period returns, sample standard deviation,
    // annualised by P = 365.25 days / the median spacing (one day).
    double[] eq = curve.doubleColumn("equity").asDoubleArray();
    double[] r = new double[eq.length - 1];
    double mean = 0;
    for (int i = 1; i < eq.length; i++) {
      r[i - 1] = eq[i] / eq[i - 1] - 1;
      mean += r[i - 1];
    }
    mean /= r.length;
    double ss = 0;
    for (double x : r) {
      ss += (x - mean) * (x - mean);
    }
    // spacings: 16 h 39 min, 1 d 2 h 3 min, 1 d, 16 h 37 min; their median: (16 h 39 min + 1 d) / 2
    double median = (Duration.ofHours(16).plusMinutes(39).toMillis() + 86_400_000.0) / 2;
    double perYear = 365.25 * 86_400_000 / median;
    double volatility = Math.sqrt(ss / (r.length - 1)) * Math.sqrt(perYear);
    assertEquals(volatility, daily.metrics().volatility(), 1e-12);
  }

  @Test
  void aPeriodThatIsNotWholeSecondsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> backtest().equityEvery(Duration.ofMillis(1500)));
    assertTrue(e.getMessage().startsWith("equity period: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> backtest().equityEvery(Duration.ZERO));
  }
}
