package dev.quarry.bench;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.GridRun;
import dev.quarry.backtest.WalkForwardResult;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.samples.SampleStrategies;
import dev.quarry.stats.Folds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

/**
 * SPEC §15, one machine: a grid and a walk-forward on one thread and on every core, in the same
 * run, over {@value #BARS} one-minute bars already in memory (the random walk of {@link
 * MinuteBars}, about 69 days).
 *
 * <p>Scores are backtests per second (mode Throughput, {@code @OperationsPerInvocation}). {@code
 * grid}: {@code BacktestGrid.runAll} of {@value #TRIALS} SMA-cross trials ({@code fast} 5, 10, 20,
 * 40 × {@code slow} 50, 100, 150, 200, no fee), each a backtest of every bar, ranked by Sharpe,
 * every trial's per-bar returns kept. {@code walkForward}: {@code Backtest.walkForward} of the same
 * grid with {@code train=10d,test=5d} ({@value #FOLDS} folds), counting its {@value #FOLDS} ×
 * {@value #TRIALS} trials on 10-day train slices and its {@value #FOLDS} test runs on 5-day slices
 * (so a walk-forward backtest is about a seventh of a grid one). {@code threads} is {@code 1} or
 * {@code cores} ({@code Runtime.availableProcessors()} of the machine that runs it). Set-up checks
 * that both counts are right and that every thread count gives the same ranking and the same folds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
public class GridThreadsBenchmark {
  static final int BARS = 100_000;
  static final int TRIALS = 16;
  static final int FOLDS = 11;

  private static final Map<String, List<String>> AXES = new LinkedHashMap<>();

  static {
    AXES.put("fast", List.of("5", "10", "20", "40"));
    AXES.put("slow", List.of("50", "100", "150", "200"));
  }

  private static final Folds WALK = Folds.parse("train=10d,test=5d");

  @Param({"1", "cores"})
  public String threads;

  private int count;
  private Table bars;

  @Setup
  public void setUp() {
    count = threads.equals("cores") ? Runtime.getRuntime().availableProcessors() : 1;
    bars = MinuteBars.walk("bench", Instant.parse("2024-01-01T00:00:00Z"), BARS, 42);
    GridRun grid = grid();
    Checks.count(TRIALS, grid.trials().size(), "grid trials");
    Checks.count(BARS - 1, grid.bars(), "bars of each trial's returns");
    WalkForwardResult wf = walkForward();
    Checks.count(FOLDS, wf.folds().rowCount(), "walk-forward folds");
    int saved = count;
    count = 1;
    Checks.equal(grid().ranked().printAll(), grid.ranked().printAll(), "the grid on one thread");
    Checks.equal(walkForward().toString(), wf.toString(), "the walk-forward on one thread");
    count = saved;
  }

  @Benchmark
  @OperationsPerInvocation(TRIALS)
  public GridRun grid() {
    return BacktestGrid.runAll(
        Map.of("BENCH", bars),
        "sma-cross",
        Map.of(),
        ExecutionSettings.defaults(),
        AXES,
        "sharpe",
        count);
  }

  @Benchmark
  @OperationsPerInvocation(FOLDS * TRIALS + FOLDS)
  public WalkForwardResult walkForward() {
    return Backtest.of("BENCH", bars)
        .walkForward(WALK, p -> SampleStrategies.create("sma-cross", p), AXES, "sharpe", count);
  }
}
