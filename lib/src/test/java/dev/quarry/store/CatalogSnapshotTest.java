package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Catalog#readShared()} parses the registry once and again only after it changes, whoever
 * changes it: this store, another store object on the same root (another process), or a hand edit.
 */
class CatalogSnapshotTest {
  @TempDir Path root;

  private static final Instant START = Instant.parse("2024-01-30T00:00:00Z");

  @Test
  void theSharedEntriesFollowEveryWriteToTheFile() throws Exception {
    BarStore store = BarStore.open(root);
    Catalog catalog = new Catalog(root);
    assertEquals(Map.of(), catalog.readShared(), "no registry yet");
    DatasetId a = new DatasetId("p", "1h", "AAA");
    store.write(a, WalkBars.walk(START, Duration.ofHours(1), 48, 1), WriteOptions.defaults());
    Map<String, DatasetInfo> first = catalog.readShared();
    assertEquals(1, first.size());
    assertSame(first, catalog.readShared(), "unchanged file: not parsed again");
    assertThrows(UnsupportedOperationException.class, () -> first.remove("p/1h/AAA"));

    // another store object on the same root, as another process would
    BarStore other = BarStore.open(root);
    DatasetId b = new DatasetId("p", "1h", "BBB");
    other.write(b, WalkBars.walk(START, Duration.ofHours(1), 24, 2), WriteOptions.defaults());
    assertEquals(2, catalog.readShared().size(), "a write by another store is seen");
    assertEquals(24, store.info(b).orElseThrow().totalRows());

    // appending more bars to a dataset changes its entry
    store.write(
        a,
        WalkBars.walk(START.plus(Duration.ofDays(2)), Duration.ofHours(1), 24, 3),
        WriteOptions.defaults());
    assertEquals(72, store.info(a).orElseThrow().totalRows());
    assertEquals(72, other.info(a).orElseThrow().totalRows(), "seen by the other store too");

    // a hand edit in place, same size, with a new modification time
    Path file = root.resolve(Catalog.FILE);
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    Files.writeString(file, text.replace("\"BBB\"", "\"CCC\""));
    Files.setLastModifiedTime(
        file,
        java.nio.file.attribute.FileTime.from(
            Files.getLastModifiedTime(file).toInstant().plusSeconds(5)));
    assertTrue(catalog.readShared().containsKey("p/1h/CCC"), catalog.readShared().toString());
  }
}
