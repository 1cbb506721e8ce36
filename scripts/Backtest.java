///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.bars.Bars;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Costs;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.GridRun;
import dev.quarry.backtest.Metrics;
import dev.quarry.backtest.Overfitting;
import dev.quarry.backtest.RunFolder;
import dev.quarry.backtest.WalkForwardResult;
import dev.quarry.cli.ExecutionOptions;
import dev.quarry.context.PipelineContext;
import dev.quarry.dag.PipelineException;
import dev.quarry.data.Timestamps;
import dev.quarry.engine.EngineException;
import dev.quarry.export.ExportError;
import dev.quarry.io.QuarryHome;
import dev.quarry.repo.RepositoryException;
import dev.quarry.runs.BacktestRun;
import dev.quarry.runs.RunHistory;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.samples.SampleStore;
import dev.quarry.samples.SampleStrategies;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.stats.Folds;
import dev.quarry.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The main job: backtests a strategy over bars of the store and writes a run folder. */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Backtests a strategy over bars of the store ($QUARRY_HOME/store unless --store) through"
          + " the trading engine, simulated on one thread, and writes the run folder"
          + " ($QUARRY_HOME/runs/<run-id>/ unless --out): trades.csv, trades.json, orders.csv,"
          + " equity.parquet, metrics.json and report.html. Prints the metrics and the folder, and"
          + " records the run with its trades in the run history ($QUARRY_HOME/quarry.db; list"
          + " with `runs`).",
      "With no options: SMA crossover 10/50 on the sample's bitstamp/1m/BTC-USD bars, building"
          + " the sample store first if it is missing.",
      "Fills: a strategy decides when a bar closes; with --fill close the order fills at that"
          + " close (trade time = that bar's start), with --fill next-open at the next bar's"
          + " open (trade time = the next bar's start). A sell beyond the position goes short"
          + " (unless --long-only); an order past the margin (--leverage) is rejected and listed"
          + " in orders.csv with its reason.",
      "Exits (--stop-loss, --take-profit, --trailing-stop) protect every new position of any"
          + " strategy, one cancelling the others; when a bar reaches both the stop and the"
          + " target, the stop fills (the pessimistic rule, counted in the summary).",
      "Several symbols (--symbol A,B or --universe PROVIDER/TIMEFRAME) are merged in time order"
          + " and traded by the strategy from one account.",
      "",
      "Examples:",
      "  backtest",
      "  backtest --param fast=5 --param slow=100 --fill next-open --fee-bps 10",
      "  backtest --strategy rsi-reversion --timeframe 1h",
      "  backtest --strategy samples/SmaCross.java --param fast=20",
      "  backtest --grid fast=5,10,20 --grid slow=50,100",
      "  backtest --stop-loss 2%% --take-profit 4%% --trailing-stop 3%%",
      "  backtest --param direction=both --grid stop-loss=1%%,2%%,3%% --fee-bps 10",
      "  backtest --strategy rebalance --param weight=0.5 --fee-per-order 1",
      "  backtest --strategy momentum-rotation --universe bitstamp/1h",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the store, the strategy, the engine or the run folder failed",
      "2:bad options"
    })
