package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * {@link BarStore#adopt}: Parquet files another engine wrote (as Spark does, with parquet-hadoop's
 * own writer) are checked, then moved into the dataset's partitions as one unit.
 */
class AdoptTest {
  private static final DatasetId BTC = new DatasetId("spark", "1h", "BTC-USD");
  private static final Duration HOUR = Duration.ofHours(1);

  /** What the dataset holds before an adoption: 1 January to 9 February 2024. */
  private static final Table OLD =
      WalkBars.walk(Instant.parse("2024-01-01T00:00:00Z"), HOUR, 960, 1);

  /** What another engine wrote: 1 February to 16 March 2024. */
  private static final Table ADOPTED =
      WalkBars.walk(Instant.parse("2024-02-01T00:00:00Z"), HOUR, 1080, 2);

  @TempDir Path base;

  private Path root() {
    return base.resolve("store");
  }

  private Path staging() {
    return base.resolve("spark-out");
  }

  @Test
  void adoptMovesSparksPartFilesIntoMonthlyPartitionsThatReadBackRowForRow() throws IOException {
    BarStore store = BarStore.open(root());
    Map<YearMonth, Path> parts =
        ForeignParquet.sparkFolder(staging(), ForeignParquet.MICROS, ADOPTED);

    DatasetInfo info = store.adopt(BTC, staging());

    assertTrue(StoreJournalCrashTest.sameRows(store.read(BTC), ADOPTED), "rows read back");
    assertEquals(ADOPTED.rowCount(), info.totalRows());
    assertEquals(
        List.of("year=2024/month=02/BTC-USD.parquet", "year=2024/month=03/BTC-USD.parquet"),
        info.partitions().stream().map(PartitionInfo::path).toList());
    assertEquals(info, store.info(BTC).orElseThrow());
    VerifyReport verify = store.verify();
    assertTrue(verify.ok(), verify.summary());
    assertEquals(2, verify.files());
    for (Path part : parts.values()) {
      assertFalse(Files.exists(part), part + " was moved");
    }
    assertTrue(Files.exists(staging().resolve("_SUCCESS")), "_SUCCESS is not adopted");
    // a fresh store (another process) reads the same, and a later upsert merges into the months
    BarStore reopened = BarStore.open(root());
    assertTrue(StoreJournalCrashTest.sameRows(reopened.read(BTC), ADOPTED));
    reopened.write(BTC, ADOPTED.inRange(0, 10), WriteOptions.defaults().withMode(WriteMode.UPSERT));
    assertTrue(StoreJournalCrashTest.sameRows(reopened.read(BTC), ADOPTED));
  }

  @Test
  void adoptedMonthsReplaceTheSameMonthsAndTheDatasetsOtherMonthsStay() throws IOException {
    BarStore store = BarStore.open(root());
    store.write(BTC, OLD, WriteOptions.defaults());
    ForeignParquet.sparkFolder(staging(), ForeignParquet.MICROS, ADOPTED);

    DatasetInfo info = store.adopt(BTC, staging());

    Table january = ForeignParquet.byMonth(OLD).get(YearMonth.of(2024, 1));
    assertTrue(StoreJournalCrashTest.sameRows(store.read(BTC), january.copy().append(ADOPTED)));
    assertEquals(january.rowCount() + ADOPTED.rowCount(), info.totalRows());
    assertEquals(3, info.totalPartitions());
    assertTrue(store.verify().ok(), store.verify().summary());
  }

  @Test
  void duckDbReadsADatasetOfQuarrysMillisecondAndSparksMicrosecondFilesAsOne()
      throws IOException, java.sql.SQLException {
    BarStore store = BarStore.open(root());
    store.write(BTC, OLD, WriteOptions.defaults());
    ForeignParquet.sparkFolder(staging(), ForeignParquet.MICROS, ADOPTED);
    store.adopt(BTC, staging());
    Table expected = store.read(BTC);
    String files = BTC.directory(root()).resolve("*/*/*.parquet").toString().replace("'", "''");

    List<Long> times = new java.util.ArrayList<>();
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement query = db.createStatement();
        java.sql.ResultSet rows =
            query.executeQuery(
                "SELECT epoch_ms(timestamp) FROM read_parquet('"
                    + files
                    + "', hive_partitioning=true) ORDER BY timestamp")) {
      while (rows.next()) {
        times.add(rows.getLong(1));
      }
    }

