package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.engine.Aggregator;
import dev.quarry.engine.Bar;
import dev.quarry.engine.EndOfData;
import dev.quarry.engine.EngineException;
import dev.quarry.engine.EventBus;
import dev.quarry.engine.TaskContext;
import dev.quarry.engine.TradingEngine;
import dev.quarry.engine.TradingEngineBuilder;
import dev.quarry.store.RealBars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Several timeframes in one backtest: every bar reaches strategies at its close (SPEC §12). */
class MultiTimeframeTest {
  private static final Table M1 = RealBars.minutes();
  private static final long MINUTE = 60_000;

  /** Records every bar it sees, and what each other series' history held at that moment. */
  private static final class Recorder extends BarStrategy {
    final List<Bar> seen = new ArrayList<>();

    /** For each 1-minute bar: the newest hourly bar the strategy could read then (or null). */
    final Map<Long, Bar> hourlyAtMinute = new HashMap<>();

    Recorder() {
      super("recorder", 4);
    }

    @Override
    protected void onBar(Bar bar, Orders orders) {
      seen.add(bar);
      if (bar.symbol().equals("M1")) {
        History h1 = history("H1");
        hourlyAtMinute.put(bar.time(), h1 == null ? null : h1.bar(0));
      }
    }
  }

  private static Recorder runFourTimeframes() {
    Recorder recorder = new Recorder();
    Backtest.of("M1", M1, Duration.ofMinutes(1))
        .bars("M5", Bars.resample(M1, Duration.ofMinutes(1), Duration.ofMinutes(5)))
        .bars("H1", Bars.resample(M1, Duration.ofMinutes(1), Duration.ofHours(1)))
        .bars("D1", Bars.resample(M1, Duration.ofMinutes(1), Duration.ofDays(1)))
        .strategy(recorder)
        .run();
    return recorder;
  }

  @Test
  void oneMinuteFiveMinuteHourlyAndDailyBarsEachArriveRightAfterTheLastMinuteBarInsideThem() {
    Recorder r = runFourTimeframes();
    List<Bar> seen = r.seen;
    long lastMinuteEnd = Long.MIN_VALUE;
    int higher = 0;
    for (int i = 0; i < seen.size(); i++) {
      Bar b = seen.get(i);
      if (i > 0) {
        Bar before = seen.get(i - 1);
        assertTrue(before.end() <= b.end(), "bars in order of their close at " + i);
        if (before.end() == b.end()) {
          assertTrue(
              before.timeframeMillis() < b.timeframeMillis(),
              "on equal closes, the shorter timeframe first: " + before + " then " + b);
        }
      }
      if (b.symbol().equals("M1")) {
        lastMinuteEnd = b.end();
      } else {
        higher++;
        // right after the last minute bar inside it: no minute bar closing later came before it
        // (ends are in order, checked above), and the one just before closed inside it
        assertTrue(lastMinuteEnd <= b.end() && lastMinuteEnd > b.time(), "clock at " + b);
      }
    }
    assertEquals(M1.rowCount() + higher, seen.size());
    long[] counts = new long[4];
    for (Bar b : seen) {
      counts["M1 M5 H1 D1".indexOf(b.symbol()) / 3]++;
    }
    assertEquals(M1.rowCount(), counts[0]);
    assertEquals(
        Bars.resample(M1, Duration.ofMinutes(1), Duration.ofMinutes(5)).rowCount(), counts[1]);
    assertEquals(
        Bars.resample(M1, Duration.ofMinutes(1), Duration.ofHours(1)).rowCount(), counts[2]);
    // 2013-11-25 .. 2013-11-30 complete; 2013-12-01 ends at 16:02, incomplete: not delivered
    assertEquals(6, counts[3]);
  }

  @Test
  void atEachMinuteAStrategyReadsOnlyTheHourlyBarsClosedByThen() {
    Recorder r = runFourTimeframes();
    long[] times = Bars.epochMillis(M1.instantColumn(Bars.TIMESTAMP));
    for (long t : times) {
      Bar hourly = r.hourlyAtMinute.get(t);
      long minuteEnd = t + MINUTE;
      // the newest hourly bar closed before the minute bar's close: one closing with it comes
      // right after it, so the minute bar's strategy call cannot see it yet
      long expectedStart = Math.floorDiv(minuteEnd - 1, 3_600_000L) * 3_600_000L - 3_600_000L;
      if (expectedStart < times[0]) {
        assertEquals(null, hourly, "no hourly bar has closed at " + Instant.ofEpochMilli(t));
      } else {
        assertEquals(expectedStart, hourly.time(), "hourly bar seen at " + Instant.ofEpochMilli(t));
        assertTrue(hourly.end() < minuteEnd);
      }
    }
  }

  /**
   * Publishes bars ordered by their start, the way the engine once did: a higher timeframe early.
   */
  private static final class ByStart implements Aggregator {
    private final List<Bar> bars;
    private int next;

    ByStart(List<Bar> bars) {
      this.bars = bars;
    }

    @Override
    public String name() {
      return "by-start";
    }

