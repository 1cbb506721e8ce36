package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class BarStoreTest {
  static final DatasetId BTC = new DatasetId("test", "1h", "BTC-USD");
  @TempDir Path root;
  BarStore store;

  @BeforeEach
  void open() {
    store = BarStore.open(root, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static double[] close(Table t) {
    return t.doubleColumn(Bars.CLOSE).asDoubleArray();
  }

  @Test
  void writesHivePartitionsByMonthAndReadsThemBackInOrder() {
    Table bars = WalkBars.hours(72, 1); // Jan 30 00:00 → Feb 1 23:00
    WriteResult result = store.write(BTC, bars, WriteOptions.defaults());
    assertEquals(
        List.of("year=2024/month=01/BTC-USD.parquet", "year=2024/month=02/BTC-USD.parquet"),
        result.partitionsWritten());
    assertTrue(
        Files.isRegularFile(
            root.resolve("test/1h/symbol=BTC-USD/year=2024/month=01/BTC-USD.parquet")));
    Table back = store.read(BTC);
    assertEquals(72, back.rowCount());
    assertArrayEquals(close(bars), close(back));
    assertEquals(
        bars.instantColumn(Bars.TIMESTAMP).asList(), back.instantColumn(Bars.TIMESTAMP).asList());
    DatasetInfo info = store.info(BTC).orElseThrow();
    assertEquals(72, info.totalRows());
    assertEquals(2, info.totalPartitions());
    assertEquals(1.0, info.dataQuality());
    assertEquals(Instant.parse("2024-02-01T23:00:00Z"), info.lastDate());
  }

  @Test
  void noSidecarOrTempFileEndsInParquet() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    try (Stream<Path> files = Files.walk(root)) {
      List<String> names =
          files
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString())
              .sorted()
              .toList();
      assertEquals(
          List.of(
              "catalog.json",
              "test/1h/symbol=BTC-USD/.lock",
              "test/1h/symbol=BTC-USD/year=2024/month=01/BTC-USD.parquet",
              "test/1h/symbol=BTC-USD/year=2024/month=02/BTC-USD.parquet"),
          names.stream().filter(n -> !n.equals(".catalog.lock")).toList());
    }
  }

  @Test
  void readPrunesByRangeProjectsColumnsAndReturnsAnEmptyTableOutsideTheData() {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Table feb =
        store.read(
            BTC,
            Instant.parse("2024-02-01T00:00:00Z"),
            Instant.parse("2024-02-01T03:00:00Z"),
            "close",
            "timestamp");
    assertEquals(List.of("close", "timestamp"), feb.columnNames());
    assertEquals(3, feb.rowCount());
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), feb.instantColumn("timestamp").get(0));
    Table none =
        store.read(
            BTC, Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-02-01T00:00:00Z"));
    assertEquals(0, none.rowCount());
    assertEquals(BarValidator.COLUMNS, none.columnNames());
    assertThrows(StoreException.class, () -> store.read(BTC, Instant.EPOCH, Instant.MAX, "vwap"));
    StoreException missing =
        assertThrows(
            StoreException.class, () -> store.read(new DatasetId("test", "1h", "ETH-USD")));
    assertTrue(missing.getMessage().contains("no dataset test/1h/ETH-USD"), missing.getMessage());
  }

  @Test
  void appendAddsRowsAndRefusesAStoredTimestamp() {
    Table bars = WalkBars.hours(72, 1);
    store.write(BTC, bars.inRange(0, 40), WriteOptions.defaults());
    WriteResult second = store.write(BTC, bars.inRange(40, 72), WriteOptions.defaults());
    assertEquals(32, second.rowsAdded());
    assertArrayEquals(close(bars), close(store.read(BTC)));
    BarValidationException e =
        assertThrows(
            BarValidationException.class,
            () -> store.write(BTC, bars.inRange(70, 72), WriteOptions.defaults()));
    assertTrue(
        e.getMessage().contains("already stored with the same values; turn on deduplicate"),
        e.getMessage());
    assertEquals(2, e.violations().size());
    assertEquals(72, store.read(BTC).rowCount());
  }

  @Test
  void deduplicateDropsExactDuplicatesButNotDifferingRows() {
    Table bars = WalkBars.hours(72, 1);
    store.write(BTC, bars.inRange(0, 50), WriteOptions.defaults());
    WriteResult result =
        store.write(BTC, bars.inRange(40, 72), WriteOptions.defaults().withDeduplicate(true));
    assertEquals(10, result.duplicatesDropped());
    assertEquals(22, result.rowsAdded());
    assertArrayEquals(close(bars), close(store.read(BTC)));
    Table changed = bars.inRange(60, 61).copy();
    changed.doubleColumn(Bars.HIGH).set(0, changed.doubleColumn(Bars.HIGH).getDouble(0) + 1);
    BarValidationException e =
        assertThrows(
            BarValidationException.class,
            () -> store.write(BTC, changed, WriteOptions.defaults().withDeduplicate(true)));
    assertTrue(e.getMessage().contains("different values; use mode upsert"), e.getMessage());
  }

  @Test
  void upsertReplacesRowsWithSameTimestampAndKeepsTheOthers() {
    Table bars = WalkBars.hours(72, 1);
    store.write(BTC, bars, WriteOptions.defaults());
    // Modified real rows: shift rows 30..39 up by 5 (still valid bars), plus 5 new hours after the
    // end.
    Table modified = bars.inRange(30, 40).copy();
    for (String c : List.of(Bars.OPEN, Bars.HIGH, Bars.LOW, Bars.CLOSE)) {
      tech.tablesaw.api.DoubleColumn column = modified.doubleColumn(c);
      for (int row = 0; row < column.size(); row++) {
        column.set(row, column.getDouble(row) + 5.0);
      }
    }
    Table more =
        WalkBars.walk(Instant.parse("2024-02-02T00:00:00Z"), java.time.Duration.ofHours(1), 5, 9);
    Table update = modified.append(more);
    WriteResult result =
        store.write(BTC, update, WriteOptions.defaults().withMode(WriteMode.UPSERT));
    assertEquals(10, result.rowsReplaced());
    assertEquals(5, result.rowsAdded());
    Table back = store.read(BTC);
    assertEquals(77, back.rowCount());
    for (int i = 0; i < 72; i++) {
      double expected = bars.doubleColumn(Bars.CLOSE).getDouble(i) + (i >= 30 && i < 40 ? 5 : 0);
      assertEquals(expected, back.doubleColumn(Bars.CLOSE).getDouble(i), 1e-12, "row " + i);
    }
    assertEquals(
        more.doubleColumn(Bars.CLOSE).getDouble(4), back.doubleColumn(Bars.CLOSE).getDouble(76));
  }

  @Test
  void replaceReplacesTheWholeDatasetAndDeletesUncoveredPartitions() {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Table january =
        WalkBars.walk(Instant.parse("2024-01-05T00:00:00Z"), java.time.Duration.ofHours(1), 10, 3);
    WriteResult result =
        store.write(BTC, january, WriteOptions.defaults().withMode(WriteMode.REPLACE));
    assertEquals(List.of("year=2024/month=02/BTC-USD.parquet"), result.partitionsDeleted());
    assertEquals(72, result.rowsReplaced());
    assertArrayEquals(close(january), close(store.read(BTC)));
    assertFalse(Files.exists(root.resolve("test/1h/symbol=BTC-USD/year=2024/month=02")));
  }

  @Test
  void eachOhlcvRuleIsReportedWithRowColumnRuleAndValueAndNothingIsWritten() {
    Table bars = WalkBars.hours(10, 1);
    bars.doubleColumn(Bars.HIGH).set(1, bars.doubleColumn(Bars.OPEN).getDouble(1) - 50);
    bars.doubleColumn(Bars.LOW).set(2, bars.doubleColumn(Bars.OPEN).getDouble(2) + 50);
    bars.doubleColumn(Bars.VOLUME).set(3, -1.0);
    bars.doubleColumn(Bars.CLOSE).set(4, Double.POSITIVE_INFINITY);
    bars.doubleColumn(Bars.OPEN).set(5, Double.NaN);
    bars.instantColumn(Bars.TIMESTAMP).set(7, bars.instantColumn(Bars.TIMESTAMP).get(6));
    bars.instantColumn(Bars.TIMESTAMP).set(9, Instant.parse("2024-01-01T00:00:00Z"));
    BarValidationException e =
        assertThrows(
            BarValidationException.class, () -> store.write(BTC, bars, WriteOptions.defaults()));
    List<String> rules =
        e.violations().stream().map(v -> v.row() + " " + v.column() + " " + v.rule()).toList();
    assertEquals(
        List.of(
            "1 high high >= max(open, close)",
            "2 low low <= min(open, close)",
            "3 volume volume >= 0",
            "4 close finite",
            "5 open finite",
            "7 timestamp timestamps unique",
            "9 timestamp timestamps sorted"),
        rules);
    assertTrue(
        e.getMessage().contains("row 3, column volume, rule volume >= 0: -1.0"), e.getMessage());
    assertFalse(Files.exists(BTC.directory(root)));
    assertTrue(store.listDatasets().isEmpty());
  }

  @Test
  void schemaProblemsAreNamed() {
    Table noVolume = WalkBars.hours(3, 1).removeColumns(Bars.VOLUME);
    StoreException e =
        assertThrows(
            StoreException.class, () -> store.write(BTC, noVolume, WriteOptions.defaults()));
    assertTrue(e.getMessage().contains("bars have no column 'volume'"), e.getMessage());
    Table extra = WalkBars.hours(3, 1);
    extra.addColumns(tech.tablesaw.api.IntColumn.create("trades", 3));
    assertTrue(
        assertThrows(StoreException.class, () -> store.write(BTC, extra, WriteOptions.defaults()))
            .getMessage()
            .contains("unexpected column 'trades'"));
    Table wrongType = WalkBars.hours(3, 1);
    wrongType.replaceColumn(
        Bars.OPEN, tech.tablesaw.api.FloatColumn.create(Bars.OPEN, new float[] {1, 2, 3}));
    assertTrue(
        assertThrows(
                StoreException.class, () -> store.write(BTC, wrongType, WriteOptions.defaults()))
            .getMessage()
            .contains("column 'open' is a FloatColumn; expected a DoubleColumn"));
  }

  @Test
  void pathTraversalSymbolsAndBadNamesAreRejected() {
    for (String symbol : List.of("../../etc", "..", "a/b", "a\\b", ".hidden", "", "BTC USD")) {
      assertThrows(StoreException.class, () -> new DatasetId("test", "1h", symbol), symbol);
    }
    assertThrows(StoreException.class, () -> new DatasetId("../x", "1h", "A"));
    assertThrows(StoreException.class, () -> new DatasetId("test", "../1h", "A"));
    assertThrows(StoreException.class, () -> new DatasetId("test", "7x", "A"));
  }

  @Test
  void verifyCatchesAFlippedByteAndNamesTheFile() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    assertTrue(store.verify().ok());
    Path file = root.resolve("test/1h/symbol=BTC-USD/year=2024/month=02/BTC-USD.parquet");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    VerifyReport report = store.verify();
    assertFalse(report.ok());
    assertEquals(1, report.problems().size());
    assertTrue(report.problems().get(0).startsWith(file + ": SHA-256 "), report.problems().get(0));
  }

  @Test
  void corruptParquetFileGivesAClearErrorAndNoDataLoss() throws IOException {
    Table bars = WalkBars.hours(72, 1);
    store.write(BTC, bars, WriteOptions.defaults());
    Path file = root.resolve("test/1h/symbol=BTC-USD/year=2024/month=02/BTC-USD.parquet");
    byte[] good = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
    StoreException read = assertThrows(StoreException.class, () -> store.read(BTC));
    assertTrue(read.getMessage().contains(file.toString()), read.getMessage());
    Table more =
        WalkBars.walk(Instant.parse("2024-02-05T00:00:00Z"), java.time.Duration.ofHours(1), 3, 4);
    StoreException write =
        assertThrows(StoreException.class, () -> store.write(BTC, more, WriteOptions.defaults()));
    assertTrue(write.getMessage().contains(file.toString()), write.getMessage());
    byte[] january =
        Files.readAllBytes(
            root.resolve("test/1h/symbol=BTC-USD/year=2024/month=01/BTC-USD.parquet"));
    assertEquals(
        48,
        store
            .read(BTC, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"))
            .rowCount());
    assertArrayEquals(
        java.util.Arrays.copyOf(good, good.length / 2),
        Files.readAllBytes(file),
        "the damaged file is left as it was");
    assertTrue(january.length > 0);
  }

  @Test
  void corruptCatalogGivesAClearErrorKeepsTheDataAndRefreshAllRebuildsIt() throws IOException {
    Table bars = WalkBars.hours(72, 1);
    store.write(BTC, bars, WriteOptions.defaults());
    Path catalog = root.resolve("catalog.json");
    Files.writeString(catalog, "{ \"format\": \"quarry-catalog/1\", \"datasets\": [ {");
    StoreException e = assertThrows(StoreException.class, () -> store.listDatasets());
    assertTrue(
        e.getMessage().contains("is corrupt") && e.getMessage().contains("inventory --refresh"),
        e.getMessage());
    Table more =
        WalkBars.walk(Instant.parse("2024-02-05T00:00:00Z"), java.time.Duration.ofHours(1), 3, 4);
    assertThrows(StoreException.class, () -> store.write(BTC, more, WriteOptions.defaults()));
    assertArrayEquals(close(bars), close(store.read(BTC)), "data untouched");
    List<DatasetInfo> rebuilt = store.refreshAll().datasets();
    assertEquals(1, rebuilt.size());
    assertEquals(72, rebuilt.get(0).totalRows());
    assertTrue(Files.exists(root.resolve("catalog.json.corrupt")));
    assertTrue(store.verify().ok());
  }

  @Test
  void registryListsFiltersAndTotalsDatasets() {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    DatasetId eth = new DatasetId("other", "1h", "ETH-USD");
    store.write(eth, WalkBars.hours(10, 2), WriteOptions.defaults().withPartitionByDate(false));
    assertTrue(Files.isRegularFile(root.resolve("other/1h/symbol=ETH-USD/ETH-USD.parquet")));
    assertEquals(2, store.listDatasets().size());
    assertEquals(
        List.of(eth),
        store.listDatasets(DatasetFilter.all().provider("other")).stream()
            .map(DatasetInfo::id)
            .toList());
    Inventory inventory = store.quickInventory();
    assertEquals(2, inventory.datasets());
    assertEquals(82, inventory.rows());
    StoreException layout =
        assertThrows(
            StoreException.class,
            () ->
                store.write(
                    eth,
                    WalkBars.walk(
                        Instant.parse("2024-03-01T00:00:00Z"), java.time.Duration.ofHours(1), 2, 5),
                    WriteOptions.defaults()));
    assertTrue(layout.getMessage().contains("stored as one file per symbol"), layout.getMessage());
  }

  @Test
  void sameWriteGivesByteIdenticalFilesAndRegistry() throws IOException {
    Path other = root.resolve("other-store");
    BarStore second =
        BarStore.open(other, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    Table bars = WalkBars.hours(72, 1);
    store.write(BTC, bars, WriteOptions.defaults());
    second.write(BTC, bars, WriteOptions.defaults());
    for (String file :
        List.of("test/1h/symbol=BTC-USD/year=2024/month=01/BTC-USD.parquet", "catalog.json")) {
      assertArrayEquals(
          Files.readAllBytes(root.resolve(file)), Files.readAllBytes(other.resolve(file)), file);
    }
  }

  @Test
  void anInterruptedWriteIsReconciledWhenTheStoreIsNextOpened() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Path dir = BTC.directory(root);
    // As if a replace had deleted February and died before updating the registry.
    Files.writeString(dir.resolve(".writing"), BTC.toString());
    Files.delete(dir.resolve("year=2024/month=02/BTC-USD.parquet"));
    assertFalse(store.verify().ok());
    BarStore reopened = BarStore.open(root);
    assertEquals(48, reopened.info(BTC).orElseThrow().totalRows());
    assertEquals(1, reopened.info(BTC).orElseThrow().totalPartitions());
    assertFalse(Files.exists(dir.resolve(".writing")));
    assertTrue(reopened.verify().ok());
  }

  @Test
  void aStoreWithAnInterruptedWriteAndACorruptRegistryStillOpensAndRefreshRepairsIt()
      throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Path dir = BTC.directory(root);
    Files.writeString(dir.resolve(".writing"), BTC.toString());
    Files.writeString(root.resolve("catalog.json"), "not json");
    BarStore reopened = BarStore.open(root);
    assertThrows(StoreException.class, reopened::listDatasets);
    assertEquals(72, reopened.refreshAll().datasets().get(0).totalRows());
    assertFalse(Files.exists(dir.resolve(".writing")));
    assertEquals(72, reopened.read(BTC).rowCount());
  }
}
