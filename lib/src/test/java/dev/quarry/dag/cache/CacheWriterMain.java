package dev.quarry.dag.cache;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The writer process of {@link CacheCrashTest}: saves cache entries in a loop into the directory
 * given as first argument and, after each {@code save} returns, prints {@code <i> <key>} (the
 * acknowledgement) on stdout. It never stops by itself; the test kills it.
 *
 * <p>Entry {@code i} of a seed is a pure function of both, so the test can rebuild what was
 * written: see {@link #key(long, int)} and {@link #entry(long, int)}.
 */
final class CacheWriterMain {
  record Meta(long seed, int index, Instant at, List<String> tags) {}

  private CacheWriterMain() {}

  static String key(long seed, int i) {
    return Fingerprints.combine("crash", Long.toString(seed), Integer.toString(i));
  }

  static CacheEntry entry(long seed, int i) {
    SplittableRandom random = new SplittableRandom(seed * 31 + i);
    // Mostly a few KB, sometimes up to 512 KB, so kills land both between and inside writes.
    int size = random.nextInt(8) == 0 ? random.nextInt(512 * 1024) : random.nextInt(8 * 1024);
    byte[] blob = new byte[size];
    for (int b = 0; b < size; b += 8) {
      long v = random.nextLong();
      for (int k = 0; k < 8 && b + k < size; k++) {
        blob[b + k] = (byte) (v >>> (8 * k));
      }
    }
    Map<String, CacheEntry.StoredValue> outputs = new LinkedHashMap<>();
    outputs.put("crash.blob", CacheStoreContract.stored(blob));
    outputs.put(
        "crash.meta",
        CacheStoreContract.stored(
            new Meta(seed, i, Instant.ofEpochSecond(i, seed & 0xFFFF), List.of("t" + i))));
    return new CacheEntry("crash-" + seed + "-" + i, "v1", outputs);
  }

  public static void main(String[] args) {
    CacheStore store = CacheStore.inDirectory(Path.of(args[0]));
    long seed = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    for (int i = 0; ; i++) {
      String key = key(seed, i);
      store.save(key, entry(seed, i));
      out.print(i + " " + key + "\n");
      out.flush();
      if (i % 4 == 3) {
        // Also replace an existing entry (same content): the rename-over path.
        store.save(key(seed, i - 2), entry(seed, i - 2));
      }
    }
  }
}
