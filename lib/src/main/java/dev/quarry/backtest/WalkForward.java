package dev.quarry.backtest;

import dev.quarry.bars.Bars;
import dev.quarry.dag.Grid;
import dev.quarry.dag.PipelineException;
import dev.quarry.stats.Fold;
import dev.quarry.stats.Folds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Walk-forward analysis (SPEC §14): for each fold, the grid runs on the train slice only, the best
 * parameters by the ranking metric run on the test slice, and the test slices are stitched into one
 * out-of-sample run.
 *
 * <ol>
 *   <li>selection: every combination of the grid is backtested on the bars of [train start, train
 *       end) alone, so no selection can see a test slice; the best by the ranking metric wins
 *       (larger is better, except {@code max_drawdown} and {@code volatility}; a missing value
 *       ranks last; ties go to the first combination, axes in the order given, the first axis
 *       slowest);
 *   <li>test: the winner runs on the bars from {@link BarStrategy#warmUp()} bars before the test
 *       start (its indicators warm up there) to the test end, placing no order before the test
 *       start; its equity curve, trades and metrics are the test slice's only;
 *   <li>stitching: each test run starts with the initial cash; the out-of-sample curve chains them,
 *       fold k's equity, positions, trades, fills and costs scaled by the equity the folds before
 *       it ended with / the initial cash, so that its per-bar returns are the test runs' own;
 *   <li>walk-forward efficiency = the out-of-sample annualised return / the in-sample annualised
 *       return, each annualised linearly (total return × 365.25 days / the slice's length, as a
 *       compounded CAGR explodes over slices of days): out of sample, the stitched run's total
 *       return over the test slices' total length; in sample, the mean over the folds of the
 *       selected trial's total return over its train length ({@code NaN} when that mean is not
 *       positive: there is no in-sample gain to keep).
 * </ol>
 *
 * <p>On several threads every trial and every test run is an independent backtest, run at once
 * ({@link InOrder}): each fold's trials are compared and its test run stitched in the combinations'
 * and the folds' order, so the folds, the stitched run and the efficiency are the same, bit for
 * bit, at any thread count.
 */
final class WalkForward {
  private WalkForward() {}

  static WalkForwardResult run(
      Backtest base,
      Folds folds,
      Function<Map<String, String>, BarStrategy> strategies,
      Map<String, List<String>> axes,
      String rankBy,
      int threads) {
    Objects.requireNonNull(folds, "folds");
    Objects.requireNonNull(strategies, "strategies");
    if (threads < 1) {
      throw new IllegalArgumentException(
          "a walk-forward runs on at least 1 thread, got " + threads);
    }
    List<Map<String, String>> combinations = combinations(axes);
    Table first = base.firstBars();
    long[] times = Bars.epochMillis(first.instantColumn(Bars.TIMESTAMP));
    Instant start = Instant.ofEpochMilli(times[0]);
    Instant end = Instant.ofEpochMilli(times[times.length - 1] + base.firstTimeframe().toMillis());
    List<Fold> plan = folds.over(start, end);
    Search search = new Search(base, times, combinations, strategies, rankBy, threads);
    List<Row> rows = new ArrayList<>();
    List<BacktestResult> tests = new ArrayList<>();
    // On one thread, fold after fold (its trials, then its test run), as a reader would; on more,
    // every fold's trials at once, then every test run, so that no thread idles at a fold's end.
    int batch = threads == 1 ? 1 : plan.size();
    for (int from = 0; from < plan.size(); from += batch) {
      search.run(plan.subList(from, Math.min(plan.size(), from + batch)), rows, tests);
    }
    return stitch(base, folds, rankBy, rows, tests);
  }

  /** A combination's run on a fold's train slice: the ranking metric and the total return. */
  private record Trial(double value, double totalReturn) {}

