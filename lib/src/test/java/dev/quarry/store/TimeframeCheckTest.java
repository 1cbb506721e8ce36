package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class TimeframeCheckTest {
  @TempDir Path root;

  @Test
  void dailyBarsWrittenToAOneMinuteDatasetAreRefusedAndNothingIsWritten() throws IOException {
    BarStore store = BarStore.open(root);
    DatasetId minutes = new DatasetId("csv", "1m", "SPY");
    Table days =
        TestBars.regular("SPY", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofDays(1), 30);
    StoreException e =
        assertThrows(
            StoreException.class, () -> store.write(minutes, days, WriteOptions.defaults()));
    assertTrue(e.getMessage().contains("the bars are 1 day apart (timeframe 1d)"), e.getMessage());
    assertTrue(e.getMessage().contains("the dataset's timeframe is 1m"), e.getMessage());
    assertTrue(e.getMessage().contains("csv/1d/SPY (ingest --timeframe 1d)"), e.getMessage());
    try (Stream<Path> files = Files.walk(root)) {
      assertFalse(files.anyMatch(f -> f.toString().endsWith(".parquet")));
    }
    assertTrue(store.listDatasets().isEmpty());
  }

  @Test
  void hourlyBarsOffTheHourAreRefused() {
    BarStore store = BarStore.open(root);
    Table shifted =
        TestBars.regular("BTC", Instant.parse("2024-01-01T00:30:00Z"), Duration.ofHours(1), 5);
    StoreException e =
        assertThrows(
            StoreException.class,
            () -> store.write(new DatasetId("t", "1h", "BTC"), shifted, WriteOptions.defaults()));
    assertTrue(e.getMessage().contains("5 of 5 bars do not start on the 1h grid"), e.getMessage());
    assertTrue(e.getMessage().contains("row 0: 2024-01-01T00:30:00Z"), e.getMessage());
  }

  @Test
  void scatteredCorrectionsUpsertIntoAnHourlyDataset() {
    BarStore store = BarStore.open(root);
    DatasetId id = new DatasetId("t", "1h", "BTC");
    Table hours =
        TestBars.regular("BTC", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 48);
    store.write(id, hours, WriteOptions.defaults());
    Table corrections =
        hours.inRange(3, 4).append(hours.inRange(10, 11)).append(hours.inRange(40, 41));
    WriteResult result =
        store.write(id, corrections, WriteOptions.defaults().withMode(WriteMode.UPSERT));
    assertEquals(3, result.rowsReplaced());
    assertEquals(48, result.info().totalRows());
  }

  @Test
  void missingBarsKeepTheTimeframeAndAreStored() {
    BarStore store = BarStore.open(root);
    Table hours =
        TestBars.regular("BTC", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 10);
    Table gappy = hours.inRange(0, 4).append(hours.inRange(7, 10));
    DatasetId id = new DatasetId("t", "1h", "BTC");
    assertEquals(7, store.write(id, gappy, WriteOptions.defaults()).info().totalRows());
  }

  @Test
  void sparseMinuteBarsOfAnIlliquidSymbolAreStoredWhenTwoAreOneMinuteApart() {
    BarStore store = BarStore.open(root);
    Table minutes =
        TestBars.regular("ILQ", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(1), 60);
    // minutes 0, 1, then every 7th: the typical gap is 7 minutes, the timeframe still 1m
    Table sparse = minutes.inRange(0, 2);
    for (int m = 8; m < 60; m += 7) {
      sparse.append(minutes.inRange(m, m + 1));
    }
    DatasetId id = new DatasetId("t", "1m", "ILQ");
    assertEquals(
        sparse.rowCount(), store.write(id, sparse, WriteOptions.defaults()).info().totalRows());
  }
}
