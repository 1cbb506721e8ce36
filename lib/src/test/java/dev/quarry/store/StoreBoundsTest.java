package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Bars the store could write but never read back are refused before anything is written. */
class StoreBoundsTest {
  static final DatasetId BTC = new DatasetId("test", "1d", "BTC-USD");
  @TempDir Path root;
  BarStore store;

  @BeforeEach
  void open() {
    store = BarStore.open(root, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static Table days(Instant start, int rows) {
    return TestBars.regular("days", start, Duration.ofDays(1), rows);
  }

  /** Three stored days, then a table whose row 3 has the given timestamp. */
  private Table storedThenOneAt(Instant at) {
    Table stored = days(Instant.parse("2024-01-01T00:00:00Z"), 3);
    store.write(BTC, stored, WriteOptions.defaults());
    Table bars = days(Instant.parse("2024-02-01T00:00:00Z"), 4);
    bars.instantColumn(Bars.TIMESTAMP).set(3, at);
    return bars;
  }

  private void assertRefusedAtRow3(Instant at, WriteMode mode) {
    Table bars = storedThenOneAt(at);
    BarValidationException e =
        assertThrows(
            BarValidationException.class,
            () -> store.write(BTC, bars, WriteOptions.defaults().withMode(mode)));
    assertEquals(3, e.violations().get(0).row());
    assertEquals("year 0000 to 9999", e.violations().get(0).rule());
    assertTrue(e.getMessage().contains(at.toString()), e.getMessage());
    assertEquals(3, store.read(BTC).rowCount(), "the stored bars are intact");
    assertEquals(3, store.info(BTC).orElseThrow().totalRows());
  }

  @Test
  void aBarAfterYear9999IsRefusedWithItsRowAndNothingIsReplaced() {
    assertRefusedAtRow3(Instant.parse("+12345-01-01T00:00:00Z"), WriteMode.REPLACE);
  }

  @Test
  void aBarBeforeYear0000IsRefusedWithItsRow() {
    // sorted input would put it first; the row number is what counts
    assertRefusedAtRow3(Instant.parse("-0001-12-31T00:00:00Z"), WriteMode.APPEND);
  }

  @Test
  void aHugeEpochMillisecondValueIsRefusedInUpsertMode() {
    // 400000000000000 ms (a milliseconds column read as such) is in the year 14645
    long seconds = 400_000_000_000_000L / 1000;
    assertRefusedAtRow3(Instant.ofEpochSecond(seconds - seconds % 86_400), WriteMode.UPSERT);
  }

  @Test
  void aNegativePriceIsRefusedWithItsRowAndColumnUnlessNegativePricesAreAllowed() {
    Table bars = days(Instant.parse("2024-01-01T00:00:00Z"), 4);
    for (String column : java.util.List.of(Bars.OPEN, Bars.HIGH, Bars.LOW, Bars.CLOSE)) {
      bars.doubleColumn(column).set(2, -5.0 - (column.equals(Bars.HIGH) ? 0 : 1));
    }
    bars.doubleColumn(Bars.LOW).set(2, -7.0);
    BarValidationException e =
        assertThrows(
            BarValidationException.class, () -> store.write(BTC, bars, WriteOptions.defaults()));
    assertEquals(4, e.violations().size(), e.getMessage());
    assertEquals(2, e.violations().get(0).row());
    assertEquals("price >= 0", e.violations().get(0).rule());
    assertTrue(store.info(BTC).isEmpty(), "nothing written");
    WriteResult written =
        store.write(BTC, bars, WriteOptions.defaults().withAllowNegativePrices(true));
    assertEquals(4, written.rowsAdded());
    assertEquals(-6.0, store.read(BTC).doubleColumn(Bars.CLOSE).get(2));
  }

  @Test
  void twentySecondBarsAreRefusedByAMinuteDatasetInEveryMode() {
    DatasetId minutes = new DatasetId("test", "1m", "BTC-USD");
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    store.write(
        minutes, TestBars.regular("m", start, Duration.ofMinutes(1), 60), WriteOptions.defaults());
    Table twenty =
        TestBars.regular("s", start.plus(Duration.ofHours(1)), Duration.ofSeconds(20), 90);
    for (WriteOptions options :
        java.util.List.of(
            WriteOptions.defaults(),
            WriteOptions.defaults().withMode(WriteMode.UPSERT).withCheckIntegrity(false),
            WriteOptions.defaults().withMode(WriteMode.REPLACE))) {
      StoreException e =
          assertThrows(StoreException.class, () -> store.write(minutes, twenty, options));
      assertTrue(e.getMessage().contains("1m grid"), e.getMessage());
    }
    assertEquals(1.0, store.info(minutes).orElseThrow().dataQuality());
    assertEquals(60, store.read(minutes).rowCount());
  }

  @Test
  void twentySecondFilesRegisteredAsMinutesScoreBelowOne() throws java.io.IOException {
    DatasetId seconds = new DatasetId("test", "20s", "BTC-USD");
    store.write(
        seconds,
        TestBars.regular("s", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofSeconds(20), 181),
        WriteOptions.defaults());
    java.nio.file.Files.move(root.resolve("test/20s"), root.resolve("test/1m"));
    DatasetInfo info = store.refreshAll().datasets().get(0);
    assertEquals("1m", info.timeframe());
    assertTrue(info.dataQuality() < 0.5, "quality " + info.dataQuality());
  }
}