  /** What every fold's selection and test share; its backtests run on {@code threads}. */
  private record Search(
      Backtest base,
      long[] times,
      List<Map<String, String>> combinations,
      Function<Map<String, String>, BarStrategy> strategies,
      String rankBy,
      int threads) {

    /** Runs these folds' trials, then their test runs; adds their rows and test runs in order. */
    void run(List<Fold> folds, List<Row> rows, List<BacktestResult> tests) {
      List<Supplier<Trial>> trials = new ArrayList<>();
      for (Fold fold : folds) {
        for (Map<String, String> params : combinations) {
          trials.add(() -> trial(fold, strategies.apply(params)));
        }
      }
      List<Trial> done = InOrder.run(trials, threads, "quarry-walk-forward");
      int n = combinations.size();
      int[] chosen = new int[folds.size()];
      List<Supplier<BacktestResult>> testRuns = new ArrayList<>();
      for (int f = 0; f < folds.size(); f++) {
        chosen[f] = best(done.subList(f * n, (f + 1) * n), Metrics.smallerIsBetter(rankBy));
        Fold fold = folds.get(f);
        Map<String, String> params = combinations.get(chosen[f]);
        testRuns.add(() -> test(fold, strategies.apply(params)));
      }
      List<BacktestResult> runs = InOrder.run(testRuns, threads, "quarry-walk-forward");
      for (int f = 0; f < folds.size(); f++) {
        Trial selected = done.get(f * n + chosen[f]);
        double outOfSample = value(runs.get(f).metrics(), rankBy);
        String params = text(combinations.get(chosen[f]));
        rows.add(
            new Row(folds.get(f), params, selected.value(), outOfSample, selected.totalReturn()));
      }
      tests.addAll(runs);
    }

    private Trial trial(Fold fold, BarStrategy strategy) {
      Metrics m = base.slice(fold.trainStart(), fold.trainEnd()).strategy(strategy).run().metrics();
      return new Trial(value(m, rankBy), m.totalReturn());
    }

    /** The chosen strategy's run on a fold's test slice, warmed up on the bars before it. */
    private BacktestResult test(Fold fold, BarStrategy chosen) {
      Instant warmStart = warmStart(times, fold.testStart(), chosen.warmUp());
      return base.slice(warmStart, fold.testEnd())
          .tradeFrom(fold.testStart())
          .strategy(chosen)
          .run();
    }
  }

  /**
   * The index of the best trial: the first, unless a later one has a value and a better one (a
   * missing value ranks last, ties keep the earlier combination).
   */
  private static int best(List<Trial> trials, boolean ascending) {
    int best = 0;
    for (int i = 1; i < trials.size(); i++) {
      if (better(trials.get(i).value(), trials.get(best).value(), ascending)) {
        best = i;
      }
    }
    return best;
  }

  private record Row(
      Fold fold, String params, double inSample, double outOfSample, double inSampleReturn) {}

  private static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

  private static boolean better(double value, double best, boolean ascending) {
    if (Double.isNaN(value)) {
      return false;
    }
    return Double.isNaN(best) || (ascending ? value < best : value > best);
  }

