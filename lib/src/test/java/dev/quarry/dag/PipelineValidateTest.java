package dev.quarry.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.context.PipelineContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineValidateTest {
  private static Node node(
      String name, String requires, Class<?> in, String provides, Class<?> out) {
    Node.Builder builder = Node.named(name);
    if (requires != null) {
      builder.requires(requires, in);
    }
    return builder.provides(provides, out).run(ctx -> {});
  }

  @Test
  void missingProducerNamesNodeKeyAndType() {
    Pipeline pipeline =
        Pipeline.of(node("features", "dataset.train", List.class, "features.x", List.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> pipeline.validate(PipelineContext.create()));
    assertEquals(
        "pipeline is invalid (1 problem)\n"
            + "  1. node 'features' requires 'dataset.train' (List); no earlier node provides it —"
            + " add a provider or put it in the initial context",
        e.getMessage());
  }

  @Test
  void producerAfterConsumerIsReportedAsAnOrderingProblem() {
    Pipeline pipeline =
        Pipeline.of(
            node("b", "a.out", String.class, "b.out", String.class),
            node("a", null, null, "a.out", String.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> pipeline.validate(PipelineContext.create()));
    assertTrue(e.getMessage().contains("its producer 'a' runs after it"), e.getMessage());
  }

  @Test
  void typeMismatchNamesBothTypes() {
    Pipeline pipeline =
        Pipeline.of(
            node("a", null, null, "a.out", Integer.class),
            node("b", "a.out", String.class, "b.out", String.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> pipeline.validate(PipelineContext.create()));
    assertTrue(
        e.getMessage()
            .contains("node 'b' requires 'a.out' (String), but node 'a' provides it as Integer"),
        e.getMessage());
  }

  @Test
  void initialContextTypeMismatchIsReported() {
    Pipeline pipeline = Pipeline.of(node("b", "input.n", String.class, "b.out", String.class));
    PipelineException e =
        assertThrows(
            PipelineException.class,
            () -> pipeline.validate(PipelineContext.create().set("input.n", 3)));
    assertTrue(e.getMessage().contains("the initial context holds a Integer"), e.getMessage());
  }

  @Test
  void subtypesAndBoxedPrimitivesAreCompatible() {
    Pipeline pipeline =
        Pipeline.of(
            node("a", null, null, "a.out", int.class),
            node("b", "a.out", Number.class, "b.out", String.class));
    pipeline.validate(PipelineContext.create());
  }

  @Test
  void duplicateProvidersAndNamesAreAllReportedAtOnce() {
    Pipeline pipeline =
        Pipeline.of(
            node("a", null, null, "x.out", String.class),
            node("a", null, null, "y.out", String.class),
            node("c", null, null, "x.out", String.class),
            node("d", null, null, "input.k", String.class));
    PipelineException e =
        assertThrows(
            PipelineException.class,
            () -> pipeline.validate(PipelineContext.create().set("input.k", "v")));
    String message = e.getMessage();
    assertTrue(message.startsWith("pipeline is invalid (3 problems)"), message);
    assertTrue(message.contains("two nodes are named 'a' (positions 1 and 2)"), message);
    assertTrue(
        message.contains("node 'c' provides 'x.out' (String), and so does node 'a' (String)"),
        message);
    assertTrue(
        message.contains(
            "node 'd' provides 'input.k' (String), but the initial context already holds it"),
        message);
  }

  @Test
  void nodeSpecRejectsBadDeclarations() {
    assertThrows(
        PipelineException.class, () -> Node.named("bad name").provides("a.b", String.class).spec());
    assertThrows(
        PipelineException.class,
        () -> Node.named("n").requires("a.b", String.class).provides("a.b", String.class).spec());
    assertThrows(
        PipelineException.class,
        () -> Node.named("n").provides("a.b", String.class).provides("a.b", String.class));
    assertThrows(PipelineException.class, () -> Node.named("n").consumes("a*").spec());
    assertThrows(PipelineException.class, () -> Node.named("n").version(" ").spec());
  }

  @Test
  void runValidatesBeforeRunningAnything() {
    int[] runs = {0};
    Pipeline pipeline =
        Pipeline.of(
            Node.named("first").provides("a.out", String.class).run(ctx -> runs[0]++),
            node("second", "missing.key", String.class, "b.out", String.class));
    assertThrows(PipelineException.class, () -> pipeline.run(PipelineContext.create()));
    assertEquals(0, runs[0]);
  }

  @Test
  void optionalInputsMustBeProducedBeforeTheirConsumer() {
    Pipeline pipeline =
        Pipeline.of(
            Node.named("generate")
                .consumes("cond.*")
                .provides("output.n", Integer.class)
                .run(ctx -> {}),
            node("pose", null, null, "cond.pose", String.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> pipeline.validate(PipelineContext.create()));
    assertTrue(
        e.getMessage()
            .contains(
                "node 'generate' consumes 'cond.*', but 'pose' provides 'cond.pose' after it runs;"
                    + " move 'pose' earlier"),
        e.getMessage());
  }

  @Test
  void runningTwiceOnOneContextSaysToStartFromAFreshOne() {
    Pipeline pipeline =
        Pipeline.of(Node.named("n").provides("o.o", String.class).run(ctx -> ctx.set("o.o", "x")));
    PipelineContext ctx = PipelineContext.create();
    pipeline.run(ctx);
    PipelineException e = assertThrows(PipelineException.class, () -> pipeline.run(ctx));
    assertTrue(
        e.getMessage().contains("already holds it from an earlier run of that node"),
        e.getMessage());
  }

  @Test
  void duplicateProvidersNameBothTypes() {
    Pipeline pipeline =
        Pipeline.of(
            node("a", null, null, "x.out", String.class),
            node("b", null, null, "x.out", Integer.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> pipeline.validate(PipelineContext.create()));
    assertTrue(
        e.getMessage()
            .contains("node 'b' provides 'x.out' (Integer), and so does node 'a' (String)"),
        e.getMessage());
  }

  @Test
  void explicitOrderCyclesAreCalledCycles() {
    Pipeline pipeline =
        Pipeline.of(
            node("a", "c.out", String.class, "a.out", String.class),
            node("c", "a.out", String.class, "c.out", String.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> pipeline.validate(PipelineContext.create()));
    assertTrue(
        e.getMessage().contains("depends on 'a' in turn: a dependency cycle"), e.getMessage());
  }
}
