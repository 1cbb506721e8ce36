package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Issue 12: a write of a dataset is all-or-nothing across its partitions when a file operation
 * fails (a full disk, an I/O error) at each possible step, and a refresh during a write leaves the
 * registry agreeing with the files.
 */
class StoreWriteJournalTest {
  private static final DatasetId UPSERTED = JournalCrashWriterMain.UPSERTED;
  private static final DatasetId FRESH = JournalCrashWriterMain.appended(0);

  @TempDir Path root;

  /** Fails the k-th operation of the given kind (any kind if null) with {@code message}. */
  private static StoreFaults failAt(int k, StoreFaults.Operation kind, String message) {
    AtomicInteger count = new AtomicInteger();
    return (operation, file) -> {
      if ((kind == null || operation == kind) && count.incrementAndGet() == k) {
        throw new IOException(message + ": " + file);
      }
    };
  }

  private BarStore store(StoreFaults faults) {
    return BarStore.open(root, Clock.systemUTC(), faults);
  }

  @Test
  void aFullDiskAtEachWriteOfAnUpsertLeavesEveryPartitionOldAndSaysTheDiskIsFull()
      throws IOException {
    store(StoreFaults.NONE)
        .write(UPSERTED, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.UPSERT);
    DatasetInfo before = store(StoreFaults.NONE).info(UPSERTED).orElseThrow();
    int failures = 0;
    for (int k = 1; ; k++) {
      BarStore full = store(failAt(k, StoreFaults.Operation.WRITE, "No space left on device"));
      try {
        full.write(UPSERTED, JournalCrashWriterMain.batch(1), JournalCrashWriterMain.UPSERT);
      } catch (StoreException e) {
        failures++;
        String where = "full disk at write " + k;
        assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertTrue(e.getMessage().contains(UPSERTED.toString()), e.getMessage());
        assertAllOf(0, where);
        assertEquals(before, full.info(UPSERTED).orElseThrow(), "registry, " + where);
        assertNoLeftovers(where);
        continue;
      }
      assertAllOf(1, "after the write that found space");
      break;
    }
    // Four staged partition files, the journal and the registry.
    assertEquals(6, failures, "writes that could fail");
  }

  @Test
  void aFullDiskAtEachWriteOfANewDatasetLeavesNoDatasetAndTheSameWriteThenSucceeds()
      throws IOException {
    int failures = 0;
    for (int k = 1; ; k++) {
      BarStore full = store(failAt(k, StoreFaults.Operation.WRITE, "No space left on device"));
      try {
        full.write(FRESH, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.APPEND);
      } catch (StoreException e) {
        failures++;
        String where = "full disk at write " + k;
        assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
        assertTrue(
            DatasetFiles.dataFiles(FRESH.directory(root), FRESH.symbol()).isEmpty(),
            "no data file, " + where);
        assertTrue(full.info(FRESH).isEmpty(), "no registry entry, " + where);
        assertNoLeftovers(where);
        continue;
      }
      break;
    }
    assertEquals(6, failures, "writes that could fail");
    assertTrue(
        StoreJournalCrashTest.sameRows(
            store(StoreFaults.NONE).read(FRESH), JournalCrashWriterMain.batch(0)));
  }

  @Test
  void anIoErrorAtAnyFileOperationLeavesTheDatasetAllOldOrAllNew() throws IOException {
    store(StoreFaults.NONE)
        .write(UPSERTED, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.UPSERT);
    int rolledBack = 0;
    int landed = 0;
    for (int k = 1; ; k++) {
      BarStore failing = store(failAt(k, null, "Input/output error"));
      String where = "I/O error at operation " + k;
      try {
        failing.write(UPSERTED, JournalCrashWriterMain.batch(1), JournalCrashWriterMain.UPSERT);
        break; // k is past the last operation
      } catch (StoreException e) {
        if (e.getMessage().contains("landed")) {
          landed++;
          assertAllOf(1, where);
          store(StoreFaults.NONE); // the clean-up's leftovers go on the next open
        } else {
          rolledBack++;
          assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
          assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
          assertAllOf(0, where);
        }
        assertNoLeftovers(where);
        StoreJournalCrashTest.assertRegistryAgreesWithFiles(store(StoreFaults.NONE), where);
      }
      // Put version 0 back for the next operation.
      store(StoreFaults.NONE)
          .write(UPSERTED, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.UPSERT);
    }
    // Before the commit: 4 staged files, the journal, 4 backups, 4 renames, the registry, the
    // commit; after it: 4 backups and the journal deleted.
    assertEquals(15, rolledBack, "operations before the commit");
    assertEquals(5, landed, "operations after the commit");
  }