  private static double value(Metrics m, String rankBy) {
    Map<String, Object> all = m.asMap();
    if (!all.containsKey(rankBy) || rankBy.equals("start") || rankBy.equals("end")) {
      List<String> numeric = new ArrayList<>(all.keySet());
      numeric.removeAll(List.of("start", "end"));
      throw new IllegalArgumentException(
          "cannot rank by '" + rankBy + "': it is not a metric; use one of " + numeric);
    }
    Object v = all.get(rankBy);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The start of the bar {@code warmUp} bars before the first bar at or after {@code test}. */
  private static Instant warmStart(long[] times, Instant test, int warmUp) {
    int i = java.util.Arrays.binarySearch(times, test.toEpochMilli());
    if (i < 0) {
      i = -i - 1;
    }
    return Instant.ofEpochMilli(times[Math.max(0, i - warmUp)]);
  }

  /**
   * The grid's combinations ({@link Grid#combinations()}: the first axis slowest), as text.
   *
   * @throws IllegalArgumentException if there is no axis, an axis has no value or a bad name
   */
  static List<Map<String, String>> combinations(Map<String, List<String>> axes) {
    if (axes.isEmpty()) {
      throw new IllegalArgumentException(
          "a walk-forward chooses among the values of at least one parameter; give axes such as"
              + " fast → [5, 10]");
    }
    Grid grid = null;
    try {
      for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
        Object[] values = axis.getValue().toArray();
        grid = grid == null ? Grid.of(axis.getKey(), values) : grid.and(axis.getKey(), values);
      }
    } catch (PipelineException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    List<Map<String, String>> all = new ArrayList<>();
    for (Map<String, Object> combination : grid.combinations()) {
      Map<String, String> params = new LinkedHashMap<>();
      combination.forEach((k, v) -> params.put(k, (String) v));
      all.add(params);
    }
    return all;
  }

  private static String text(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  private static WalkForwardResult stitch(
      Backtest base, Folds folds, String rankBy, List<Row> rows, List<BacktestResult> tests) {
    Table trades = null;
    Table orders = null;
    InstantColumn time = InstantColumn.create("timestamp");
    DoubleColumn equity = DoubleColumn.create("equity");
    DoubleColumn cash = DoubleColumn.create("cash");
    DoubleColumn position = DoubleColumn.create("position");
    StringColumn strategy = StringColumn.create("strategy");
    List<Metrics.Inputs> inputs = new ArrayList<>();
    List<Double> factors = new ArrayList<>();
    double factor = 1;
    for (BacktestResult test : tests) {
      Metrics.Inputs in = test.inputs();
      inputs.add(in);
      factors.add(factor);
      Table t = scaled(test.trades(), factor, "quantity", "fees", "pnl");
      trades = trades == null ? t : trades.append(t);
      Table o = scaled(test.orders(), factor, "quantity", "fill_quantity", "fee", "slippage");
      orders = orders == null ? o : orders.append(o);
      Table e = test.totalEquity();
      for (int i = 0; i < e.rowCount(); i++) {
        time.append(e.instantColumn("timestamp").get(i));
        equity.append(e.doubleColumn("equity").getDouble(i) * factor);
        cash.append(e.doubleColumn("cash").getDouble(i) * factor);
        position.append(e.doubleColumn("position").getDouble(i) * factor);
        strategy.append(test.settings().getOrDefault("strategy", ""));
      }
      int n = in.curve().n();
      double last = n == 0 ? in.initialCash() : in.curve().equity()[n - 1];
      factor *= last / in.initialCash();
    }
    Metrics.Inputs all = Stitching.inputs(inputs, factors);
    Metrics metrics = Metrics.compute(all);
    Map<String, String> settings = new LinkedHashMap<>(tests.get(0).settings());
    settings.put("walk_forward", folds.toString());
    settings.put("rank_by", rankBy);
    Table foldsTable = foldsTable(rows);
    BacktestResult stitched =
        new BacktestResult(
            settings,
            trades,
            orders,
            Table.create("equity", time, equity, cash, position, strategy),
            metrics);
    double inSample = 0;
    long tested = 0;
    for (Row r : rows) {
      Fold f = r.fold();
      long train = f.trainEnd().toEpochMilli() - f.trainStart().toEpochMilli();
      inSample += r.inSampleReturn() * YEAR_MILLIS / train;
      tested += f.testEnd().toEpochMilli() - f.testStart().toEpochMilli();
    }
    inSample /= rows.size();
    double outOfSample = metrics.totalReturn() * YEAR_MILLIS / tested;
    // Only an in-sample gain can be kept or lost out of sample: without one the ratio means
    // nothing.
    double efficiency = inSample > 0 ? outOfSample / inSample : Double.NaN;
    return new WalkForwardResult(stitched, foldsTable, inSample, outOfSample, efficiency);
  }

  private static Table scaled(Table t, double factor, String... columns) {
    Table copy = t.copy();
    if (factor != 1) {
      for (String c : columns) {
        DoubleColumn d = copy.doubleColumn(c);
        for (int i = 0; i < d.size(); i++) {
          if (!d.isMissing(i)) {
            d.set(i, d.getDouble(i) * factor);
          }
        }
      }
    }
    return copy;
  }

  private static Table foldsTable(List<Row> rows) {
    IntColumn fold = IntColumn.create("fold");
    InstantColumn trainStart = InstantColumn.create("train_start");
    InstantColumn trainEnd = InstantColumn.create("train_end");
    InstantColumn testStart = InstantColumn.create("test_start");
    InstantColumn testEnd = InstantColumn.create("test_end");
    StringColumn params = StringColumn.create("params");
    DoubleColumn inSample = DoubleColumn.create("in_sample");
    DoubleColumn outOfSample = DoubleColumn.create("out_of_sample");
    for (Row r : rows) {
      fold.append(r.fold().number());
      trainStart.append(r.fold().trainStart());
      trainEnd.append(r.fold().trainEnd());
      testStart.append(r.fold().testStart());
      testEnd.append(r.fold().testEnd());
      params.append(r.params());
      inSample.append(r.inSample());
      outOfSample.append(r.outOfSample());
    }
    return Table.create(
        "folds", fold, trainStart, trainEnd, testStart, testEnd, params, inSample, outOfSample);
  }
}
