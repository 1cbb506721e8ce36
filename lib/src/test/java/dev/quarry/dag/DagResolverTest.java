package dev.quarry.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.context.PipelineContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DagResolverTest {
  private static Node node(
      String name, int priority, List<String> requires, List<String> consumes, String... provides) {
    Node.Builder builder = Node.named(name).priority(priority);
    requires.forEach(k -> builder.requires(k, String.class));
    builder.consumes(consumes.toArray(String[]::new));
    for (String key : provides) {
      builder.provides(key, String.class);
    }
    return builder.run(ctx -> {});
  }

  private static List<String> names(List<Node> nodes) {
    return nodes.stream().map(Node::name).toList();
  }

  @Test
  void walksBackFromTheGoalAndLeavesUnneededNodesOut() {
    List<Node> nodes =
        List.of(
            node("evaluate", 0, List.of("model.trained"), List.of(), "eval.metrics"),
            node("train", 0, List.of("features.train"), List.of(), "model.trained"),
            node("unused", 0, List.of(), List.of(), "other.thing"),
            node("features", 0, List.of("dataset.train"), List.of(), "features.train"),
            node("load", 0, List.of(), List.of(), "dataset.train"));
    assertEquals(
        List.of("load", "features", "train", "evaluate"),
        names(new DagResolver(nodes).resolve("eval.metrics")));
  }

  @Test
  void higherPriorityRunsFirstAmongReadyNodes() {
    List<Node> nodes =
        List.of(
            node("low", 1, List.of(), List.of(), "a.low"),
            node("high", 10, List.of(), List.of(), "a.high"),
            node("mid", 5, List.of(), List.of(), "a.mid"),
            node("join", 0, List.of("a.low", "a.high", "a.mid"), List.of(), "output.all"));
    assertEquals(
        List.of("high", "mid", "low", "join"), names(new DagResolver(nodes).resolve("output.all")));
  }

  @Test
  void inputsNeedNoProducerAndMissingProducersAreClearErrors() {
    List<Node> nodes =
        List.of(node("features", 0, List.of("dataset.train"), List.of(), "features.train"));
    assertEquals(
        List.of("features"),
        names(
            new DagResolver(nodes).withInputs(List.of("dataset.train")).resolve("features.train")));
    PipelineException e =
        assertThrows(
            PipelineException.class, () -> new DagResolver(nodes).resolve("features.train"));
    assertEquals(
        "node 'features' requires 'dataset.train' but no node provides it and it is not an input;"
            + " add a node that provides it or declare it with withInputs(...)",
        e.getMessage());
    PipelineException goal =
        assertThrows(PipelineException.class, () -> new DagResolver(nodes).resolve("output.none"));
    assertTrue(
        goal.getMessage().startsWith("goal 'output.none': no node provides it"), goal.getMessage());
  }

  @Test
  void cyclesArePrintedWithTheKeysThatLinkThem() {
    List<Node> nodes =
        List.of(
            node("a", 0, List.of("c.out"), List.of(), "a.out"),
            node("b", 0, List.of("a.out"), List.of(), "b.out"),
            node("c", 0, List.of("b.out"), List.of(), "c.out"),
            node("goal", 0, List.of("a.out"), List.of(), "output.x"));
    PipelineException e =
        assertThrows(PipelineException.class, () -> new DagResolver(nodes).resolve("output.x"));
    assertEquals(
        "dependency cycle: 'a' needs 'c.out' from 'c' → 'c' needs 'b.out' from 'b' → 'b' needs"
            + " 'a.out' from 'a'; break the cycle by removing one of these inputs",
        e.getMessage());
  }

  @Test
  void consumedProducersJoinOnlyWhenAFeatureFlagEnablesThem() {
    List<Node> nodes =
        List.of(
            node("pose", 0, List.of(), List.of(), "conditioning.pose"),
            node("depth", 0, List.of(), List.of(), "conditioning.depth"),
            node(
                "generate",
                0,
                List.of("prompt.compiled"),
                List.of("conditioning.*"),
                "output.image"),
            node("prompt", 0, List.of(), List.of(), "prompt.compiled"));
    DagResolver resolver = new DagResolver(nodes);
    assertEquals(List.of("prompt", "generate"), names(resolver.resolve("output.image")));
    assertEquals(
        List.of("depth", "prompt", "generate"),
        names(resolver.withFeatures("conditioning.depth").resolve("output.image")));
    assertEquals(
        List.of("pose", "depth", "prompt", "generate"),
        names(resolver.withFeatures("conditioning.*").resolve("output.image")));
  }

  @Test
  void duplicateProvidersAreRejected() {
    List<Node> nodes =
        List.of(
            node("a", 0, List.of(), List.of(), "x.out"),
            node("b", 0, List.of(), List.of(), "x.out"));
    PipelineException e =
        assertThrows(PipelineException.class, () -> new DagResolver(nodes).resolve("x.out"));
    assertTrue(e.getMessage().contains("provided by both 'a' and 'b'"), e.getMessage());
  }

  @Test
  void consumedKeysThatAreInputsPullInNoProducerAndGoalsAreRequired() {
    List<Node> nodes =
        List.of(
            node("pose", 0, List.of(), List.of(), "conditioning.pose"),
            node("generate", 0, List.of(), List.of("conditioning.*"), "output.image"));
    assertEquals(
        List.of("generate"),
        names(
            new DagResolver(nodes)
                .withInputs(List.of("conditioning.pose"))
                .withFeatures("*")
                .resolve("output.image")));
    assertThrows(PipelineException.class, () -> new DagResolver(nodes).resolve());
  }

  @Test
  void deepChainsResolveWithoutOverflowingTheStack() {
    List<Node> nodes = new java.util.ArrayList<>();
    nodes.add(node("n0", 0, List.of(), List.of(), "chain.0"));
    for (int i = 1; i < 20_000; i++) {
      nodes.add(node("n" + i, 0, List.of("chain." + (i - 1)), List.of(), "chain." + i));
    }
    java.util.Collections.reverse(nodes);
    List<Node> ordered = new DagResolver(nodes).resolve("chain.19999");
    assertEquals(20_000, ordered.size());
    assertEquals("n0", ordered.get(0).name());
    assertEquals("n19999", ordered.get(19_999).name());
  }

  /** A node that sets each output to its own name, so a resolved order can really run. */
  private static Node producing(
      String name, List<String> requires, List<String> consumes, String... provides) {
    Node.Builder builder = Node.named(name);
    requires.forEach(k -> builder.requires(k, String.class));
    builder.consumes(consumes.toArray(String[]::new));
    for (String key : provides) {
      builder.provides(key, String.class);
    }
    return builder.run(
        ctx -> {
          for (String key : provides) {
            ctx.set(key, name);
          }
        });
  }

  @Test
  void theProducerOfAConsumedKeyRunsBeforeTheConsumerWhenSelectedForAnotherReason() {
    List<Node> nodes =
        List.of(
            producing("gen", List.of(), List.of("conditioning.*"), "gen.image"),
            producing("pose", List.of(), List.of(), "conditioning.pose"),
            producing(
                "final", List.of("gen.image", "conditioning.pose"), List.of(), "output.final"));
    List<Node> ordered = new DagResolver(nodes).resolve("output.final");

    assertEquals(List.of("pose", "gen", "final"), names(ordered));
    PipelineContext ctx = PipelineContext.create();
    Pipeline.of(ordered).run(ctx);
    assertEquals("final", ctx.get("output.final"));
  }

  @Test
  void aCycleThroughAConsumedKeyIsReportedWithTheKeysThatLinkIt() {
    List<Node> nodes =
        List.of(
            producing("gen", List.of(), List.of("conditioning.*"), "gen.image"),
            producing("pose", List.of("gen.image"), List.of(), "conditioning.pose"),
            producing("final", List.of("conditioning.pose"), List.of(), "output.final"));
    PipelineException e =
        assertThrows(PipelineException.class, () -> new DagResolver(nodes).resolve("output.final"));
    assertEquals(
        "dependency cycle: 'gen' consumes 'conditioning.pose' from 'pose' → 'pose' needs"
            + " 'gen.image' from 'gen'; break the cycle by removing one of these inputs (a"
            + " consumed key's producer runs before its consumer whenever both are in the"
            + " pipeline)",
        e.getMessage());
  }

  @Test
  void everyResolvedOrderValidatesAndRuns() {
    Random random = new Random(20_261_205L);
    int resolved = 0;
    int cycles = 0;
    for (int round = 0; round < 2_000; round++) {
      int size = 2 + random.nextInt(7);
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        List<String> requires = new ArrayList<>();
        for (int j = 0; j < i; j++) {
          if (random.nextInt(4) == 0) {
            requires.add("out.n" + j);
          }
        }
        List<String> consumes = new ArrayList<>();
        int kind = random.nextInt(4);
        if (kind == 1) {
          consumes.add("conditioning.*");
        } else if (kind == 2) {
          consumes.add("conditioning.n" + random.nextInt(size));
        }
        List<String> provides = new ArrayList<>(List.of("out.n" + i));
        if (random.nextInt(3) == 0) {
          provides.add("conditioning.n" + i);
        }
        nodes.add(producing("n" + i, requires, consumes, provides.toArray(String[]::new)));
      }
      Collections.shuffle(nodes, random);
      String[][] flags = {{}, {"*"}, {"conditioning.*"}, {"conditioning.n0"}};
      DagResolver resolver =
          new DagResolver(nodes).withFeatures(flags[random.nextInt(flags.length)]);
      String goal = "out.n" + random.nextInt(size);
      List<Node> ordered;
      try {
        ordered = resolver.resolve(goal);
      } catch (PipelineException e) {
        assertTrue(e.getMessage().startsWith("dependency cycle: "), e.getMessage());
        cycles++;
        continue;
      }
      PipelineContext ctx = PipelineContext.create();
      String description = "round " + round + ": " + names(ordered) + " for " + nodes;
      Pipeline pipeline = Pipeline.of(ordered);
      pipeline.validate(PipelineContext.create());
      pipeline.run(ctx);
      assertTrue(ctx.contains(goal), description);
      resolved++;
    }
    assertTrue(resolved > 1_000, "only " + resolved + " resolved");
    assertTrue(cycles > 10, "only " + cycles + " cycles");
  }
}
