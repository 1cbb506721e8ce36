package dev.quarry.spark;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.cli.ExecutionOptions;
import dev.quarry.dag.Grid;
import dev.quarry.io.QuarryHome;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.stats.Folds;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.DatasetInfo;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tech.tablesaw.api.Table;

/**
 * A backtest grid — symbols × parameter combinations — run as Spark tasks: the grid of {@code
 * backtest --grid}, on a cluster.
 *
 * <pre>{@code
 * Dataset<Row> runs = SparkGrid.on(spark)
 *     .store(Path.of("/shared/quarry/store"))       // a folder every executor sees
 *     .dataset("bitstamp", "1m").symbols("BTC-USD", "ETH-USD")
 *     .strategy("sma-cross")                          // a sample, a class name, or strategyFile
 *     .grid("fast", "5", "10", "20").grid("slow", "50", "100")
 *     .execution(List.of("--fee-bps", "10"))          // backtest's options
 *     .rankBy("sharpe")
 *     .run();
 * }</pre>
 *
 * <p>Each task runs a chunk of the combinations over one symbol ({@link GridTask}): it opens the
 * store read-only, reads the symbol's bars and builds the settings and the strategy itself, from
 * strings, because Quarry's classes are not {@code Serializable}. A strategy therefore travels by
 * name: a sample's, a class's on the executors' class path (the {@code spark}-classifier jar and
 * {@code --jars}), or a {@code .java} file whose text the executors compile. A class defined in a
 * notebook cell, a lambda, a local or anonymous class cannot reach the executors and is refused
 * with that advice.
 *
 * <p>Every run is the local grid's run (same code, same bars), so the metrics are the same bit for
 * bit, and the runs of each symbol are ranked by the local grid's rule ({@link BacktestGrid#rank}).
 * The result has one row per symbol and combination: {@code symbol}, {@code rank} (1 = best of the
 * symbol), {@code trial} (the combination's index in the grid), the grid's parameters (strings) and
 * every metric of {@code backtest --grid}, in that order.
 */
public final class SparkGrid {
  private final SparkSession spark;
  private Path store = QuarryHome.store();
  private String provider = "bitstamp";
  private String timeframe = "1m";
  private final List<String> symbols = new ArrayList<>();
  private Instant from = Instant.MIN;
  private Instant to = Instant.MAX;
  private String strategy = "sma-cross";
  private String sourceName;
  private String sourceText;
  private final Map<String, String> fixed = new LinkedHashMap<>();
  private final Map<String, List<String>> axes = new LinkedHashMap<>();
  private List<String> execution = List.of();
  private String rankBy = "total_return";
  private int trialsPerTask;
  private String walkForward;