    List<Long> stored = new java.util.ArrayList<>();
    expected.instantColumn(Bars.TIMESTAMP).forEach(t -> stored.add(t.toEpochMilli()));
    assertEquals(stored, times);
  }

  @Test
  void int96TimestampsAreRefusedWithTheSparkSettingThatAvoidsThem() throws IOException {
    Path part =
        ForeignParquet.sparkFolder(staging(), ForeignParquet.INT96, ADOPTED)
            .values()
            .iterator()
            .next();

    assertRefused(
        part.toString(), "INT96", "spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS");
  }

  @Test
  void aLocalTimestampIsRefusedAsSayingNothingOfTheTimeZone() throws IOException {
    ForeignParquet.sparkFolder(staging(), ForeignParquet.LOCAL_MICROS, ADOPTED);

    assertRefused("local timestamp", "isAdjustedToUTC=true");
  }

  @Test
  void timestampsWithAFractionOfAMillisecondAreRefusedRatherThanCut() throws IOException {
    Path file = staging().resolve("year=2024/month=2/part-00000.parquet");
    ForeignParquet.write(file, ForeignParquet.MICROS, ADOPTED.inRange(0, 100), 250);

    assertRefused(file.toString(), "2024-02-01T00:00:00.000250Z", "fraction of a millisecond");
  }

  @Test
  void aPriceStoredAsAStringIsRefusedNamingTheColumnAndTheCast() throws IOException {
    Path file = staging().resolve("year=2024/month=2/part-00000.parquet");
    ForeignParquet.write(file, ForeignParquet.OPEN_AS_STRING, ADOPTED.inRange(0, 100));

    assertRefused(file.toString(), "column 'open' as BINARY (STRING)", ".cast(\"double\")");
  }

  @Test
  void unsortedRowsAreRefusedNamingTheFirstRowOutOfOrder() throws IOException {
    Table rows = ADOPTED.inRange(0, 100);
    Table swapped =
        rows.inRange(0, 40)
            .append(rows.inRange(41, 42))
            .append(rows.inRange(40, 41))
            .append(rows.inRange(42, 100));
    Path file = staging().resolve("year=2024/month=02/part-00000.parquet");
    ForeignParquet.write(file, ForeignParquet.MICROS, swapped);

    assertRefused(file.toString(), "not in time order: row 41", "sortWithinPartitions");
  }

  @Test
  void aRowOutsideItsFoldersMonthIsRefusedWithItsTimestamp() throws IOException {
    // the last bar of January, in February's folder (a partitioning in local time, say)
    Table rows = OLD.inRange(743, 800);
    Path file = staging().resolve("year=2024/month=2/part-00000.parquet");
    ForeignParquet.write(file, ForeignParquet.MICROS, rows);

    assertRefused(
        file.toString(),
        "month 2024-02",
        "row 0 is at 2024-01-31T23:00:00Z",
        "spark.sql.session.timeZone=UTC");
  }

  @Test
  void twoPartFilesInOneMonthAreRefusedNamingBoth() throws IOException {
    Table february = ForeignParquet.byMonth(ADOPTED).get(YearMonth.of(2024, 2));
    Path folder = staging().resolve("year=2024/month=2");
    Path first =
        ForeignParquet.write(
            folder.resolve("part-00000-a.c000.snappy.parquet"),
            ForeignParquet.MICROS,
            february.inRange(0, 100));
    Path second =
        ForeignParquet.write(
            folder.resolve("part-00001-a.c000.snappy.parquet"),
            ForeignParquet.MICROS,
            february.inRange(100, 200));

    assertRefused("2 data files for 2024-02", first.toString(), second.toString(), "repartition");
  }

  @Test
  void aStagingFolderInsideTheStoreIsRefused() throws IOException {
    BarStore.open(root()).write(BTC, OLD, WriteOptions.defaults());
    Path inside = root().resolve("incoming");
    ForeignParquet.sparkFolder(inside, ForeignParquet.MICROS, ADOPTED);
    Map<String, String> before = tree(root());

    StoreException e =
        assertThrows(StoreException.class, () -> BarStore.open(root()).adopt(BTC, inside));

    assertTrue(e.getMessage().contains("is inside the store"), e.getMessage());
    assertTrue(e.getMessage().contains("outside the store"), e.getMessage());
    assertEquals(before, tree(root()), "the store and the staging folder in it are unchanged");
  }

  @Test
  void aDatasetStoredAsOneFileIsRefusedAndKept() throws IOException {
    BarStore store = BarStore.open(root());
    store.write(BTC, OLD, WriteOptions.defaults().withPartitionByDate(false));
    ForeignParquet.sparkFolder(staging(), ForeignParquet.MICROS, ADOPTED);
    Map<String, String> stagingBefore = tree(staging());
    DatasetInfo before = store.info(BTC).orElseThrow();

    StoreException e = assertThrows(StoreException.class, () -> store.adopt(BTC, staging()));

    assertTrue(e.getMessage().contains("stored as one file"), e.getMessage());
    assertTrue(e.getMessage().contains("partitionByDate=true"), e.getMessage());
    assertEquals(before, store.info(BTC).orElseThrow());
    assertTrue(StoreJournalCrashTest.sameRows(store.read(BTC), OLD));
    assertEquals(stagingBefore, tree(staging()));
  }

  @Test
  void aSparkJobThatHasNotCommittedIsRefused() throws IOException {
    ForeignParquet.sparkFolder(staging(), ForeignParquet.MICROS, ADOPTED);
    Files.createDirectories(staging().resolve("_temporary/0"));

    assertRefused("_temporary", "has not committed");
  }

  @Test
  void barsBreakingTheOhlcvRulesAreRefusedListingTheViolations() throws IOException {
    Table rows = ADOPTED.inRange(0, 100).copy();
    rows.doubleColumn(Bars.HIGH).set(7, rows.doubleColumn(Bars.LOW).getDouble(7) - 1);
    Path file = staging().resolve("year=2024/month=02/part-00000.parquet");
    ForeignParquet.write(file, ForeignParquet.MICROS, rows);
    BarStore store = BarStore.open(root());
    store.write(BTC, OLD, WriteOptions.defaults());
    Map<String, String> before = tree(base);

    BarValidationException e =
        assertThrows(BarValidationException.class, () -> store.adopt(BTC, staging()));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals(7, e.violations().get(0).row());
    assertEquals(before, tree(base));
  }

  @Test
  void anIoErrorAtEachFileOperationLeavesTheDatasetAllOldOrAllNew() throws IOException {
    int[] outcomes = adoptWithAFaultAtEachOperation(false);

    // Before the commit: 2 staged links, the journal, February's backup link, 2 renames, the
    // registry and the commit; after it: the backup, the journal and the 2 staged files deleted.
    assertEquals(8, outcomes[0], "operations before the commit (rolled back)");
    assertEquals(4, outcomes[1], "operations after the commit (landed)");
  }

  @Test
  void aCrashAtEachFileOperationLeavesTheDatasetAllOldOrAllNewAfterReopening() throws IOException {
    int[] outcomes = adoptWithAFaultAtEachOperation(true);

    assertEquals(8, outcomes[0], "crashes before the commit (rolled back on reopening)");
    assertEquals(4, outcomes[1], "crashes after the commit (rolled forward on reopening)");
  }

  /** A process dying in the middle of an operation: nothing catches it, nothing is undone. */
  private static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(String message) {
      super(message);
    }
  }

  /**
   * Adopts February and March into a dataset of January and February, failing the k-th file
   * operation for k = 1, 2, … until the adoption goes through, and checks after each failure that a
   * reopened store holds the dataset all old or all new, agrees with its registry and has no
   * leftovers, and that the staging folder is unchanged when the dataset is old.
   *
   * @param crash throw an {@link Error} that nothing handles (a crash), or an {@link IOException}
   * @return how many failures left the old version, and how many the new
   */
  private int[] adoptWithAFaultAtEachOperation(boolean crash) throws IOException {
    Table january = ForeignParquet.byMonth(OLD).get(YearMonth.of(2024, 1));
    Table adopted = january.copy().append(ADOPTED);
    int[] outcomes = new int[2];
    for (int k = 1; k < 100; k++) {
      AtomicFiles.deleteTree(base);
      BarStore.open(root()).write(BTC, OLD, WriteOptions.defaults());
      ForeignParquet.sparkFolder(staging(), ForeignParquet.MICROS, ADOPTED);
      Map<String, String> stagingBefore = tree(staging());
      String where = (crash ? "crash" : "I/O error") + " at operation " + k;
      try {
        BarStore.open(root(), Clock.systemUTC(), failAt(k, crash)).adopt(BTC, staging());
        assertTrue(StoreJournalCrashTest.sameRows(BarStore.open(root()).read(BTC), adopted));
        return outcomes; // k is past the last operation
      } catch (StoreException e) {
        assertFalse(crash, "a crash is not caught: " + e.getMessage());
        assertTrue(
            e.getMessage().contains("landed") || e.getMessage().contains("nothing was changed"),
            e.getMessage());
      } catch (Crash e) {
        assertTrue(crash);
        // What recovery does for the temp files of a dead process (this one is alive).
        try (Stream<Path> files = Files.walk(root())) {
          for (Path temp : files.filter(AtomicFiles::isTempFile).toList()) {
            Files.delete(temp);
          }
        }
      }
      BarStore reopened = BarStore.open(root());
      Table now = reopened.read(BTC);
      boolean isNew = StoreJournalCrashTest.sameRows(now, adopted);
      if (!isNew && !StoreJournalCrashTest.sameRows(now, OLD)) {
        fail(BTC + " is neither all old nor all new, " + where);
      }
      outcomes[isNew ? 1 : 0]++;
      VerifyReport verify = reopened.verify();
      assertTrue(verify.ok(), where + ": " + verify.summary());
      assertEquals(isNew ? 3 : 2, reopened.info(BTC).orElseThrow().totalPartitions(), where);
      try (Stream<Path> files = Files.walk(root())) {
        assertEquals(
            List.of(),
            files
                .filter(p -> StoreJournalCrashTest.isLeftover(p.getFileName().toString()))
                .toList(),
            "leftovers, " + where);
      }
      Map<String, String> stagingAfter = tree(staging());
      if (isNew) {
        stagingAfter.forEach(
            (file, hash) -> assertEquals(stagingBefore.get(file), hash, file + ", " + where));
      } else {
        assertEquals(stagingBefore, stagingAfter, "staging folder, " + where);
      }
    }
    throw new AssertionError("the adoption never went through");
  }

  private static StoreFaults failAt(int k, boolean crash) {
    AtomicInteger count = new AtomicInteger();
    return (operation, file) -> {
      if (count.incrementAndGet() == k) {
        if (crash) {
          throw new Crash("killed before " + operation + " " + file);
        }
        throw new IOException("Input/output error: " + file);
      }
    };
  }

  /**
   * Adopts {@link #staging()} into a store holding {@link #OLD} and checks that it is refused with
   * every fragment in its message, leaving the store and the staging folder byte for byte as they
   * were.
   */
  private void assertRefused(String... fragments) throws IOException {
    BarStore store = BarStore.open(root());
    store.write(BTC, OLD, WriteOptions.defaults());
    Map<String, String> before = tree(base);

    StoreException e = assertThrows(StoreException.class, () -> store.adopt(BTC, staging()));

    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
    }
    assertTrue(e.getMessage().startsWith("adopt " + BTC + ": "), e.getMessage());
    assertEquals(before, tree(base), "the store and the staging folder are unchanged");
    assertTrue(StoreJournalCrashTest.sameRows(store.read(BTC), OLD));
  }

  /** Every file and folder under {@code dir} (hidden ones too), with each file's SHA-256. */
  static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(dir)) {
      return tree;
    }
    try (Stream<Path> entries = Files.walk(dir)) {
      for (Path entry : entries.toList()) {
        String name = dir.relativize(entry).toString();
        tree.put(name, Files.isDirectory(entry) ? "folder" : DatasetFiles.sha256(entry));
      }
    }
    return tree;
  }
}
