package dev.quarry.bench;

import dev.quarry.bars.Bars;
import dev.quarry.bars.Sma;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Position;
import org.ta4j.core.Strategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;
import tech.tablesaw.api.Table;

/**
 * Issue 17: the SMA(10/50) crossover backtest of {@link EngineBenchmark} done by ta4j-core 0.17
 * with {@code DoubleNum}, over the same {@value EngineBenchmark#BARS} one-minute bars; the target
 * is Quarry's {@code EngineBenchmark.engine} at ≥ 10× these bars/s, compared in the same run by
 * {@code Targets}. Scores are bars per second (Throughput, {@code @OperationsPerInvocation(BARS)}).
 *
 * <p><b>Where it compiles.</b> ta4j-core is a dependency of the {@code bench} and {@code
 * bench-targets} profiles only, and this class lives in its own source folder ({@code
 * src/jmh-ta4j/java}) that only those profiles add, so ta4j is never on the library's main or test
 * class path and {@code mvn -f lib install} does not build this class. ta4j-core 0.17's classes are
 * Java 11 (class file version 55), so it runs on the library's JDK 17 with no toolchain:
 *
 * <pre>
 * mvn -q -B -o -f lib -Pbench test -Djmh.args="Ta4jBenchmark -f 1 -wi 3 -i 5"
 * </pre>
 *
 * <p><b>What is timed.</b> The {@code BarSeries} (1 M {@code BaseBar}s of {@code DoubleNum}, end
 * time = Quarry's bar start + 1 minute) is built once in set-up, as Quarry's engine gets its table
 * built in set-up. {@code ta4j}: a new {@code ClosePriceIndicator}, {@code SMAIndicator}(10) and
 * (50), {@code CrossedUpIndicatorRule(fast, slow)} entry, {@code CrossedDownIndicatorRule(fast,
 * slow)} exit, a {@code BaseStrategy} with the slow SMA's 50 unstable bars, and {@code
 * BarSeriesManager(series, new TradeOnCurrentCloseModel()).run(strategy)} (buy, amount 1, no costs,
 * fills at the bar's close); it returns the {@code TradingRecord}. The indicators are built anew in
 * each call because ta4j caches every value it computes in the indicator (a second run over the
 * same indicators would only read the caches). Nothing computes metrics or an equity curve, which
 * Quarry's {@code engine} does. {@code breakdownTa4jWithSeries}: the same plus building the series
 * from the table's columns.
 *
 * <p><b>Set-up check.</b> ta4j's closed positions must equal the hand loop's closed trades ({@link
 * EngineBenchmark#handLoop}, itself checked against the engine by {@link EngineBenchmark#setUp}):
 * entry and exit bar times and prices, bit for bit. Not comparable, so not compared: quantities
 * (ta4j trades a fixed amount, 1, per position; Quarry and the loop put all the cash in) and the
 * equity curve (ta4j keeps none). The position still open at the last bar is left out on both
 * sides. Where the two rules differ, by construction:
 *
 * <ul>
 *   <li>ta4j's {@code SMAIndicator} is a running total ({@code sum + new − old}, which drifts), and
 *       exists from the first bar (the mean of the bars so far); Quarry's {@link Sma} is the
 *       exactly rounded window sum / n and is NaN before the n-th bar. The strategy's 50 unstable
 *       bars make ta4j's first decision at index 50, as the loop's (whose first defined previous
 *       value is at 49). A crossing whose SMAs differ by less than the drift could be decided
 *       differently.
 *   <li>Crossing up in ta4j ({@code CrossIndicator}): fast &gt; slow now, and at the last earlier
 *       bar where they differ, fast &lt; slow; the loop: fast &gt; slow now and fast ≤ slow at the
 *       previous bar. They differ only when fast == slow exactly at the previous bar (likewise
 *       down).
 * </ul>
 *
 * Set-up prints how many positions matched, the largest difference between the two libraries' SMA
 * values and the count of exact ties (fast == slow) among the bars from 49 on, so a reader sees
 * whether those corners were exercised; a mismatch of the trades fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EngineBenchmark.BARS)
@Fork(1)
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class Ta4jBenchmark {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private Table bars;
  private BarSeries series;

  /** One closed round trip, as both sides can give it. */
  record RoundTrip(long entryTime, long exitTime, double entry, double exit) {}

  @Setup
  public void setUp() {
    bars =
        MinuteBars.walk("bench", Instant.parse("2024-01-01T00:00:00Z"), EngineBenchmark.BARS, 42);
    series = series(bars);
    EngineBenchmark engine = new EngineBenchmark();
    engine.setUp(); // the same bars; checks the engine against the loop
    List<RoundTrip> expected = new ArrayList<>();
    for (EngineBenchmark.Trade t : engine.handLoop().trades()) {
      expected.add(new RoundTrip(t.entryTime(), t.exitTime(), t.entry(), t.exit()));
    }
    TradingRecord record = ta4j();
    List<RoundTrip> actual = new ArrayList<>();
    for (Position p : record.getPositions()) {
      actual.add(
          new RoundTrip(
              start(p.getEntry().getIndex()),
              start(p.getExit().getIndex()),
              p.getEntry().getPricePerAsset().doubleValue(),
              p.getExit().getPricePerAsset().doubleValue()));
    }
    Checks.equal(expected, actual, "ta4j's closed positions");
    if (actual.size() < 1000) {
      throw new IllegalStateException("too few trades to be a fair test: " + actual.size());
    }
    System.out.println(corners(actual.size()));
  }

  @Benchmark
  public TradingRecord ta4j() {
    return run(series);
  }

  @Benchmark
  public TradingRecord breakdownTa4jWithSeries() {
    return run(series(bars));
  }

  private static TradingRecord run(BarSeries series) {
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    SMAIndicator fast = new SMAIndicator(close, 10);
    SMAIndicator slow = new SMAIndicator(close, 50);
    Strategy strategy =
        new BaseStrategy(
            new CrossedUpIndicatorRule(fast, slow),
            new CrossedDownIndicatorRule(fast, slow),
            slow.getUnstableBars());
    return new BarSeriesManager(series, new TradeOnCurrentCloseModel()).run(strategy);
  }

  /** The bars as a ta4j series of {@code DoubleNum}; a bar ends a minute after its start. */
  private static BarSeries series(Table bars) {
    long[] time = bars.instantColumn(Bars.TIMESTAMP).asEpochMillisArray();
    double[] open = bars.doubleColumn(Bars.OPEN).asDoubleArray();
    double[] high = bars.doubleColumn(Bars.HIGH).asDoubleArray();
    double[] low = bars.doubleColumn(Bars.LOW).asDoubleArray();
    double[] close = bars.doubleColumn(Bars.CLOSE).asDoubleArray();
    double[] volume = bars.doubleColumn(Bars.VOLUME).asDoubleArray();
    BarSeries series =
        new BaseBarSeriesBuilder().withName("BENCH").withNumTypeOf(DoubleNum.class).build();
    for (int i = 0; i < time.length; i++) {
      series.addBar(
          MINUTE,
          Instant.ofEpochMilli(time[i]).plus(MINUTE).atZone(ZoneOffset.UTC),
          DoubleNum.valueOf(open[i]),
          DoubleNum.valueOf(high[i]),
          DoubleNum.valueOf(low[i]),
          DoubleNum.valueOf(close[i]),
          DoubleNum.valueOf(volume[i]));
    }
    return series;
  }

  private long start(int index) {
    return series.getBar(index).getBeginTime().toInstant().toEpochMilli();
  }

  /** How far the two SMAs are apart, and how often the crossing rules' tie corner occurs. */
  private String corners(int positions) {
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    SMAIndicator fast = new SMAIndicator(close, 10);
    SMAIndicator slow = new SMAIndicator(close, 50);
    Sma quarryFast = new Sma(10);
    Sma quarrySlow = new Sma(50);
    double largest = 0;
    int ties = 0;
    int quarryTies = 0;
    for (int i = series.getBeginIndex(); i <= series.getEndIndex(); i++) {
      double c = close.getValue(i).doubleValue();
      double qf = quarryFast.update(c);
      double qs = quarrySlow.update(c);
      double f = fast.getValue(i).doubleValue();
      double s = slow.getValue(i).doubleValue();
      if (i >= 49) {
        largest = Math.max(largest, Math.max(Math.abs(f - qf), Math.abs(s - qs)));
        ties += f == s ? 1 : 0;
        quarryTies += qf == qs ? 1 : 0;
      }
    }
    return String.format(
        Locale.ROOT,
        "ta4j set-up check: %d closed positions equal to the hand loop's (entry/exit time and"
            + " price); largest |ta4j SMA − Quarry Sma| from bar 49 on: %.3g; exact ties fast =="
            + " slow from bar 49 on: %d in ta4j, %d in Quarry",
        positions,
        largest,
        ties,
        quarryTies);
  }
}
