package dev.quarry.bench;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Node;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.RunReport;
import dev.quarry.dag.cache.CacheCorruptException;
import dev.quarry.dag.cache.CacheEntry;
import dev.quarry.dag.cache.CacheStore;
import dev.quarry.dag.cache.Fingerprints;
import dev.quarry.dag.cache.ValueCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SPEC §9, DAG: cache hit for a 1 KB value (key, lookup, restore), target ≤ 200 µs.
 *
 * <p>A one-node pipeline reads {@code input.symbol} (a short String) and provides {@code
 * blob.bytes}, a 1,024-byte {@code byte[]}; a file cache already holds its entry, so {@code
 * pipeline.run} restores it (set-up checks that the node is CACHED). Breakdown rows: {@code
 * Fingerprints.of} of the input, {@code CacheStore.load} of the entry, {@code ValueCodec.decode} of
 * its payload. Reference, same run: {@code Files.readAllBytes} of a 1 KB file in the same
 * directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class DagCacheHitBenchmark {
  static final int VALUE_BYTES = 1024;
  private static final String INPUT = "input.symbol";
  private static final String SYMBOL = "BTC-USD";
  private static final String OUTPUT = "blob.bytes";

  private Path dir;
  private byte[] value;
  private CacheStore store;
  private Pipeline pipeline;
  private String key;
  private byte[] payload;
  private Path referenceFile;

  /** Populates the file cache, checks the hit, and finds the entry's key for the breakdown. */
  @Setup
  public void setUp() throws IOException, CacheCorruptException {
    dir = TempDirs.create("quarry-bench-hit");
    value = new byte[VALUE_BYTES];
    new SplittableRandom(42).nextBytes(value);
    store = CacheStore.inDirectory(dir.resolve("cache"));
    Node node =
        Node.named("blob")
            .requires(INPUT, String.class)
            .provides(OUTPUT, byte[].class)
            .run(ctx -> ctx.set(OUTPUT, value.clone()));
    pipeline = Pipeline.of(node).withCache(store);
    Checks.equal(RunReport.Status.RAN, runOnce().node("blob").status(), "first run");
    Checks.equal(RunReport.Status.CACHED, runOnce().node("blob").status(), "second run");

    List<Path> entries;
    try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
      entries = files.filter(f -> f.toString().endsWith(".entry")).toList();
    }
    Checks.count(1, entries.size(), "cache entry files");
    String name = entries.get(0).getFileName().toString();
    key = name.substring(0, name.length() - ".entry".length());
    Optional<CacheEntry> entry = store.load(key);
    payload = entry.orElseThrow().outputs().get(OUTPUT).payload();
    Checks.equal(
        true,
        Arrays.equals(value, (byte[]) ValueCodec.decode(payload, byte[].class)),
        "decoded value equals the original");

    referenceFile = dir.resolve("reference.bin");
    Files.write(referenceFile, value);
  }

  private RunReport runOnce() {
    return pipeline.run(PipelineContext.create().set(INPUT, SYMBOL));
  }

  /** Deletes the cache directory. */
  @TearDown
  public void tearDown() {
    TempDirs.delete(dir);
  }

  /**
   * Quarry: {@code pipeline.run} of the one cached node over a fresh context (validate, input
   * fingerprint, key, file lookup, checksum, decode, publish).
   *
   * @param bh receives the run report
   * @return the context holding the restored value
   */
  @Benchmark
  public PipelineContext quarryRunCacheHit(Blackhole bh) {
    PipelineContext ctx = PipelineContext.create().set(INPUT, SYMBOL);
    bh.consume(pipeline.run(ctx));
    return ctx;
  }

  /**
   * Breakdown: the input's fingerprint.
   *
   * @return the fingerprint
   */
  @Benchmark
  public Optional<String> breakdownFingerprintInput() {
    return Fingerprints.of(SYMBOL);
  }

  /**
   * Breakdown: {@code CacheStore.load} of the entry (open, read, parse the header, check SHA-256).
   *
   * @return the entry
   * @throws CacheCorruptException never, the entry is intact
   */
  @Benchmark
  public Optional<CacheEntry> breakdownStoreLoad() throws CacheCorruptException {
    return store.load(key);
  }

  /**
   * Breakdown: {@code ValueCodec.decode} of the 1 KB payload.
   *
   * @return the value
   * @throws CacheCorruptException never, the payload is intact
   */
  @Benchmark
  public Object breakdownDecode() throws CacheCorruptException {
    return ValueCodec.decode(payload, byte[].class);
  }

  /**
   * Reference: read a 1 KB file.
   *
   * @return its bytes
   * @throws IOException if it cannot be read
   */
  @Benchmark
  public byte[] referenceReadAllBytes() throws IOException {
    return Files.readAllBytes(referenceFile);
  }
}
