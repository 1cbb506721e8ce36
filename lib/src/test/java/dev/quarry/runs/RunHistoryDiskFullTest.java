package dev.quarry.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.backtest.BacktestResult;
import dev.quarry.repo.RepositoryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the run history on a full disk, on a real 2 MB tmpfs (mounted by the test; it needs
 * root, which CI has, and is skipped with the reason where mounting is not allowed). A record that
 * does not fit says the disk is full, leaves nothing, and the history stays readable.
 */
class RunHistoryDiskFullTest {
  @TempDir Path dir;
  private Path mount;

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(OutputStream.nullOutputStream());
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  @Test
  void aRunThatDoesNotFitOnTheDiskSaysTheDiskIsFullAndLeavesNothing() throws Exception {
    Path point = Files.createDirectories(dir.resolve("small-disk"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", point.toString()),
        "mounting a 2 MB tmpfs needs root: the disk-full test cannot run here");
    mount = point;
    Path db = point.resolve("quarry.db");
    BacktestResult result = RunCrashWriterMain.result();
    try (RunHistory history = RunHistory.open(db)) {
      history.record("first", point.resolve("first"), result);
    }
    // fill the disk but for a few kilobytes
    Path filler = point.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] block = new byte[4096];
      while (Files.getFileStore(point).getUsableSpace() > 8 * 1024) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // the disk filled up while writing: as intended
    }
    // opening (SQLite grows its shared-memory file) or recording, whichever runs out first
    RepositoryException e =
        assertThrows(
            RepositoryException.class,
            () -> {
              try (RunHistory history = RunHistory.open(db)) {
                for (int i = 0; i < 200; i++) { // far more than a few kilobytes of trades
                  history.record("run-" + i, point.resolve("run-" + i), result);
                }
              }
            });
    assertTrue(e.getMessage().contains("is full: free space on it and run again"), e.getMessage());
    Files.delete(filler);
    try (RunHistory history = RunHistory.open(db)) {
      // every record that was committed has all its trades; the failed one left nothing
      for (BacktestRun run : history.list()) {
        assertEquals(run.tradeCount(), history.tradesOf(run.id()).size(), run.runId());
      }
      int before = history.list().size();
      history.record("after", point.resolve("after"), result);
      assertEquals(before + 1, history.list().size(), "recording works again with space");
    }
  }
}
