///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.PipelineException;
import dev.quarry.dag.PipelineRunException;
import dev.quarry.dag.RunReport;
import dev.quarry.dag.cache.CacheStore;
import dev.quarry.io.QuarryHome;
import dev.quarry.samples.SamplePipeline;
import dev.quarry.samples.SampleStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the dry-run plan of the sample pipeline; with --run, runs it and shows the context. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    description = {
      "Prints the dry-run plan of a sample pipeline (by default the analysis: fetch → trades → bars"
          + " → features → signal → summary over real Bitstamp BTC/USD trades): each node with its"
          + " inputs → outputs and [WILL RUN], [CACHED] or [RUNS IF UPSTREAM CHANGES] with the"
          + " reason.",
      "With --run, runs it, then prints what each node did and the resulting context; a second"
          + " run restores unchanged nodes from the cache."
    })
public final class Plan implements Callable<Integer> {
  @Option(names = "--run", description = "Run the pipeline after printing the plan.")
  boolean run;

  @Option(
      names = "--pipeline",
      defaultValue = "analysis",
      description =
          "analysis: trades → bars → SMA → crossovers → summary; ingest: the recipe that builds"
              + " the sample store (fetch → parse → aggregate → validate → write → register)."
              + " Default: ${DEFAULT-VALUE}.")
  String which;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store folder for --pipeline ingest (default: $QUARRY_HOME/store).")
  Path store;

  @Option(
      names = "--fast",
      defaultValue = "10",
      description = "Fast SMA window in bars (default: ${DEFAULT-VALUE}).")
  int fast;

  @Option(
      names = "--slow",
      defaultValue = "50",
      description = "Slow SMA window in bars (default: ${DEFAULT-VALUE}).")
  int slow;

  @Option(
      names = "--timeframe",
      defaultValue = "1m",
      description = "Bar length: 30s, 1m, 15m, 1h, 1d… (default: ${DEFAULT-VALUE}).")
  String timeframe;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Cache folder (default: $QUARRY_HOME/cache).")
  Path cache;

  @Option(names = "--no-cache", description = "Run without a cache: every node runs.")
  boolean noCache;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "THREADS",
      description = "Run independent nodes on this many threads (default: ${DEFAULT-VALUE}).")
  int threads;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Plan()).execute(args));
  }

  @Override
  public Integer call() {
    if (threads < 1) {
      System.err.println("plan: --parallel must be at least 1 (got " + threads + ")");
      return 2;
    }
    if (fast < 1 || slow < 1) {
      System.err.println(
          "plan: --fast and --slow must be at least 1 (got " + fast + ", " + slow + ")");
      return 2;
    }
    try {
      dev.quarry.bars.Bars.timeframe(timeframe);
    } catch (IllegalArgumentException e) {
      System.err.println("plan: --timeframe: " + e.getMessage());
      return 2;
    }
    try {
      PipelineContext ctx;
      Pipeline pipeline;
      if (which.equals("analysis")) {
        ctx =
            PipelineContext.create()
                .set("input.artifact", dev.quarry.samples.SampleData.ARTIFACT)
                .set("input.entry", dev.quarry.samples.SampleData.TRADES_ENTRY)
                .set("input.timeframe", timeframe)
                .set("param.fast", fast)
                .set("param.slow", slow);
        pipeline = Pipeline.of(SamplePipeline.nodes()).parallel(threads);
      } else if (which.equals("ingest")) {
        ctx = SampleStore.inputs(store != null ? store : QuarryHome.store());
        pipeline = Pipeline.of(SampleStore.nodes()).parallel(threads);
      } else {
        System.err.println("plan: --pipeline must be analysis or ingest, got '" + which + "'");
        return 2;
      }
      if (!noCache) {
        pipeline =
            pipeline.withCache(CacheStore.inDirectory(cache != null ? cache : QuarryHome.cache()));
      }
      System.out.println(pipeline.plan(ctx));
      if (run) {
        RunReport report = pipeline.run(ctx);
        System.out.println(report);
        System.out.println(ctx);
      }
      return 0;
    } catch (PipelineRunException e) {
      System.err.println(e.report());
      System.err.println("plan: " + e.getMessage());
      return 1;
    } catch (PipelineException e) {
      System.err.println("plan: " + e.getMessage());
      return 1;
    }
  }
}
