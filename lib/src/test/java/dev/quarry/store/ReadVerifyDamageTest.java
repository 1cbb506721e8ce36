package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads and verify notice files and registry entries that do not agree. */
class ReadVerifyDamageTest {
  static final DatasetId BTC = BarStoreTest.BTC;
  @TempDir Path root;
  BarStore store;
  Path january;
  Path february;

  @BeforeEach
  void open() {
    store = BarStore.open(root, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    january = root.resolve("test/1h/symbol=BTC-USD/year=2024/month=01/BTC-USD.parquet");
    february = root.resolve("test/1h/symbol=BTC-USD/year=2024/month=02/BTC-USD.parquet");
  }

  @Test
  void aReadOverADeletedPartitionFailsNamingTheFileAndWhatToDo() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults()); // Jan 30 → Feb 1
    Files.delete(january);
    StoreException e = assertThrows(StoreException.class, () -> store.read(BTC));
    assertTrue(e.getMessage().contains(january.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("inventory --refresh"), e.getMessage());
    assertTrue(e.getMessage().contains("re-ingest"), e.getMessage());
    assertEquals(
        24,
        store
            .read(BTC, Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z"))
            .rowCount(),
        "a range without the missing file still reads");
  }

  @Test
  void aMissingFileWhileAWriteIsInFlightSaysToRetry() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Files.delete(january);
    Files.writeString(BTC.directory(root).resolve(".writing"), BTC.toString());
    StoreException e = assertThrows(StoreException.class, () -> store.read(BTC));
    assertTrue(e.getMessage().contains("in flight"), e.getMessage());
  }

  @Test
  void aReadOfADatasetWhoseFilesAreAllGoneNamesTheMissingFile() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Files.delete(january);
    Files.delete(february);
    StoreException e = assertThrows(StoreException.class, () -> store.read(BTC));
    assertTrue(e.getMessage().contains(january.toString()), e.getMessage());
  }

  @Test
  void verifySaysFilesWrittenWithoutAChecksumWereNotCheckedRatherThanThatChecksumsMatch() {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults().withComputeChecksum(false));
    VerifyReport report = store.verify();
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(2, report.unchecked());
    assertFalse(report.summary().contains("all checksums match"), report.summary());
    assertTrue(
        report.summary().contains("not checked: 2 files written without a checksum"),
        report.summary());
  }

  @Test
  void verifyFindsADamagedFileWrittenWithoutAChecksum() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults().withComputeChecksum(false));
    byte[] bytes = Files.readAllBytes(february);
    bytes[bytes.length / 3] ^= 1;
    Files.write(february, bytes);
    VerifyReport report = store.verify();
    assertFalse(report.ok());
    assertEquals(1, report.problems().size(), report.problems().toString());
    assertTrue(report.problems().get(0).startsWith(february.toString()), report.problems().get(0));
  }

  @Test
  void verifyWithoutARegistryFailsAndSaysSo() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Files.delete(root.resolve("catalog.json"));
    VerifyReport report = store.verify();
    assertFalse(report.ok());
    assertTrue(report.problems().get(0).contains("no registry"), report.problems().toString());
    assertFalse(report.summary().contains("all checksums match"), report.summary());
  }

  @Test
  void verifyCatchesRowCountsEditedInTheRegistry() throws IOException {
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    Path catalog = root.resolve("catalog.json");
    String json = Files.readString(catalog);
    String rows = "\"rows\"\\s*:\\s*";
    assertTrue(json.matches("(?s).*" + rows + "48\\b.*"), json);
    Files.writeString(catalog, json.replaceFirst(rows + "48\\b", "\"rows\" : 40"));
    VerifyReport report = store.verify();
    assertFalse(report.ok());
    assertTrue(
        report.problems().stream()
            .anyMatch(p -> p.startsWith(january.toString()) && p.contains("40 rows")),
        report.problems().toString());
    Files.writeString(
        catalog, json.replaceFirst("\"total_rows\"\\s*:\\s*72\\b", "\"total_rows\" : 80"));
    VerifyReport totals = store.verify();
    assertEquals(1, totals.problems().size(), totals.problems().toString());
    assertTrue(totals.problems().get(0).contains("80 rows"), totals.problems().get(0));
  }
}
