package dev.quarry.backtest;

import dev.quarry.bars.Bars;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * Issue 17's universe, in a JVM of its own (run it with {@code -Xmx1g}): writes {@code symbols} ×
 * {@code months} of 1-minute bars from 2023-01-01 into a new store at {@code root}, then runs the
 * SMA(10/50) crossover over all of them read from the store a month at a time ({@link
 * Backtest#bars(BarStore, DatasetId, Instant, Instant)}), and, as the same-run reference, the same
 * backtest over the first symbol's bars in memory.
 *
 * <p>Arguments: {@code root symbols months repetitions}. It prints one line per measurement, words
 * then {@code key=value} pairs:
 *
 * <ul>
 *   <li>{@code generated bars=… seconds=…};
 *   <li>{@code reference bars=… seconds=…}: one symbol's bars already in a table ({@code
 *       Backtest.of(symbol, table)}), after three warm-up runs, {@code repetitions} times;
 *   <li>{@code universe bars=… seconds=… trades=… orders=… equity_rows=…}: every symbol from the
 *       store, after one warm-up run over the first month, {@code repetitions} times;
 *   <li>{@code heap peak_mb=… max_mb=…}: the sum of the heap pools' peak use during the universe
 *       runs (an upper bound of the heap's peak) and the heap's limit.
 * </ul>
 *
 * <p>A run's time includes reading the store and computing the metrics (the trades, orders and
 * equity tables are built once, after the timing, to count them).
 */
public final class UniverseMain {
  /** The first bar's start. */
  static final Instant START = Instant.parse("2023-01-01T00:00:00Z");

  private UniverseMain() {}

  /**
   * Generates the store and runs the backtests.
   *
   * @param args {@code root symbols months repetitions}
   */
  public static void main(String[] args) {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: UniverseMain root symbols months repetitions");
    }
    Path root = Path.of(args[0]);
    int symbols = Integer.parseInt(args[1]);
    int months = Integer.parseInt(args[2]);
    int repetitions = Integer.parseInt(args[3]);
    Instant end =
        LocalDate.of(2023, 1, 1).plusMonths(months).atStartOfDay(ZoneOffset.UTC).toInstant();
    BarStore store = BarStore.open(root);
    List<DatasetId> universe = new ArrayList<>();
    long t0 = System.nanoTime();
    long bars = 0;
    for (int s = 0; s < symbols; s++) {
      DatasetId id = new DatasetId("universe", "1m", String.format(Locale.ROOT, "S%03d", s));
      Table t = walk(minutes(end), 1000L + s);
      store.write(id, t, WriteOptions.defaults());
      bars += t.rowCount();
      universe.add(id);
    }
    print("generated", "bars=" + bars, "seconds=" + seconds(t0));

    Table first = store.read(universe.get(0), START, end);
    for (int i = 0; i < 3 + repetitions; i++) {
      long r0 = System.nanoTime();
      Backtest.of(universe.get(0).symbol(), first, Duration.ofMinutes(1))
          .strategy(new SmaCross(10, 50))
          .run()
          .metrics();
      if (i >= 3) {
        print("reference", "bars=" + first.rowCount(), "seconds=" + seconds(r0));
      }
    }
    first = null; // the reference's table is not part of the universe's heap

    Instant warmEnd = LocalDate.of(2023, 2, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    run(store, universe, START, warmEnd.isBefore(end) ? warmEnd : end);
    System.gc();
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
        heap.add(pool);
      }
    }
    for (int i = 0; i < repetitions; i++) {
      long u0 = System.nanoTime();
      BacktestResult r = run(store, universe, START, end);
      double elapsed = seconds(u0);
      print(
          "universe",
          "bars=" + r.metrics().bars(),
          "seconds=" + elapsed,
          "trades=" + r.trades().rowCount(),
          "orders=" + r.orders().rowCount(),
          "equity_rows=" + r.equity().rowCount());
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : heap) {
      peak += pool.getPeakUsage().getUsed();
    }
    print("heap", "peak_mb=" + (peak >> 20), "max_mb=" + (Runtime.getRuntime().maxMemory() >> 20));
  }

  private static BacktestResult run(
      BarStore store, List<DatasetId> universe, Instant from, Instant to) {
    Backtest b = Backtest.of(store, universe.get(0), from, to);
    for (DatasetId id : universe.subList(1, universe.size())) {
      b.bars(store, id, from, to);
    }
    BacktestResult r =
        b.strategy(new SmaCross(10, 50))
            .sizing(Sizing.fractionOfEquity(1.0 / universe.size()))
            .run();
    r.metrics();
    return r;
  }

  private static int minutes(Instant end) {
    return (int) Duration.between(START, end).toMinutes();
  }

  /** {@code count} 1-minute bars from {@link #START}: a random walk obeying the OHLCV rules. */
  static Table walk(int count, long seed) {
    Random random = new Random(seed);
    long[] time = new long[count];
    double[] open = new double[count];
    double[] high = new double[count];
    double[] low = new double[count];
    double[] close = new double[count];
    double[] volume = new double[count];
    double price = 100;
    long start = START.toEpochMilli();
    for (int i = 0; i < count; i++) {
      time[i] = start + 60_000L * i;
      open[i] = price;
      close[i] = Math.max(1, open[i] + random.nextGaussian() * 0.1);
      high[i] = Math.max(open[i], close[i]) + random.nextDouble() * 0.05;
      low[i] = Math.min(open[i], close[i]) - random.nextDouble() * 0.05;
      volume[i] = random.nextInt(1000);
      price = close[i];
    }
    InstantColumn t = InstantColumn.create(Bars.TIMESTAMP, count);
    for (int i = 0; i < count; i++) {
      t.set(i, Instant.ofEpochMilli(time[i]));
    }
    return Table.create(
        "walk",
        t,
        DoubleColumn.create(Bars.OPEN, open),
        DoubleColumn.create(Bars.HIGH, high),
        DoubleColumn.create(Bars.LOW, low),
        DoubleColumn.create(Bars.CLOSE, close),
        DoubleColumn.create(Bars.VOLUME, volume));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void print(String what, String... pairs) {
    System.out.println(what + " " + String.join(" ", pairs));
    System.out.flush();
  }
}
