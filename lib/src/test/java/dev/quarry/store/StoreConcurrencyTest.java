package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * SPEC section 10, concurrency: several processes append to and upsert the same dataset at once and
 * no row is lost or duplicated; a writer that cannot get the dataset's lock in time gets a clear
 * error.
 */
class StoreConcurrencyTest {
  private static final int WRITERS = 4;
  private static final int BATCHES = 6;

  @TempDir Path base;

  @Test
  void fourProcessesAppendingAndUpsertingOneDatasetLoseAndDuplicateNoRow() throws Exception {
    Path root = base.resolve("store");
    List<Process> writers = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int w = 0; w < WRITERS; w++) {
        Process p =
            ChildJvm.start(
                ConcurrentWriterMain.class,
                base.resolve("scratch-" + w).toString(),
                root.toString(),
                Integer.toString(w),
                Integer.toString(WRITERS),
                Integer.toString(BATCHES));
        writers.add(p);
        outputs.add(
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      for (BufferedReader out : outputs) {
        assertEquals("ready", out.readLine(), "a writer failed to warm up");
      }
      for (Process p : writers) { // start together
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
      }
      List<long[]> spans = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        List<String> lines = new ArrayList<>();
        for (String line = outputs.get(w).readLine();
            line != null;
            line = outputs.get(w).readLine()) {
          lines.add(line);
          if (line.startsWith("span ")) {
            String[] parts = line.split(" ");
            spans.add(new long[] {w, Long.parseLong(parts[1]), Long.parseLong(parts[2])});
          }
        }
        assertTrue(writers.get(w).waitFor(3, TimeUnit.MINUTES), "writer " + w + " hangs");
        assertEquals(0, writers.get(w).exitValue(), "writer " + w + " failed; it printed " + lines);
        assertEquals("done", lines.get(lines.size() - 1), "writer " + w);
      }
      // Proof that the writes really overlapped (some waited for another process's lock).
      int overlapping = 0;
      for (long[] a : spans) {
        for (long[] b : spans) {
          if (a[0] < b[0] && a[1] < b[2] && b[1] < a[2]) {
            overlapping++;
          }
        }
      }
      assertTrue(overlapping > 0, "no two writes of different processes overlapped in time");
      System.out.printf(
          "store concurrency test: %d writes by %d processes, %d overlapping pairs%n",
          spans.size(), WRITERS, overlapping);
    } finally {
      writers.forEach(p -> p.toHandle().destroyForcibly());
    }

