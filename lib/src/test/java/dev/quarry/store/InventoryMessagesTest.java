package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryMessagesTest {
  @TempDir Path root;

  @Test
  void anEmptyStorePointsToTheSampleAndToCsvIngestion() {
    BarStore store = BarStore.open(root);
    assertEquals(
        Optional.of(
            "The store at "
                + store.root()
                + " is empty: build the sample with ./jbang ingest --sample, or ingest a CSV with"
                + " ./jbang ingest --csv FILE --symbol S"),
        store.emptyStoreHint());
  }

  @Test
  void aStoreWithFilesButNoRegistryPointsToRefresh() throws IOException {
    BarStore store = BarStore.open(root);
    store.write(BarStoreTest.BTC, WalkBars.hours(5, 1), WriteOptions.defaults());
    assertEquals(Optional.empty(), store.emptyStoreHint());
    Files.delete(root.resolve("catalog.json"));
    String hint = store.emptyStoreHint().orElseThrow();
    assertTrue(hint.contains("1 dataset folder holds data files"), hint);
    assertTrue(hint.contains("./jbang inventory --refresh"), hint);
  }

  @Test
  void verifyingNoFilesSaysThereIsNothingToVerifyNotThatAllChecksumsMatch() {
    VerifyReport report = BarStore.open(root).verify();
    assertEquals(0, report.files());
    assertTrue(report.summary().startsWith("nothing to verify: "), report.summary());
    assertFalse(report.summary().contains("all checksums match"), report.summary());
  }

  @Test
  void verifyingFilesCountsThemAndSaysWhetherTheyMatch() {
    BarStore store = BarStore.open(root);
    store.write(BarStoreTest.BTC, WalkBars.hours(72, 1), WriteOptions.defaults());
    String summary = store.verify().summary();
    assertTrue(summary.startsWith("Verified 2 files, "), summary);
    assertTrue(summary.endsWith(": all checksums match"), summary);
    assertEquals(
        "Verified 1 file, 0.0 MB: 1 problem",
        new VerifyReport(1, 10, List.of("x: registered but missing")).summary());
  }

  @Test
  void aRefreshSummaryCountsTheDatasetsItCouldNotRead() {
    RefreshReport report =
        new RefreshReport(
            List.of(),
            List.of(
                new RefreshReport.Problem(
                    BarStoreTest.BTC, root.resolve("f.parquet"), "bad page CRC")));
    assertEquals(
        "Registry rebuilt from the files: 0 datasets; 1 dataset could not be read and was not"
            + " rebuilt from the files (listed below)",
        report.summary());
    assertEquals(
        "test/1h/BTC-USD: " + root.resolve("f.parquet") + ": bad page CRC",
        report.problems().get(0).toString());
  }
}
