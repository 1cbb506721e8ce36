package dev.quarry.samples;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.GridRun;
import dev.quarry.backtest.Metrics;
import dev.quarry.backtest.StrategyLoader;
import dev.quarry.bars.Bars;
import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Grid;
import dev.quarry.dag.GridResult;
import dev.quarry.dag.Node;
import dev.quarry.dag.Pipeline;
import dev.quarry.engine.Bracket;
import dev.quarry.engine.Distance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tech.tablesaw.api.Table;

/**
 * Grid search over a strategy's parameters (and the exits of {@link #EXIT_AXES}, for any strategy),
 * through the DAG's outer loop ({@link Grid}): the one-node pipeline below runs once per
 * combination of {@code param.*} values, and the grid collects each run's {@link Metrics} into a
 * table, one row per combination, ranked.
 *
 * <pre>
 * backtest (input.bars, input.strategy, input.params, input.execution, param.* →
 *           backtest.metrics)
 * </pre>
 */
public final class BacktestGrid {
  private BacktestGrid() {}

  /**
   * The one-node pipeline; not cached (a backtest is cheaper than its cache entry).
   *
   * @return the pipeline
   */
  public static Pipeline pipeline() {
    Node backtest =
        Node.named("backtest")
            .requires("input.bars", Map.class)
            .requires("input.strategy", String.class)
            .requires("input.params", Map.class)
            .requires("input.execution", ExecutionSettings.class)
            .requires("input.trials", Trials.class)
            .consumes("param.*")
            .provides("backtest.metrics", Metrics.class)
            .cacheable(false)
            .run(
                ctx -> {
                  Map<String, String> params = new LinkedHashMap<>();
                  Map<?, ?> given = ctx.get("input.params", Map.class);
                  for (Map.Entry<?, ?> e : given.entrySet()) {
                    params.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                  }
                  if (ctx.hasNamespace("param.")) {
                    ctx.getNamespace("param.")
                        .forEach((k, v) -> params.put(k.substring("param.".length()), "" + v));
                  }
                  ExecutionSettings execution =
                      exits(ctx.get("input.execution", ExecutionSettings.class), params);
                  BarStrategy strategy = strategy(ctx.get("input.strategy", String.class), params);
                  Backtest run = null;
                  Map<?, ?> symbols = ctx.get("input.bars", Map.class);
                  for (Map.Entry<?, ?> e : symbols.entrySet()) {
                    String symbol = (String) e.getKey();
                    Table bars = (Table) e.getValue();
                    run = run == null ? Backtest.of(symbol, bars) : run.bars(symbol, bars);
                  }
                  BacktestResult result = run.strategy(strategy).settings(execution).run();
                  Map<String, Object> axes = new TreeMap<>();
                  if (ctx.hasNamespace("param.")) {
                    axes.putAll(ctx.getNamespace("param."));
                  }
                  ctx.get("input.trials", Trials.class).add(axes, result.totalEquity());
                  ctx.set("backtest.metrics", result.metrics());
                });
    return Pipeline.of(backtest);
  }

  /**
   * A sample strategy by name, or a class name or {@code .java} file (anything with a dot).
   *
   * @param name the strategy
   * @param params its parameters
   * @return the strategy
   */
  public static BarStrategy strategy(String name, Map<String, String> params) {
    // A name without a dot is not a class or a file: it is meant as a sample (or misspelt one).
    return SampleStrategies.names().contains(name) || !name.contains(".")
        ? SampleStrategies.create(name, params)
        : StrategyLoader.load(name, params);
  }

  /**
   * Every trial's per-bar returns, as the grid's runs hand them in (from any thread), by the
   * trial's axis values.
   */
  public static final class Trials {
    private final Map<String, double[]> returns = new ConcurrentHashMap<>();
    private final Map<String, long[]> times = new ConcurrentHashMap<>();

    /** No trial yet. */
    public Trials() {}

