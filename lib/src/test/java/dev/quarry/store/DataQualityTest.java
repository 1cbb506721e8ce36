package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class DataQualityTest {
  @TempDir Path root;

  private static PartitionInfo part(String first, String last, long rows) {
    return new PartitionInfo("p", rows, 1, null, Instant.parse(first), Instant.parse(last));
  }

  @Test
  void minuteBarsRegisteredAsDailyBarsScoreFarBelowOne() throws IOException {
    BarStore store = BarStore.open(root);
    DatasetId minutes = new DatasetId("test", "1m", "BTC-USD");
    store.write(
        minutes,
        TestBars.regular(
            "BTC-USD", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(1), 2 * 1440 + 1),
        WriteOptions.defaults());
    assertEquals(1.0, store.info(minutes).orElseThrow().dataQuality());
    // The files land under a daily timeframe (copied by hand, or from before the store checked).
    Path days = root.resolve("test/1d");
    Files.createDirectories(days);
    Files.move(minutes.directory(root), days.resolve("symbol=BTC-USD"));

    store.refreshAll();

    DatasetInfo info = store.info(new DatasetId("test", "1d", "BTC-USD")).orElseThrow();
    assertEquals(2 * 1440 + 1, info.totalRows());
    // From Jan 1 00:00 to Jan 3 00:00: 3 daily slots for 2,881 bars
    assertEquals(3.0 / 2881, info.dataQuality(), 1e-12);
  }

  @Test
  void dailyBarsRegisteredAsMinuteBarsScoreFarBelowOne() {
    double quality =
        DatasetInfo.coverage(
            List.of(part("2024-01-01T00:00:00Z", "2024-01-30T00:00:00Z", 30)),
            Duration.ofMinutes(1));
    assertEquals(30.0 / (29 * 1440 + 1), quality, 1e-12);
  }

  @Test
  void barsOffTheTimeframeGridScoreZero() {
    List<PartitionInfo> noon = List.of(part("2024-01-01T12:00:00Z", "2024-01-30T12:00:00Z", 30));
    assertEquals(0.0, DatasetInfo.coverage(noon, Duration.ofDays(1)));
  }

  @Test
  void missingBarsLowerTheQualityByTheShareOfEmptySlots() {
    BarStore store = BarStore.open(root);
    DatasetId id = new DatasetId("test", "1h", "ETH-USD");
    Table hours =
        TestBars.regular("ETH-USD", Instant.parse("2024-01-31T00:00:00Z"), Duration.ofHours(1), 48);
    store.write(id, hours.inRange(0, 30).append(hours.inRange(36, 48)), WriteOptions.defaults());
    DatasetInfo info = store.info(id).orElseThrow();
    assertEquals(42.0 / 48, info.dataQuality(), 1e-12);
    assertTrue(info.totalPartitions() == 2);
  }
}
