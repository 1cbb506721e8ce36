package dev.quarry.runs;

import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.GridRun;
import dev.quarry.backtest.Metrics;
import dev.quarry.backtest.RunFolder;
import dev.quarry.io.QuarryHome;
import dev.quarry.repo.JdbcRepository;
import dev.quarry.repo.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The history of backtest runs (SPEC §6, §8): every run's settings, metrics and trades, kept in a
 * SQL database ({@code $QUARRY_HOME/quarry.db} by default, SQLite) through two {@link Repository}s.
 *
 * <pre>{@code
 * try (RunHistory history = RunHistory.open()) {
 *   history.runs();                  // a Tablesaw table, one row per run, for comparing runs
 *   history.trades(3);               // the trades of run #3
 * }
 * }</pre>
 */
public final class RunHistory implements AutoCloseable {
  private final JdbcRepository<BacktestRun> runs;
  private final JdbcRepository<RunTrade> trades;
  private final Path database;

  private RunHistory(
      Path database, JdbcRepository<BacktestRun> runs, JdbcRepository<RunTrade> trades) {
    this.database = database;
    this.runs = runs;
    this.trades = trades;
  }

  /**
   * The history in {@code $QUARRY_HOME/quarry.db}, created if missing.
   *
   * @return the history
   */
  public static RunHistory open() {
    return open(defaultDatabase());
  }

  /**
   * The history in a database file, created if missing.
   *
   * @param database the SQLite file
   * @return the history
   */
  public static RunHistory open(Path database) {
    JdbcRepository<BacktestRun> runs = JdbcRepository.open(database, BacktestRun.class);
    try {
      // one connection for both tables, so a run and its trades commit as one transaction
      return new RunHistory(database, runs, runs.sibling(RunTrade.class));
    } catch (RuntimeException e) {
      runs.close();
      throw e;
    }
  }

  /**
   * Where {@link #open()} keeps the history.
   *
   * @return {@code $QUARRY_HOME/quarry.db}
   */
  public static Path defaultDatabase() {
    return QuarryHome.root().resolve("quarry.db");
  }

  /**
   * The database file.
   *
   * @return the file
   */
  public Path database() {
    return database;
  }

  /**
   * Records a run and its trades, in one transaction: a process killed while recording leaves
   * neither.
   *
   * @param runId the run folder's name
   * @param folder the run folder
   * @param result the run's result; its settings give strategy, parameters and data
   * @return the run as recorded, with its number
   */
  public BacktestRun record(String runId, Path folder, BacktestResult result) {
    return runs.transaction(() -> recordInTransaction(runId, folder, result));
  }

  private BacktestRun recordInTransaction(String runId, Path folder, BacktestResult result) {
    Map<String, String> s = result.settings();
    Metrics m = result.metrics();
    BacktestRun run =
        runs.create(
            new BacktestRun(
                0,
                runId,
                s.getOrDefault("strategy", ""),
                s.getOrDefault("parameters", ""),
                s.getOrDefault("dataset", s.getOrDefault("symbols", "")),
                m.start(),
                m.end(),
                m.bars(),
                s.getOrDefault("fill", ""),
                number(s.get("fee_bps")),
                number(s.get("slippage_bps")),
                m.initialCash(),
                m.totalReturn(),
                orNull(m.cagr()),
                orNull(m.sharpe()),
                m.maxDrawdown(),
                orNull(m.winRate()),
                m.tradeCount(),
                orNull(m.exposure()),
                m.finalEquity(),
                orNull(m.buyAndHoldReturn()),
                orNull(m.excessReturn()),
                orNull(m.sortino()),
                orNull(m.profitFactor()),
                orNull(m.costs().total()),
                folder.toAbsolutePath().normalize().toString(),
                null,
                null));
    Table t = result.trades();
    List<RunTrade> rows = new ArrayList<>(t.rowCount());
    for (int i = 0; i < t.rowCount(); i++) {
      boolean open = t.instantColumn("exit_time").isMissing(i);
      rows.add(
          new RunTrade(
              0,
              run.id(),
              t.stringColumn("symbol").get(i),
              t.stringColumn("side").get(i),
              t.doubleColumn("quantity").getDouble(i),
              t.instantColumn("entry_time").get(i),
              open ? null : t.instantColumn("exit_time").get(i),
              t.doubleColumn("entry_price").getDouble(i),
              open ? null : t.doubleColumn("exit_price").getDouble(i),
              t.doubleColumn("fees").getDouble(i),
              t.doubleColumn("pnl").getDouble(i),
              null,
              null));
    }
    trades.createAll(rows);
    return run;
  }

