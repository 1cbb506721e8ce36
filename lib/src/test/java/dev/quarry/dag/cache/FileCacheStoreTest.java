package dev.quarry.dag.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheStoreTest extends CacheStoreContract {
  @TempDir Path dir;

  @Override
  protected CacheStore newStore() {
    return CacheStore.inDirectory(dir.resolve("cache"));
  }

  private Path file(String key) {
    return dir.resolve("cache").resolve(key.substring(0, 2)).resolve(key + ".entry");
  }

  @Override
  protected byte[] rawBytes(String key) throws Exception {
    return Files.readAllBytes(file(key));
  }

  @Override
  protected void writeRawBytes(String key, byte[] bytes) throws Exception {
    Files.createDirectories(file(key).getParent());
    Files.write(file(key), bytes);
  }

  @Test
  void entriesLiveInTwoCharacterShardsAndStartWithTheMagic() throws Exception {
    String key = key("layout");

    store.save(key, entry("n", 1));

    assertTrue(Files.isRegularFile(file(key)));
    byte[] head = Arrays.copyOf(Files.readAllBytes(file(key)), 8);
    assertArrayEquals("QCACHE1\n".getBytes(StandardCharsets.US_ASCII), head);
  }

  @Test
  void entriesSurviveReopeningTheStore() {
    store.save(key("durable"), sample());

    CacheStore reopened = CacheStore.inDirectory(dir.resolve("cache"));

    assertEquals(sample(), reopened.load(key("durable")).orElseThrow());
  }

  @Test
  void openingTheStoreDeletesTempFilesOfCrashedWriters() throws Exception {
    String key = key("crashed");
    store.save(key, entry("n", 1));
    Path stale = file(key).resolveSibling("." + key + ".entry.9999999999-0123456789abcdef.tmp");
    Files.writeString(stale, "half an entry");

    CacheStore reopened = CacheStore.inDirectory(dir.resolve("cache"));

    assertFalse(Files.exists(stale));
    assertEquals(entry("n", 1), reopened.load(key).orElseThrow());
  }

  @Test
  void corruptionMessagesNameTheFile() throws Exception {
    String key = key("named");
    writeRawBytes(key, new byte[] {0});

    CacheCorruptException e = assertCorrupt(key, () -> store.load(key), "named");

    assertTrue(e.getMessage().contains(file(key).toString()), e.getMessage());
  }

  @Test
  void clearLeavesFilesThatAreNotEntries() throws Exception {
    store.save(key("e"), entry("n", 1));
    Path notes = Files.writeString(dir.resolve("cache/README.txt"), "mine");
    Path odd = Files.writeString(file(key("e")).resolveSibling("notes.entry"), "mine too");

    store.clear();

    assertFalse(Files.exists(file(key("e"))));
    assertTrue(Files.exists(notes));
    assertTrue(Files.exists(odd));
  }

  @Test
  void savingLeavesNoTempFiles() throws Exception {
    for (int i = 0; i < 10; i++) {
      store.save(key("t" + i), entry("n", i));
    }

    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> temps = files.filter(AtomicFiles::isTempFile).toList();
      assertEquals(List.of(), temps);
    }
  }

  @Test
  void describeNamesTheDirectory() {
    assertEquals("file cache store at " + dir.resolve("cache").toAbsolutePath(), store.describe());
  }
}
