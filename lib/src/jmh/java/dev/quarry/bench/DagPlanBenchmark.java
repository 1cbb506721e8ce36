package dev.quarry.bench;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Node;
import dev.quarry.dag.NodeSpec;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.Plan;
import dev.quarry.dag.RunReport;
import dev.quarry.dag.cache.CacheStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SPEC §9, DAG: {@code plan()} of the 1,000-node chain, target ≤ 50 ms.
 *
 * <p>Rows: without a cache (every node WILL RUN), and with a file cache that one run populated (all
 * 1,000 nodes CACHED: each node's key needs the fingerprints from the previous node's entry
 * header). Breakdown rows: a plan against an in-memory store populated the same way, to separate
 * file I/O from the rest, and the 1,000 {@code CacheStore.manifest} reads of the file store alone.
 * References, same run: {@code referenceWiringCheck} walks the same node declarations checking each
 * requirement against a {@code HashMap} of available keys (what a plan without a cache must do at
 * least); {@code referenceReadEntryFiles} reads the 1,000 entry files with {@code
 * Files.readAllBytes} (the I/O a plan with a file cache cannot avoid).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class DagPlanBenchmark {
  /**
   * Chain length: 1,000 for SPEC §9; other lengths ({@code -p nodes=2000}) show how plan scales.
   */
  @Param("1000")
  public int nodes;

  private Path dir;
  private Chain chain;
  private List<NodeSpec> specs;
  private PipelineContext initial;
  private Pipeline noCache;
  private Pipeline fileCache;
  private Pipeline memoryCache;
  private List<Path> entryFiles;
  private CacheStore fileStore;
  private List<String> entryKeys;

  /** Builds the chain, populates both caches with one run each, and checks the plans. */
  @Setup
  public void setUp() throws IOException {
    dir = TempDirs.create("quarry-bench-plan");
    chain = Chain.of(nodes);
    List<Node> chainNodes = chain.nodes();
    specs = chainNodes.stream().map(Node::spec).toList();
    initial = chain.initialContext();
    noCache = Pipeline.of(chainNodes);
    fileStore = CacheStore.inDirectory(dir.resolve("cache"));
    fileCache = noCache.withCache(fileStore);
    memoryCache = noCache.withCache(CacheStore.inMemory());
    for (Pipeline cached : List.of(fileCache, memoryCache)) {
      String name = cached == fileCache ? "file cache" : "memory cache";
      RunReport populate = cached.run(chain.initialContext());
      Checks.count(nodes, populate.count(RunReport.Status.RAN), "nodes run to populate");
      Checks.count(nodes, cached.plan(initial).cachedCount(), "CACHED nodes, " + name);
    }
    Checks.count(nodes, noCache.plan(initial).toRunCount(), "WILL RUN nodes without a cache");
    try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
      entryFiles = files.filter(f -> f.toString().endsWith(".entry")).toList();
    }
    Checks.count(nodes, entryFiles.size(), "cache entry files");
    entryKeys =
        entryFiles.stream().map(f -> f.getFileName().toString().replace(".entry", "")).toList();
    Checks.equal(true, referenceWiringCheck(), "reference wiring check");
  }

  /** Deletes the cache directory. */
  @TearDown
  public void tearDown() {
    TempDirs.delete(dir);
  }

  /**
   * Quarry: plan without a cache.
   *
   * @return the plan
   */
  @Benchmark
  public Plan quarryPlanNoCache() {
    return noCache.plan(initial);
  }

  /**
   * Quarry: plan against a populated file cache; all nodes CACHED.
   *
   * @return the plan
   */
  @Benchmark
  public Plan quarryPlanFileCacheAllCached() {
    return fileCache.plan(initial);
  }

  /**
   * Breakdown: plan against a populated in-memory cache; all nodes CACHED.
   *
   * @return the plan
   */
  @Benchmark
  public Plan breakdownPlanMemoryCacheAllCached() {
    return memoryCache.plan(initial);
  }

  /**
   * Breakdown: the file store's part of the file-cache plan, {@code CacheStore.manifest} of each of
   * the 1,000 entries (open, read, parse the JSON header), in no particular order.
   *
   * @param bh receives each manifest
   */
  @Benchmark
  public void breakdownFileStoreManifests(Blackhole bh) {
    for (String key : entryKeys) {
      bh.consume(fileStore.manifest(key));
    }
  }

  /**
   * Reference: check every requirement of the same 1,000 declarations against a map of available
   * keys and types, as a hand-written validator would.
   *
   * @return true if the wiring is complete
   */
  @Benchmark
  public boolean referenceWiringCheck() {
    Map<String, Class<?>> available = new HashMap<>();
    available.put(chain.firstKey(), Integer.class);
    boolean ok = true;
    for (NodeSpec spec : specs) {
      for (Map.Entry<String, Class<?>> required : spec.requires().entrySet()) {
        Class<?> type = available.get(required.getKey());
        ok &= type != null && required.getValue().isAssignableFrom(type);
      }
      for (Map.Entry<String, Class<?>> provided : spec.provides().entrySet()) {
        ok &= available.putIfAbsent(provided.getKey(), provided.getValue()) == null;
      }
    }
    return ok;
  }

  /**
   * Reference: read the 1,000 cache entry files whole.
   *
   * @param bh receives each file's bytes
   * @throws IOException if a file cannot be read
   */
  @Benchmark
  public void referenceReadEntryFiles(Blackhole bh) throws IOException {
    for (Path file : entryFiles) {
      bh.consume(Files.readAllBytes(file));
    }
  }
}