  private SparkGrid(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Starts a grid on a session.
   *
   * @param spark the session ({@link QuarrySpark#session()} or the cluster's)
   * @return the grid, with {@code backtest}'s defaults: the store in {@code $QUARRY_HOME/store},
   *     {@code bitstamp/1m}, every symbol, every bar, {@code sma-cross}, ranked by total return
   */
  public static SparkGrid on(SparkSession spark) {
    return new SparkGrid(spark);
  }

  /**
   * Sets the store, a folder the driver and every executor see at this path.
   *
   * @param root the store's root
   * @return this grid
   */
  public SparkGrid store(Path root) {
    this.store = root.toAbsolutePath().normalize();
    return this;
  }

  /**
   * Sets the provider and timeframe of the bars.
   *
   * @param provider e.g. {@code bitstamp}
   * @param timeframe e.g. {@code 1m}
   * @return this grid
   */
  public SparkGrid dataset(String provider, String timeframe) {
    this.provider = provider;
    this.timeframe = timeframe;
    return this;
  }

  /**
   * Sets the symbols; none (the default) means every symbol of the provider and timeframe.
   *
   * @param names the symbols
   * @return this grid
   */
  public SparkGrid symbols(String... names) {
    symbols.clear();
    symbols.addAll(List.of(names));
    return this;
  }

  /**
   * Keeps the bars of {@code [from, to)}.
   *
   * @param from the first instant included
   * @param to the first instant excluded
   * @return this grid
   */
  public SparkGrid range(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new QuarrySparkException("range: " + from + " is not before " + to);
    }
    this.from = from;
    this.to = to;
    return this;
  }

  /**
   * Sets the strategy by a sample's name ({@code sma-cross}, …) or a class name on the executors'
   * class path.
   *
   * @param nameOrClass the strategy
   * @return this grid
   */
  public SparkGrid strategy(String nameOrClass) {
    if (nameOrClass.endsWith(".java")) {
      return strategyFile(Path.of(nameOrClass));
    }
    this.strategy = nameOrClass;
    this.sourceName = null;
    this.sourceText = null;
    return this;
  }

  /**
   * Sets the strategy by its class, which must be a named, top-level or static nested class on the
   * executors' class path.
   *
   * @param type the strategy's class
   * @return this grid
   * @throws QuarrySparkException for a class executors cannot load: one defined in a notebook cell
   *     (JShell), a lambda, a local, anonymous or inner class
   */
  public SparkGrid strategy(Class<? extends BarStrategy> type) {
    String why = unreachable(type);
    if (why != null) {
      throw new QuarrySparkException(
          "strategy "
              + type.getName()
              + " cannot run on Spark executors: "
              + why
              + ". Quarry's classes are not Serializable, so executors make a strategy from its"
              + " name only. Save it as a .java file (public class, constructor taking a"
              + " Map<String, String>) and pass strategyFile(Path.of(\"MyStrategy.java\")): the"
              + " executors compile its text. Or put it in a jar on the cluster's class path and"
              + " pass its class name");
    }
    return strategy(type.getName());
  }

  /** Why executors cannot load a class by name, or null if they can. */
  static String unreachable(Class<?> type) {
    if (type.getName().startsWith("REPL.")
        || type.getClassLoader() != null
            && type.getClassLoader().getClass().getName().startsWith("jdk.jshell")) {
      return "it was defined in a notebook cell or JShell, whose classes exist in that JVM only";
    }
    if (type.isHidden() || type.isSynthetic()) {
      return "it is a lambda or a generated class, which exists in this JVM only";
    }
    if (type.isAnonymousClass() || type.isLocalClass()) {
      return "it is an anonymous or local class, which has no name to load it by";
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      return "it is an inner class, which needs an instance of its outer class";
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      return "it is not public";
    }
    return null;
  }

  /**
   * Sets the strategy by a {@code .java} file, read now; the executors compile its text (once per
   * JVM and text) against Quarry.
   *
   * @param javaFile the file, named after its public class
   * @return this grid
   * @throws QuarrySparkException if it cannot be read
   */
  public SparkGrid strategyFile(Path javaFile) {
    try {
      this.sourceText = Files.readString(javaFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new QuarrySparkException(
          "cannot read the strategy file " + javaFile + ": " + e.getMessage(), e);
    }
    this.sourceName = javaFile.getFileName().toString();
    this.strategy = null;
    return this;
  }

  /**
   * Fixes a strategy parameter for every run.
   *
   * @param name the parameter
   * @param value its value
   * @return this grid
   */
  public SparkGrid param(String name, String value) {
    fixed.put(name, value);
    return this;
  }

  /**
   * Adds an axis: the values to try of a parameter (or of {@code stop-loss}, {@code take-profit},
   * {@code trailing-stop}).
   *
   * @param name the parameter
   * @param values its values
   * @return this grid
   */
  public SparkGrid grid(String name, String... values) {
    if (values.length == 0) {
      throw new QuarrySparkException("grid " + name + ": give at least one value");
    }
    axes.put(name, List.of(values));
    return this;
  }

  /**
   * Sets the execution options, as {@code backtest} takes them (e.g. {@code --fee-bps 10
   * --stop-loss 2%}); checked now.
   *
   * @param options the options and their values
   * @return this grid
   * @throws QuarrySparkException for an unknown option or a bad value
   */
  public SparkGrid execution(List<String> options) {
    try {
      ExecutionOptions.parse(options).settings();
    } catch (IllegalArgumentException e) {
      throw new QuarrySparkException("execution options " + options + ": " + e.getMessage(), e);
    }
    this.execution = List.copyOf(options);
    return this;
  }

  /**
   * Sets the metric ranking each symbol's runs (see {@link BacktestGrid#RANKABLE}).
   *
   * @param metric e.g. {@code sharpe}
   * @return this grid
   */
  public SparkGrid rankBy(String metric) {
    this.rankBy = metric;
    return this;
  }

  /**
   * Runs a walk-forward per symbol instead of a grid, as {@code backtest --walk-forward}: in each
   * fold the grid runs on the train slice and the best by {@link #rankBy} on the test slice. Each
   * symbol is one task (its folds run one after the other inside it); the result has one row per
   * symbol and fold: {@code symbol}, the fold table of {@code folds.csv}, the walk-forward's
   * efficiency and annual returns, and the stitched out-of-sample run's metrics ({@code oos_…}).
   *
   * @param folds {@code train=LEN,test=LEN[,step=LEN][,anchored]}, e.g. {@code train=2d,test=1d}
   * @return this grid
   * @throws QuarrySparkException for folds that do not parse
   */
  public SparkGrid walkForward(String folds) {
    try {
      Folds.parse(folds);
    } catch (IllegalArgumentException e) {
      throw new QuarrySparkException("walk-forward " + folds + ": " + e.getMessage(), e);
    }
    this.walkForward = folds;
    return this;
  }

  /**
   * Sets how many combinations a task runs (default: enough tasks for twice the session's
   * parallelism, at least one per symbol).
   *
   * @param n combinations per task, at least 1
   * @return this grid
   */
  public SparkGrid trialsPerTask(int n) {
    if (n < 1) {
      throw new QuarrySparkException("trialsPerTask must be at least 1, not " + n);
    }
    this.trialsPerTask = n;
    return this;
  }

  /**
   * Runs the grid: checks it on the driver (every combination's strategy made once, so a bad
   * parameter fails before any task), runs the tasks, and ranks each symbol's runs.
   *
   * @return one row per symbol and combination, ordered by symbol then rank
   * @throws QuarrySparkException for a bad grid, a missing dataset, or a failed task (with its
   *     cause)
   */
  public Dataset<Row> run() {
    String reference = strategyReference();
    try {
      BacktestGrid.check(reference, fixed, axes, rankBy);
    } catch (IllegalArgumentException e) {
      throw new QuarrySparkException(e.getMessage(), e);
    }
    if (walkForward != null) {
      for (String axis : axes.keySet()) {
        if (BacktestGrid.EXIT_AXES.contains(axis)) {
          throw new QuarrySparkException(
              "a walk-forward cannot try exits yet ('"
                  + axis
                  + "' is on the grid): give the exit as an execution option (--"
                  + axis
                  + " …) or run a grid");
        }
      }
    }
    List<String> names = symbolsToRun();
    List<Map<String, String>> combinations = combinations();
    int perTask = trialsPerTask > 0 ? trialsPerTask : defaultChunk(names, combinations);
    List<GridTask> tasks = new ArrayList<>();
    for (String symbol : names) {
      if (walkForward != null) {
        tasks.add(task(symbol, 0, List.of()));
        continue;
      }
      for (int first = 0; first < combinations.size(); first += perTask) {
        List<Map<String, String>> chunk =
            combinations.subList(first, Math.min(first + perTask, combinations.size()));
        tasks.add(task(symbol, first, chunk));
      }
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<GridTask.Rows> chunks;
    try {
      chunks = context.parallelize(tasks, tasks.size()).map(GridTask::run).collect();
    } catch (RuntimeException e) {
      throw new QuarrySparkException(
          "the grid's tasks failed (" + tasks.size() + " tasks): " + e.getMessage(), e);
    }
    return assemble(tasks, chunks);
  }

  private GridTask task(String symbol, int first, List<Map<String, String>> chunk) {
    return new GridTask(
        store.toString(),
        provider,
        timeframe,
        symbol,
        from,
        to,
        strategy,
        sourceName,
        sourceText,
        fixed,
        execution,
        first,
        chunk,
        walkForward,
        walkForward == null ? Map.of() : axes,
        walkForward == null ? null : rankBy);
  }

  private String strategyReference() {
    return sourceText == null ? strategy : task("X", 0, List.of()).strategyReference();
  }

  private List<String> symbolsToRun() {
    BarStore bars = BarStore.openReadOnly(store);
    List<String> known = new ArrayList<>();
    for (DatasetInfo info : bars.listDatasets()) {
      if (info.provider().equals(provider) && info.timeframe().equals(timeframe)) {
        known.add(info.symbol());
      }
    }
    known.sort(null);
    if (symbols.isEmpty()) {
      if (known.isEmpty()) {
        throw new QuarrySparkException(
            "the store at " + store + " has no dataset of " + provider + "/" + timeframe);
      }
      return known;
    }
    for (String symbol : symbols) {
      if (!known.contains(symbol)) {
        throw new QuarrySparkException(
            "no dataset "
                + new DatasetId(provider, timeframe, symbol)
                + " in the store at "
                + store
                + "; it has "
                + (known.isEmpty() ? "none of " + provider + "/" + timeframe : known));
      }
    }
    return List.copyOf(symbols);
  }

  /** Every combination, in the local grid's order. */
  private List<Map<String, String>> combinations() {
    Grid grid = null;
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      Object[] values = axis.getValue().toArray();
      grid = grid == null ? Grid.of(axis.getKey(), values) : grid.and(axis.getKey(), values);
    }
    List<Map<String, String>> list = new ArrayList<>();
    for (Map<String, Object> combination : grid.combinations()) {
      Map<String, String> c = new LinkedHashMap<>();
      for (String axis : axes.keySet()) {
        c.put(axis, String.valueOf(combination.get(axis)));
      }
      list.add(c);
    }
    return list;
  }

  private int defaultChunk(List<String> names, List<Map<String, String>> combinations) {
    int wanted = Math.max(names.size(), 2 * spark.sparkContext().defaultParallelism());
    int tasksPerSymbol = Math.max(1, (wanted + names.size() - 1) / names.size());
    return Math.max(1, (combinations.size() + tasksPerSymbol - 1) / tasksPerSymbol);
  }

  /** Each symbol's chunks, in combination order, ranked; then one Spark table for them all. */
  private Dataset<Row> assemble(List<GridTask> tasks, List<GridTask.Rows> chunks) {
    Map<String, List<GridTask.Rows>> bySymbol = new TreeMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      bySymbol.computeIfAbsent(tasks.get(i).symbol(), s -> new ArrayList<>()).add(chunks.get(i));
    }
    StructType schema = null;
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<GridTask.Rows>> symbol : bySymbol.entrySet()) {
      List<GridTask.Rows> parts = new ArrayList<>(symbol.getValue());
      parts.sort(Comparator.comparingInt(GridTask.Rows::first));
      Table runs = parts.get(0).emptyTable(symbol.getKey());
      tech.tablesaw.api.IntColumn trial = tech.tablesaw.api.IntColumn.create("trial");
      for (GridTask.Rows part : parts) {
        part.appendTo(runs);
        for (int r = 0; r < part.rows().size(); r++) {
          trial.append(part.first() + r);
        }
      }
      Table ranked;
      if (walkForward == null) {
        runs.insertColumn(0, trial);
        ranked = BacktestGrid.rank(runs, rankBy);
      } else {
        ranked = runs; // the folds, in order
      }
      // The ranked runs as plain values, typed as the tasks typed theirs (GridTask.Rows).
      GridTask.Rows cells = GridTask.Rows.of(ranked, 0);
      if (schema == null) {
        schema = schema(cells, walkForward == null);
      }
      int lead = walkForward == null ? 2 : 1;
      for (int r = 0; r < cells.rows().size(); r++) {
        Object[] row = cells.rows().get(r);
        Object[] values = new Object[row.length + lead];
        values[0] = symbol.getKey();
        if (walkForward == null) {
          values[1] = r + 1;
        }
        System.arraycopy(row, 0, values, lead, row.length);
        rows.add(RowFactory.create(values));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  private static StructType schema(GridTask.Rows cells, boolean withRank) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("symbol", DataTypes.StringType, false));
    if (withRank) {
      fields.add(DataTypes.createStructField("rank", DataTypes.IntegerType, false));
    }
    for (int c = 0; c < cells.names().size(); c++) {
      DataType type =
          switch (cells.types().get(c)) {
            case "DOUBLE" -> DataTypes.DoubleType;
            case "INTEGER" -> DataTypes.IntegerType;
            case "LONG" -> DataTypes.LongType;
            case "BOOLEAN" -> DataTypes.BooleanType;
            case "INSTANT" -> DataTypes.TimestampType;
            default -> DataTypes.StringType;
          };
      fields.add(DataTypes.createStructField(cells.names().get(c), type, true));
    }
    return DataTypes.createStructType(fields);
  }
}
