package dev.quarry.dag.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tech.tablesaw.api.Table;

/**
 * The behaviour every {@link CacheStore} must have. Each implementation's test extends this and
 * says how to create a store and how to reach an entry's raw bytes, so corruption can be injected.
 */
abstract class CacheStoreContract {
  record Params(int fast, int slow, BigDecimal fee) {}

  protected CacheStore store;

  /** A new, empty store. */
  protected abstract CacheStore newStore() throws Exception;

  /** The bytes the store holds for an existing entry. */
  protected abstract byte[] rawBytes(String key) throws Exception;

  /** Replaces the bytes the store holds for a key, bypassing {@link CacheStore#save}. */
  protected abstract void writeRawBytes(String key, byte[] bytes) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void clearStore() {
    store.clear();
  }

  static String key(String seed) {
    return Fingerprints.combine("contract", seed);
  }

  static CacheEntry.StoredValue stored(Object value) {
    return new CacheEntry.StoredValue(
        value.getClass().getName(),
        Fingerprints.of(value).orElseThrow(),
        ValueCodec.encode(value).orElseThrow());
  }

  static CacheEntry entry(String node, Object... values) {
    Map<String, CacheEntry.StoredValue> outputs = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      outputs.put(node + ".out" + i, stored(values[i]));
    }
    return new CacheEntry(node, "v1", outputs);
  }

  static CacheEntry sample() {
    return entry(
        "features",
        ValueCodecTest.everyColumnType(),
        new Params(10, 50, new BigDecimal("0.0010")),
        List.of("BTC-USD", "ETH-USD"));
  }

  @Test
  void aKeyNeverSavedIsAMiss() {
    assertEquals(Optional.empty(), store.load(key("absent")));
    assertEquals(Optional.empty(), store.manifest(key("absent")));
  }

  @Test
  void aSavedEntryLoadsEqualAndItsValuesDecodeEqual() {
    CacheEntry entry = sample();

    store.save(key("a"), entry);
    CacheEntry loaded = store.load(key("a")).orElseThrow();

    assertEquals(entry, loaded);
    Table table =
        (Table) ValueCodec.decode(loaded.outputs().get("features.out0").payload(), Table.class);
    ValueCodecTest.assertTablesEqual(ValueCodecTest.everyColumnType(), table);
    assertEquals(
        new Params(10, 50, new BigDecimal("0.0010")),
        ValueCodec.decode(loaded.outputs().get("features.out1").payload(), Params.class));
  }

  @Test
  void theManifestSummarisesTheEntryWithoutItsPayloads() {
    CacheEntry entry = sample();
    store.save(key("m"), entry);

    CacheManifest manifest = store.manifest(key("m")).orElseThrow();

    assertEquals(entry.manifest(), manifest);
    assertEquals("features", manifest.nodeName());
    assertEquals(
        entry.outputs().values().stream().mapToLong(CacheEntry.StoredValue::payloadLength).sum(),
        manifest.payloadBytes());
    assertEquals(entry.outputs().keySet(), manifest.outputFingerprints().keySet());
  }

  @Test
  void anEntryWithNoOutputsRoundTrips() {
    CacheEntry empty = new CacheEntry("sink", "v9", Map.of());

    store.save(key("empty"), empty);

    assertEquals(empty, store.load(key("empty")).orElseThrow());
  }

  @Test
  void savingAgainReplacesTheEntry() {
    store.save(key("r"), entry("n", 1));
    CacheEntry second = entry("n", 2, "two");

    store.save(key("r"), second);

    assertEquals(second, store.load(key("r")).orElseThrow());
  }

  @Test
  void removeDeletesOnlyThatEntryAndSaysWhetherThereWasOne() {
    store.save(key("x"), entry("x", 1));
    store.save(key("y"), entry("y", 2));

    assertTrue(store.remove(key("x")));
    assertFalse(store.remove(key("x")));
    assertEquals(Optional.empty(), store.load(key("x")));
    assertEquals(entry("y", 2), store.load(key("y")).orElseThrow());
  }

  @Test
  void clearRemovesEveryEntry() {
    for (int i = 0; i < 20; i++) {
      store.save(key("c" + i), entry("c", i));
    }

    store.clear();

    for (int i = 0; i < 20; i++) {
      assertEquals(Optional.empty(), store.load(key("c" + i)));
    }
  }

  @Test
  void keysThatAreNotSixtyFourLowercaseHexAreRejectedByEveryMethod() {
    String upper = key("k").toUpperCase(Locale.ROOT);
    for (String bad :
        List.of("../../etc/passwd", "", upper, key("k").substring(1), key("k") + "0", "ab/../cd")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> store.load(bad), bad);
      assertTrue(e.getMessage().contains("64 lowercase hex"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> store.manifest(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> store.save(bad, entry("n", 1)), bad);
      assertThrows(IllegalArgumentException.class, () -> store.remove(bad), bad);
    }
    assertThrows(NullPointerException.class, () -> store.load(null));
  }

  @Test
  void everySingleFlippedByteIsDetectedOnLoad() throws Exception {
    String key = key("flip");
    store.save(key, entry("flip", "payload", 42L, List.of(1.5, -0.0)));
    byte[] good = rawBytes(key);

    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      writeRawBytes(key, bad);
      assertCorrupt(key, () -> store.load(key), "byte " + i);
    }
  }

  @Test
  void everyTruncationIsDetectedOnLoadAndManifest() throws Exception {
    String key = key("cut");
    store.save(key, entry("cut", "payload", new Params(1, 2, BigDecimal.ONE)));
    byte[] good = rawBytes(key);

    for (int length = 0; length < good.length; length++) {
      writeRawBytes(key, Arrays.copyOf(good, length));
      assertCorrupt(key, () -> store.load(key), "length " + length);
      assertCorrupt(key, () -> store.manifest(key), "manifest at length " + length);
    }
  }

  @Test
  void garbageIsDetectedOnLoadAndManifest() throws Exception {
    String key = key("garbage");
    byte[] garbage = new byte[1000];
    new Random(7).nextBytes(garbage);
    writeRawBytes(key, garbage);

    assertCorrupt(key, () -> store.load(key), "garbage");
    assertCorrupt(key, () -> store.manifest(key), "garbage manifest");
  }

  @Test
  void anEntryStoredUnderAnotherKeyIsDetected() throws Exception {
    store.save(key("original"), entry("n", 1));
    writeRawBytes(key("copy"), rawBytes(key("original")));

    CacheCorruptException e = assertCorrupt(key("copy"), () -> store.load(key("copy")), "copy");
    assertTrue(
        e.getMessage().contains("holds the entry for key " + key("original")), e.getMessage());
  }

  @Test
  void aCorruptEntryCanBeRemovedAndSavedAgain() throws Exception {
    String key = key("heal");
    store.save(key, entry("n", 1));
    writeRawBytes(key, new byte[] {1, 2, 3});
    assertCorrupt(key, () -> store.load(key), "damaged");

    assertTrue(store.remove(key));
    store.save(key, entry("n", 1));

    assertEquals(entry("n", 1), store.load(key).orElseThrow());
  }

  @Test
  void loadedPayloadsAreCopiesThatCannotChangeTheStore() {
    store.save(key("copy"), entry("n", "value"));
    byte[] payload = store.load(key("copy")).orElseThrow().outputs().get("n.out0").payload();
    Arrays.fill(payload, (byte) 0);

    assertEquals(entry("n", "value"), store.load(key("copy")).orElseThrow());
  }

  @Test
  void describeSaysWhatKindOfStoreItIs() {
    assertTrue(store.describe().contains("cache store"), store.describe());
  }

  @Test
  void concurrentSavesAndLoadsNeverSeeAPartialEntry() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    String shared = key("shared" + (i % 3));
                    store.save(shared, entry("shared", thread * 1000 + i, "x".repeat(1000)));
                    store.save(key("own" + thread + "-" + i), entry("own", thread, i));
                    // Whatever write a load sees, it must be one whole entry.
                    CacheEntry seen = store.load(shared).orElseThrow();
                    assertEquals(entry("shared", decodeInt(seen), "x".repeat(1000)), seen);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 50; i++) {
        assertEquals(entry("own", t, i), store.load(key("own" + t + "-" + i)).orElseThrow());
      }
    }
  }

  private static int decodeInt(CacheEntry e) {
    return (Integer) ValueCodec.decode(e.outputs().get("shared.out0").payload(), Integer.class);
  }

  static CacheCorruptException assertCorrupt(String key, Executable action, String context) {
    CacheCorruptException e = assertThrows(CacheCorruptException.class, action, context);
    assertTrue(e.getMessage().contains(key), () -> context + ": " + e.getMessage());
    return e;
  }
}
