package dev.quarry.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.backtest.RunFolder;
import dev.quarry.io.AtomicFiles;
import dev.quarry.testing.ChildJvm;
import dev.quarry.testing.CrashChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 1: a backtest killed with SIGKILL at a random moment while writing its run folder
 * and recording it, 50 times. Every recorded run has all its trades and a complete folder; at most
 * the cut-short run's complete folder is unrecorded, and `runs --clean`'s steps remove it with
 * every claim and temp folder; the same run then succeeds.
 */
class RunCrashTest {
  private static final int TRIALS = 50;
  private static final long SEED = 0x12_c4a5L;
  private static final int MAX_DELAY_MILLIS = 300;
  private static final int AHEAD = 2;
  private static final List<String> FILES =
      List.of(
          RunFolder.TRADES_CSV,
          RunFolder.TRADES_JSON,
          RunFolder.ORDERS_CSV,
          RunFolder.EQUITY_PARQUET,
          RunFolder.METRICS_JSON,
          RunFolder.REPORT_HTML);

  @TempDir Path base;

  @Test
  void aBacktestKilledAnywhereLeavesEveryRecordCompleteAndAtMostOneUnrecordedFolder()
      throws Exception {
    Random random = new Random(SEED);
    ChildJvm jvm =
        ChildJvm.withSharedArchive(
            Files.createDirectories(base.resolve("jvm")),
            RunCrashWriterMain.class,
            base.resolve("scratch-archive").toString());
    Deque<CrashChild> warming = new ArrayDeque<>();
    int unrecordedLeft = 0;
    int recordedTotal = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      while (warming.size() <= AHEAD && trial + warming.size() < TRIALS) {
        warming.add(
            new CrashChild(
                jvm,
                RunCrashWriterMain.class,
                base.resolve("scratch-" + (trial + warming.size())).toString()));
      }
      Path home = Files.createDirectories(base.resolve("home-" + trial));
      List<CrashChild.Ack> acks =
          warming
              .remove()
              .runAndKill(
                  home.toString(), random.nextInt(MAX_DELAY_MILLIS), "backtest of trial " + trial);
      String where = "trial " + trial + " (" + acks.size() + " runs acknowledged)";
      Path runs = home.resolve("runs");
      try (RunHistory history = RunHistory.open(home.resolve("quarry.db"))) {
        List<dev.quarry.runs.BacktestRun> recorded = history.list();
        assertTrue(
            recorded.size() == acks.size() || recorded.size() == acks.size() + 1,
            "records vs acknowledgements, " + where + ": " + recorded.size());
        recordedTotal += recorded.size();
        for (BacktestRun run : recorded) {
          assertEquals(
              run.tradeCount(), history.tradesOf(run.id()).size(), "trades of a run, " + where);
          assertComplete(Path.of(run.folder()), where);
        }
        List<Path> unrecorded = history.unrecorded(runs);
        assertTrue(unrecorded.size() <= 1, "unrecorded folders, " + where + ": " + unrecorded);
        for (Path folder : unrecorded) {
          assertComplete(folder, where);
          AtomicFiles.deleteTree(folder); // runs --clean
          unrecordedLeft++;
        }
        AtomicFiles.recoverShallow(runs);
        RunFolder.cleanClaims(runs);
        try (Stream<Path> entries = Files.list(runs)) {
          assertEquals(
              recorded.size(),
              entries.filter(p -> !p.getFileName().toString().startsWith(".")).count(),
              "run folders, " + where);
        }
        try (Stream<Path> hidden = Files.list(runs)) {
          assertEquals(
              List.of(),
              hidden.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
              "claims and temp folders after cleaning, " + where);
        }
      }
      // the same command then succeeds
      RunCrashWriterMain.step(home, RunCrashWriterMain.result());
      try (RunHistory history = RunHistory.open(home.resolve("quarry.db"))) {
        assertTrue(history.unrecorded(runs).isEmpty(), "after a new run, " + where);
      }
    }
    System.out.printf(
        "RunCrashTest: %d trials, %d runs recorded, %d unrecorded folders cleaned%n",
        TRIALS, recordedTotal, unrecordedLeft);
    while (!warming.isEmpty()) {
      warming.remove().runAndKill(base.toString(), 0, "spare");
    }
  }

  private static void assertComplete(Path folder, String where) throws Exception {
    for (String f : FILES) {
      assertTrue(Files.size(folder.resolve(f)) > 0, folder + "/" + f + ", " + where);
    }
  }
}
