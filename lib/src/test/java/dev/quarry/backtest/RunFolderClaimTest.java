package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New run folders are claimed atomically: runs of the same second never collide (issue 12). */
class RunFolderClaimTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  @TempDir Path runs;

  @Test
  void thirtyBacktestsOfTheSameSecondEachGetTheirOwnCompleteFolder() throws Exception {
    BacktestResult result = SampleResults.sample();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Path>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        Callable<Path> run = () -> RunFolder.writeNew(result, runs, "sma-cross", NOW);
        futures.add(pool.submit(run));
      }
      Set<Path> folders = new HashSet<>();
      for (Future<Path> f : futures) {
        folders.add(f.get());
      }
      assertEquals(30, folders.size());
      for (Path folder : folders) {
        assertTrue(folder.getFileName().toString().startsWith("20261205-100000-sma-cross"));
        assertTrue(Files.size(folder.resolve(RunFolder.TRADES_CSV)) > 0, folder.toString());
        assertTrue(Files.size(folder.resolve(RunFolder.METRICS_JSON)) > 0, folder.toString());
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> left = Files.list(runs)) {
      assertEquals(30, left.count(), "no claim and no temp folder is left");
    }
  }

  @Test
  void aNameClaimedByAnotherLiveProcessIsSkipped() throws IOException {
    Files.writeString(
        runs.resolve(".20261205-100000-sma-cross.claim"),
        Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
    Path folder = RunFolder.writeNew(SampleResults.sample(), runs, "sma-cross", NOW);
    assertEquals("20261205-100000-sma-cross-2", folder.getFileName().toString());
  }

  @Test
  void aFailureAfterTheWriteDeletesTheFolderAndReleasesTheName() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RunFolder.writeNew(
                    SampleResults.sample(),
                    runs,
                    "sma-cross",
                    NOW,
                    dir -> {
                      throw new IllegalStateException("the history could not be written");
                    }));
    assertEquals("the history could not be written", e.getMessage());
    assertFalse(Files.exists(runs.resolve("20261205-100000-sma-cross")));
    assertEquals(
        "20261205-100000-sma-cross",
        RunFolder.writeNew(SampleResults.sample(), runs, "sma-cross", NOW)
            .getFileName()
            .toString());
  }

  @Test
  void claimsOfDeadProcessesAreCleanedAndLiveOnesKept() throws IOException {
    Path dead = Files.writeString(runs.resolve(".a.claim"), "2147483646");
    Path garbage = Files.writeString(runs.resolve(".b.claim"), "");
    Path live =
        Files.writeString(
            runs.resolve(".c.claim"),
            Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
    assertEquals(2, RunFolder.cleanClaims(runs));
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(garbage));
    assertTrue(Files.exists(live));
  }
}
