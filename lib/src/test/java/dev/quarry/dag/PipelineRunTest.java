package dev.quarry.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.context.PipelineContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineRunTest {
  /** A diamond with a wide middle: source → 8 independent squares → sum. */
  private static List<Node> diamond(CountDownLatch together) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(
        Node.named("source")
            .requires("input.n", Integer.class)
            .provides("source.n", Integer.class)
            .run(ctx -> ctx.set("source.n", ctx.get("input.n", Integer.class))));
    Node.Builder sum = Node.named("sum").provides("output.sum", Long.class);
    for (int i = 0; i < 8; i++) {
      int k = i;
      String key = "square." + i;
      nodes.add(
          Node.named("square" + i)
              .requires("source.n", Integer.class)
              .provides(key, Long.class)
              .run(
                  ctx -> {
                    if (together != null) {
                      together.countDown();
                      assertTrue(
                          together.await(10, TimeUnit.SECONDS), "nodes did not run concurrently");
                    }
                    long n = ctx.get("source.n", Integer.class) + k;
                    ctx.set(key, n * n);
                  }));
      sum.requires(key, Long.class);
    }
    nodes.add(
        sum.run(
            ctx -> {
              long total = 0;
              for (int i = 0; i < 8; i++) {
                total += ctx.get("square." + i, Long.class);
              }
              ctx.set("output.sum", total);
            }));
    return nodes;
  }

  @Test
  void sequentialRunSetsEveryOutputAndReportsEachNode() {
    PipelineContext ctx = PipelineContext.create().set("input.n", 3);
    RunReport report = Pipeline.of(diamond(null)).run(ctx);
    long expected = 0;
    for (int k = 0; k < 8; k++) {
      expected += (long) (3 + k) * (3 + k);
    }
    assertEquals(expected, ctx.get("output.sum", Long.class));
    assertEquals(10, report.count(RunReport.Status.RAN));
    assertEquals("sequential", report.mode());
    assertEquals("square3", report.nodes().get(4).node());
    assertTrue(
        report.toText().startsWith("[RUN] Pipeline: 10 nodes (sequential)\n"), report.toText());
  }

  @Test
  void parallelRunRunsIndependentNodesConcurrentlyWithTheSameResults() {
    PipelineContext sequential = PipelineContext.create().set("input.n", 5);
    Pipeline.of(diamond(null)).run(sequential);
    PipelineContext parallel = PipelineContext.create().set("input.n", 5);
    // Two of the squares must be inside their bodies at the same time for the latch to open.
    RunReport report = Pipeline.of(diamond(new CountDownLatch(2))).parallel(4).run(parallel);
    assertEquals(sequential.keys(), parallel.keys());
    for (String key : sequential.keys()) {
      assertEquals(sequential.get(key), parallel.get(key), key);
    }
    assertEquals(sequential.toText(), parallel.toText());
    assertEquals("parallel, 4 threads", report.mode());
    assertEquals(10, report.count(RunReport.Status.RAN));
  }

  @Test
  void failingNodeStopsTheRunAndTheReportShowsFailedAndSkipped() {
    Pipeline pipeline =
        Pipeline.of(
            Node.named("ok").provides("a.out", String.class).run(ctx -> ctx.set("a.out", "x")),
            Node.named("boom")
                .requires("a.out", String.class)
                .provides("b.out", String.class)
                .run(
                    ctx -> {
                      ctx.set("b.out", "partial");
                      throw new IllegalStateException("disk on fire");
                    }),
            Node.named("after")
                .requires("b.out", String.class)
                .provides("c.out", String.class)
                .run(ctx -> ctx.set("c.out", "y")));
    PipelineContext ctx = PipelineContext.create();
    PipelineRunException e = assertThrows(PipelineRunException.class, () -> pipeline.run(ctx));
    assertEquals("node 'boom' failed: IllegalStateException: disk on fire", e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(RunReport.Status.RAN, e.report().node("ok").status());
    assertEquals(RunReport.Status.FAILED, e.report().node("boom").status());
    assertEquals(RunReport.Status.SKIPPED, e.report().node("after").status());
    assertTrue(ctx.contains("a.out"));
    assertTrue(!ctx.contains("b.out"), "a failed node must leave no partial outputs");
  }

  @Test
  void failingNodeInParallelModeReportsTheSameWay() {
    List<Node> nodes = new ArrayList<>(diamond(null));
    nodes.set(
        3,
        Node.named("square2")
            .requires("source.n", Integer.class)
            .provides("square.2", Long.class)
            .run(
                ctx -> {
                  throw new IllegalArgumentException("bad square");
                }));
    PipelineRunException e =
        assertThrows(
            PipelineRunException.class,
            () -> Pipeline.of(nodes).parallel(3).run(PipelineContext.create().set("input.n", 1)));
    assertEquals("node 'square2' failed: IllegalArgumentException: bad square", e.getMessage());
    assertEquals(RunReport.Status.SKIPPED, e.report().node("sum").status());
  }

  @Test
  void nodeThatForgetsAnOutputOrReadsAnUndeclaredKeyFails() {
    Pipeline forgets =
        Pipeline.of(Node.named("lazy").provides("a.out", String.class).run(ctx -> {}));
    PipelineRunException e =
        assertThrows(PipelineRunException.class, () -> forgets.run(PipelineContext.create()));
    assertEquals(
        "node 'lazy' failed: node 'lazy' finished without setting 'a.out', which it declares in"
            + " provides; set it or remove the declaration",
        e.getMessage());
    Pipeline peeks =
        Pipeline.of(
            Node.named("peek")
                .provides("a.out", String.class)
                .run(ctx -> ctx.set("a.out", ctx.get("input.secret", String.class))));
    PipelineRunException peek =
        assertThrows(
            PipelineRunException.class,
            () -> peeks.run(PipelineContext.create().set("input.secret", "s")));
    assertTrue(
        peek.getMessage().contains("read 'input.secret', which it does not declare"),
        peek.getMessage());
  }

  @Test
  void subclassedNodesRunLikeInlineOnes() {
    final class Greeting extends Node {
      Greeting() {
        super(
            Node.named("greet")
                .requires("input.name", String.class)
                .provides("output.greeting", String.class)
                .spec());
      }

      @Override
      public void run(PipelineContext ctx) {
        ctx.set("output.greeting", "hello " + ctx.get("input.name", String.class));
      }
    }
    PipelineContext ctx = PipelineContext.create().set("input.name", "quarry");
    Pipeline.of(new Greeting()).run(ctx);
    assertEquals("hello quarry", ctx.get("output.greeting"));
    assertEquals("greet", ctx.entry("output.greeting").producer());
  }

  @Test
  void optionalInputsAreSeenTheSameWayInParallelAndSequentially() {
    java.util.function.Supplier<List<Node>> nodes =
        () ->
            List.of(
                Node.named("pose")
                    .provides("cond.pose", Integer.class)
                    .run(ctx -> ctx.set("cond.pose", 1)),
                Node.named("depth")
                    .provides("cond.depth", Integer.class)
                    .run(ctx -> ctx.set("cond.depth", 2)),
                Node.named("other")
                    .provides("misc.x", Integer.class)
                    .run(ctx -> ctx.set("misc.x", 3)),
                Node.named("generate")
                    .consumes("cond.*")
                    .provides("output.n", Integer.class)
                    .run(
                        ctx ->
                            ctx.set(
                                "output.n",
                                ctx.hasNamespace("cond.") ? ctx.getNamespace("cond.").size() : 0)));
    PipelineContext sequential = PipelineContext.create();
    Pipeline.of(nodes.get()).run(sequential);
    for (int i = 0; i < 20; i++) {
      PipelineContext parallel = PipelineContext.create();
      Pipeline.of(nodes.get()).parallel(3).run(parallel);
      assertEquals(2, parallel.get("output.n"));
    }
    assertEquals(2, sequential.get("output.n"));
  }

  @Test
  void errorsInNodesAreReportedInBothModes() {
    Node deep =
        Node.named("deep")
            .provides("a.out", String.class)
            .run(
                ctx -> {
                  throw new StackOverflowError("too deep");
                });
    for (int threads : new int[] {1, 2}) {
      PipelineRunException e =
          assertThrows(
              PipelineRunException.class,
              () -> Pipeline.of(deep).parallel(threads).run(PipelineContext.create()));
      assertEquals("node 'deep' failed: StackOverflowError: too deep", e.getMessage());
      assertEquals(RunReport.Status.FAILED, e.report().node("deep").status());
    }
  }
}
