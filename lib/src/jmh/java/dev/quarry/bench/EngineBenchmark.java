package dev.quarry.bench;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.Metrics;
import dev.quarry.bars.Bars;
import dev.quarry.bars.Sma;
import dev.quarry.samples.SmaCross;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import tech.tablesaw.api.Table;

/**
 * SPEC §9, engine: an SMA(10/50) crossover backtest through the full engine over {@value #BARS}
 * one-minute bars already in memory, against a hand-written loop computing the same trades in the
 * same run; targets ≥ 15 M bars/s and ≥ 1/10 of the loop.
 *
 * <p>Scores are bars per second (mode Throughput, {@code @OperationsPerInvocation(BARS)}). {@code
 * engine}: {@code Backtest.of(symbol, table).strategy(new SmaCross(10, 50)).run().metrics()} —
 * replay connector (columns copied out of the table), merging aggregator, strategy, simulated
 * executor (fills at the close, all equity per buy, no fee), per-bar equity curve, and the metrics
 * computed from it. {@code engineLive}: the same on threads. {@code breakdownEngineAndTables}: the
 * same plus the three result tables (a million-row Tablesaw equity table with its {@code
 * InstantColumn} costs more than the backtest itself). {@code handLoop}: one loop over the same
 * columns with the same {@link Sma} and the same crossing and sizing rules, filling the same
 * per-bar equity array and the same trade list, no tables. Set-up checks that both give the same
 * trades, bit for bit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EngineBenchmark.BARS)
@Fork(1)
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class EngineBenchmark {
  static final int BARS = 1 << 20;
  private static final double CASH = 10_000;

  private Table bars;

  /** One round trip of the hand loop, as the engine's trades table holds it. */
  record Trade(long entryTime, long exitTime, double quantity, double entry, double exit) {}

  /** The hand loop's output. */
  record Loop(List<Trade> trades, double[] equity) {}

  @Setup
  public void setUp() {
    bars = MinuteBars.walk("bench", Instant.parse("2024-01-01T00:00:00Z"), BARS, 42);
    BacktestResult engine = Backtest.of("BENCH", bars).strategy(new SmaCross(10, 50)).run();
    Loop loop = handLoop();
    Table t = engine.trades();
    List<Trade> fromEngine = new ArrayList<>();
    for (int i = 0; i < t.rowCount(); i++) {
      if (t.instantColumn("exit_time").isMissing(i)) {
        continue; // the loop lists closed trades only
      }
      fromEngine.add(
          new Trade(
              t.instantColumn("entry_time").get(i).toEpochMilli(),
              t.instantColumn("exit_time").get(i).toEpochMilli(),
              t.doubleColumn("quantity").getDouble(i),
              t.doubleColumn("entry_price").getDouble(i),
              t.doubleColumn("exit_price").getDouble(i)));
    }
    Checks.equal(loop.trades(), fromEngine, "the engine's closed trades");
    Checks.equal(
        java.util.Arrays.toString(loop.equity()),
        java.util.Arrays.toString(engine.equity().doubleColumn("equity").asDoubleArray()),
        "the engine's equity curve");
    Checks.count(BARS, engine.metrics().bars(), "bars processed");
    if (loop.trades().size() < 1000) {
      throw new IllegalStateException("too few trades to be a fair test: " + loop.trades().size());
    }
  }

  @Benchmark
  public Metrics engine() {
    return Backtest.of("BENCH", bars).strategy(new SmaCross(10, 50)).run().metrics();
  }

  @Benchmark
  public Metrics engineLive() {
    return Backtest.of("BENCH", bars).strategy(new SmaCross(10, 50)).live().run().metrics();
  }

  @Benchmark
  public Table breakdownEngineAndTables() {
    BacktestResult r = Backtest.of("BENCH", bars).strategy(new SmaCross(10, 50)).run();
    r.trades();
    r.orders();
    r.metrics();
    return r.equity();
  }

  @Benchmark
  public Loop handLoop() {
    long[] time = bars.instantColumn(Bars.TIMESTAMP).asEpochMillisArray();
    double[] close = bars.doubleColumn(Bars.CLOSE).asDoubleArray();
    double[] equity = new double[close.length];
    List<Trade> trades = new ArrayList<>();
    Sma fast = new Sma(10);
    Sma slow = new Sma(50);
    double previousFast = Double.NaN;
    double previousSlow = Double.NaN;
    double cash = CASH;
    double quantity = 0;
    long entryTime = 0;
    double entry = 0;
    for (int i = 0; i < close.length; i++) {
      double c = close[i];
      double f = fast.update(c);
      double s = slow.update(c);
      boolean defined = !Double.isNaN(previousSlow) && !Double.isNaN(s);
      if (defined && quantity == 0 && f > s && previousFast <= previousSlow) {
        double q = cash / c;
        while (q * c > cash) {
          q = Math.nextDown(q);
        }
        cash -= q * c;
        quantity = q;
        entryTime = time[i];
        entry = c;
      } else if (defined && quantity > 0 && f < s && previousFast >= previousSlow) {
        cash += quantity * c;
        trades.add(new Trade(entryTime, time[i], quantity, entry, c));
        quantity = 0;
      }
      equity[i] = cash + quantity * c;
      previousFast = f;
      previousSlow = s;
    }
    return new Loop(trades, equity);
  }
}
