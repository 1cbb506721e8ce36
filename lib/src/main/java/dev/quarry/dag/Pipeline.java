package dev.quarry.dag;

import dev.quarry.context.ContextEntry;
import dev.quarry.context.Keys;
import dev.quarry.context.PipelineContext;
import dev.quarry.dag.cache.CacheStore;
import dev.quarry.io.QuarryHome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * An ordered list of nodes that runs over a {@link PipelineContext} (seed 004, explicit mode).
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.of(load, features, signal, summary).withDefaultCache();
 * PipelineContext ctx = PipelineContext.create().set("input.csv", path);
 * System.out.println(pipeline.plan(ctx));   // dry run: what each node will do, and why
 * RunReport report = pipeline.run(ctx);      // runs, restoring cached nodes
 * }</pre>
 *
 * <p>{@link #validate} checks the wiring before anything runs: every required key is in the initial
 * context or provided by an earlier node with a compatible type, and no key has two producers.
 * {@link #plan} and {@link #run} validate first.
 *
 * <p>Sequential by default; {@link #parallel(int)} runs nodes that do not depend on each other
 * concurrently, with the same results. Immutable: the {@code with…} methods return copies.
 */
public final class Pipeline {
  private final List<Node> nodes;
  private final CacheStore cache;
  private final int threads;
  private final LongSupplier nanoTime;

  private Pipeline(List<Node> nodes, CacheStore cache, int threads, LongSupplier nanoTime) {
    this.nodes = nodes;
    this.cache = cache;
    this.threads = threads;
    this.nanoTime = nanoTime;
  }

  /**
   * Creates a pipeline that runs the nodes in the given order.
   *
   * @param nodes the nodes
   * @return a sequential pipeline without a cache
   */
  public static Pipeline of(Node... nodes) {
    return of(List.of(nodes));
  }

  /**
   * Creates a pipeline that runs the nodes in the given order.
   *
   * @param nodes the nodes
   * @return a sequential pipeline without a cache
   */
  public static Pipeline of(List<? extends Node> nodes) {
    if (nodes == null) {
      throw new PipelineException("Pipeline.of needs a list of nodes, got null");
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == null) {
        throw new PipelineException("pipeline node " + (i + 1) + " is null; give every node");
      }
    }
    return new Pipeline(List.copyOf(nodes), null, 1, System::nanoTime);
  }

  /**
   * Returns a copy that caches node outputs in a store.
   *
   * @param store the cache store, e.g. {@link CacheStore#inDirectory}
   * @return the configured copy
   */
  public Pipeline withCache(CacheStore store) {
    return new Pipeline(nodes, Objects.requireNonNull(store, "store"), threads, nanoTime);
  }

  /**
   * Returns a copy that caches node outputs in {@code $QUARRY_HOME/cache}.
   *
   * @return the configured copy
   */
  public Pipeline withDefaultCache() {
    return withCache(CacheStore.inDirectory(QuarryHome.cache()));
  }

  /**
   * Returns a copy that runs independent nodes on a pool of threads.
   *
   * @param threadCount 1 for sequential (the default), more to run independent nodes in parallel
   * @return the configured copy
   */
  public Pipeline parallel(int threadCount) {
    if (threadCount < 1) {
      throw new PipelineException("thread count must be at least 1, got " + threadCount);
    }
    return new Pipeline(nodes, cache, threadCount, nanoTime);
  }

  /**
   * Returns a copy that measures time with another clock (tests and benchmarks).
   *
   * @param clock a {@link System#nanoTime()}-like source
   * @return the configured copy
   */
  public Pipeline withClock(LongSupplier clock) {
    return new Pipeline(nodes, cache, threads, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Returns the nodes, in run order.
   *
   * @return an unmodifiable list
   */
  public List<Node> nodes() {
    return nodes;
  }

  /**
   * Checks the wiring against an initial context; reports every problem at once.
   *
   * @param initial the context the run will start from
   * @return this pipeline, for chaining
   * @throws PipelineException naming node, key and types for each missing producer, type mismatch,
   *     duplicate provider or duplicate node name
   */
  public Pipeline validate(PipelineContext initial) {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    Map<String, String> producers = new LinkedHashMap<>();
    for (ContextEntry entry : initial.entries()) {
      types.put(entry.key(), entry.type());
      producers.put(entry.key(), entry.producer());
    }
    PipelineValidator.validate(nodes, types, producers);
    return this;
  }

  /**
   * Dry run: what each node would do, without running anything.
   *
   * @param initial the context a run would start from
   * @return the plan
   * @throws PipelineException if the pipeline is invalid
   */
  public Plan plan(PipelineContext initial) {
    validate(initial);
    Checkpoints checkpoints = cache == null ? null : new Checkpoints(cache);
    return new Planner(nodes, checkpoints).plan(initial);
  }

  /**
   * Runs the pipeline, adding every node's outputs to {@code ctx}.
   *
   * @param ctx the initial context; receives the outputs
   * @return what each node did and how long it took
   * @throws PipelineException if the pipeline is invalid (nothing runs)
   * @throws PipelineRunException if a node fails; its report shows what ran
   */
  public RunReport run(PipelineContext ctx) {
    validate(ctx);
    NodeRunner runner = new NodeRunner(cache == null ? null : new Checkpoints(cache), nanoTime);
    long start = nanoTime.getAsLong();
    List<NodeRunner.Outcome> outcomes =
        threads == 1
            ? runSequentially(runner, ctx)
            : new ParallelRun(nodes, dependencies(), runner, threads).run(ctx);
    List<RunReport.NodeRun> lines = new ArrayList<>();
    NodeRunner.Outcome failed = null;
    for (NodeRunner.Outcome outcome : outcomes) {
      lines.add(outcome.line());
      if (outcome.failure() != null && failed == null) {
        failed = outcome;
      }
    }
    String mode = threads == 1 ? "sequential" : "parallel, " + threads + " threads";
    RunReport report = new RunReport(lines, mode, nanoTime.getAsLong() - start);
    if (failed != null) {
      throw new PipelineRunException(
          "node '" + failed.line().node() + "' failed: " + failed.line().note(),
          failed.failure(),
          report);
    }
    return report;
  }

  private List<NodeRunner.Outcome> runSequentially(NodeRunner runner, PipelineContext ctx) {
    List<NodeRunner.Outcome> outcomes = new ArrayList<>();
    boolean stopped = false;
    for (int i = 0; i < nodes.size(); i++) {
      if (stopped) {
        outcomes.add(new NodeRunner.Outcome(NodeRunner.skipped(i + 1, nodes.get(i).spec()), null));
        continue;
      }
      NodeRunner.Outcome outcome = runner.run(i + 1, nodes.get(i), ctx);
      outcomes.add(outcome);
      stopped = outcome.failure() != null;
    }
    return outcomes;
  }

  /**
   * Lists, for each node, the earlier nodes it reads from (its dependencies).
   *
   * @return for node i, the indexes of the nodes it depends on
   */
  List<List<Integer>> dependencies() {
    Map<String, Integer> producers = new LinkedHashMap<>();
    List<List<Integer>> dependencies = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeSpec spec = nodes.get(i).spec();
      List<Integer> needs = new ArrayList<>();
      for (String key : spec.requires().keySet()) {
        Integer producer = producers.get(key);
        if (producer != null && !needs.contains(producer)) {
          needs.add(producer);
        }
      }
      for (String pattern : spec.consumes()) {
        producers.forEach(
            (key, producer) -> {
              if (Keys.matches(pattern, key) && !needs.contains(producer)) {
                needs.add(producer);
              }
            });
      }
      dependencies.add(needs);
      for (String key : spec.provides().keySet()) {
        producers.putIfAbsent(key, i);
      }
    }
    return dependencies;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    nodes.forEach(n -> names.add(n.name()));
    return "Pipeline" + names + (cache == null ? "" : " cache=" + cache.describe());
  }
}