  /**
   * The run folders under {@code runsRoot} that the history does not know: folders of backtests
   * stopped after writing their folder and before recording it. A folder still claimed by a live
   * backtest (being recorded now) is not listed; see {@link RunFolder#writeNew}. A grid's folder
   * (with a {@code grid.csv}, {@link GridRun}) is not a backtest's and is never listed.
   *
   * @param runsRoot the runs folder
   * @return the folders, by name
   */
  public List<Path> unrecorded(Path runsRoot) {
    List<Path> found = new ArrayList<>();
    if (!java.nio.file.Files.isDirectory(runsRoot)) {
      return found;
    }
    java.util.Set<String> recorded = new java.util.HashSet<>();
    runs.getAll().forEach(r -> recorded.add(r.runId()));
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(runsRoot)) {
      entries
          .filter(p -> java.nio.file.Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !recorded.contains(p.getFileName().toString()))
          .filter(p -> !RunFolder.isClaimed(p))
          .filter(p -> !java.nio.file.Files.exists(p.resolve(GridRun.GRID_CSV)))
          .sorted()
          .forEach(found::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list the runs in " + runsRoot + ": " + e, e);
    }
    return found;
  }

  /**
   * Every run, oldest first.
   *
   * @return the runs
   */
  public List<BacktestRun> list() {
    return runs.getAll();
  }

  /**
   * A run by its number or its run id (the folder's name).
   *
   * @param key a number such as {@code 3} or a run id
   * @return the run, or empty
   */
  public Optional<BacktestRun> find(String key) {
    if (key.matches("[0-9]{1,18}")) {
      return runs.get(Long.parseLong(key));
    }
    List<BacktestRun> found = runs.findBy(Map.of("runId", key));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * A run's trades, in the order of its {@code trades.csv}.
   *
   * @param run the run's number
   * @return the trades
   */
  public List<RunTrade> tradesOf(long run) {
    List<RunTrade> list = new ArrayList<>(trades.findBy(Map.of("run", run)));
    list.sort(Comparator.comparingLong(RunTrade::id));
    return list;
  }

  /**
   * Every run as a table, one row per run, oldest first: number, run id, strategy, parameters,
   * dataset, fill, costs and the key metrics.
   *
   * @return the table
   */
  public Table runs() {
    List<BacktestRun> all = list();
    LongColumn id = LongColumn.create("run");
    StringColumn runId = StringColumn.create("run_id");
    StringColumn strategy = StringColumn.create("strategy");
    StringColumn parameters = StringColumn.create("parameters");
    StringColumn dataset = StringColumn.create("dataset");
    StringColumn fill = StringColumn.create("fill");
    DoubleColumn fee = DoubleColumn.create("fee_bps");
    DoubleColumn totalReturn = DoubleColumn.create("total_return");
    DoubleColumn sharpe = DoubleColumn.create("sharpe");
    DoubleColumn drawdown = DoubleColumn.create("max_drawdown");
    DoubleColumn winRate = DoubleColumn.create("win_rate");
    IntColumn tradeCount = IntColumn.create("trades");
    InstantColumn recorded = InstantColumn.create("recorded");
    for (BacktestRun r : all) {
      id.append(r.id());
      runId.append(r.runId());
      strategy.append(r.strategy());
      parameters.append(r.parameters());
      dataset.append(r.dataset());
      fill.append(r.fill());
      fee.append(r.feeBps());
      totalReturn.append(r.totalReturn());
      sharpe.append(r.sharpe() == null ? Double.NaN : r.sharpe());
      drawdown.append(r.maxDrawdown());
      winRate.append(r.winRate() == null ? Double.NaN : r.winRate());
      tradeCount.append(r.tradeCount());
      recorded.append(r.createdAt());
    }
    return Table.create(
        "runs",
        id,
        runId,
        strategy,
        parameters,
        dataset,
        fill,
        fee,
        totalReturn,
        sharpe,
        drawdown,
        winRate,
        tradeCount,
        recorded);
  }

  @Override
  public void close() {
    closeQuietly(trades);
    closeQuietly(runs);
  }

  private static void closeQuietly(Repository<?> repository) {
    if (repository instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing a connection that failed already: nothing more to do
      }
    }
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double number(String text) {
    try {
      return text == null ? Double.NaN : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
