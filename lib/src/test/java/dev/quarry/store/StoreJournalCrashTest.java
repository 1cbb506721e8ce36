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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * SPEC section 10 and issue 12: a write of a dataset commits as one unit across its partitions. A
 * writer process ({@link JournalCrashWriterMain}) upserting every row of a four-partition dataset
 * and, at the same time, appending four-partition batches into new datasets is killed with SIGKILL
 * at a random moment, {@value #TRIALS} times, so each trial cuts short one write of each kind.
 * After each kill the store is reopened and must hold the upserted dataset entirely as one version
 * (the last acknowledged or the next, row by row), the cut-short new dataset entirely or not at
 * all, a registry that agrees with the files, and no temp, backup or journal file; then the same
 * two writes run again and succeed.
 */
class StoreJournalCrashTest {
  private static final int TRIALS = 50;
  private static final int MAX_DELAY_MILLIS = 120;
  private static final int WRITERS_AHEAD = 2;
  private static final long SEED = 0x10_c0ffeeL;
  private static final DatasetId UPSERTED = JournalCrashWriterMain.UPSERTED;

  @TempDir Path base;
  Path root;

  @Test
  void killedWritersLeaveEachDatasetEntirelyOldOrEntirelyNewAndTheSameWriteThenSucceeds()
      throws Exception {
    root = base.resolve("store");
    Path scratch = base.resolve("scratch");
    Random random = new Random(SEED);
    BarStore.open(root)
        .write(UPSERTED, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.UPSERT);
    int version = 0; // what the upserted dataset holds
    int batches = 0; // APP-0 .. APP-(batches - 1) exist
    int upsertsCut = 0;
    int upsertsLanded = 0;
    int appendsCut = 0;
    int appendsLanded = 0;
    int killsMidWrite = 0;
    long started = System.nanoTime();
    long waitingNanos = 0;
    ChildJvm jvm =
        ChildJvm.withSharedArchive(
            Files.createDirectories(base.resolve("jvm")),
            JournalCrashWriterMain.class,
            scratch.resolve("archive").toString());
    // The next trials' writers start and warm up while the current one runs.
    java.util.ArrayDeque<CrashChild> ahead = new java.util.ArrayDeque<>();
    for (int i = 0; i < Math.min(WRITERS_AHEAD, TRIALS); i++) {
      ahead.add(writer(jvm, scratch, i));
    }
    for (int trial = 0; trial < TRIALS; trial++) {
      long trialStarted = System.nanoTime();
      CrashChild writer = ahead.remove();
      if (trial + WRITERS_AHEAD < TRIALS) {
        ahead.add(writer(jvm, scratch, trial + WRITERS_AHEAD));
      }
      int lastVersion = version;
      int lastBatch = batches - 1;
      String go = root + " " + (version + 1) + " " + batches;
      for (CrashChild.Ack ack :
          writer.runAndKill(go, random.nextInt(MAX_DELAY_MILLIS), "writer of trial " + trial)) {
        if (ack.number() % 2 == 0) {
          assertEquals(lastVersion + 1, ack.number() / 2, "upserts acknowledged in order");
          lastVersion = ack.number() / 2;
        } else {
          assertEquals(lastBatch + 1, ack.number() / 2, "appends acknowledged in order");
          lastBatch = ack.number() / 2;
        }
      }
      waitingNanos += System.nanoTime() - trialStarted;
      String where = "trial " + trial;
      if (leftovers(StoreJournalCrashTest::isLeftover) > 0) {
        killsMidWrite++;
      }

      BarStore store = BarStore.open(root);

      assertEquals(0, leftovers(StoreJournalCrashTest::isLeftover), "leftovers, " + where);
      // The upserted dataset is one version, row by row: the last acknowledged or the cut one.
      Table upserted = store.read(UPSERTED);
      boolean upsertLanded = sameRows(upserted, JournalCrashWriterMain.batch(lastVersion + 1));
      if (!upsertLanded && !sameRows(upserted, JournalCrashWriterMain.batch(lastVersion))) {
        fail(
            UPSERTED
                + " is neither all version "
                + lastVersion
                + " nor all version "
                + (lastVersion + 1)
                + ", "
                + where);
      }
      // The cut-short new dataset is all there or absent, in the files and in the registry.
      int cut = lastBatch + 1;
      DatasetId cutId = JournalCrashWriterMain.appended(cut);
      boolean appendLanded =
          !DatasetFiles.dataFiles(cutId.directory(root), cutId.symbol()).isEmpty();
      if (appendLanded) {
        assertTrue(
            sameRows(store.read(cutId), JournalCrashWriterMain.batch(cut)),
            cutId + " is there but not whole, " + where);
      }
      assertEquals(
          appendLanded, store.info(cutId).isPresent(), "registry of " + cutId + ", " + where);
      assertRegistryAgreesWithFiles(
          store, where, UPSERTED, cutId, JournalCrashWriterMain.appended(lastBatch));
      upsertsCut += upsertLanded ? 0 : 1;
      upsertsLanded += upsertLanded ? 1 : 0;
      appendsCut += appendLanded ? 0 : 1;
      appendsLanded += appendLanded ? 1 : 0;

      // The same commands then succeed, and leave the new versions whole.
      store.write(
          UPSERTED, JournalCrashWriterMain.batch(lastVersion + 1), JournalCrashWriterMain.UPSERT);
      store.write(cutId, JournalCrashWriterMain.batch(cut), JournalCrashWriterMain.APPEND);
      assertTrue(sameRows(store.read(UPSERTED), JournalCrashWriterMain.batch(lastVersion + 1)));
      assertTrue(sameRows(store.read(cutId), JournalCrashWriterMain.batch(cut)));
      version = lastVersion + 1;
      batches = cut + 1;
    }
    BarStore reopened = BarStore.open(root);
    assertRegistryAgreesWithFiles(reopened, "the end");
    VerifyReport report = reopened.verify();
    assertTrue(report.ok(), "the end: " + report.problems());
    assertTrue(killsMidWrite > 0, "no kill interrupted a write; the test proved nothing");
    System.out.printf(
        "store journal crash test: %d trials in %d ms (%d ms waiting for writers), %d kills left a journal or temp file;"
            + " cut-short upserts: %d rolled back, %d landed; cut-short new datasets: %d rolled"
            + " back, %d landed%n",
        TRIALS,
        (System.nanoTime() - started) / 1_000_000,
        waitingNanos / 1_000_000,
        killsMidWrite,
        upsertsCut,
        upsertsLanded,
        appendsCut,
        appendsLanded);
  }

  private static CrashChild writer(ChildJvm jvm, Path scratch, int trial) throws IOException {
    return new CrashChild(
        jvm, JournalCrashWriterMain.class, scratch.resolve(Integer.toString(trial)).toString());
  }

  /**
   * The registry lists exactly the datasets with files, and the entries of {@code checked} (all if
   * empty) are what a fresh scan of their files gives.
   */
  static void assertRegistryAgreesWithFiles(BarStore store, String where, DatasetId... checked)
      throws IOException {
    Set<String> registered = new TreeSet<>();
    List<DatasetInfo> entries = store.listDatasets();
    entries.forEach(info -> registered.add(info.id().toString()));
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> dirs =
        Files.list(store.root().resolve(JournalCrashWriterMain.PROVIDER).resolve("1h"))) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        DatasetId id =
            new DatasetId(
                JournalCrashWriterMain.PROVIDER,
                "1h",
                dir.getFileName().toString().substring("symbol=".length()));
        if (!DatasetFiles.dataFiles(dir, id.symbol()).isEmpty()) {
          onDisk.add(id.toString());
        }
      }
    }
    assertEquals(onDisk, registered, "datasets in the registry vs on disk, " + where);
    for (DatasetInfo info : entries) {
      if (checked.length > 0 && !List.of(checked).contains(info.id())) {
        continue;
      }
      List<PartitionInfo> scanned = new ArrayList<>();
      Path dir = info.id().directory(store.root());
      for (Path file : DatasetFiles.dataFiles(dir, info.symbol())) {
        scanned.add(DatasetFiles.describe(dir, file, true));
      }
      assertEquals(
          BarStore.entry(info.id(), scanned, Instant.EPOCH).partitions(),
          info.partitions(),
          "registry entry of " + info.id() + " vs its files, " + where);
    }
  }

  /** Journals, their backups, staged temp files and legacy markers. */
  static boolean isLeftover(String name) {
    return name.endsWith(".tmp")
        || name.endsWith(".quarry-backup")
        || name.startsWith(".quarry-journal")
        || name.equals(DatasetFiles.MARKER);
  }

  private long leftovers(Predicate<String> name) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> name.test(p.getFileName().toString())).count();
    }
  }

  /** Row by row, doubles compared by their bits. */
  static boolean sameRows(Table a, Table b) {
    if (a.rowCount() != b.rowCount()) {
      return false;
    }
    for (int i = 0; i < a.rowCount(); i++) {
      if (!a.instantColumn(Bars.TIMESTAMP).get(i).equals(b.instantColumn(Bars.TIMESTAMP).get(i))) {
        return false;
      }
      for (String column : List.of(Bars.OPEN, Bars.HIGH, Bars.LOW, Bars.CLOSE, Bars.VOLUME)) {
        if (Double.doubleToLongBits(a.doubleColumn(column).getDouble(i))
            != Double.doubleToLongBits(b.doubleColumn(column).getDouble(i))) {
          return false;
        }
      }
    }
    return true;
  }
}
