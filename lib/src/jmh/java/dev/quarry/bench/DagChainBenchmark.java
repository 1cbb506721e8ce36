package dev.quarry.bench;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.RunReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SPEC §9, DAG: orchestration overhead per node, sequential, on a 1,000-node chain without a cache.
 *
 * <p>Scores are per node ({@code @OperationsPerInvocation(1000)}): multiply by 1,000 for one whole
 * run. Each invocation starts from a fresh context holding {@code chain.0}, since context keys are
 * write-once. The reference runs the same 1,000 steps with the same keys over a {@code HashMap}.
 * Target: Quarry ≤ 5 µs per node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class DagChainBenchmark {
  static final int NODES = 1000;

  private Chain chain;
  private Pipeline pipeline;
  private List<Consumer<Map<String, Object>>> plainSteps;

  /** Builds the chain and checks that both variants compute {@code chain.1000 = 1000}. */
  @Setup
  public void setUp() {
    chain = Chain.of(NODES);
    pipeline = Pipeline.of(chain.nodes());
    plainSteps = chain.plainSteps();
    PipelineContext ctx = chain.initialContext();
    RunReport report = pipeline.run(ctx);
    Checks.count(NODES, report.count(RunReport.Status.RAN), "nodes that ran");
    Checks.equal(NODES, ctx.get(chain.lastKey(), Integer.class), chain.lastKey());
    Checks.equal(
        NODES, referenceHashMapLoop().get(chain.lastKey()), "reference " + chain.lastKey());
  }

  /**
   * Quarry: {@code pipeline.run} over a fresh context.
   *
   * @param bh receives the run report
   * @return the filled context
   */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public PipelineContext quarrySequential(Blackhole bh) {
    PipelineContext ctx = chain.initialContext();
    bh.consume(pipeline.run(ctx));
    return ctx;
  }

  /**
   * Reference: the same steps, keys and boxing in a plain loop over a {@code HashMap}.
   *
   * @return the filled map
   */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public Map<String, Object> referenceHashMapLoop() {
    Map<String, Object> map = new HashMap<>();
    map.put(chain.firstKey(), 0);
    for (Consumer<Map<String, Object>> step : plainSteps) {
      step.accept(map);
    }
    return map;
  }
}
