package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * SPEC section 3: a store in the layout of earlier versions ({@code
 * <provider>/<timeframe>/<SYMBOL>}) is moved to the Hive layout ({@code symbol=<SYMBOL>}) when it
 * is opened for writing, once, and a failure or a crash at any step leaves a store that the next
 * open finishes moving, with every bar and the registry intact. {@link BarStore#openReadOnly} never
 * moves anything: it refuses.
 */
class LayoutMigrationTest {
  private static final List<DatasetId> IDS =
      List.of(
          new DatasetId("bitstamp", "1m", "BTC-USD"),
          new DatasetId("bitstamp", "1m", "ETH-USD"),
          new DatasetId("bitstamp", "1h", "BTC-USD"));

  @TempDir Path base;

  @Test
  void openingForWritingMovesEveryDatasetOnceAndKeepsEveryBarAndTheRegistry() throws IOException {
    Path root = base.resolve("store");
    Map<String, Table> before = oldStore(root);
    String registry = Files.readString(root.resolve(Catalog.FILE));

    BarStore store = BarStore.open(root);

    assertMigrated(store, before);
    assertEquals(registry, Files.readString(root.resolve(Catalog.FILE)), "registry untouched");
    assertEquals(0, LayoutMigration.migrate(root, StoreFaults.NONE), "a second open moves nothing");
  }

  @Test
  void aStoreAlreadyInTheHiveLayoutIsLeftAsItIsWithoutALockFile() {
    Path root = base.resolve("store");
    BarStore store = BarStore.open(root);
    store.write(IDS.get(0), bars(IDS.get(0)), WriteOptions.defaults());

    BarStore.open(root);

    assertFalse(Files.exists(root.resolve(LayoutMigration.LOCK)));
    assertTrue(Files.isDirectory(root.resolve("bitstamp/1m/symbol=BTC-USD/year=2024")));
  }

  @Test
  void readOnlyOpeningRefusesAnOldStoreWithTheCommandThatMovesItAndChangesNothing()
      throws IOException {
    Path root = base.resolve("store");
    oldStore(root);
    List<String> files = tree(root);

    StoreException e = assertThrows(StoreException.class, () -> BarStore.openReadOnly(root));

    assertTrue(e.getMessage().contains("3 dataset folders are in the layout of earlier versions"));
    assertTrue(e.getMessage().contains("./jbang inventory"), e.getMessage());
    assertEquals(files, tree(root));
  }

  @Test
  void aFolderOfTheNewNameBesideAnOldOneStopsTheOpenBeforeAnythingMoves() throws IOException {
    Path root = base.resolve("store");
    oldStore(root);
    Files.createDirectories(root.resolve("bitstamp/1m/symbol=ETH-USD"));
    List<String> files = tree(root);

    StoreException e = assertThrows(StoreException.class, () -> BarStore.open(root));

    assertTrue(
        e.getMessage().contains("both bitstamp/1m/ETH-USD (the layout of earlier versions) and"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; nothing was moved"), e.getMessage());
    assertEquals(files, tree(root));
  }

  @Test
  void aFailureAtAnyStepIsFinishedByTheNextOpen() throws IOException {
    int steps = 0;
    for (int k = 1; ; k++) {
      Path root = base.resolve("fail-" + k);
      Map<String, Table> before = oldStore(root);
      AtomicInteger seen = new AtomicInteger();
      int failAt = k;
      StoreFaults failK =
          (operation, file) -> {
            if (seen.incrementAndGet() == failAt) {
              throw new IOException("injected failure before " + operation + " of " + file);
            }
          };
      try {
        BarStore.open(root, Clock.systemUTC(), failK);
      } catch (StoreException expected) {
        assertTrue(expected.getMessage().contains("injected failure"), expected.getMessage());
        assertTrue(
            expected.getMessage().contains("the next open of the store finishes the move"),
            expected.getMessage());
        assertThrows(StoreException.class, () -> BarStore.openReadOnly(root));
        assertMigrated(BarStore.open(root), before);
        steps++;
        continue;
      }
      assertMigrated(BarStore.open(root), before);
      break;
    }
    assertEquals(1 + IDS.size() + 1, steps, "the journal, one rename per dataset, its deletion");
  }

  @Test
  void aProcessKilledAtAnyStepLeavesAStoreTheNextOpenFinishes() throws Exception {
    int killed = 0;
    for (int k = 1; ; k++) {
      Path root = base.resolve("kill-" + k);
      Map<String, Table> before = oldStore(root);
      Process child =
          ChildJvm.start(LayoutMigrationCrashMain.class, root.toString(), Integer.toString(k));
      child.getOutputStream().close();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ends");
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (child.exitValue() == LayoutMigrationCrashMain.HALTED) {
        killed++;
        assertMigrated(BarStore.open(root), before);
        continue;
      }
      assertEquals(0, child.exitValue(), "child output: " + out);
      assertMigrated(BarStore.open(root), before);
      break;
    }
    assertEquals(1 + IDS.size() + 1, killed);
  }

  @Test
  void aReadOnlyStoreReadsButRefusesWritesScansAndRefreshes() throws IOException {
    Path root = base.resolve("store");
    BarStore writable = BarStore.open(root);
    DatasetId id = IDS.get(0);
    writable.write(id, bars(id), WriteOptions.defaults());
    List<String> files = tree(root);

    BarStore store = BarStore.openReadOnly(root);

    assertTrue(store.readOnly());
    assertEquals(writable.read(id).printAll(), store.read(id).printAll());
    assertEquals(writable.listDatasets(), store.listDatasets());
    assertTrue(store.verify().problems().isEmpty());
    StoreException write =
        assertThrows(
            StoreException.class, () -> store.write(id, bars(id), WriteOptions.defaults()));
    assertTrue(write.getMessage().contains("opened read-only"), write.getMessage());
    assertThrows(StoreException.class, () -> store.scan(id));
    assertThrows(StoreException.class, store::refreshAll);
    assertThrows(StoreException.class, () -> store.adopt(id, base.resolve("staging")));
    assertEquals(files, tree(root), "nothing created, locked or registered");
  }

  @Test
  void aReadOnlyStoreLeavesAnotherHostsTempFilesAlone() throws IOException {
    Path root = base.resolve("store");
    BarStore.open(root).write(IDS.get(0), bars(IDS.get(0)), WriteOptions.defaults());
    // A temp file of a write under way on another host: its pid is not alive here.
    Path temp = root.resolve("bitstamp/1m/symbol=BTC-USD/.BTC-USD.parquet.999999999-0a1b.tmp");
    Files.writeString(temp, "partial");

    BarStore.openReadOnly(root).read(IDS.get(0));

    assertTrue(Files.exists(temp));
  }

  @Test
  void readOnlyNeedsAnExistingStoreFolder() {
    StoreException e =
        assertThrows(
            StoreException.class, () -> BarStore.openReadOnly(base.resolve("no-such-store")));
    assertTrue(e.getMessage().startsWith("no store at "), e.getMessage());
  }

  /** Writes the datasets with this version, then renames their folders as earlier versions had. */
  private static Map<String, Table> oldStore(Path root) throws IOException {
    BarStore store = BarStore.open(root);
    Map<String, Table> written = new TreeMap<>();
    for (DatasetId id : IDS) {
      store.write(id, bars(id), WriteOptions.defaults());
      written.put(id.toString(), store.read(id));
    }
    for (DatasetId id : IDS) {
      Path dir = id.directory(root);
      Files.move(dir, dir.resolveSibling(id.symbol()));
    }
    return written;
  }

  private static Table bars(DatasetId id) {
    Duration step = id.timeframe().equals("1h") ? Duration.ofHours(1) : Duration.ofMinutes(1);
    return TestBars.regular(id.symbol(), Instant.parse("2024-01-30T00:00:00Z"), step, 4000);
  }

  private static void assertMigrated(BarStore store, Map<String, Table> before) throws IOException {
    Path root = store.root();
    for (DatasetId id : IDS) {
      assertTrue(Files.isDirectory(id.directory(root)), id + " moved");
      assertFalse(Files.exists(id.directory(root).resolveSibling(id.symbol())), id + " old gone");
      assertEquals(before.get(id.toString()).printAll(), store.read(id).printAll(), id.toString());
    }
    assertFalse(Files.exists(root.resolve(LayoutMigration.JOURNAL)));
    assertEquals(List.of(), store.verify().problems());
    assertEquals(IDS.size(), store.listDatasets().size());
    BarStore.openReadOnly(root); // no longer refused
  }

  private static List<String> tree(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.forEach(p -> files.add(root.relativize(p).toString()));
    }
    files.sort(null);
    return files;
  }
}
