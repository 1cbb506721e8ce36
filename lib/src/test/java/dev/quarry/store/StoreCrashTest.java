package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quarry.bars.Bars;
import dev.quarry.testing.ChildJvm;
import dev.quarry.testing.CrashChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * SPEC section 10, crash safety of store writes: a writer process ({@link StoreCrashWriterMain}) is
 * killed with SIGKILL at random moments, 50 times, on the same store (state accumulates from trial
 * to trial, and each writer resumes after the last acknowledged batch). After each kill the store
 * is reopened and must hold no temp file, journal or backup, only readable Parquet files, a
 * registry that matches the files, every acknowledged batch, and the cut-short batch either old or
 * new in each partition (all partitions together: {@link StoreJournalCrashTest}).
 */
class StoreCrashTest {
  private static final int TRIALS = 50;
  private static final long SEED = 0x5707_e_c0deL;
  private static final DatasetId ID = StoreCrashWriterMain.ID;

  @TempDir Path base;
  Path root;
  Path scratch;

  /** One bar; records compare doubles exactly (by bits). */
  private record Row(
      Instant time, double open, double high, double low, double close, double vol) {}

  @Test
  void killedWritersLoseNoAcknowledgedBatchAndLeaveEveryPartitionOldOrNew() throws Exception {
    root = base.resolve("store");
    scratch = base.resolve("scratch");
    Random random = new Random(SEED);
    // The rows of every acknowledged batch, applied in order.
    TreeMap<Instant, Row> model = new TreeMap<>();
    int nextBatch = 0;
    int killsMidWrite = 0;
    long writerNanos = 0;
    long checkNanos = 0;
    int partitionsOfCutBatchLanded = 0;
    int partitionsOfCutBatchOld = 0;
    // The next trial's writer starts and warms up while the current one runs.
    ChildJvm jvm =
        ChildJvm.withSharedArchive(
            Files.createDirectories(base.resolve("jvm")),
            StoreCrashWriterMain.class,
            scratch.resolve("archive").toString());
    CrashChild next = writer(jvm, 0);
    for (int trial = 0; trial < TRIALS; trial++) {
      int delayMillis = random.nextInt(300);
      CrashChild writer = next;
      next = trial + 1 < TRIALS ? writer(jvm, trial + 1) : null;
      long started = System.nanoTime();
      List<Integer> acked = new ArrayList<>();
      for (CrashChild.Ack ack :
          writer.runAndKill(root + " " + nextBatch, delayMillis, "writer of trial " + trial)) {
        acked.add(ack.number());
      }
      long killed = System.nanoTime();
      writerNanos += killed - started;
      for (int i = 0; i < acked.size(); i++) {
        assertEquals(nextBatch + i, acked.get(i), "acknowledgements in order, trial " + trial);
      }
      for (int batch : acked) {
        apply(model, batch);
      }
      nextBatch += acked.size();
      String where = "trial " + trial + " (killed after batch " + (nextBatch - 1) + ")";
      if (leftovers(StoreJournalCrashTest::isLeftover) > 0) {
        killsMidWrite++;
      }

      BarStore store = BarStore.open(root);

      // (a) Recovery removed the dead writer's temp files and finished its journal.
      assertEquals(0, leftovers(name -> name.endsWith(".tmp")), "temp files, " + where);
      assertEquals(
          0, leftovers(StoreJournalCrashTest::isLeftover), "journals and backups, " + where);
      // (b) Every Parquet file is complete and readable.
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
          assertTrue(ParquetFiles.read(file, List.of()).rowCount() > 0, file + ", " + where);
        }
      }
      Table stored = store.read(ID);
      // (e) Checksums and file lists of the registry match the files.
      VerifyReport report = store.verify();
      assertTrue(report.ok(), where + ": " + report.problems());
      // (c) The registry entry is what a fresh scan of the files computes.
      DatasetInfo registered = store.info(ID).orElseThrow();
      DatasetInfo scanned = store.scan(ID);
      assertEquals(timeless(scanned), timeless(registered), "registry vs files, " + where);
      // (d) Acknowledged batches are there; the cut-short one is old or new per partition.
      Map<YearMonth, List<Row>> actual = byMonth(rows(stored));
      Map<YearMonth, List<Row>> before = byMonth(model.values());
      TreeMap<Instant, Row> withNext = new TreeMap<>(model);
      apply(withNext, nextBatch);
      Map<YearMonth, List<Row>> after = byMonth(withNext.values());
      Set<YearMonth> months = new TreeSet<>(before.keySet());
      months.addAll(after.keySet());
      months.addAll(actual.keySet());
      for (YearMonth month : months) {
        List<Row> got = actual.get(month);
        boolean old = Objects.equals(got, before.get(month));
        boolean landed = Objects.equals(got, after.get(month));
        if (!old && !landed) {
          fail(
              month
                  + " holds neither the acknowledged rows nor those of in-flight batch "
                  + nextBatch
                  + ", "
                  + where
                  + ": got "
                  + (got == null ? 0 : got.size())
                  + " rows, expected "
                  + size(before.get(month))
                  + " or "
                  + size(after.get(month)));
        }
        if (!Objects.equals(before.get(month), after.get(month))) {
          if (landed) {
            partitionsOfCutBatchLanded++;
          } else {
            partitionsOfCutBatchOld++;
          }
        }
      }
      checkNanos += System.nanoTime() - killed;
    }
    // Proof that kills landed inside writes, so recovery was exercised, not just clean stops.
    assertTrue(killsMidWrite > 0, "no kill interrupted a write; the test proved nothing");
    System.out.printf(
        "store crash test: %d trials, %d batches acknowledged, %d kills left a temp file or"
            + " journal; partitions of cut-short batches: %d new, %d old; %d ms waiting for"
            + " writers, %d ms checking%n",
        TRIALS,
        nextBatch,
        killsMidWrite,
        partitionsOfCutBatchLanded,
        partitionsOfCutBatchOld,
        writerNanos / 1_000_000,
        checkNanos / 1_000_000);
  }

  private CrashChild writer(ChildJvm jvm, int trial) throws IOException {
    return new CrashChild(
        jvm, StoreCrashWriterMain.class, scratch.resolve(Integer.toString(trial)).toString());
  }

  private static void apply(TreeMap<Instant, Row> model, int batch) {
    for (Row row : rows(StoreCrashWriterMain.batch(batch))) {
      model.put(row.time(), row);
    }
  }

  private static List<Row> rows(Table t) {
    List<Row> rows = new ArrayList<>(t.rowCount());
    for (int i = 0; i < t.rowCount(); i++) {
      rows.add(
          new Row(
              t.instantColumn(Bars.TIMESTAMP).get(i),
              t.doubleColumn(Bars.OPEN).getDouble(i),
              t.doubleColumn(Bars.HIGH).getDouble(i),
              t.doubleColumn(Bars.LOW).getDouble(i),
              t.doubleColumn(Bars.CLOSE).getDouble(i),
              t.doubleColumn(Bars.VOLUME).getDouble(i)));
    }
    return rows;
  }

  private static Map<YearMonth, List<Row>> byMonth(Iterable<Row> rows) {
    Map<YearMonth, List<Row>> months = new TreeMap<>();
    for (Row row : rows) {
      months.computeIfAbsent(DatasetFiles.monthOf(row.time()), m -> new ArrayList<>()).add(row);
    }
    return months;
  }

  private static int size(List<Row> rows) {
    return rows == null ? 0 : rows.size();
  }

  /** The entry without its last-updated time, which a rescan naturally changes. */
  private static DatasetInfo timeless(DatasetInfo info) {
    return new DatasetInfo(
        info.symbol(),
        info.provider(),
        info.timeframe(),
        info.firstDate(),
        info.lastDate(),
        info.totalRows(),
        info.totalPartitions(),
        info.fileSizeBytes(),
        info.checksum(),
        Instant.EPOCH,
        info.dataQuality(),
        info.partitions());
  }

  private long leftovers(java.util.function.Predicate<String> name) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> name.test(p.getFileName().toString())).count();
    }
  }
}
