package dev.quarry.dag.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link CacheStore} in a {@link ConcurrentHashMap}. Entries are kept as the same bytes the file
 * store writes, so every load returns fresh copies and goes through the same checks.
 */
final class InMemoryCacheStore implements CacheStore {
  private final ConcurrentMap<String, byte[]> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<CacheEntry> load(String key) {
    return read(key, false).map(CacheEntry.class::cast);
  }

  @Override
  public Optional<CacheManifest> manifest(String key) {
    return read(key, true).map(CacheManifest.class::cast);
  }

  private Optional<Object> read(String key, boolean headerOnly) {
    byte[] bytes = entries.get(CacheKeys.requireValid(key));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return Optional.of(
          headerOnly
              ? EntryFormat.readManifest(in, bytes.length, key)
              : EntryFormat.read(in, bytes.length, key));
    } catch (EntryFormat.Damage e) {
      throw new CacheCorruptException(
          "cache entry "
              + key
              + " in "
              + describe()
              + " is corrupt: "
              + e.getMessage()
              + "; remove it (CacheStore.remove) and the node will be recomputed",
          e);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory streams do not fail", e);
    }
  }

  @Override
  public void save(String key, CacheEntry entry) {
    CacheKeys.requireValid(key);
    Objects.requireNonNull(entry, "entry");
    entries.put(key, EntryFormat.toBytes(key, entry));
  }

  @Override
  public boolean remove(String key) {
    return entries.remove(CacheKeys.requireValid(key)) != null;
  }

  @Override
  public void clear() {
    entries.clear();
  }

  @Override
  public String describe() {
    return "in-memory cache store (" + entries.size() + " entries)";
  }

  @Override
  public String toString() {
    return describe();
  }

  /** The stored bytes, for tests that damage entries. */
  byte[] raw(String key) {
    byte[] bytes = entries.get(key);
    if (bytes == null) {
      throw new IllegalStateException("no entry under " + key);
    }
    return bytes.clone();
  }

  /** Replaces the stored bytes, for tests that damage entries. */
  void putRaw(String key, byte[] bytes) {
    entries.put(key, bytes.clone());
  }
}
