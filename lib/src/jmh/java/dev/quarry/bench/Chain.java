package dev.quarry.bench;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * The 1,000-node chain of the DAG benchmarks: node {@code i} requires {@code chain.(i-1)} and
 * provides {@code chain.i = chain.(i-1) + 1}; the initial context holds {@code chain.0 = 0}.
 *
 * <p>The same steps and keys also drive the references, which run them over a plain {@code
 * HashMap}, so the two differ only by Quarry's orchestration.
 */
final class Chain {
  private final String[] keys;
  private final IntUnaryOperator[] steps;

  private Chain(int length) {
    keys = new String[length + 1];
    steps = new IntUnaryOperator[length];
    for (int i = 0; i <= length; i++) {
      keys[i] = "chain." + i;
    }
    for (int i = 0; i < length; i++) {
      steps[i] = x -> x + 1;
    }
  }

  /**
   * Builds a chain.
   *
   * @param length the number of nodes
   * @return the chain
   */
  static Chain of(int length) {
    return new Chain(length);
  }

  /** The number of nodes. */
  int length() {
    return steps.length;
  }

  /** The key the initial context holds. */
  String firstKey() {
    return keys[0];
  }

  /** The key the last node provides. */
  String lastKey() {
    return keys[steps.length];
  }

  /** A fresh initial context: {@code chain.0 = 0}. */
  PipelineContext initialContext() {
    return PipelineContext.create().set(keys[0], 0);
  }

  /** The Quarry nodes, node {@code i} named {@code step-i}. */
  List<Node> nodes() {
    List<Node> nodes = new ArrayList<>(steps.length);
    for (int i = 0; i < steps.length; i++) {
      String in = keys[i];
      String out = keys[i + 1];
      IntUnaryOperator step = steps[i];
      nodes.add(
          Node.named("step-" + (i + 1))
              .requires(in, Integer.class)
              .provides(out, Integer.class)
              .run(ctx -> ctx.set(out, step.applyAsInt(ctx.get(in, Integer.class)))));
    }
    return nodes;
  }

  /** The same steps as lambdas over a plain map, with the same keys. */
  List<Consumer<Map<String, Object>>> plainSteps() {
    List<Consumer<Map<String, Object>>> plain = new ArrayList<>(steps.length);
    for (int i = 0; i < steps.length; i++) {
      String in = keys[i];
      String out = keys[i + 1];
      IntUnaryOperator step = steps[i];
      plain.add(map -> map.put(out, step.applyAsInt((Integer) map.get(in))));
    }
    return plain;
  }
}
