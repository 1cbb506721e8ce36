package dev.quarry.dag.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quarry.io.AtomicFiles;
import dev.quarry.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 10, crash safety of the cache: a writer process is killed with SIGKILL at random
 * points; afterwards no partial or corrupt entry is visible, every acknowledged write is present,
 * and no temp files remain after recovery.
 */
class CacheCrashTest {
  private static final int TRIALS = 50;
  private static final long SEED = 0x5eed_cafeL;

  @TempDir Path root;

  @Test
  void killedWritersLoseNoAcknowledgedEntryAndLeaveNothingPartialBehind() throws Exception {
    Random random = new Random(SEED);
    int acknowledgedTotal = 0;
    int trialsWithLeftoverTemp = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path dir = root.resolve("trial-" + trial);
      long seed = random.nextLong();
      int delayMillis = random.nextInt(150);

      List<Integer> acknowledged = runAndKill(dir, seed, delayMillis, trial);
      if (countTempFiles(dir) > 0) {
        trialsWithLeftoverTemp++;
      }

      CacheStore reopened = CacheStore.inDirectory(dir);

      assertEquals(0, countTempFiles(dir), "temp files after recovery, trial " + trial);
      for (int i : acknowledged) {
        Optional<CacheEntry> loaded = reopened.load(CacheWriterMain.key(seed, i));
        assertEquals(
            Optional.of(CacheWriterMain.entry(seed, i)),
            loaded,
            "acknowledged entry " + i + " of trial " + trial);
      }
      int present = checkEveryEntryFile(reopened, dir, seed, trial);
      assertTrue(present >= acknowledged.size(), "entry files " + present + ", trial " + trial);
      acknowledgedTotal += acknowledged.size();
      deleteTree(dir);
    }
    // Proof that kills landed inside writes, so recovery was exercised, not just clean stops.
    assertTrue(trialsWithLeftoverTemp > 0, "no kill interrupted a write; the test proved nothing");
    System.out.printf(
        "cache crash test: %d trials, %d acknowledged entries verified, %d kills left a temp file%n",
        TRIALS, acknowledgedTotal, trialsWithLeftoverTemp);
  }

  /** Starts a writer, waits for its first acknowledgement, kills it after the delay. */
  private static List<Integer> runAndKill(Path dir, long seed, int delayMillis, int trial)
      throws Exception {
    Process child = ChildJvm.start(CacheWriterMain.class, dir.toString(), Long.toString(seed));
    List<Integer> acknowledged = new ArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  String[] parts = line.split(" ");
                  // A line cut by the kill has no complete key: that save was not acknowledged.
                  if (parts.length == 2 && parts[1].length() == 64) {
                    synchronized (acknowledged) {
                      acknowledged.add(Integer.parseInt(parts[0]));
                    }
                    first.countDown();
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    reader.start();
    try {
      if (!first.await(60, TimeUnit.SECONDS)) {
        fail("writer of trial " + trial + " acknowledged nothing within 60 s");
      }
      Thread.sleep(delayMillis);
    } finally {
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
      // child's stdout under the reader thread, which then fails with "Stream closed".
      child.toHandle().destroyForcibly();
      child.waitFor();
    }
    reader.join(10_000);
    synchronized (acknowledged) {
      return new ArrayList<>(acknowledged);
    }
  }

  /** Every entry file loads (no corruption) and holds exactly what its writer meant to write. */
  private static int checkEveryEntryFile(CacheStore store, Path dir, long seed, int trial)
      throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".entry")).toList();
    }
    for (Path file : files) {
      String key = file.getFileName().toString().replace(".entry", "");
      CacheEntry entry = store.load(key).orElseThrow();
      int index =
          Integer.parseInt(entry.nodeName().substring(entry.nodeName().lastIndexOf('-') + 1));
      assertEquals(CacheWriterMain.key(seed, index), key, "key of " + file);
      assertEquals(CacheWriterMain.entry(seed, index), entry, "entry " + file + ", trial " + trial);
    }
    return files.size();
  }

  private static long countTempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(AtomicFiles::isTempFile).count();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