    BarStore store = BarStore.open(root);
    TreeMap<Instant, double[]> model = new TreeMap<>();
    for (long h = 0; h < (long) BATCHES * ConcurrentWriterMain.BATCH_HOURS; h++) {
      boolean upserted =
          h / ConcurrentWriterMain.BATCH_HOURS < BATCHES - 1
              && ConcurrentWriterMain.upserted(WRITERS, h);
      model.put(
          ConcurrentWriterMain.ORIGIN.plus(Duration.ofHours(h)),
          ConcurrentWriterMain.values(h, upserted ? 1 : 0));
    }
    Table stored = store.read(ConcurrentWriterMain.ID);
    assertEquals(
        new ArrayList<>(model.keySet()),
        stored.instantColumn(Bars.TIMESTAMP).asList(),
        "timestamps: every written row once, none lost");
    int row = 0;
    for (var expected : model.entrySet()) {
      double[] v = expected.getValue();
      assertEquals(
          List.of(v[0], v[1], v[2], v[3], v[4]),
          List.of(
              stored.doubleColumn(Bars.OPEN).getDouble(row),
              stored.doubleColumn(Bars.HIGH).getDouble(row),
              stored.doubleColumn(Bars.LOW).getDouble(row),
              stored.doubleColumn(Bars.CLOSE).getDouble(row),
              stored.doubleColumn(Bars.VOLUME).getDouble(row)),
          "values at " + expected.getKey());
      row++;
    }
    assertEquals(model.size(), store.info(ConcurrentWriterMain.ID).orElseThrow().totalRows());
    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.problems().toString());
  }

  @Test
  void refreshingAllTheWhileTwoProcessesWriteLeavesTheRegistryAgreeingWithTheFiles()
      throws Exception {
    Path root = base.resolve("store");
    int writers = 2;
    int batches = 4;
    List<Process> processes = new ArrayList<>();
    int refreshes = 0;
    try {
      for (int w = 0; w < writers; w++) {
        processes.add(
            ChildJvm.start(
                ConcurrentWriterMain.class,
                base.resolve("scratch-" + w).toString(),
                root.toString(),
                Integer.toString(w),
                Integer.toString(writers),
                Integer.toString(batches)));
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process p : processes) {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), "a writer failed to warm up");
        outputs.add(out);
      }
      for (Process p : processes) {
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
      }
      // Drain the writers' output so they never block on a full pipe.
      for (BufferedReader out : outputs) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // span lines: not needed here
                    }
                  } catch (java.io.IOException closed) {
                    // the writer is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
      }
      BarStore refresher = BarStore.open(root);
      while (processes.stream().anyMatch(Process::isAlive)) {
        RefreshReport report = refresher.refreshAll();
        assertTrue(report.ok(), report.summary());
        refreshes++;
      }
      for (Process p : processes) {
        assertEquals(0, p.waitFor(), "a writer failed");
      }
    } finally {
      processes.forEach(p -> p.toHandle().destroyForcibly());
    }
    assertTrue(refreshes > 1, "refreshes during the writes: " + refreshes);
    System.out.printf(
        "store refresh during writes: %d refreshes while 2 processes wrote%n", refreshes);
    BarStore store = BarStore.open(root);
    DatasetInfo registered = store.info(ConcurrentWriterMain.ID).orElseThrow();
    assertEquals((long) batches * ConcurrentWriterMain.BATCH_HOURS, registered.totalRows(), "rows");
    List<PartitionInfo> scanned = new ArrayList<>();
    Path dir = ConcurrentWriterMain.ID.directory(root);
    for (Path file : DatasetFiles.dataFiles(dir, ConcurrentWriterMain.ID.symbol())) {
      scanned.add(DatasetFiles.describe(dir, file, true));
    }
    assertEquals(scanned, registered.partitions(), "registry vs files");
    assertTrue(store.verify().ok(), store.verify().problems().toString());
  }

  @Test
  void aWriterBlockedByAnotherProcessTimesOutWithAClearErrorAndSucceedsOnceTheLockIsFree()
      throws Exception {
    Path root = base.resolve("store");
    DatasetId id = new DatasetId("locks", "1h", "BTC-USD");
    BarStore store = BarStore.open(root);
    WriteOptions options = WriteOptions.defaults().withLockTimeout(Duration.ofMillis(300));
    Table bars = WalkBars.hours(72, 3);
    Process holder =
        ChildJvm.start(
            HoldLockMain.class, id.directory(root).resolve(DatasetFiles.LOCK).toString());
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());

      long start = System.nanoTime();
      StoreException e = assertThrows(StoreException.class, () -> store.write(id, bars, options));
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertTrue(waited >= 300, "gave up after " + waited + " ms");
      assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
      assertTrue(e.getMessage().contains("another process"), e.getMessage());
      assertTrue(e.getMessage().contains(id.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("raise lockTimeout"), e.getMessage());
      assertFalse(store.info(id).isPresent(), "nothing registered");
      assertTrue(DatasetFiles.dataFiles(id.directory(root), id.symbol()).isEmpty());

      holder.getOutputStream().close(); // the holder exits and the OS releases its lock
      assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
    } finally {
      holder.toHandle().destroyForcibly();
    }
    store.write(id, bars, options);
    assertEquals(72, store.read(id).rowCount());
  }

  @Test
  void aLockHolderKilledWithSigkillNoLongerBlocksWriters() throws Exception {
    Path root = base.resolve("store");
    DatasetId id = new DatasetId("locks", "1h", "ETH-USD");
    BarStore store = BarStore.open(root);
    WriteOptions options = WriteOptions.defaults().withLockTimeout(Duration.ofMillis(300));
    Process holder =
        ChildJvm.start(
            HoldLockMain.class, id.directory(root).resolve(DatasetFiles.LOCK).toString());
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("locked", out.readLine());
    assertThrows(StoreException.class, () -> store.write(id, WalkBars.hours(5, 4), options));

    holder.toHandle().destroyForcibly();
    assertTrue(holder.waitFor(60, TimeUnit.SECONDS));

    store.write(id, WalkBars.hours(5, 4), options);
    assertEquals(5, store.read(id).rowCount());
    assertTrue(Files.isRegularFile(id.directory(root).resolve(DatasetFiles.LOCK)));
  }
}
