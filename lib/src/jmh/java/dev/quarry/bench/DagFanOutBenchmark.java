package dev.quarry.bench;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Node;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.RunReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
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
 * SPEC §9, DAG: orchestration overhead per node on a 1,000-wide fan-out without a cache.
 *
 * <p>One source node provides {@code fan.source}; 1,000 branch nodes each require it and provide
 * {@code fan.branch.i = source + i}; one sink requires all 1,000 branches and provides their sum.
 * Scores are per node over all 1,002 nodes ({@code @OperationsPerInvocation(1002)}). The sink's
 * 1,000 requirements do not make validation quadratic: it walks each declared key once through hash
 * maps. Sequential is the measured row (target ≤ 5 µs per node); {@code quarryParallel2Threads} is
 * an extra row with {@code Pipeline.parallel(2)}. The reference does the same steps with the same
 * keys over a {@code HashMap}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class DagFanOutBenchmark {
  static final int WIDTH = 1000;
  static final int NODES = WIDTH + 2;
  private static final String SOURCE = "fan.source";
  private static final String SUM = "fan.sum";
  private static final int SOURCE_VALUE = 7;

  private final String[] branchKeys = new String[WIDTH];
  private final IntUnaryOperator[] steps = new IntUnaryOperator[WIDTH];
  private Pipeline sequential;
  private Pipeline parallel;
  private long expectedSum;

  /** Builds the fan-out and checks that every variant computes the same sum. */
  @Setup
  public void setUp() {
    for (int i = 0; i < WIDTH; i++) {
      int offset = i;
      branchKeys[i] = "fan.branch." + i;
      steps[i] = x -> x + offset;
      expectedSum += SOURCE_VALUE + i;
    }
    sequential = Pipeline.of(nodes());
    parallel = sequential.parallel(2);
    for (Pipeline pipeline : List.of(sequential, parallel)) {
      PipelineContext ctx = PipelineContext.create();
      RunReport report = pipeline.run(ctx);
      Checks.count(NODES, report.count(RunReport.Status.RAN), "nodes that ran");
      Checks.equal(expectedSum, ctx.get(SUM, Long.class), SUM + " (" + report.mode() + ")");
    }
    Checks.equal(expectedSum, referenceHashMapLoop().get(SUM), "reference " + SUM);
  }

  private List<Node> nodes() {
    List<Node> nodes = new ArrayList<>(NODES);
    nodes.add(
        Node.named("source")
            .provides(SOURCE, Integer.class)
            .run(ctx -> ctx.set(SOURCE, SOURCE_VALUE)));
    Node.Builder sink = Node.named("sink");
    for (int i = 0; i < WIDTH; i++) {
      String out = branchKeys[i];
      IntUnaryOperator step = steps[i];
      nodes.add(
          Node.named("branch-" + i)
              .requires(SOURCE, Integer.class)
              .provides(out, Integer.class)
              .run(ctx -> ctx.set(out, step.applyAsInt(ctx.get(SOURCE, Integer.class)))));
      sink.requires(out, Integer.class);
    }
    nodes.add(
        sink.provides(SUM, Long.class)
            .run(
                ctx -> {
                  long sum = 0;
                  for (String key : branchKeys) {
                    sum += ctx.get(key, Integer.class);
                  }
                  ctx.set(SUM, sum);
                }));
    return nodes;
  }

  /**
   * Quarry, sequential: {@code pipeline.run} over a fresh, empty context.
   *
   * @param bh receives the run report
   * @return the filled context
   */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public PipelineContext quarrySequential(Blackhole bh) {
    PipelineContext ctx = PipelineContext.create();
    bh.consume(sequential.run(ctx));
    return ctx;
  }

  /**
   * Extra row, not the target: the same pipeline with {@code parallel(2)}.
   *
   * @param bh receives the run report
   * @return the filled context
   */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public PipelineContext quarryParallel2Threads(Blackhole bh) {
    PipelineContext ctx = PipelineContext.create();
    bh.consume(parallel.run(ctx));
    return ctx;
  }

  /**
   * Reference: source, branches and sink as a plain loop over a {@code HashMap}, same keys.
   *
   * @return the filled map
   */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public Map<String, Object> referenceHashMapLoop() {
    Map<String, Object> map = new HashMap<>();
    map.put(SOURCE, SOURCE_VALUE);
    for (int i = 0; i < WIDTH; i++) {
      map.put(branchKeys[i], steps[i].applyAsInt((Integer) map.get(SOURCE)));
    }
    long sum = 0;
    for (String key : branchKeys) {
      sum += (Integer) map.get(key);
    }
    map.put(SUM, sum);
    return map;
  }
}
