package dev.quarry.dag.cache;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the checkpoint cache keeps node outputs, by key. Pluggable: {@link #inDirectory(Path)} is
 * the durable default, {@link #inMemory()} serves tests and throw-away sessions.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>Keys are 64 lowercase hex characters, as {@link Fingerprints#combine(String...)} returns;
 *       any other key is rejected with {@link IllegalArgumentException}, so keys can never name
 *       files outside the store.
 *   <li>{@link #save} is atomic: a concurrent or later {@link #load} sees the whole previous entry
 *       or the whole new one, even if the saving process dies half-way.
 *   <li>An entry that is damaged, truncated, or written in another format is never returned: it
 *       fails with {@link CacheCorruptException} naming the key, where it lives and what failed.
 *   <li>Implementations are thread-safe.
 *   <li>Failures to reach the storage itself (permissions, full disk) are {@link
 *       dev.quarry.dag.PipelineException}s saying where and what to check.
 * </ul>
 */
public interface CacheStore {
  /**
   * Loads an entry.
   *
   * @param key a 64-hex cache key
   * @return the entry, or empty if there is none (a miss)
   * @throws CacheCorruptException if an entry exists but cannot be trusted
   * @throws IllegalArgumentException if the key is malformed
   */
  Optional<CacheEntry> load(String key) throws CacheCorruptException;

  /**
   * Reads an entry's summary without reading its payloads; its checksum is checked only by {@link
   * #load}, though a truncated entry is already detected here.
   *
   * @param key a 64-hex cache key
   * @return the summary, or empty if there is no entry
   * @throws CacheCorruptException if the entry's header cannot be trusted
   * @throws IllegalArgumentException if the key is malformed
   */
  Optional<CacheManifest> manifest(String key) throws CacheCorruptException;

  /**
   * Stores an entry atomically, replacing any entry under the same key.
   *
   * @param key a 64-hex cache key
   * @param entry the entry
   * @throws IllegalArgumentException if the key is malformed
   */
  void save(String key, CacheEntry entry);

  /**
   * Removes an entry, for example one that turned out corrupt.
   *
   * @param key a 64-hex cache key
   * @return true if there was an entry to remove
   * @throws IllegalArgumentException if the key is malformed
   */
  boolean remove(String key);

  /** Removes every entry. */
  void clear();

  /**
   * Describes the store for plans and error messages.
   *
   * @return for example {@code file cache store at /home/ana/.quarry/cache}
   */
  String describe();

  /**
   * Opens (creating it if needed) a store that keeps each entry in its own file, {@code
   * <dir>/<key[0..2]>/<key>.entry}, written with {@link dev.quarry.io.AtomicFiles}. Opening deletes
   * temp files left by writers that crashed.
   *
   * <p>Entry file format: the magic {@code QCACHE1\n}; a 4-byte big-endian length and that many
   * bytes of UTF-8 JSON header (format, key, node, version, and per output its name, type,
   * fingerprint and payload length); the payloads in header order; a 32-byte SHA-256 of all
   * preceding bytes.
   *
   * @param dir the store's root directory, such as {@code QuarryHome.cache()}
   * @return the store
   * @throws dev.quarry.dag.PipelineException if the directory cannot be created or cleaned
   */
  static CacheStore inDirectory(Path dir) {
    return new FileCacheStore(dir);
  }

  /**
   * Creates an empty store in this process's memory. Entries are kept encoded, exactly as the file
   * store writes them, so callers get copies and the same corruption checks.
   *
   * @return the store
   */
  static CacheStore inMemory() {
    return new InMemoryCacheStore();
  }
}
