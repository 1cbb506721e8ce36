package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class RefreshAllTest {
  private static final DatasetId BTC = new DatasetId("test", "1h", "BTC-USD");
  private static final DatasetId ETH = new DatasetId("test", "1h", "ETH-USD");
  private static final DatasetId SOL = new DatasetId("test", "1m", "SOL-USD");

  @TempDir Path root;

  private BarStore storeOfThree() {
    BarStore store = BarStore.open(root);
    store.write(BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    store.write(ETH, WalkBars.hours(50, 2), WriteOptions.defaults());
    store.write(
        SOL,
        WalkBars.walk(Instant.parse("2024-03-31T23:00:00Z"), Duration.ofMinutes(1), 120, 3),
        WriteOptions.defaults());
    return store;
  }

  /** Flips 16 bytes in the middle of the file. */
  private static byte[] flipBytes(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int i = bytes.length / 2 - 8; i < bytes.length / 2 + 8; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
    Files.write(file, bytes);
    return bytes;
  }

  @Test
  void refreshAllRegistersEveryHealthyDatasetAndReportsTheCorruptOneWithoutTouchingIt()
      throws IOException {
    BarStore store = storeOfThree();
    Path damaged = ETH.directory(root).resolve("year=2024/month=02/ETH-USD.parquet");
    byte[] damagedBytes = flipBytes(damaged);
    byte[] januaryBytes =
        Files.readAllBytes(ETH.directory(root).resolve("year=2024/month=01/ETH-USD.parquet"));
    Files.delete(root.resolve("catalog.json"));

    RefreshReport report = BarStore.open(root).refreshAll();

    assertEquals(
        List.of(BTC.toString(), SOL.toString()),
        report.datasets().stream().map(d -> d.id().toString()).toList());
    assertEquals(72, store.info(BTC).orElseThrow().totalRows());
    assertEquals(120, store.info(SOL).orElseThrow().totalRows());
    assertEquals(2, store.info(SOL).orElseThrow().totalPartitions());
    assertEquals(1, report.problems().size());
    RefreshReport.Problem problem = report.problems().get(0);
    assertEquals(ETH, problem.dataset());
    assertEquals(damaged, problem.file());
    assertTrue(problem.reason().contains(damaged.toString()), problem.reason());
    assertTrue(store.info(ETH).isEmpty());
    assertArrayEquals(damagedBytes, Files.readAllBytes(damaged), "the damaged file is untouched");
    assertArrayEquals(
        januaryBytes,
        Files.readAllBytes(ETH.directory(root).resolve("year=2024/month=01/ETH-USD.parquet")));
    assertEquals(72, store.read(BTC).rowCount());
  }

  @Test
  void aCorruptDatasetKeepsItsOldRegistryEntrySoVerifyStillNamesTheFile() throws IOException {
    BarStore store = storeOfThree();
    DatasetInfo before = store.info(ETH).orElseThrow();
    Path damaged = ETH.directory(root).resolve("year=2024/month=02/ETH-USD.parquet");
    flipBytes(damaged);

    RefreshReport report = store.refreshAll();

    assertEquals(2, report.datasets().size());
    assertEquals(ETH, report.problems().get(0).dataset());
    assertEquals(before, store.info(ETH).orElseThrow());
    VerifyReport verify = store.verify();
    assertEquals(1, verify.problems().size());
    assertTrue(verify.problems().get(0).startsWith(damaged.toString()), verify.problems().get(0));
  }

  @Test
  void refreshAllDropsTheEntriesOfDeletedDatasetsWithoutRecreatingTheirFolders()
      throws IOException {
    BarStore store = storeOfThree();
    dev.quarry.io.AtomicFiles.deleteTree(ETH.directory(root));
    for (Path file : DatasetFiles.dataFiles(SOL.directory(root), SOL.symbol())) {
      Files.delete(file);
    }

    RefreshReport report = store.refreshAll();

    assertEquals(
        List.of(BTC.toString()), report.datasets().stream().map(d -> d.id().toString()).toList());
    assertTrue(report.ok(), report.summary());
    assertEquals(List.of(BTC), store.listDatasets().stream().map(DatasetInfo::id).toList());
    assertTrue(Files.notExists(ETH.directory(root)), "no folder made for a deleted dataset");
  }
}
