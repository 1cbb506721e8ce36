package dev.quarry.spark;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.RunFolder;
import dev.quarry.bars.Bars;
import dev.quarry.cli.ExecutionOptions;
import dev.quarry.data.Timestamps;
import dev.quarry.io.QuarryHome;
import dev.quarry.runs.RunHistory;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.samples.SampleStore;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code backtest --grid} on Spark: the main class for {@code spark-submit}, and for {@code ./jbang
 * spark-grid}, which runs it embedded on {@code local[*]}. Same strategy, grid and execution
 * options as {@code backtest}.
 */
@Command(
    name = "spark-grid",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs a backtest grid (symbols x parameter combinations) as Spark tasks and ranks each"
          + " symbol's runs, with the options of backtest --grid. Every run is the local grid's"
          + " run, so its metrics are the same bit for bit.",
      "Under spark-submit the cluster's master is used; otherwise --master (default"
          + " local[*], every core of this machine). The store must be at the same path on the"
          + " driver and every executor (a shared file system). On one machine, backtest --grid"
          + " --threads N is faster: Spark adds seconds of start-up and its value is several"
          + " machines.",
      "",
      "Examples:",
      "  spark-grid --grid fast=5,10,20 --grid slow=50,100",
      "  spark-grid --symbol BTC-USD,ETH-USD --grid fast=5,10 --rank-by sharpe --out grid.parquet",
      "  spark-submit --class dev.quarry.spark.GridMain quarry-spark-0.1.0-spark.jar \\",
      "      --store /shared/quarry/store --strategy MyStrategy.java --grid fast=5,10,20",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the store, the strategy or a task failed", "2:bad options"})
public final class GridMain implements Callable<Integer> {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master when not under spark-submit (default: local[*]; e.g. local[2],"
              + " spark://host:7077).")
  String master;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "The store (default: $QUARRY_HOME/store), at this path on every executor.")
  Path store;

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      defaultValue = "bitstamp",
      description = "Data vendor (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(
      names = "--timeframe",
      paramLabel = "TF",
      defaultValue = "1m",
      description = "Bar length (default: ${DEFAULT-VALUE}).")
  String timeframe;

  @Option(
      names = "--symbol",
      paramLabel = "SYMBOL",
      split = ",",
      description = "Symbols, comma-separated (default: every symbol of the provider/timeframe).")
  List<String> symbols = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "First bar included (default: the first); as backtest's --from.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "First bar excluded (default: after the last).")
  String to;

  @Option(
      names = "--strategy",
      paramLabel = "NAME",
      defaultValue = "sma-cross",
      description =
          "A sample, a class name on the executors' class path, or a .java file whose text the"
              + " executors compile (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "A fixed strategy parameter, repeatable.")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--grid",
      paramLabel = "NAME=V1,V2",
      required = true,
      description =
          "The values to try of a parameter (or of stop-loss, take-profit, trailing-stop),"
              + " repeatable; every combination runs on every symbol.")
  List<String> grid = new ArrayList<>();

  @Option(
      names = "--rank-by",
      paramLabel = "METRIC",
      defaultValue = "total_return",
      description =
          "The metric ranking each symbol's runs, best first (default: ${DEFAULT-VALUE}).")
  String rankBy;

  @Option(
      names = "--walk-forward",
      paramLabel = "FOLDS",
      description =
          "A walk-forward per symbol instead of a grid, as backtest's: train=LEN,test=LEN"
              + "[,step=LEN][,anchored]; one task per symbol; prints each symbol's efficiency and"
              + " out-of-sample result, --out gets one row per symbol and fold.")
  String walkForward;

  @Option(
      names = "--trials-per-task",
      paramLabel = "N",
      description = "Combinations per Spark task (default: twice the parallelism in tasks).")
  Integer trialsPerTask;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "5",
      description = "Runs printed per symbol (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write every run, ranked, as Parquet to this folder (must not exist).")
  Path out;

  @Option(
      names = "--record-best",
      description =
          "Grid only: run each symbol's best combination again here, write its run folder"
              + " ($QUARRY_HOME/runs) and record it in the run history, as backtest does.")
  boolean recordBest;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "The run history for --record-best (default: $QUARRY_HOME/quarry.db).")
  Path db;

  @Mixin ExecutionOptions execution;

  /** Made by picocli. */
  public GridMain() {}

  /**
   * Runs the command.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    if (System.getProperty("spark.master") == null) {
      // Embedded (./jbang spark-grid): Spark's INFO lines would bury the result; spark-submit
      // keeps the cluster's own logging settings.
      if (System.getProperty("log4j2.configurationFile") == null) {
        System.setProperty("log4j2.configurationFile", "dev/quarry/spark/log4j2-cli.properties");
      }
    }
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command and returns its exit code, without exiting (for tests and notebooks).
   *
   * @param args the options
   * @return 0 when done, 1 on a failure, 2 on bad options
   */
  public static int run(String... args) {
    return new CommandLine(new GridMain())
        .setExecutionExceptionHandler(
            (e, line, parsed) -> {
              boolean usage = e instanceof IllegalArgumentException && !(e instanceof Failure);
              line.getErr().println("spark-grid: " + e.getMessage());
              return usage ? 2 : 1;
            })
        .execute(args);
  }

  /** A failure that is not the options' fault. */
  private static final class Failure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public Integer call() {
    // The options first, before Spark starts: a typo costs no start-up.
    Path root = store != null ? store : QuarryHome.store();
    Map<String, String> fixed = pairs("--param", params);
    Map<String, List<String>> axes = new LinkedHashMap<>();
    pairs("--grid", grid).forEach((name, values) -> axes.put(name, List.of(values.split(","))));
    Instant start = time("--from", from, Instant.MIN);
    Instant end = time("--to", to, Instant.MAX);
    if (out != null && Files.exists(out)) {
      throw new IllegalArgumentException(
          "--out " + out + " exists; choose a new folder (nothing is overwritten)");
    }
    execution.settings();
    BacktestGrid.check(strategy, fixed, axes, rankBy);
    buildSampleIfMissing(root);
    SparkSession spark = session();
    SparkGrid grid;
    try {
      grid =
          SparkGrid.on(spark)
              .store(root)
              .dataset(provider, timeframe)
              .symbols(symbols.toArray(String[]::new))
              .strategy(strategy)
              .rankBy(rankBy)
              .execution(execution.args());
      if (from != null || to != null) {
        grid.range(start, end);
      }
      fixed.forEach(grid::param);
      axes.forEach((name, values) -> grid.grid(name, values.toArray(String[]::new)));
      if (trialsPerTask != null) {
        grid.trialsPerTask(trialsPerTask);
      }
      if (walkForward != null) {
        grid.walkForward(walkForward);
      }
    } catch (QuarrySparkException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    long started = System.nanoTime();
    Dataset<Row> runs;
    try {
      runs = grid.run();
    } catch (QuarrySparkException | dev.quarry.store.StoreException e) {
      throw new Failure(e.getMessage(), e);
    }
    List<Row> all = runs.collectAsList();
    if (walkForward != null) {
      printWalkForward(runs.columns(), all, (System.nanoTime() - started) / 1e9, spark);
    } else {
      print(runs.columns(), all, (System.nanoTime() - started) / 1e9, spark);
    }
    if (out != null) {
      runs.coalesce(1).write().parquet(out.toString());
      System.out.println("Wrote " + all.size() + " runs to " + out);
    }
    if (recordBest && walkForward == null) {
      recordBest(root, runs.columns(), all, fixed, start, end);
    }
    return 0;
  }

  /**
   * Runs each symbol's rank-1 combination on this machine, writes its run folder and records it in
   * the history: the grid's winner becomes a run like {@code backtest}'s, with trades and report.
   */
  private void recordBest(
      Path root,
      String[] columns,
      List<Row> rows,
      Map<String, String> fixed,
      Instant start,
      Instant end) {
    List<String> names = List.of(columns);
    BarStore bars = BarStore.open(root);
    for (Row row : rows) {
      if (row.getInt(1) != 1) {
        continue;
      }
      String symbol = row.getString(0);
      Map<String, String> params = new LinkedHashMap<>(fixed);
      for (String entry : grid) {
        String axis = entry.substring(0, entry.indexOf('=')).trim();
        params.put(axis, row.getString(names.indexOf(axis)));
      }
      DatasetId id = new DatasetId(provider, timeframe, symbol);
      Map<String, String> strategyParams = new LinkedHashMap<>(params);
      ExecutionSettings settings = BacktestGrid.exits(execution.settings(), strategyParams);
      BacktestResult result =
          Backtest.of(symbol, bars.read(id, start, end), Bars.timeframe(timeframe))
              .strategy(BacktestGrid.strategy(strategy, strategyParams))
              .settings(settings)
              .describe("strategy", strategy)
              .describe("parameters", params.toString())
              .describe("dataset", id.toString())
              .run();
      String[] recorded = {null};
      Path folder =
          RunFolder.writeNew(
              result,
              RunFolder.runsRoot(),
              strategy,
              Instant.now(),
              dir -> {
                try (RunHistory history =
                    RunHistory.open(db != null ? db : RunHistory.defaultDatabase())) {
                  long number = history.record(dir.getFileName().toString(), dir, result).id();
                  recorded[0] = "run #" + number + " (runs --show " + number + ")";
                }
              });
      System.out.printf(
          Locale.ROOT, "Best of %s (%s) recorded as %s: %s%n", symbol, params, recorded[0], folder);
    }
  }

  private static Instant time(String option, String text, Instant missing) {
    try {
      return text == null ? missing : Timestamps.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  /** As {@code backtest}: the sample's datasets are built when they are asked for and missing. */
  private void buildSampleIfMissing(Path root) {
    DatasetId sample = new DatasetId(provider, timeframe, SampleStore.SYMBOL);
    if (!sample.equals(SampleStore.MINUTES) && !sample.equals(SampleStore.HOURS)) {
      return;
    }
    if (Files.isDirectory(root) && !BarStore.open(root).listDatasets().isEmpty()) {
      return;
    }
    System.out.println("The sample store is missing at " + root + "; building it first.");
    SampleStore.pipeline().run(SampleStore.inputs(root));
  }

  private SparkSession session() {
    if (System.getProperty("spark.master") != null && master == null) {
      return QuarrySpark.builder(null).getOrCreate(); // spark-submit's master
    }
    return QuarrySpark.session(master == null ? "local[*]" : master);
  }

  private void print(String[] columns, List<Row> rows, double seconds, SparkSession spark) {
    List<String> axes = new ArrayList<>();
    for (String entry : grid) {
      axes.add(entry.substring(0, entry.indexOf('=')).trim());
    }
    int metric = List.of(columns).indexOf(rankBy);
    int total = List.of(columns).indexOf("total_return");
    System.out.printf(
        Locale.ROOT,
        "Spark grid of %s on %s/%s: %,d runs in %.1f s on %s (parallelism %d), ranked by %s%n",
        strategy,
        provider,
        timeframe,
        rows.size(),
        seconds,
        spark.sparkContext().master(),
        spark.sparkContext().defaultParallelism(),
        rankBy);
    for (Row row : rows) {
      int rank = row.getInt(1);
      if (rank > top) {
        continue;
      }
      List<String> params = new ArrayList<>();
      for (String axis : axes) {
        params.add(axis + "=" + row.get(List.of(columns).indexOf(axis)));
      }
      System.out.printf(
          Locale.ROOT,
          "  %-10s #%-3d %-28s %s %s%s%n",
          row.getString(0),
          rank,
          String.join(",", params),
          rankBy,
          format(row.get(metric)),
          metric == total ? "" : "  total_return " + format(row.get(total)));
    }
  }

  private void printWalkForward(
      String[] columns, List<Row> rows, double seconds, SparkSession spark) {
    List<String> names = List.of(columns);
    System.out.printf(
        Locale.ROOT,
        "Spark walk-forward %s of %s on %s/%s: %,d folds in %.1f s on %s, selected by %s%n",
        walkForward,
        strategy,
        provider,
        timeframe,
        rows.size(),
        seconds,
        spark.sparkContext().master(),
        rankBy);
    String last = null;
    for (Row row : rows) {
      String symbol = row.getString(0);
      if (symbol.equals(last)) {
        continue;
      }
      last = symbol;
      long folds = rows.stream().filter(r -> r.getString(0).equals(symbol)).count();
      System.out.printf(
          Locale.ROOT,
          "  %-10s %d folds  efficiency %s  out-of-sample total_return %s  sharpe %s%n",
          symbol,
          folds,
          format(row.get(names.indexOf("efficiency"))),
          format(row.get(names.indexOf("oos_total_return"))),
          format(row.get(names.indexOf("oos_sharpe"))));
    }
  }

  private static String format(Object value) {
    return value instanceof Double d
        ? String.format(Locale.ROOT, "%.4f", d)
        : String.valueOf(value);
  }

  private static Map<String, String> pairs(String option, List<String> texts) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String text : texts) {
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw new IllegalArgumentException(
            option + " '" + text + "' is not NAME=VALUE, e.g. fast=10");
      }
      if (map.put(text.substring(0, eq).trim(), text.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(option + " gives '" + text.substring(0, eq) + "' twice");
      }
    }
    return map;
  }
}