    void add(Map<String, Object> axes, Table equity) {
      double[] e = equity.doubleColumn("equity").asDoubleArray();
      long[] t = Bars.epochMillis(equity.instantColumn("timestamp"));
      double[] r = new double[Math.max(e.length - 1, 0)];
      for (int i = 1; i < e.length; i++) {
        r[i - 1] = e[i] / e[i - 1] - 1;
      }
      String key = axes.toString();
      returns.put(key, r);
      times.put(key, t.length == 0 ? t : java.util.Arrays.copyOfRange(t, 1, t.length));
    }

    double[] returns(Map<String, Object> axes) {
      return returns.get(new TreeMap<>(axes).toString());
    }

    long[] times(Map<String, Object> axes) {
      return times.get(new TreeMap<>(axes).toString());
    }
  }

  /**
   * The grid axes that are exits, not strategy parameters: {@code --grid stop-loss=1%,2%} tries
   * each stop-loss on every entry of any strategy (values as {@link Distance#parse} reads them).
   */
  public static final List<String> EXIT_AXES = List.of("stop-loss", "take-profit", "trailing-stop");

  /**
   * Moves the exit axes out of {@code params} into the settings' exits.
   *
   * @param execution the settings
   * @param params the run's parameters; its exit axes are removed
   * @return the settings with those exits
   * @throws IllegalArgumentException for a value that is not a distance
   */
  public static ExecutionSettings exits(ExecutionSettings execution, Map<String, String> params) {
    Bracket exits = execution.exits();
    for (String axis : EXIT_AXES) {
      String value = params.remove(axis);
      if (value != null) {
        Distance d;
        try {
          d = Distance.parse(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(axis + "=" + value + ": " + e.getMessage(), e);
        }
        exits =
            switch (axis) {
              case "stop-loss" -> exits.withStopLoss(d);
              case "take-profit" -> exits.withTakeProfit(d);
              default -> exits.withTrailingStop(d);
            };
      }
    }
    return execution.withExits(exits);
  }

  /** The metrics a grid can rank by, as {@code metrics.json} names them. */
  public static final List<String> RANKABLE =
      List.of(
          "total_return",
          "cagr",
          "excess_return",
          "sharpe",
          "sortino",
          "calmar",
          "alpha",
          "max_drawdown",
          "volatility",
          "win_rate",
          "profit_factor",
          "expectancy",
          "payoff_ratio",
          "trade_count",
          "exposure",
          "final_equity");

  /**
   * Checks a grid before anything runs: the metric to rank by, each parameter (named once, not also
   * fixed) and every combination's strategy, made once each, so a bad name or value is found before
   * the first run rather than after the whole grid.
   *
   * @param strategy the strategy's name (or class, or file)
   * @param fixed parameters shared by every run
   * @param axes parameter → the values to try
   * @param rankBy the metric ranking the runs
   * @throws IllegalArgumentException saying what is wrong and listing the valid names
   */
  public static void check(
      String strategy, Map<String, String> fixed, Map<String, List<String>> axes, String rankBy) {
    if (!RANKABLE.contains(rankBy)) {
      throw new IllegalArgumentException(
          "cannot rank by '" + rankBy + "': it is not a metric; use one of " + RANKABLE);
    }
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one parameter with values");
    }
    Grid grid = null;
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      if (fixed.containsKey(axis.getKey())) {
        throw new IllegalArgumentException(
            "parameter '" + axis.getKey() + "' is both fixed (--param) and on the grid (--grid)");
      }
      Object[] values = axis.getValue().toArray();
      grid = grid == null ? Grid.of(axis.getKey(), values) : grid.and(axis.getKey(), values);
    }
    for (Map<String, Object> combination : grid.combinations()) {
      Map<String, String> params = new LinkedHashMap<>(fixed);
      combination.forEach((k, v) -> params.put(k, String.valueOf(v)));
      try {
        exits(ExecutionSettings.defaults(), params);
        strategy(strategy, params);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "grid run " + combination + " of " + strategy + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Runs every combination and ranks the runs.
   *
   * @param bars the bars
   * @param symbol their symbol
   * @param strategy the strategy's name (or class, or file)
   * @param fixed parameters shared by every run
   * @param execution fills, fees, cash and sizing
   * @param axes parameter → the values to try, e.g. {@code fast → [5, 10, 20]}
   * @param rankBy the metric ranking the runs, best first (larger is better, except {@code
   *     max_drawdown} and {@code volatility}: smaller is better); runs without a value come last
   * @return one row per combination: the parameters, every metric, ranked
   */
  public static Table run(
      Table bars,
      String symbol,
      String strategy,
      Map<String, String> fixed,
      ExecutionSettings execution,
      Map<String, List<String>> axes,
      String rankBy) {
    return run(Map.of(symbol, bars), strategy, fixed, execution, axes, rankBy);
  }

  /**
   * Runs every combination over several symbols' bars and ranks the runs.
   *
   * @param bars symbol → its bars, in the order given (at least one)
   * @param strategy the strategy's name (or class, or file)
   * @param fixed parameters shared by every run
   * @param execution fills, fees, cash and sizing
   * @param axes parameter → the values to try
   * @param rankBy the metric ranking the runs, best first (see {@link #RANKABLE})
   * @return one row per combination: the parameters, every metric, ranked
   * @throws IllegalArgumentException as {@link #check} does, before any run
   */
  public static Table run(
      Map<String, Table> bars,
      String strategy,
      Map<String, String> fixed,
      ExecutionSettings execution,
      Map<String, List<String>> axes,
      String rankBy) {
    return runAll(bars, strategy, fixed, execution, axes, rankBy).ranked();
  }

  /**
   * Runs every combination over several symbols' bars, ranks the runs and keeps every run's per-bar
   * returns (SPEC §14), for the overfitting statistics and the grid's folder.
   *
   * @param bars symbol → its bars, in the order given (at least one)
   * @param strategy the strategy's name (or class, or file)
   * @param fixed parameters shared by every run
   * @param execution fills, fees, cash and sizing
   * @param axes parameter → the values to try
   * @param rankBy the metric ranking the runs, best first (see {@link #RANKABLE})
   * @return the ranked trials and their returns
   * @throws IllegalArgumentException as {@link #check} does, before any run
   */
  public static GridRun runAll(
      Map<String, Table> bars,
      String strategy,
      Map<String, String> fixed,
      ExecutionSettings execution,
      Map<String, List<String>> axes,
      String rankBy) {
    return runAll(bars, strategy, fixed, execution, axes, rankBy, 1);
  }

  /**
   * {@link #runAll(Map, String, Map, ExecutionSettings, Map, String)} on several threads: the
   * trials are independent backtests, run at once, and the result is the same as on one thread (the
   * ranking's ties keep the combinations' order).
   *
   * @param bars symbol → its bars, in the order given (at least one)
   * @param strategy the strategy's name (or class, or file)
   * @param fixed parameters shared by every run
   * @param execution fills, fees, cash and sizing
   * @param axes parameter → the values to try
   * @param rankBy the metric ranking the runs, best first (see {@link #RANKABLE})
   * @param threads how many trials run at once, at least 1
   * @return the ranked trials and their returns
   */
  public static GridRun runAll(
      Map<String, Table> bars,
      String strategy,
      Map<String, String> fixed,
      ExecutionSettings execution,
      Map<String, List<String>> axes,
      String rankBy,
      int threads) {
    if (bars.isEmpty()) {
      throw new IllegalArgumentException("a grid needs the bars of at least one symbol");
    }
    check(strategy, fixed, axes, rankBy);
    Grid grid = null;
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      Object[] values = axis.getValue().toArray();
      String key = "param." + axis.getKey();
      grid = grid == null ? Grid.of(key, values) : grid.and(key, values);
    }
    Trials trials = new Trials();
    PipelineContext base =
        PipelineContext.of(
            Map.of(
                "input.bars",
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bars)),
                "input.strategy",
                strategy,
                "input.params",
                Map.copyOf(fixed),
                "input.execution",
                execution,
                "input.trials",
                trials));
    GridResult result = grid.threads(threads).run(pipeline(), base, "backtest.metrics");
    Table table = result.table();
    String column = "backtest.metrics." + camel(rankBy);
    if (!table.containsColumn(column)) {
      throw new IllegalStateException("the grid's table has no column " + column);
    }
    for (String name : List.copyOf(table.columnNames())) {
      if (name.startsWith("backtest.metrics.")) {
        table.column(name).setName(snake(name.substring("backtest.metrics.".length())));
      } else if (name.startsWith("param.")) {
        table.column(name).setName(name.substring("param.".length()));
      }
    }
    table.removeColumns("nodes_ran", "nodes_cached", "start", "end");
    // The costs come as one record: name them as metrics.json does, with their total.
    table.column("costs.fees").setName("fees");
    table.column("costs.slippage").setName("slippage_costs");
    table.column("costs.borrow").setName("borrow_costs");
    table.insertColumn(
        table.columnIndex("fees"),
        table
            .doubleColumn("fees")
            .add(table.doubleColumn("slippage_costs"))
            .add(table.doubleColumn("borrow_costs"))
            .setName("total_costs"));
    Table sorted = rank(table, rankBy);
    List<String> names = new ArrayList<>();
    double[][] returns = new double[sorted.rowCount()][];
    long[] times = null;
    for (int r = 0; r < sorted.rowCount(); r++) {
      Map<String, Object> key = new TreeMap<>();
      List<String> parts = new ArrayList<>();
      for (String axis : axes.keySet()) {
        String value = sorted.column(axis).getString(r);
        key.put("param." + axis, value);
        parts.add(axis + "=" + value);
      }
      names.add(String.join(",", parts));
      returns[r] = trials.returns(key);
      times = times == null ? trials.times(key) : times;
    }
    return new GridRun(strategy, rankBy, List.copyOf(axes.keySet()), sorted, names, times, returns);
  }

  /**
   * Ranks a grid's runs, best first, as {@link #run} does: by the metric, ascending for those where
   * smaller is better ({@link Metrics#smallerIsBetter}); ties keep the rows' order; runs without a
   * value come last. A grid run elsewhere (on a cluster) and ranked here ranks as the local grid.
   *
   * @param runs one row per run, with a column named after the metric
   * @param rankBy the metric (see {@link #RANKABLE})
   * @return the rows sorted, named {@code grid ranked by <metric>}
   */
  public static Table rank(Table runs, String rankBy) {
    String ranked = snake(camel(rankBy));
    Table sorted =
        Metrics.smallerIsBetter(rankBy)
            ? runs.sortAscendingOn(ranked)
            : runs.sortDescendingOn(ranked);
    return sorted.setName("grid ranked by " + ranked);
  }

  /**
   * Runs some combinations of a grid over one symbol, each as the local grid runs it, unranked and
   * in the order given: a cluster's task runs a chunk of the grid this way, and {@link #rank} then
   * ranks all the chunks' rows as {@link #run} would have.
   *
   * @param bars the symbol's bars
   * @param symbol the symbol
   * @param strategy the strategy's name (or class, or file)
   * @param fixed parameters shared by every run
   * @param execution fills, fees, cash and sizing
   * @param combinations each run's grid parameters, name → value, every one naming the same axes
   * @return one row per combination, with the columns of {@link #run}'s table
   */
  public static Table trials(
      Table bars,
      String symbol,
      String strategy,
      Map<String, String> fixed,
      ExecutionSettings execution,
      List<Map<String, String>> combinations) {
    Table rows = null;
    for (Map<String, String> combination : combinations) {
      Map<String, List<String>> axes = new LinkedHashMap<>();
      combination.forEach((axis, value) -> axes.put(axis, List.of(value)));
      Table one =
          runAll(Map.of(symbol, bars), strategy, fixed, execution, axes, RANKABLE.get(0), 1)
              .ranked();
      rows = rows == null ? one : rows.append(one);
    }
    if (rows == null) {
      throw new IllegalArgumentException("no combination to run for " + symbol);
    }
    return rows.setName(symbol);
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  private static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }
}
