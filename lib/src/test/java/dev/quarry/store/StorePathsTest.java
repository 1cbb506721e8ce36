package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Symbolic links cannot take the store's reads and writes, or an export, across its root. */
class StorePathsTest {
  static final DatasetId BTC = BarStoreTest.BTC;
  @TempDir Path temp;
  Path root;
  Path elsewhere;
  BarStore store;

  @BeforeEach
  void open() throws IOException {
    root = Files.createDirectories(temp.resolve("store"));
    elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    store = BarStore.open(root);
  }

  private long filesElsewhere() throws IOException {
    try (Stream<Path> files = Files.walk(elsewhere)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void aWriteIntoADatasetFolderLinkedOutsideTheStoreIsRefusedAndWritesNothingThere()
      throws IOException {
    Files.createDirectories(root.resolve("test/1h"));
    Files.createSymbolicLink(root.resolve("test/1h/symbol=BTC-USD"), elsewhere);
    StoreException e =
        assertThrows(
            StoreException.class,
            () -> store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults()));
    assertTrue(e.getMessage().contains("outside the store"), e.getMessage());
    assertEquals(0, filesElsewhere());
  }

  @Test
  void aWriteThroughALinkedProviderFolderIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("test"), elsewhere);
    assertThrows(
        StoreException.class,
        () -> store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults()));
    assertEquals(0, filesElsewhere());
  }

  @Test
  void aWriteIntoAMonthFolderLinkedOutsideTheStoreIsRefused() throws IOException {
    store.write(BTC, WalkBars.hours(24, 1), WriteOptions.defaults()); // January only
    Files.createDirectories(root.resolve("test/1h/symbol=BTC-USD/year=2024"));
    Files.createSymbolicLink(root.resolve("test/1h/symbol=BTC-USD/year=2024/month=02"), elsewhere);
    assertThrows(
        StoreException.class,
        () ->
            store.write(
                BTC, WalkBars.hours(72, 1), WriteOptions.defaults().withMode(WriteMode.UPSERT)));
    assertEquals(0, filesElsewhere());
  }

  @Test
  void aReadThroughALinkedDatasetFolderIsRefused() throws IOException {
    Path other = BarStore.open(elsewhere).root();
    BarStore.open(other).write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Files.createDirectories(root.resolve("test/1h"));
    Files.createSymbolicLink(
        root.resolve("test/1h/symbol=BTC-USD"), other.resolve("test/1h/symbol=BTC-USD"));
    StoreException e = assertThrows(StoreException.class, () -> store.read(BTC));
    assertTrue(e.getMessage().contains("outside the store"), e.getMessage());
  }

  @Test
  void aReadOfAMonthWhoseFolderIsLinkedOutsideTheStoreIsRefusedAndTheOtherMonthsRead()
      throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults()); // 30 Jan – 2 Feb 2024
    Path february = root.resolve("test/1h/symbol=BTC-USD/year=2024/month=02");
    Path moved = elsewhere.resolve("month=02");
    Files.move(february, moved);
    Files.createSymbolicLink(february, moved);
    Instant feb = Instant.parse("2024-02-01T00:00:00Z");

    StoreException e = assertThrows(StoreException.class, () -> store.read(BTC, feb, Instant.MAX));
    assertTrue(e.getMessage().contains("outside the store"), e.getMessage());
    assertEquals(48, store.read(BTC, Instant.MIN, feb).rowCount()); // January: no link on the way
    assertThrows(StoreException.class, () -> store.read(BTC)); // all of it goes through the link
  }

  @Test
  void aRangeWithoutAPartitionGivesNoBarsNotAMissingDataset() {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Table none =
        store.read(
            BTC, Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-02-01T00:00:00Z"));
    assertEquals(0, none.rowCount());
    assertEquals(BarValidator.COLUMNS, none.columnNames());
  }

  @Test
  void refreshAllReportsADatasetLinkedOutsideTheStoreAndDoesNotRegisterIt() throws IOException {
    Path other = BarStore.open(elsewhere).root();
    BarStore.open(other).write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Files.createDirectories(root.resolve("test/1h"));
    Files.createSymbolicLink(
        root.resolve("test/1h/symbol=BTC-USD"), other.resolve("test/1h/symbol=BTC-USD"));
    RefreshReport report = store.refreshAll();
    assertEquals(List.of(), report.datasets());
    assertEquals(1, report.problems().size());
    assertTrue(report.problems().get(0).reason().contains("outside the store"), report.toString());
  }

  @Test
  void anExportTargetInsideTheStoreIsRefusedEvenThroughALink() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    assertThrows(StoreException.class, () -> store.requireOutside(root.resolve("catalog.json")));
    Path partition = BTC.directory(root).resolve("year=2024/month=01/BTC-USD.parquet");
    assertThrows(StoreException.class, () -> store.requireOutside(partition));
    Path link = Files.createSymbolicLink(elsewhere.resolve("into-store"), BTC.directory(root));
    StoreException e =
        assertThrows(
            StoreException.class,
            () -> store.requireOutside(link.resolve("year=2024/month=01/BTC-USD.parquet")));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    Path outside = elsewhere.resolve("bars.csv");
    assertEquals(outside, store.requireOutside(outside));
    assertFalse(Files.exists(outside));
  }
}
