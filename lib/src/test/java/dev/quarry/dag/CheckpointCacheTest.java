package dev.quarry.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.cache.CacheStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class CheckpointCacheTest {
  @TempDir Path dir;
  private final Map<String, AtomicInteger> runs = new TreeMap<>();
  private CacheStore store;

  @BeforeEach
  void openStore() {
    store = CacheStore.inDirectory(dir);
  }

  private Node counted(
      String name,
      String version,
      List<String> requires,
      String provides,
      java.util.function.Function<PipelineContext, Object> body) {
    runs.put(name, new AtomicInteger());
    Node.Builder builder = Node.named(name).version(version).provides(provides, Object.class);
    requires.forEach(k -> builder.requires(k, Object.class));
    return builder.run(
        ctx -> {
          runs.get(name).incrementAndGet();
          ctx.set(provides, body.apply(ctx));
        });
  }

  /** a(input.x) → a.out; b(input.y) → b.out; c(a.out, b.out) → c.out; d(b.out) → d.out */
  private Pipeline diamond(String versionOfA) {
    return Pipeline.of(
            counted("a", versionOfA, List.of("input.x"), "a.out", ctx -> "A" + ctx.get("input.x")),
            counted("b", "1", List.of("input.y"), "b.out", ctx -> "B" + ctx.get("input.y")),
            counted(
                "c",
                "1",
                List.of("a.out", "b.out"),
                "c.out",
                ctx -> ctx.get("a.out") + "+" + ctx.get("b.out")),
            counted("d", "1", List.of("b.out"), "d.out", ctx -> "D" + ctx.get("b.out")))
        .withCache(store);
  }

  private static PipelineContext inputs(Object x, Object y) {
    return PipelineContext.create().set("input.x", x).set("input.y", y);
  }

  private Map<String, Integer> runCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    runs.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  @Test
  void unchangedInputsAreCachedAndThePlanSaysSo() {
    Pipeline pipeline = diamond("1");
    Plan first = pipeline.plan(inputs(1, 2));
    assertEquals(4, first.toRunCount());
    assertEquals("no cache entry for these inputs and version", first.node("a").reason());
    assertEquals(
        "no cache entry for this version; input 'a.out' comes from 'a', which will run",
        first.node("c").reason());
    pipeline.run(inputs(1, 2));

    Plan second = pipeline.plan(inputs(1, 2));
    assertEquals(4, second.cachedCount(), second.toText());
    PipelineContext ctx = inputs(1, 2);
    RunReport report = pipeline.run(ctx);
    assertEquals(4, report.count(RunReport.Status.CACHED), report.toText());
    assertEquals("A1+B2", ctx.get("c.out"));
    assertEquals("c", ctx.entry("c.out").producer());
    assertEquals(Map.of("a", 1, "b", 1, "c", 1, "d", 1), runCounts());
  }

  @Test
  void changedInputRerunsThatNodeAndItsDescendantsOnly() {
    Pipeline pipeline = diamond("1");
    pipeline.run(inputs(1, 2));
    Plan plan = pipeline.plan(inputs(7, 2));
    assertEquals(Plan.Status.WILL_RUN, plan.node("a").status());
    assertEquals(Plan.Status.CACHED, plan.node("b").status());
    assertEquals(Plan.Status.RUNS_IF_UPSTREAM_CHANGES, plan.node("c").status());
    assertEquals(Plan.Status.CACHED, plan.node("d").status());
    PipelineContext ctx = inputs(7, 2);
    pipeline.run(ctx);
    assertEquals("A7+B2", ctx.get("c.out"));
    assertEquals(Map.of("a", 2, "b", 1, "c", 2, "d", 1), runCounts());
  }

  @Test
  void bumpedVersionRerunsTheNode() {
    diamond("1").run(inputs(1, 2));
    PipelineContext ctx = inputs(1, 2);
    RunReport report = diamond("2").run(ctx);
    assertEquals(RunReport.Status.RAN, report.node("a").status());
    // a's output is the same as before, so c's inputs are unchanged and c is restored.
    assertEquals(RunReport.Status.CACHED, report.node("c").status());
    assertEquals(1, runs.get("a").get());
  }

  @Test
  void distinctInputsNeverShareAnEntry() {
    Pipeline pipeline = diamond("1");
    Object[] xs = {1, 1L, "1", 1.0, List.of(1), 2, "2"};
    for (int round = 0; round < 2; round++) {
      for (Object x : xs) {
        PipelineContext ctx = inputs(x, "y");
        pipeline.run(ctx);
        assertEquals(
            "A" + x, ctx.get("a.out"), "x=" + x + " (" + x.getClass().getSimpleName() + ")");
      }
    }
    assertEquals(xs.length, runs.get("a").get(), "each distinct input computed exactly once");
  }

  @Test
  void valueWithoutFingerprintMakesTheNodeUncacheableAndThePlanSaysWhy() {
    final class Opaque {
      @Override
      public String toString() {
        return "opaque";
      }
    }
    Pipeline pipeline = diamond("1");
    PipelineContext first = inputs(new Opaque(), 2);
    Plan plan = pipeline.plan(first);
    assertTrue(
        plan.node("a").reason().startsWith("not cacheable: input 'input.x': "),
        plan.node("a").reason());
    pipeline.run(first);
    RunReport second = pipeline.run(inputs(new Opaque(), 2));
    assertEquals(RunReport.Status.RAN, second.node("a").status());
    assertTrue(
        second.node("a").note().startsWith("not cacheable: input 'input.x'"),
        second.node("a").note());
    assertEquals(RunReport.Status.CACHED, second.node("b").status());
    assertEquals(2, runs.get("a").get());
  }

  @Test
  void corruptEntriesAreDetectedAndRecomputed() throws IOException {
    Pipeline pipeline = diamond("1");
    pipeline.run(inputs(1, 2));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
      }
    }
    PipelineContext ctx = inputs(1, 2);
    RunReport report = pipeline.run(ctx);
    assertEquals(4, report.count(RunReport.Status.RAN), report.toText());
    assertTrue(
        report.node("a").note().startsWith("cache entry unusable, recomputed"),
        report.node("a").note());
    assertEquals("A1+B2", ctx.get("c.out"));
    assertEquals(4, pipeline.run(inputs(1, 2)).count(RunReport.Status.CACHED));
  }

  @Test
  void nodesDeclaredNotCacheableAlwaysRun() {
    AtomicInteger count = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.of(
                Node.named("side-effect")
                    .cacheable(false)
                    .provides("a.out", Integer.class)
                    .run(ctx -> ctx.set("a.out", count.incrementAndGet())))
            .withCache(store);
    pipeline.run(PipelineContext.create());
    assertEquals(
        "node is declared not cacheable",
        pipeline.plan(PipelineContext.create()).node("side-effect").reason());
    pipeline.run(PipelineContext.create());
    assertEquals(2, count.get());
  }

  @Test
  void fileOutputsAreRestoredOnlyWhileTheFileIsUnchanged() throws IOException {
    Path file = dir.resolve("downloaded.txt");
    AtomicInteger fetches = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.of(
                Node.named("fetch")
                    .requires("input.name", String.class)
                    .provides("data.file", Path.class)
                    .run(
                        ctx -> {
                          fetches.incrementAndGet();
                          Files.writeString(file, "content " + ctx.get("input.name"));
                          ctx.set("data.file", file);
                        }))
            .withCache(CacheStore.inDirectory(dir.resolve("cache")));
    pipeline.run(PipelineContext.create().set("input.name", "x"));
    PipelineContext restored = PipelineContext.create().set("input.name", "x");
    assertEquals(RunReport.Status.CACHED, pipeline.run(restored).node("fetch").status());
    assertEquals(file.toAbsolutePath(), restored.get("data.file"));

    Files.writeString(file, "tampered");
    RunReport afterEdit = pipeline.run(PipelineContext.create().set("input.name", "x"));
    assertEquals(RunReport.Status.RAN, afterEdit.node("fetch").status());
    assertTrue(
        afterEdit.node("fetch").note().contains("changed or vanished"),
        afterEdit.node("fetch").note());
    Files.delete(file);
    assertEquals(
        RunReport.Status.RAN,
        pipeline.run(PipelineContext.create().set("input.name", "x")).node("fetch").status());
    assertEquals(3, fetches.get());
    assertEquals("content x", Files.readString(file));
  }

  @Test
  void aNodeThatChangesItsInputInPlaceFailsInsteadOfPoisoningTheCache() {
    Pipeline pipeline =
        Pipeline.of(
                Node.named("make")
                    .provides("t.list", List.class)
                    .run(ctx -> ctx.set("t.list", new java.util.ArrayList<>(List.of(1)))),
                Node.named("grow")
                    .requires("t.list", List.class)
                    .provides("g.size", Integer.class)
                    .run(
                        ctx -> {
                          @SuppressWarnings("unchecked")
                          List<Integer> list = ctx.get("t.list", List.class);
                          list.add(2);
                          ctx.set("g.size", list.size());
                        }))
            .withCache(store);
    PipelineRunException e =
        assertThrows(PipelineRunException.class, () -> pipeline.run(PipelineContext.create()));
    assertTrue(
        e.getMessage().contains("node 'grow' changed its input 't.list' in place"), e.getMessage());
  }

  @Test
  void filesInDifferentFoldersAreDifferentInputs() throws IOException {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Pipeline pipeline =
        Pipeline.of(
                Node.named("write")
                    .requires("input.dir", Path.class)
                    .provides("out.file", Path.class)
                    .run(
                        ctx ->
                            ctx.set(
                                "out.file",
                                Files.writeString(
                                    ctx.get("input.dir", Path.class).resolve("out.csv"), "x"))))
            .withCache(CacheStore.inDirectory(dir.resolve("cache")));
    pipeline.run(PipelineContext.create().set("input.dir", a));
    PipelineContext second = PipelineContext.create().set("input.dir", b);
    assertEquals(RunReport.Status.RAN, pipeline.run(second).node("write").status());
    assertTrue(Files.exists(b.resolve("out.csv")));
  }

  @Test
  void pathsNestedInOutputsAreNotStoredAndThePlanChecksCachedFiles() throws IOException {
    Path file = Files.writeString(dir.resolve("f.txt"), "v1");
    Pipeline nested =
        Pipeline.of(
                Node.named("list")
                    .provides("out.files", List.class)
                    .run(ctx -> ctx.set("out.files", List.of(file))))
            .withCache(CacheStore.inDirectory(dir.resolve("cache1")));
    RunReport report = nested.run(PipelineContext.create());
    assertTrue(
        report
            .node("list")
            .note()
            .contains("a file path can be stored only as a node's whole output"),
        report.node("list").note());
    assertEquals(RunReport.Status.RAN, nested.run(PipelineContext.create()).node("list").status());

    Pipeline whole =
        Pipeline.of(
                Node.named("one")
                    .provides("out.file", Path.class)
                    .run(ctx -> ctx.set("out.file", file)))
            .withCache(CacheStore.inDirectory(dir.resolve("cache2")));
    whole.run(PipelineContext.create());
    assertEquals(Plan.Status.CACHED, whole.plan(PipelineContext.create()).node("one").status());
    Files.writeString(file, "v2");
    Plan plan = whole.plan(PipelineContext.create());
    assertEquals(Plan.Status.WILL_RUN, plan.node("one").status());
    assertTrue(
        plan.node("one").reason().contains("changed or vanished"), plan.node("one").reason());
  }

  @Test
  void aCachedReportForOneNamedTableIsNotServedForAnIdenticalTableWithAnotherName() {
    Pipeline pipeline =
        Pipeline.of(
                counted(
                    "report",
                    "1",
                    List.of("input.table"),
                    "report.title",
                    ctx -> "Report for " + ctx.get("input.table", Table.class).name()))
            .withCache(store);
    PipelineContext btc =
        PipelineContext.create()
            .set("input.table", Table.create("BTC", DoubleColumn.create("close", 1.0, 2.0)));
    PipelineContext eth =
        PipelineContext.create()
            .set("input.table", Table.create("ETH", DoubleColumn.create("close", 1.0, 2.0)));
    pipeline.run(btc);

    assertEquals(Plan.Status.WILL_RUN, pipeline.plan(eth).node("report").status());
    pipeline.run(eth);

    assertEquals("Report for ETH", eth.get("report.title"));
    assertEquals(2, runs.get("report").get());
  }

  /** Runs the pipeline after planning it, and checks every node did what its plan line allowed. */
  private static void assertRunMatchesPlan(String scenario, Pipeline pipeline, Object x) {
    Plan plan = pipeline.plan(PipelineContext.create().set("input.x", x));
    RunReport report = pipeline.run(PipelineContext.create().set("input.x", x));
    for (Plan.NodePlan planned : plan.nodes()) {
      RunReport.Status ran = report.node(planned.node()).status();
      boolean consistent =
          switch (planned.status()) {
            case WILL_RUN -> ran == RunReport.Status.RAN;
            case CACHED -> ran == RunReport.Status.CACHED;
            case RUNS_IF_UPSTREAM_CHANGES -> ran == RunReport.Status.RAN
                || ran == RunReport.Status.CACHED;
          };
      assertTrue(
          consistent,
          scenario
              + ": node '"
              + planned.node()
              + "' was planned "
              + planned.status().label()
              + " but "
              + ran
              + "\n"
              + plan.toText()
              + report.toText());
    }
  }

  @Test
  void everyNodesPlannedStatusAgreesWithWhatTheRunDid() {
    // load always runs and reproduces the same value; parity maps several inputs to one output.
    Pipeline pipeline =
        Pipeline.of(
                Node.named("load")
                    .cacheable(false)
                    .provides("load.out", String.class)
                    .run(ctx -> ctx.set("load.out", "constant")),
                counted(
                    "parity",
                    "1",
                    List.of("input.x"),
                    "parity.out",
                    ctx -> ctx.get("input.x", Integer.class) % 2),
                counted(
                    "label",
                    "1",
                    List.of("parity.out"),
                    "label.out",
                    ctx -> "parity " + ctx.get("parity.out")),
                counted(
                    "use",
                    "1",
                    List.of("load.out", "label.out"),
                    "use.out",
                    ctx -> ctx.get("load.out") + " " + ctx.get("label.out")))
            .withCache(store);
    assertRunMatchesPlan("first run", pipeline, 1);
    assertRunMatchesPlan("same input", pipeline, 1);
    assertRunMatchesPlan("new input, same parity", pipeline, 3);
    assertRunMatchesPlan("new input, new parity", pipeline, 2);
    assertRunMatchesPlan("back to an earlier parity", pipeline, 5);
    assertEquals(Map.of("label", 2, "parity", 4, "use", 2), runCounts());

    Plan plan = pipeline.plan(PipelineContext.create().set("input.x", 7));
    assertEquals(Plan.Status.RUNS_IF_UPSTREAM_CHANGES, plan.node("label").status());
    assertEquals(
        "input 'parity.out' comes from 'parity', which will run; restored if its inputs match a"
            + " cache entry",
        plan.node("label").reason());
    assertEquals(Plan.Status.RUNS_IF_UPSTREAM_CHANGES, plan.node("use").status());
    assertTrue(
        plan.toText().endsWith("Estimated: 0 cached, 2 to run, 2 run if upstream changes\n"),
        plan.toText());
  }
}
