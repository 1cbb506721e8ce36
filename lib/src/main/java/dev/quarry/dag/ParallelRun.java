package dev.quarry.dag;

import dev.quarry.context.PipelineContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs nodes on a pool: each node starts once every node it reads from has finished.
 *
 * <p>Results equal a sequential run's: a node sees exactly the same inputs, the context keeps its
 * keys sorted whatever order they arrive in, and the report lists nodes in pipeline order. After a
 * failure no new node starts; nodes already running finish.
 */
final class ParallelRun {
  private final List<Node> nodes;
  private final List<List<Integer>> dependencies;
  private final NodeRunner runner;
  private final int threads;

  ParallelRun(List<Node> nodes, List<List<Integer>> dependencies, NodeRunner runner, int threads) {
    this.nodes = nodes;
    this.dependencies = dependencies;
    this.runner = runner;
    this.threads = threads;
  }

  List<NodeRunner.Outcome> run(PipelineContext ctx) {
    int count = nodes.size();
    NodeRunner.Outcome[] outcomes = new NodeRunner.Outcome[count];
    CompletableFuture<?>[] done = new CompletableFuture<?>[count];
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      for (int i = 0; i < count; i++) {
        int index = i;
        CompletableFuture<?>[] needs =
            dependencies.get(i).stream().map(d -> done[d]).toArray(CompletableFuture<?>[]::new);
        done[i] =
            CompletableFuture.allOf(needs)
                .thenRunAsync(() -> outcomes[index] = runOne(index, outcomes, stop, ctx), pool);
      }
      CompletableFuture.allOf(done).join();
    } finally {
      pool.shutdownNow();
    }
    return List.of(outcomes);
  }

  private NodeRunner.Outcome runOne(
      int index, NodeRunner.Outcome[] outcomes, AtomicBoolean stop, PipelineContext ctx) {
    boolean ready = !stop.get();
    for (int need : dependencies.get(index)) {
      RunReport.Status status = outcomes[need].line().status();
      ready &= status == RunReport.Status.RAN || status == RunReport.Status.CACHED;
    }
    if (!ready) {
      return new NodeRunner.Outcome(NodeRunner.skipped(index + 1, nodes.get(index).spec()), null);
    }
    NodeRunner.Outcome outcome = runner.run(index + 1, nodes.get(index), ctx);
    if (outcome.failure() != null) {
      stop.set(true);
    }
    return outcome;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "quarry-dag-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
