///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.backtest.RunFolder;
import dev.quarry.io.AtomicFiles;
import dev.quarry.repo.RepositoryException;
import dev.quarry.runs.BacktestRun;
import dev.quarry.runs.RunHistory;
import dev.quarry.runs.RunTrade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Lists the backtest runs recorded in the history, or shows one. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Lists the backtest runs recorded in the history ($QUARRY_HOME/quarry.db, SQLite, unless"
          + " --db), oldest first, with their key metrics; --show shows one run and its trades."
          + " Every `backtest` run is recorded.",
      "",
      "Examples:",
      "  runs",
      "  runs --show 3",
      "  runs --show 20261122-090155-sma-cross --trades 20",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:no such run, or the history cannot be read", "2:bad options"})
public final class Runs implements Callable<Integer> {
  @Option(
      names = "--show",
      paramLabel = "RUN",
      description = "A run's number or run id (its folder's name): its settings, metrics, trades.")
  String show;

  @Option(
      names = "--trades",
      paramLabel = "N",
      defaultValue = "10",
      description = "With --show: how many trades to print (default: ${DEFAULT-VALUE}).")
  int tradeCount;

  @Option(
      names = "--clean",
      description =
          "Delete the run folders the history does not know (backtests stopped before recording"
              + " them, listed by `runs`) and the leftovers of backtests killed while writing.")
  boolean clean;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      description = "The run folders to check against the history (default: $QUARRY_HOME/runs).")
  Path runsDir;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "The history database (default: $QUARRY_HOME/quarry.db).")
  Path db;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Runs());
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          System.err.println("runs: " + e.getMessage() + " (see runs --help)");
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    if (tradeCount < 0) {
      System.err.println("runs: --trades must not be negative");
      return 2;
    }
    Path file = db != null ? db : RunHistory.defaultDatabase();
    if (!Files.exists(file)) {
      if (show != null) {
        System.err.println("runs: no history at " + file + "; run `backtest` first");
        return 1;
      }
      System.out.println("No runs recorded yet (" + file + "); run `backtest` to record one.");
      return 0;
    }
    try (RunHistory history = RunHistory.open(file)) {
      if (clean) {
        return clean(history);
      }
      int code = show == null ? list(history) : show(history);
      if (show == null) {
        reportUnrecorded(history);
      }
      return code;
    } catch (RepositoryException e) {
      System.err.println("runs: " + e.getMessage());
      return 1;
    }
  }

  private int list(RunHistory history) {
    List<BacktestRun> all = history.list();
    if (all.isEmpty()) {
      System.out.println("No runs recorded yet (" + history.database() + ").");
      return 0;
    }
    Table t = Table.create(all.size() + " runs in " + history.database());
    StringColumn[] c = {
      StringColumn.create("run"), StringColumn.create("run id"), StringColumn.create("strategy"),
      StringColumn.create("parameters"), StringColumn.create("dataset"), StringColumn.create("fill"),
      StringColumn.create("total return"), StringColumn.create("sharpe"),
      StringColumn.create("max drawdown"), StringColumn.create("trades")
    };
    for (BacktestRun r : all) {
      c[0].append("#" + r.id());
      c[1].append(r.runId());
      c[2].append(r.strategy());
      c[3].append(r.parameters());
      c[4].append(r.dataset());
      c[5].append(r.fill());
      c[6].append(percent(r.totalReturn()));
      c[7].append(r.sharpe() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.sharpe()));
      c[8].append(percent(r.maxDrawdown()));
      c[9].append(Integer.toString(r.tradeCount()));
    }
    t.addColumns(c);
    System.out.println(t.printAll());
    return 0;
  }

  /** The runs folder to reconcile with the history: --runs-dir, or the default one with the default history. */
  private Path runsFolder() {
    return runsDir != null ? runsDir : db == null ? RunFolder.runsRoot() : null;
  }

  private void reportUnrecorded(RunHistory history) {
    Path root = runsFolder();
    if (root == null) {
      return;
    }
    List<Path> unrecorded = history.unrecorded(root);
    if (!unrecorded.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "%d run folder(s) in %s are not in the history (a backtest stopped before recording"
              + " them): %s; `runs --clean` deletes them%n",
          unrecorded.size(),
          root,
          String.join(", ", unrecorded.stream().map(p -> p.getFileName().toString()).toList()));
    }
  }

  private int clean(RunHistory history) {
    Path root = runsFolder();
    if (root == null) {
      System.err.println("runs: --clean with --db needs --runs-dir: which run folders go with it?");
      return 2;
    }
    int deleted = 0;
    try {
      for (Path folder : history.unrecorded(root)) {
        AtomicFiles.deleteTree(folder);
        System.out.println("deleted " + folder + " (not in the history)");
        deleted++;
      }
      int leftovers = Files.isDirectory(root) ? AtomicFiles.recoverShallow(root) : 0;
      leftovers += RunFolder.cleanClaims(root);
      System.out.printf(
          Locale.ROOT,
          "%d unrecorded run folder(s) and %d leftover(s) of killed backtests deleted in %s%n",
          deleted,
          leftovers,
          root);
      return 0;
    } catch (java.io.IOException e) {
      System.err.println("runs: cannot clean " + root + ": " + e);
      return 1;
    }
  }

  private int show(RunHistory history) {
    Optional<BacktestRun> found = history.find(show);
    if (found.isEmpty()) {
      System.err.println(
          "runs: no run '" + show + "' in " + history.database() + "; `runs` lists them");
      return 1;
    }
    BacktestRun r = found.get();
    System.out.printf(Locale.ROOT, "Run #%d %s, recorded %s%n", r.id(), r.runId(), r.createdAt());
    row("strategy", r.strategy() + " (" + r.parameters() + ")");
    row("data", r.dataset() + ", " + r.bars() + " bars, " + r.firstBar() + " → " + r.lastBar());
    row("execution", "fill " + r.fill() + ", fee " + r.feeBps() + " bps, slippage "
        + r.slippageBps() + " bps, cash " + r.initialCash());
    row("total return", percent(r.totalReturn()));
    row(
        "buy and hold",
        r.buyAndHoldReturn() == null
            ? "–"
            : percent(r.buyAndHoldReturn()) + " (excess " + percent(r.excessReturn()) + ")");
    row("CAGR", r.cagr() == null ? "–" : percent(r.cagr()));
    row("Sharpe", r.sharpe() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.sharpe()));
    row("max drawdown", percent(r.maxDrawdown()));
    row("win rate", r.winRate() == null ? "–" : percent(r.winRate()));
    row("trades", Integer.toString(r.tradeCount()));
    row("exposure", r.exposure() == null ? "–" : percent(r.exposure()));
    row("Sortino", r.sortino() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.sortino()));
    row(
        "profit factor",
        r.profitFactor() == null ? "–" : String.format(Locale.ROOT, "%.2f", r.profitFactor()));
    row(
        "costs",
        r.totalCosts() == null ? "–" : String.format(Locale.ROOT, "%,.2f", r.totalCosts()));
    row("final equity", String.format(Locale.ROOT, "%,.2f", r.finalEquity()));
    row("folder", r.folder());
    List<RunTrade> trades = history.tradesOf(r.id());
    int n = Math.min(tradeCount, trades.size());
    if (n > 0) {
      System.out.printf("First %d of %d trades:%n", n, trades.size());
      for (RunTrade t : trades.subList(0, n)) {
        System.out.printf(
            Locale.ROOT,
            "  %s %s → %s  %s %.8g @ %.8g → %s  pnl %.2f%n",
            t.symbol(),
            t.entryTime(),
            t.exitTime() == null ? "open" : t.exitTime(),
            t.side(),
            t.quantity(),
            t.entryPrice(),
            t.exitPrice() == null ? "open" : String.format(Locale.ROOT, "%.8g", t.exitPrice()),
            t.pnl());
      }
    }
    return 0;
  }

  private static void row(String name, String value) {
    System.out.printf(Locale.ROOT, "  %-13s %s%n", name, value);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }
}
