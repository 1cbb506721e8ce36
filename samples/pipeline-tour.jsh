// A five-minute tour of the pipeline core in plain jshell:
//   jshell --class-path lib/target/quarry-0.1.0-all.jar samples/pipeline-tour.jsh
import dev.quarry.context.*;
import dev.quarry.dag.*;
import dev.quarry.dag.cache.CacheStore;

// jshell ends a statement at the end of any line where it could end, so chained calls keep
// their dot at the end of the line.

// Two inline nodes: prices → returns → mean return.
Node returns = Node.named("returns").
    requires("input.prices", double[].class).
    provides("features.returns", double[].class).
    run(ctx -> {
        double[] p = ctx.get("input.prices", double[].class);
        double[] r = new double[p.length - 1];
        for (int i = 1; i < p.length; i++) r[i - 1] = p[i] / p[i - 1] - 1;
        ctx.set("features.returns", r);
    });

Node mean = Node.named("mean").
    requires("features.returns", double[].class).
    provides("output.mean_return", Double.class).
    run(ctx -> ctx.set("output.mean_return",
        java.util.Arrays.stream(ctx.get("features.returns", double[].class)).average().orElseThrow()));

// Let the resolver order them from the goal, cache in memory, plan, run, run again.
Pipeline pipeline = new DagResolver(java.util.List.of(mean, returns)).
    withInputs(java.util.List.of("input.prices")).
    pipeline("output.mean_return").
    withCache(CacheStore.inMemory());

PipelineContext ctx = PipelineContext.create().set("input.prices", new double[] {100, 101, 99, 102});
System.out.println(pipeline.plan(ctx));
System.out.println(pipeline.run(ctx));
System.out.println(ctx);

PipelineContext again = PipelineContext.create().set("input.prices", new double[] {100, 101, 99, 102});
RunReport second = pipeline.run(again);
System.out.println(second);
if (second.count(RunReport.Status.CACHED) != 2) throw new AssertionError("expected both nodes cached");
/exit
