package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * {@link BarStore#scan} and {@link BarStore#refreshAll} check files the store did not write (put in
 * a partition folder by hand or by another engine) as {@link BarStore#adopt} does: a file of the
 * wrong types or with rows in the wrong month is reported, naming it, not registered.
 */
class ForeignFilesTest {
  private static final DatasetId BTC = new DatasetId("hand", "1h", "BTC-USD");
  private static final DatasetId ETH = new DatasetId("hand", "1h", "ETH-USD");
  private static final Table BARS =
      WalkBars.walk(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 960, 3);

  @TempDir Path root;

  private Path february(DatasetId id) {
    return DatasetFiles.partitionFile(id.directory(root), id.symbol(), YearMonth.of(2024, 2));
  }

  @Test
  void scanReportsAnInt96FileWithTheSparkSettingInsteadOfAClassCastException() throws IOException {
    BarStore store = BarStore.open(root);
    store.write(BTC, BARS, WriteOptions.defaults());
    Path file = february(BTC);
    Files.delete(file);
    ForeignParquet.write(
        file, ForeignParquet.INT96, ForeignParquet.byMonth(BARS).get(YearMonth.of(2024, 2)));

    StoreException e = assertThrows(StoreException.class, () -> store.scan(BTC));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("INT96"), e.getMessage());
    assertTrue(
        e.getMessage().contains("spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS"),
        e.getMessage());
  }

  @Test
  void refreshAllReportsARowInTheWrongMonthAsAProblemAndRegistersTheOtherDatasets()
      throws IOException {
    BarStore store = BarStore.open(root);
    store.write(BTC, BARS, WriteOptions.defaults());
    store.write(ETH, BARS, WriteOptions.defaults());
    Path file = february(BTC);
    Files.delete(file);
    // February's folder with the last bar of January in it
    ForeignParquet.write(file, ForeignParquet.MICROS, BARS.inRange(743, 960));

    RefreshReport report = store.refreshAll();

    assertEquals(List.of(ETH), report.datasets().stream().map(DatasetInfo::id).toList());
    assertEquals(1, report.problems().size(), report.summary());
    RefreshReport.Problem problem = report.problems().get(0);
    assertEquals(BTC, problem.dataset());
    assertEquals(file, problem.file());
    assertTrue(problem.reason().contains("row 0 is at 2024-01-31T23:00:00Z"), problem.reason());
    assertTrue(problem.reason().contains("month 2024-02"), problem.reason());
  }

  @Test
  void refreshAllReportsUnsortedRowsAndAStringPriceNamingEachFile() throws IOException {
    BarStore store = BarStore.open(root);
    store.write(BTC, BARS, WriteOptions.defaults());
    store.write(ETH, BARS, WriteOptions.defaults());
    Table feb = ForeignParquet.byMonth(BARS).get(YearMonth.of(2024, 2));
    Files.delete(february(BTC));
    ForeignParquet.write(
        february(BTC),
        ForeignParquet.MICROS,
        feb.inRange(1, 2).append(feb.inRange(0, 1)).append(feb.inRange(2, 4)));
    Files.delete(february(ETH));
    ForeignParquet.write(february(ETH), ForeignParquet.OPEN_AS_STRING, feb);

    RefreshReport report = store.refreshAll();

    assertEquals(2, report.problems().size(), report.summary());
    assertEquals(february(BTC), report.problems().get(0).file());
    assertTrue(report.problems().get(0).reason().contains("not in time order: row 1"));
    assertEquals(february(ETH), report.problems().get(1).file());
    assertTrue(
        report.problems().get(1).reason().contains("column 'open' as BINARY (STRING)"),
        report.problems().get(1).reason());
  }

  @Test
  void aGoodFileInSparksMicrosecondsPutInByHandIsRegisteredAndReadsBackExactly()
      throws IOException {
    BarStore store = BarStore.open(root);
    Table january = ForeignParquet.byMonth(BARS).get(YearMonth.of(2024, 1));
    store.write(BTC, january, WriteOptions.defaults());
    Table feb = ForeignParquet.byMonth(BARS).get(YearMonth.of(2024, 2));
    ForeignParquet.write(february(BTC), ForeignParquet.MICROS, feb);

    RefreshReport report = store.refreshAll();

    assertTrue(report.ok(), report.summary());
    assertEquals(BARS.rowCount(), store.info(BTC).orElseThrow().totalRows());
    assertTrue(StoreJournalCrashTest.sameRows(store.read(BTC), BARS));
    assertTrue(store.verify().ok(), store.verify().summary());
  }
}