  @Test
  void aRefreshDuringAWriteWaitsForItSoTheRegistryAgreesWithTheFiles() throws Exception {
    store(StoreFaults.NONE)
        .write(UPSERTED, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.UPSERT);
    BarStore refresher = store(StoreFaults.NONE);
    CountDownLatch switching = new CountDownLatch(1);
    CompletableFuture<RefreshReport> refresh = new CompletableFuture<>();
    AtomicInteger renames = new AtomicInteger();
    StoreFaults pauseMidSwitch =
        (operation, file) -> {
          if (operation == StoreFaults.Operation.RENAME && renames.incrementAndGet() == 4) {
            // Half the partitions are switched: start a refresh and give it time to scan.
            new Thread(
                    () -> {
                      switching.countDown();
                      try {
                        refresh.complete(refresher.refreshAll());
                      } catch (RuntimeException e) {
                        refresh.completeExceptionally(e);
                      }
                    })
                .start();
            try {
              assertTrue(switching.await(10, TimeUnit.SECONDS));
              Thread.sleep(300);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("interrupted", e);
            }
            assertFalse(refresh.isDone(), "the refresh did not wait for the writer's lock");
          }
        };

    store(pauseMidSwitch)
        .write(UPSERTED, JournalCrashWriterMain.batch(1), JournalCrashWriterMain.UPSERT);
    RefreshReport report = refresh.get(30, TimeUnit.SECONDS);

    assertTrue(report.ok(), report.summary());
    assertAllOf(1, "after the write and the refresh");
    StoreJournalCrashTest.assertRegistryAgreesWithFiles(store(StoreFaults.NONE), "after both");
  }

  @Test
  void aDamagedJournalStopsTheWriteAndSaysWhatToDo() throws IOException {
    BarStore store = store(StoreFaults.NONE);
    store.write(UPSERTED, JournalCrashWriterMain.batch(0), JournalCrashWriterMain.UPSERT);
    Files.writeString(UPSERTED.directory(root).resolve(WriteJournal.PREPARED), "{not json");

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                store.write(
                    UPSERTED, JournalCrashWriterMain.batch(1), JournalCrashWriterMain.UPSERT));

    assertTrue(e.getMessage().contains("journal"), e.getMessage());
    assertTrue(e.getMessage().contains("inventory --refresh"), e.getMessage());
    // a read refuses too (it cannot tell whether a write was switching the files) …
    StoreException read = assertThrows(StoreException.class, () -> store.read(UPSERTED));
    assertTrue(read.getMessage().contains("journal"), read.getMessage());
    // … until the journal is dealt with as the message says: the files are the old version
    Files.delete(UPSERTED.directory(root).resolve(WriteJournal.PREPARED));
    assertAllOf(0, "after the refused write");
  }

  private void assertAllOf(int version, String where) {
    Table stored = store(StoreFaults.NONE).read(UPSERTED);
    if (!StoreJournalCrashTest.sameRows(stored, JournalCrashWriterMain.batch(version))) {
      fail(UPSERTED + " is not all version " + version + ", " + where);
    }
  }

  private void assertNoLeftovers(String where) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      assertEquals(
          java.util.List.of(),
          files.filter(p -> StoreJournalCrashTest.isLeftover(p.getFileName().toString())).toList(),
          "leftovers, " + where);
    }
  }
}