    @Override
    public Progress execute(TaskContext context) {
      if (next == bars.size()) {
        context.publish(new EndOfData(next));
        return Progress.DONE;
      }
      context.publish(bars.get(next++));
      return Progress.MORE;
    }
  }

  @Test
  void aStrategyGivenAnHourlyBarBeforeItsCloseFailsWithLookAhead() {
    long t0 = Instant.parse("2024-01-01T10:00:00Z").toEpochMilli();
    List<Bar> bars =
        List.of(
            new Bar(0, "M1", t0, 1, 1, 1, 1, 1, t0 + MINUTE),
            new Bar(1, "H1", t0, 1, 2, 1, 2, 60, t0 + 60 * MINUTE), // closes at 11:00
            new Bar(2, "M1", t0 + MINUTE, 1, 1, 1, 1, 1, t0 + 2 * MINUTE));
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults(64))
            .simulated()
            .withConnector(new NoData())
            .withAggregator(new ByStart(bars))
            .withStrategy(BarStrategy.of("peeker", (bar, history, orders) -> {}))
            .withExecutor(new SimulatedExecutor(ExecutionSettings.defaults(), List.of("peeker")))
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    LookAheadException cause = assertInstanceOf(LookAheadException.class, e.getCause());
    assertTrue(
        cause.getMessage().contains("saw the bar of H1 starting 2024-01-01T10:00:00Z"),
        cause.getMessage());
    assertTrue(cause.getMessage().contains("before its close"), cause.getMessage());
  }

  /** A connector with nothing to send. */
  private static final class NoData implements dev.quarry.engine.Connector {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public Progress execute(TaskContext context) {
      return Progress.DONE;
    }
  }

  @Test
  void resampledBarsMatchANaiveGroupingAndTheIncompleteLastBucketIsDropped() {
    long t0 = Instant.parse("2024-01-01T09:57:00Z").toEpochMilli();
    // minutes 09:57, 09:58, 09:59 | 10:00, 10:01, 10:03 (10:02 missing), 10:04 | 10:05
    long[] minutes = {0, 1, 2, 3, 4, 6, 7, 8};
    double[][] ohlc = new double[minutes.length][];
    for (int i = 0; i < minutes.length; i++) {
      double o = 100 + i;
      ohlc[i] = new double[] {o, o + 3, o - 2, o + 1};
    }
    Table bars = Bars.empty("x");
    for (int i = 0; i < minutes.length; i++) {
      bars.instantColumn(Bars.TIMESTAMP).append(Instant.ofEpochMilli(t0 + minutes[i] * MINUTE));
      bars.doubleColumn(Bars.OPEN).append(ohlc[i][0]);
      bars.doubleColumn(Bars.HIGH).append(ohlc[i][1]);
      bars.doubleColumn(Bars.LOW).append(ohlc[i][2]);
      bars.doubleColumn(Bars.CLOSE).append(ohlc[i][3]);
      bars.doubleColumn(Bars.VOLUME).append(i + 1);
    }
    Table five = Bars.resample(bars, Duration.ofMinutes(1), Duration.ofMinutes(5));
    // 09:55 bucket: rows 0-2; 10:00 bucket: rows 3-6; 10:05: row 7 only, the data ends at 10:06
    // before the bucket's 10:10 end, so it is not complete and not a bar
    assertEquals(2, five.rowCount());
    assertEquals(Instant.parse("2024-01-01T09:55:00Z"), five.instantColumn("timestamp").get(0));
    assertEquals(100, five.doubleColumn("open").getDouble(0));
    assertEquals(105, five.doubleColumn("high").getDouble(0)); // max(103, 104, 105)
    assertEquals(98, five.doubleColumn("low").getDouble(0));
    assertEquals(103, five.doubleColumn("close").getDouble(0));
    assertEquals(6, five.doubleColumn("volume").getDouble(0));
    assertEquals(Instant.parse("2024-01-01T10:00:00Z"), five.instantColumn("timestamp").get(1));
    assertEquals(103, five.doubleColumn("open").getDouble(1));
    assertEquals(109, five.doubleColumn("high").getDouble(1));
    assertEquals(101, five.doubleColumn("low").getDouble(1));
    assertEquals(107, five.doubleColumn("close").getDouble(1));
    assertEquals(4 + 5 + 6 + 7, five.doubleColumn("volume").getDouble(1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Bars.resample(bars, Duration.ofMinutes(2), Duration.ofMinutes(5)));
  }

  @Test
  void barsOfADeclaredTimeframeLongerThanTheirSpacingStopTheEngine() {
    EngineException e =
        assertThrows(
            EngineException.class,
            () ->
                Backtest.of("M1", M1.first(10), Duration.ofMinutes(5))
                    .strategy(BarStrategy.of("s", (bar, history, orders) -> {}))
                    .run());
    assertTrue(e.getMessage().contains("closer than the source's timeframe"), e.getMessage());
  }

  @Test
  void theInferredTimeframeIsTheSmallestGap() {
    assertEquals(Duration.ofMinutes(1), Bars.spacing(M1));
    assertEquals(
        Duration.ofHours(1),
        Bars.spacing(Bars.resample(M1, Duration.ofMinutes(1), Duration.ofHours(1))));
  }
}