public final class Backtest implements Callable<Integer> {
  @Option(
      names = "--strategy",
      paramLabel = "NAME",
      defaultValue = "sma-cross",
      description =
          "A sample (sma-cross, rsi-reversion, momentum-rotation, trend-sma, rebalance), a class"
              + " name or a .java file extending BarStrategy (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description =
          "A strategy parameter, repeatable. Samples: sma-cross fast=10 slow=50 direction=long"
              + " (or short, both); rsi-reversion period=14 lower=30 upper=70; momentum-rotation"
              + " lookback=60; trend-sma fast=10 slow=50 trend=20 timeframe=1h; rebalance"
              + " weight=0.5 every=60.")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--grid",
      paramLabel = "NAME=V1,V2",
      description =
          "Grid search: try these values of a parameter (or of stop-loss, take-profit,"
              + " trailing-stop), repeatable (every combination runs, through the DAG's grid"
              + " loop); prints the runs ranked and writes the grid's folder (grid.csv,"
              + " returns.parquet, report.html) at --out or under $QUARRY_HOME/runs.")
  List<String> grid = new ArrayList<>();

  @Option(
      names = "--rank-by",
      paramLabel = "METRIC",
      defaultValue = "total_return",
      description =
          "Grid only: the metric ranking the runs, best first (default: ${DEFAULT-VALUE}).")
  String rankBy;

  @Option(
      names = "--walk-forward",
      paramLabel = "FOLDS",
      description =
          "With --grid: walk-forward analysis, train=LEN,test=LEN[,step=LEN][,anchored] (e.g."
              + " train=2d,test=1d): in each fold the grid runs on the train slice, the best by"
              + " --rank-by on the test slice; prints the fold table and writes the stitched"
              + " out-of-sample run folder (with folds.csv), recorded in the history.")
  String walkForward;

  @Option(
      names = "--equity-every",
      paramLabel = "PERIOD",
      description =
          "A single backtest: keep one equity row per period (e.g. 1h, 1d: the state at the close"
              + " of each period's last bar) instead of one per bar; the metrics are computed from"
              + " the curve kept (daily returns for 1d).")
  String equityEvery;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Grid and walk-forward: trials (and a walk-forward's test runs) run at once (default:"
              + " every core, here ${DEFAULT-VALUE}); the result is the same at any count.",
      defaultValue = "${sys:quarry.cores}")
  int threads;

  @Option(
      names = "--pbo-blocks",
      paramLabel = "S",
      defaultValue = "16",
      description =
          "Grid only: the blocks the bars are cut into for the probability of backtest"
              + " overfitting, even (default: ${DEFAULT-VALUE}).")
  int pboBlocks;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--provider",
      paramLabel = "P",
      defaultValue = "bitstamp",
      description =
          "Provider of the dataset (default: ${DEFAULT-VALUE}; when the store holds one dataset"
              + " only and none of --provider, --timeframe, --symbol is given: that one).")
  String provider;

  @Option(
      names = "--timeframe",
      paramLabel = "TF",
      defaultValue = "1m",
      description = "Timeframe of the dataset (default: ${DEFAULT-VALUE}).")
  String timeframe;

  @Option(
      names = "--symbol",
      paramLabel = "S[,S…]",
      defaultValue = "BTC-USD",
      split = ",",
      description =
          "Symbol of the dataset, or several, comma-separated, traded together"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> symbols;

  @Option(
      names = "--universe",
      paramLabel = "PROVIDER/TIMEFRAME",
      description =
          "Every symbol the store has for this provider and timeframe, e.g. bitstamp/1h (replaces"
              + " --symbol, --provider and --timeframe).")
  String universe;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "First bar included (default: the first). ISO-8601 (2013-11-28, 2013-11-28T12:00:00Z)"
              + " or epoch seconds/millis, read as UTC.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "First bar excluded (default: after the last); same forms as --from.")
  String to;

  /** --fill, the costs, the exits and the account: the options every backtesting command has. */
  @Mixin ExecutionOptions executionOptions;

  @Option(
      names = "--live",
      description = "Run the engine on threads instead of simulated (same results).")
  boolean live;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "The run (or grid) folder to create (default: a new $QUARRY_HOME/runs/<run-id>).")
  Path out;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "The run history to record the run in (default: $QUARRY_HOME/quarry.db).")
  Path db;

  @Option(names = "--no-history", description = "Do not record the run in the history.")
  boolean noHistory;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store folder (default: $QUARRY_HOME/store).")
  Path store;

  public static void main(String[] args) {
    System.setProperty(
        "quarry.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    CommandLine cli = new CommandLine(new Backtest());
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          System.err.println("backtest: " + e.getMessage() + " (see backtest --help)");
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    try {
      return backtest();
    } catch (Refused e) {
      System.err.println("backtest: " + e.getMessage());
      return e.code;
    } catch (EngineException | StoreException | ExportError | PipelineException | RepositoryException e) {
      System.err.println("backtest: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      // A strategy that cannot be made, a bad parameter value, a run folder refused.
      System.err.println("backtest: " + e.getMessage());
      return 1;
    }
  }

  private int backtest() {
    pickOnlyDataset();
    ExecutionSettings execution = execution();
    Map<String, String> fixed = pairs("--param", params);
    Map<String, List<String>> axes = axes();
    Instant start = time("--from", from, Instant.MIN);
    Instant end = time("--to", to, Instant.MAX);
    if (!start.isBefore(end)) {
      throw Refused.usage("bad range: --from " + from + " is not before --to " + to);
    }
    for (String exit : BacktestGrid.EXIT_AXES) {
      if (axes.containsKey(exit) && executionOptions.exits().containsKey(exit)) {
        throw Refused.usage(
            "--" + exit + " is both an option and on the grid (--grid " + exit + "=…); give one");
      }
    }
    if (threads < 1) {
      throw Refused.usage("--threads must be at least 1, got " + threads);
    }
    Duration equityPeriod = null;
    if (equityEvery != null) {
      if (!axes.isEmpty()) {
        throw Refused.usage(
            "--equity-every applies to a single backtest, not to a --grid or --walk-forward");
      }
      try {
        equityPeriod = dev.quarry.bars.Bars.timeframe(equityEvery);
      } catch (IllegalArgumentException e) {
        throw Refused.usage("--equity-every " + equityEvery + ": " + e.getMessage());
      }
    }
    Duration length = timeframe();
    Folds folds = null;
    if (walkForward != null) {
      if (axes.isEmpty()) {
        throw Refused.usage(
            "--walk-forward needs a --grid: the parameters each fold's train slice chooses from");
      }
      try {
        folds = Folds.parse(walkForward);
      } catch (IllegalArgumentException e) {
        throw Refused.usage("--walk-forward " + walkForward + ": " + e.getMessage());
      }
      for (String axis : axes.keySet()) {
        if (BacktestGrid.EXIT_AXES.contains(axis)) {
          throw Refused.usage(
              "a walk-forward cannot try exits yet ('"
                  + axis
                  + "' is on the grid): give the exit as an option (--"
                  + axis
                  + " …) or run a grid without --walk-forward");
        }
      }
    }
    if (!axes.isEmpty()) {
      try {
        BacktestGrid.check(strategy, fixed, axes, rankBy);
        if (pboBlocks < 2 || pboBlocks % 2 != 0 || pboBlocks > 24) {
          throw new IllegalArgumentException(
              "--pbo-blocks must be even, from 2 to 24, got " + pboBlocks);
        }
      } catch (IllegalArgumentException e) {
        throw Refused.usage(e.getMessage());
      }
    }
    BarStrategy strat = BacktestGrid.strategy(strategy, fixed);
    Map<String, String> used =
        SampleStrategies.names().contains(strategy)
            ? SampleStrategies.resolve(strategy, fixed)
            : fixed;
    List<DatasetId> ids = datasets();
    BarStore bars = openStore(ids.get(0));
    // A grid or a walk-forward runs many backtests over the same bars: they are read once into
    // tables. A single backtest streams them from the store a month at a time, so a universe of
    // years fits a small heap; here its bars are only counted (countBars).
    boolean inMemory = folds != null || !axes.isEmpty();
    Map<String, Table> tables = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int rows = 0;
    for (DatasetId id : ids) {
      requireDataset(bars, id);
      int count = 0;
      if (inMemory) {
        Table table = bars.read(id, start, end);
        tables.put(id.symbol(), table);
        count = table.rowCount();
      } else {
        count = countBars(bars, id, start, end);
      }
      if (count == 0) {
        throw Refused.failure(
            "no bars of "
                + id
                + " in "
                + range(start, end)
                + "; the dataset has bars from "
                + bars.info(id).map(i -> i.firstDate() + " to " + i.lastDate()).orElse("?"));
      }
      counts.put(id.symbol(), count);
      rows += count;
    }
    warnIfTooShort(strat, counts);
    String dataset = describe(ids);
    if (folds != null) {
      return walkForward(tables, length, dataset, fixed, execution, axes, folds, start, end);
    }
    if (!axes.isEmpty()) {
      return grid(tables, dataset, rows, fixed, execution, axes);
    }
    dev.quarry.backtest.Backtest backtest = null;
    for (DatasetId id : ids) {
      backtest =
          backtest == null
              ? dev.quarry.backtest.Backtest.of(bars, id, start, end)
              : backtest.bars(bars, id, start, end);
    }
    if (equityPeriod != null) {
      backtest.equityEvery(equityPeriod);
    }
    BacktestResult result =
        backtest
            .strategy(strat)
            .settings(execution)
            .describe("strategy", strategy)
            .describe("parameters", text(used))
            .describe("dataset", dataset)
            .describe("range", range(start, end))
            .describe("bars", Integer.toString(rows))
            .run();
    // The folder and its record in the history come together: if recording fails, the folder
    // is deleted, and a backtest killed in between leaves a folder that `runs` lists as
    // unrecorded (`runs --clean` deletes it).
    String[] recorded = {null};
    java.util.function.Consumer<Path> record = recorder(result, recorded);
    Path folder;
    if (out != null) {
      folder = RunFolder.write(result, out.toAbsolutePath().normalize(), record);
    } else {
      folder = RunFolder.writeNew(result, RunFolder.runsRoot(), strategy, Instant.now(), record);
    }
    print(dataset, used, rows, execution, result);
    System.out.println("Run folder: " + folder);
    if (recorded[0] != null) {
      System.out.println(recorded[0]);
    }
    return 0;
  }

  private int walkForward(
      Map<String, Table> tables,
      Duration length,
      String dataset,
      Map<String, String> fixed,
      ExecutionSettings execution,
      Map<String, List<String>> axes,
      Folds folds,
      Instant start,
      Instant end) {
    dev.quarry.backtest.Backtest backtest = null;
    for (Map.Entry<String, Table> e : tables.entrySet()) {
      backtest =
          backtest == null
              ? dev.quarry.backtest.Backtest.of(e.getKey(), e.getValue(), length)
              : backtest.bars(e.getKey(), e.getValue(), length);
    }
    Map<String, List<String>> strategyAxes = new LinkedHashMap<>(axes);
    Map<String, String> gridText = new LinkedHashMap<>();
    axes.forEach((k, v) -> gridText.put(k, String.join("|", v)));
    System.out.printf(
        Locale.ROOT,
        "Walk-forward %s of %s on %s, choosing among %s by %s%n",
        folds,
        strategy,
        dataset,
        text(gridText),
        rankBy);
    WalkForwardResult wf;
    try {
      wf =
          backtest
              .settings(execution)
              .describe("strategy", strategy)
              .describe("parameters", "walk-forward " + folds + " over " + text(gridText))
              .describe("dataset", dataset)
              .describe("range", range(start, end))
              .walkForward(
                  folds,
                  p -> {
                    Map<String, String> all = new LinkedHashMap<>(fixed);
                    all.putAll(p);
                    return BacktestGrid.strategy(strategy, all);
                  },
                  strategyAxes,
                  rankBy,
                  threads);
    } catch (IllegalArgumentException e) {
      throw Refused.failure(e.getMessage());
    }
    Table table = wf.folds();
    for (String c : List.of("in_sample", "out_of_sample")) {
      StringColumn text = StringColumn.create(c);
      for (double v : table.doubleColumn(c).asDoubleArray()) {
        text.append(Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v));
      }
      table.replaceColumn(c, text);
    }
    System.out.println(table.printAll());
    System.out.println(wf.summary());
    BacktestResult result = wf.outOfSample();
    String[] recorded = {null};
    java.util.function.Consumer<Path> record = recorder(result, recorded);
    Path folder =
        out != null
            ? wf.write(out.toAbsolutePath().normalize(), record)
            : wf.writeNew(RunFolder.runsRoot(), strategy, Instant.now(), record);
    System.out.println("Run folder: " + folder);
    if (recorded[0] != null) {
      System.out.println(recorded[0]);
    }
    return 0;
  }

  /**
   * Records a run in the history once its folder is written (unless --no-history), leaving the
   * line to print in {@code recorded[0]}; the folder is deleted if recording fails.
   */
  private java.util.function.Consumer<Path> recorder(BacktestResult result, String[] recorded) {
    return dir -> {
      if (noHistory) {
        return;
      }
      try (RunHistory history = RunHistory.open(db != null ? db : RunHistory.defaultDatabase())) {
        BacktestRun run = history.record(dir.getFileName().toString(), dir, result);
        recorded[0] =
            "Recorded as run #" + run.id() + " in " + history.database() + " (runs --show "
                + run.id() + ")";
      }
    };
  }

  private int grid(
      Map<String, Table> tables,
      String dataset,
      int rows,
      Map<String, String> fixed,
      ExecutionSettings execution,
      Map<String, List<String>> axes) {
    int runs = 1;
    for (List<String> values : axes.values()) {
      runs *= values.size();
    }
    System.out.printf(
        Locale.ROOT,
        "Grid of %d runs of %s on %s (%,d bars)%n",
        runs,
        strategy,
        dataset,
        rows);
    GridRun run = BacktestGrid.runAll(tables, strategy, fixed, execution, axes, rankBy, threads);
    run.pboBlocks(pboBlocks);
    System.out.println(summary(run.ranked(), axes.keySet()).printAll());
    System.out.println(run.overfitting().summary());
    System.out.println(Overfitting.meaning());
    Path folder =
        out != null
            ? run.write(out.toAbsolutePath().normalize())
            : run.writeNew(RunFolder.runsRoot(), Instant.now(), f -> {});
    System.out.println("Grid folder: " + folder);
    return 0;
  }

  /** The ranked grid, narrowed to the parameters and the key metrics, formatted for reading. */
  private Table summary(Table ranked, java.util.Set<String> parameters) {
    Table out = Table.create("runs ranked by " + rankBy + ", best first");
    IntColumn rank = IntColumn.create("rank");
    for (int i = 0; i < ranked.rowCount(); i++) {
      rank.append(i + 1);
    }
    out.addColumns(rank);
    for (String p : parameters) {
      out.addColumns(ranked.column(p).copy());
    }
    String[][] metrics = {
      {"total_return", "%"}, {"sharpe", "x"}, {"max_drawdown", "%"}, {"win_rate", "%"},
      {"exposure", "%"}
    };
    for (String[] m : metrics) {
      StringColumn c = StringColumn.create(m[0]);
      for (double v : ranked.doubleColumn(m[0]).asDoubleArray()) {
        c.append(m[1].equals("%") ? percent(v) : Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v));
      }
      out.addColumns(c);
    }
    out.addColumns(ranked.column("trade_count").copy().setName("trades"));
    return out;
  }

  private void print(
      String dataset, Map<String, String> used, int rows, ExecutionSettings e, BacktestResult r) {
    Metrics m = r.metrics();
    System.out.printf(
        Locale.ROOT,
        "Backtest %s (%s) on %s: %,d bars, %s → %s%n",
        strategy,
        text(used),
        dataset,
        rows,
        m.start(),
        m.end());
    System.out.printf(
        Locale.ROOT,
        "fill %s, fee %s bps, slippage %s bps, cash %,.2f, size %s%n",
        e.fill().label(),
        plain(e.feeBps()),
        plain(e.slippageBps()),
        e.initialCash(),
        e.sizing().label());
    String extras = extras(e);
    if (!extras.isEmpty()) {
      System.out.println(extras);
    }
    System.out.println(r.headline());
    row("total return", percent(m.totalReturn()));
    row("buy and hold", percent(m.buyAndHoldReturn()) + " (excess " + percent(m.excessReturn()) + ")");
    row("CAGR", percent(m.cagr()));
    row("volatility", percent(m.volatility()));
    row(
        "Sharpe",
        ratio(m.sharpe())
            + "   Sortino "
            + ratio(m.sortino())
            + "   Calmar "
            + ratio(m.calmar()));
    row("alpha / beta", percent(m.alpha()) + " / " + ratio(m.beta()));
    row(
        "max drawdown",
        percent(m.maxDrawdown()) + " (longest under water " + duration(m.maxDrawdownDuration()) + ")");
    row("win rate", percent(m.winRate()));
    row("trades", m.tradeCount() + (m.openTrades() > 0 ? " (" + m.openTrades() + " open)" : ""));
    row(
        "profit factor",
        ratio(m.profitFactor())
            + "   expectancy "
            + money(m.expectancy())
            + "   payoff "
            + ratio(m.payoffRatio()));
    row("average hold", duration(m.averageHoldingTime()));
    row("exposure", percent(m.exposure()) + "   turnover " + ratio(m.turnover()) + "×");
    row("final equity", String.format(Locale.ROOT, "%,.2f", m.finalEquity()));
    if (m.costs().total() > 0) {
      row(
          "costs",
          String.format(
              Locale.ROOT,
              "%,.2f (fees %,.2f, slippage %,.2f, borrow %,.2f)",
              m.costs().total(),
              m.costs().fees(),
              m.costs().slippage(),
              m.costs().borrow()));
    }
    if (!e.exits().isEmpty()) {
      row(
          "exits",
          m.pessimisticExits()
              + " decided by the pessimistic rule (a bar reached both the stop and the target)");
    }
  }

  /** The settings beyond the usual line, in words; empty when there are none. */
  private static String extras(ExecutionSettings e) {
    List<String> parts = new ArrayList<>();
    Costs c = e.costs();
    if (c.perUnit() > 0) {
      parts.add("fee per unit " + plain(c.perUnit()) + " (min " + plain(c.minimum()) + ")");
    }
    if (c.perOrder() > 0) {
      parts.add("fee per order " + plain(c.perOrder()));
    }
    if (c.halfSpreadBps() > 0) {
      parts.add("half-spread " + plain(c.halfSpreadBps()) + " bps");
    }
    if (e.longOnly()) {
      parts.add("long-only");
    }
    if (e.leverage() != 1) {
      parts.add("leverage " + plain(e.leverage()));
    }
    if (e.borrowBps() != 0) {
      parts.add("borrow " + plain(e.borrowBps()) + " bps/year");
    }
    if (e.wholeUnits()) {
      parts.add("whole units");
    }
    if (!e.exits().isEmpty()) {
      parts.add("exits: " + e.exits().label());
    }
    return String.join(", ", parts);
  }

  private static void row(String name, String value) {
    System.out.printf(Locale.ROOT, "  %-14s %s%n", name, value);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String money(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.2f", v);
  }

  /** Seconds as the two largest units: 4d 0h, 33m 57s. */
  private static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return "–";
    }
    long s = Math.round(seconds);
    if (s >= 86_400) {
      return (s / 86_400) + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return (s / 3600) + "h " + (s % 3600) / 60 + "m";
    }
    return (s / 60) + "m " + (s % 60) + "s";
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static String text(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(k + "=" + v));
    return parts.isEmpty() ? "no parameters" : String.join(", ", parts);
  }

  private static String range(Instant start, Instant end) {
    return start == Instant.MIN && end == Instant.MAX
        ? "all bars"
        : "["
            + (start == Instant.MIN ? "first bar" : start)
            + ", "
            + (end == Instant.MAX ? "end" : end)
            + ")";
  }

  private ExecutionSettings execution() {
    try {
      return executionOptions.settings();
    } catch (IllegalArgumentException e) {
      throw Refused.usage(e.getMessage());
    }
  }

  private Duration timeframe() {
    if (universe != null) {
      int slash = universe.indexOf('/');
      if (slash <= 0 || slash == universe.length() - 1 || universe.indexOf('/', slash + 1) >= 0) {
        throw Refused.usage(
            "--universe '" + universe + "' is not PROVIDER/TIMEFRAME, e.g. bitstamp/1m");
      }
      provider = universe.substring(0, slash);
      timeframe = universe.substring(slash + 1);
    }
    try {
      return Bars.timeframe(timeframe);
    } catch (IllegalArgumentException e) {
      throw Refused.usage("--timeframe: " + e.getMessage());
    }
  }

  /** The datasets to read: --universe's symbols from the store, or --symbol's. */
  private List<DatasetId> datasets() {
    List<DatasetId> ids = new ArrayList<>();
    if (universe != null) {
      BarStore bars;
      if (SampleStore.MINUTES.provider().equals(provider)
          && SampleStore.MINUTES.timeframe().equals(timeframe)) {
        bars = openStore(SampleStore.MINUTES); // builds the sample store if it is missing
      } else if (SampleStore.HOURS.provider().equals(provider)
          && SampleStore.HOURS.timeframe().equals(timeframe)) {
        bars = openStore(SampleStore.HOURS);
      } else {
        Path root = store != null ? store : QuarryHome.store();
        if (!Files.isDirectory(root)) {
          throw Refused.failure("no store at " + root + "; ingest data first (ingest --csv …)");
        }
        bars = BarStore.open(root);
      }
      Path root = store != null ? store : QuarryHome.store();
      bars.listDatasets().stream()
          .filter(d -> d.provider().equals(provider) && d.timeframe().equals(timeframe))
          .map(d -> new DatasetId(d.provider(), d.timeframe(), d.symbol()))
          .sorted(java.util.Comparator.comparing(DatasetId::symbol))
          .forEach(ids::add);
      if (ids.isEmpty()) {
        throw Refused.failure(
            "--universe " + universe + ": the store at " + root + " has no dataset of " + universe
                + "; see inventory for what it has");
      }
      return ids;
    }
    for (String s : symbols) {
      if (s.isBlank()) {
        throw Refused.usage("--symbol has an empty name; separate symbols with commas");
      }
      DatasetId id = new DatasetId(provider, timeframe, s.trim());
      if (ids.contains(id)) {
        throw Refused.usage("--symbol names " + s.trim() + " twice");
      }
      ids.add(id);
    }
    return ids;
  }

  private static DatasetId requireDataset(BarStore bars, DatasetId id) {
    if (bars.info(id).isEmpty()) {
      List<String> names = new ArrayList<>();
      bars.listDatasets()
          .forEach(d -> names.add(d.provider() + "/" + d.timeframe() + "/" + d.symbol()));
      throw Refused.failure(
          "no dataset " + id + " in the store at " + bars.root() + "; it has "
              + (names.isEmpty() ? "none" : names)
              + "; choose with --provider, --timeframe and --symbol, or ingest it first");
    }
    return id;
  }

  private static String describe(List<DatasetId> ids) {
    if (ids.size() == 1) {
      return ids.get(0).toString();
    }
    List<String> names = new ArrayList<>();
    ids.forEach(i -> names.add(i.symbol()));
    return ids.get(0).provider() + "/" + ids.get(0).timeframe() + "/" + String.join(",", names);
  }

  /** Warns when a symbol has fewer bars than the strategy needs before its first order. */
  /**
   * The dataset's bars in {@code [start, end)}: a month file the range holds whole counts its rows
   * as the registry records them; only a month the range cuts is read, its timestamps alone.
   */
  private static int countBars(BarStore bars, DatasetId id, Instant start, Instant end) {
    long count = 0;
    for (dev.quarry.store.PartitionInfo p : bars.info(id).orElseThrow().partitions()) {
      boolean outside = p.last().isBefore(start) || !p.first().isBefore(end);
      boolean whole = !p.first().isBefore(start) && p.last().isBefore(end);
      if (outside) {
        continue;
      }
      if (whole) {
        count += p.rows();
      } else {
        Instant from = p.first().isBefore(start) ? start : p.first();
        Instant to = p.last().isBefore(end) ? p.last().plusMillis(1) : end;
        for (java.util.Iterator<Table> months =
                bars.readMonths(id, from, to, dev.quarry.bars.Bars.TIMESTAMP);
            months.hasNext(); ) {
          count += months.next().rowCount();
        }
      }
    }
    return Math.toIntExact(count);
  }

  private void warnIfTooShort(BarStrategy strat, Map<String, Integer> counts) {
    int longest = 0;
    for (int count : counts.values()) {
      longest = Math.max(longest, count);
    }
    if (strat.warmUp() > longest) {
      System.err.printf(
          Locale.ROOT,
          "backtest: warning: %s needs %,d bars of a symbol before it can trade, and the data has"
              + " %,d: no trade can happen; widen --from/--to or use a shorter timeframe%n",
          strategy,
          strat.warmUp(),
          longest);
    }
  }

  private static Map<String, String> pairs(String option, List<String> texts) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String text : texts) {
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw Refused.usage(option + " '" + text + "' is not NAME=VALUE, e.g. fast=10");
      }
      if (map.put(text.substring(0, eq).trim(), text.substring(eq + 1).trim()) != null) {
        throw Refused.usage(option + " gives '" + text.substring(0, eq) + "' twice");
      }
    }
    return map;
  }

  private Map<String, List<String>> axes() {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    pairs("--grid", grid)
        .forEach(
            (name, values) -> {
              List<String> list = new ArrayList<>();
              for (String v : values.split(",", -1)) {
                if (v.isBlank()) {
                  throw Refused.usage(
                      "--grid " + name + "=" + values + " has an empty value; separate with commas");
                }
                list.add(v.trim());
              }
              axes.put(name, list);
            });
    return axes;
  }

  /**
   * With none of --provider, --timeframe, --symbol and --universe given, and a store holding one
   * dataset only (not the default one), that dataset, said on stdout.
   */
  private void pickOnlyDataset() {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    for (String option : List.of("--provider", "--timeframe", "--symbol", "--universe")) {
      if (given.hasMatchedOption(option)) {
        return;
      }
    }
    Path root = store != null ? store : QuarryHome.store();
    if (!Files.isDirectory(root)) {
      return; // the sample store is built
    }
    List<dev.quarry.store.DatasetInfo> all;
    try {
      all = BarStore.open(root).listDatasets();
    } catch (StoreException e) {
      return; // reported when the dataset is read
    }
    if (all.size() != 1) {
      return;
    }
    dev.quarry.store.DatasetInfo only = all.get(0);
    DatasetId id = new DatasetId(only.provider(), only.timeframe(), only.symbol());
    if (id.equals(new DatasetId(provider, timeframe, symbols.get(0)))) {
      return;
    }
    provider = only.provider();
    timeframe = only.timeframe();
    symbols = List.of(only.symbol());
    System.out.println(
        "Using "
            + id
            + ", the only dataset in the store at "
            + root
            + " (--provider, --timeframe and --symbol choose another).");
  }

  /** The store; the sample store is built when it is the sample dataset that is missing. */
  private BarStore openStore(DatasetId id) {
    Path root = store != null ? store : QuarryHome.store();
    boolean sample = id.equals(SampleStore.MINUTES) || id.equals(SampleStore.HOURS);
    if (Files.isDirectory(root)) {
      BarStore bars = BarStore.open(root);
      if (!sample || bars.info(id).isPresent()) {
        requireDataset(bars, id);
        return bars;
      }
    } else if (!sample) {
      throw Refused.failure(
          "no store at " + root + "; ingest data first (ingest --csv …) or point --store at one");
    }
    System.out.println("The sample store is missing at " + root + "; building it first.");
    PipelineContext ctx = SampleStore.inputs(root);
    SampleStore.pipeline().run(ctx);
    return BarStore.open(root);
  }

  private static Instant time(String option, String text, Instant missing) {
    if (text == null) {
      return missing;
    }
    try {
      return Timestamps.parse(text);
    } catch (IllegalArgumentException e) {
      throw Refused.usage(option + ": " + e.getMessage());
    }
  }

  /** Input the script refuses: the message is printed as is, with the exit code. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }

    static Refused usage(String message) {
      return new Refused(2, message);
    }

    static Refused failure(String message) {
      return new Refused(1, message);
    }
  }
}
