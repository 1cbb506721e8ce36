package dev.quarry.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.cache.CacheStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class GridTest {
  @Test
  void combinationsAreTheCartesianProductWithEarlierParametersOutermost() {
    List<Map<String, Object>> combinations =
        Grid.of("param.fast", 5, 10).and("param.slow", 50, 100, 200).combinations();
    assertEquals(6, combinations.size());
    assertEquals(Map.of("param.fast", 5, "param.slow", 50), combinations.get(0));
    assertEquals(Map.of("param.fast", 5, "param.slow", 100), combinations.get(1));
    assertEquals(Map.of("param.fast", 10, "param.slow", 200), combinations.get(5));
    assertThrows(PipelineException.class, () -> Grid.of("param.fast"));
    assertThrows(PipelineException.class, () -> Grid.of("param.fast", 1).and("param.fast", 2));
  }

  @Test
  void eachRunIsIndependentAndSharedWorkIsCachedAcrossRuns() {
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger scores = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.of(
                Node.named("load")
                    .requires("input.base", Integer.class)
                    .provides("data.base", Integer.class)
                    .run(
                        ctx -> {
                          loads.incrementAndGet();
                          ctx.set("data.base", ctx.get("input.base", Integer.class) * 10);
                        }),
                Node.named("score")
                    .requires("data.base", Integer.class)
                    .requires("param.a", Integer.class)
                    .requires("param.b", Integer.class)
                    .provides("output.score", Double.class)
                    .run(
                        ctx -> {
                          scores.incrementAndGet();
                          ctx.set(
                              "output.score",
                              ctx.get("data.base", Integer.class)
                                  + ctx.get("param.a", Integer.class)
                                      / (double) ctx.get("param.b", Integer.class));
                        }))
            .withCache(CacheStore.inMemory());
    PipelineContext base = PipelineContext.create().set("input.base", 4);
    GridResult result =
        Grid.of("param.a", 1, 2).and("param.b", 4, 8).run(pipeline, base, "output.score");
    Table table = result.table();
    assertEquals(
        List.of("param.a", "param.b", "output.score", "nodes_ran", "nodes_cached"),
        table.columnNames());
    assertEquals(4, table.rowCount());
    assertEquals(40.25, table.doubleColumn("output.score").getDouble(0));
    assertEquals(40.125, table.doubleColumn("output.score").getDouble(1));
    assertEquals(40.5, table.doubleColumn("output.score").getDouble(2));
    assertEquals(1, loads.get(), "load does not depend on the parameters: computed once");
    assertEquals(4, scores.get());
    assertEquals(2, table.intColumn("nodes_ran").getInt(0));
    assertEquals(1, table.intColumn("nodes_cached").getInt(1));
    assertEquals(1, base.size(), "the base context is never modified");

    GridResult again =
        Grid.of("param.a", 1, 2).and("param.b", 4, 8).run(pipeline, base, "output.score");
    assertEquals(4, scores.get(), "a second grid run is fully cached");
    assertEquals(
        table.doubleColumn("output.score").asList(),
        again.table().doubleColumn("output.score").asList());
  }

  @Test
  void parametersInTheBaseAndUnknownResultsAreRefusedBeforeAnyRun() {
    AtomicInteger runs = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.of(
            Node.named("n")
                .requires("param.a", Integer.class)
                .provides("output.x", Integer.class)
                .run(ctx -> ctx.set("output.x", runs.incrementAndGet())));
    PipelineException inBase =
        assertThrows(
            PipelineException.class,
            () ->
                Grid.of("param.a", 1, 2)
                    .run(pipeline, PipelineContext.create().set("param.a", 0), "output.x"));
    assertEquals(
        "grid parameter 'param.a' is also in the base context; leave it out of the base",
        inBase.getMessage());
    PipelineException typo =
        assertThrows(
            PipelineException.class,
            () -> Grid.of("param.a", 1, 2).run(pipeline, PipelineContext.create(), "output.y"));
    assertTrue(
        typo.getMessage().startsWith("grid result 'output.y' is provided by no node"),
        typo.getMessage());
    assertEquals(0, runs.get());
    assertThrows(PipelineException.class, () -> Grid.of("param.a", (Object) null));
  }
}
