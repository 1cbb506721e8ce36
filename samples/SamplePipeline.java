package dev.quarry.samples;

import dev.quarry.bars.Bars;
import dev.quarry.bars.Indicators;
import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Node;
import dev.quarry.dag.Pipeline;
import dev.quarry.io.QuarryHome;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The sample pipeline: real Bitstamp trades → bars → SMA features → crossover signals → summary.
 *
 * <pre>
 * fetch    (input.artifact → sample.jar)
 * trades   (sample.jar, input.entry → trades.raw)
 * bars     (trades.raw, input.timeframe → bars.ohlcv)
 * features (bars.ohlcv, param.fast, param.slow → features.sma)
 * signal   (features.sma → signal.crosses)
 * summary  (bars.ohlcv, signal.crosses → output.summary)
 * </pre>
 *
 * <p>Every node is cached, so a second run restores them unless an input or a parameter changed;
 * {@code fetch}'s output is a file, restored only while its content is unchanged.
 */
public final class SamplePipeline {
  private SamplePipeline() {}

  /**
   * Returns the sample's nodes, in run order.
   *
   * @return the six nodes
   */
  public static List<Node> nodes() {
    return nodes(IndicatorProvider.inProcess());
  }

  /**
   * Returns the sample's nodes, computing indicators through the given provider.
   *
   * @param indicators where the {@code features} node's SMAs are computed
   * @return the six nodes
   */
  public static List<Node> nodes(IndicatorProvider indicators) {
    Node fetch = fetch();
    Node trades = trades();
    Node bars =
        Node.named("bars")
            .requires("trades.raw", Table.class)
            .requires("input.timeframe", String.class)
            .provides("bars.ohlcv", Table.class)
            .run(
                ctx ->
                    ctx.set(
                        "bars.ohlcv",
                        Bars.fromTrades(
                                ctx.get("trades.raw", Table.class),
                                Bars.timeframe(ctx.get("input.timeframe", String.class)))
                            .setName("btc-usd-bars")));
    Node features =
        Node.named("features")
            .requires("bars.ohlcv", Table.class)
            .requires("param.fast", Integer.class)
            .requires("param.slow", Integer.class)
            .provides("features.sma", Table.class)
            .run(
                ctx -> {
                  Table barTable = ctx.get("bars.ohlcv", Table.class);
                  double[] close = barTable.doubleColumn(Bars.CLOSE).asDoubleArray();
                  ctx.set(
                      "features.sma",
                      Table.create(
                          "features",
                          barTable.instantColumn(Bars.TIMESTAMP).copy(),
                          barTable.doubleColumn(Bars.CLOSE).copy(),
                          DoubleColumn.create(
                              "sma_fast",
                              indicators.sma(close, ctx.get("param.fast", Integer.class))),
                          DoubleColumn.create(
                              "sma_slow",
                              indicators.sma(close, ctx.get("param.slow", Integer.class)))));
                });
    Node signal =
        Node.named("signal")
            .requires("features.sma", Table.class)
            .provides("signal.crosses", Table.class)
            .run(ctx -> ctx.set("signal.crosses", crosses(ctx.get("features.sma", Table.class))));
    Node summary =
        Node.named("summary")
            .requires("bars.ohlcv", Table.class)
            .requires("signal.crosses", Table.class)
            .provides("output.summary", SignalSummary.class)
            .run(
                ctx -> {
                  Table barTable = ctx.get("bars.ohlcv", Table.class);
                  StringColumn side = ctx.get("signal.crosses", Table.class).stringColumn("side");
                  InstantColumn time = barTable.instantColumn(Bars.TIMESTAMP);
                  ctx.set(
                      "output.summary",
                      new SignalSummary(
                          barTable.rowCount(),
                          time.get(0),
                          time.get(time.size() - 1),
                          side.isEqualTo("up").size(),
                          side.isEqualTo("down").size(),
                          barTable.doubleColumn(Bars.CLOSE).getDouble(barTable.rowCount() - 1)));
                });
    return List.of(fetch, trades, bars, features, signal, summary);
  }

  /**
   * The {@code fetch} node: {@code input.artifact} (Maven coordinates) → {@code sample.jar}, kept
   * in {@code $QUARRY_HOME/downloads}.
   *
   * @return the node
   */
  public static Node fetch() {
    return Node.named("fetch")
        .requires("input.artifact", String.class)
        .provides("sample.jar", Path.class)
        .run(
            ctx ->
                ctx.set(
                    "sample.jar",
                    SampleData.resolve(
                        ctx.get("input.artifact", String.class),
                        QuarryHome.root().resolve("downloads"))));
  }

  /**
   * The {@code trades} node: {@code sample.jar}, {@code input.entry} → {@code trades.raw}.
   *
   * @return the node
   */
  public static Node trades() {
    return Node.named("trades")
        .requires("sample.jar", Path.class)
        .requires("input.entry", String.class)
        .provides("trades.raw", Table.class)
        .run(
            ctx ->
                ctx.set(
                    "trades.raw",
                    SampleData.readTrades(
                        ctx.get("sample.jar", Path.class), ctx.get("input.entry", String.class))));
  }

  /**
   * Returns the sample pipeline, caching in {@code $QUARRY_HOME/cache}.
   *
   * @return the pipeline
   */
  public static Pipeline pipeline() {
    return Pipeline.of(nodes()).withDefaultCache();
  }

  /**
   * Returns the sample's inputs: the artifact and entry of the trades, 1-minute bars, SMA 10/50.
   *
   * @return a fresh initial context
   */
  public static PipelineContext inputs() {
    return PipelineContext.create()
        .set("input.artifact", SampleData.ARTIFACT)
        .set("input.entry", SampleData.TRADES_ENTRY)
        .set("input.timeframe", "1m")
        .set("param.fast", 10)
        .set("param.slow", 50);
  }

  private static Table crosses(Table features) {
    int[] marks =
        Indicators.crosses(
            features.doubleColumn("sma_fast").asDoubleArray(),
            features.doubleColumn("sma_slow").asDoubleArray());
    InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
    DoubleColumn close = DoubleColumn.create(Bars.CLOSE);
    StringColumn side = StringColumn.create("side");
    for (int i = 0; i < marks.length; i++) {
      if (marks[i] != 0) {
        time.append(features.instantColumn(Bars.TIMESTAMP).get(i));
        close.append(features.doubleColumn(Bars.CLOSE).getDouble(i));
        side.append(marks[i] == Indicators.CROSS_UP ? "up" : "down");
      }
    }
    return Table.create("crosses", time, close, side);
  }
}
