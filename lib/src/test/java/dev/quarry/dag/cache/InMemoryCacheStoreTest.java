package dev.quarry.dag.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InMemoryCacheStoreTest extends CacheStoreContract {
  @Override
  protected CacheStore newStore() {
    return CacheStore.inMemory();
  }

  @Override
  protected byte[] rawBytes(String key) {
    return ((InMemoryCacheStore) store).raw(key);
  }

  @Override
  protected void writeRawBytes(String key, byte[] bytes) {
    ((InMemoryCacheStore) store).putRaw(key, bytes);
  }

  @Test
  void describeCountsTheEntries() {
    store.save(key("one"), entry("n", 1));

    assertTrue(store.describe().startsWith("in-memory cache store (1 entries)"), store.describe());
  }
}
