package dev.quarry.samples;

import dev.quarry.bars.Bars;
import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Node;
import dev.quarry.dag.Pipeline;
import dev.quarry.store.BarStore;
import dev.quarry.store.BarValidationException;
import dev.quarry.store.DatasetId;
import dev.quarry.store.DatasetInfo;
import dev.quarry.store.Violation;
import dev.quarry.store.WriteMode;
import dev.quarry.store.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The recipe that builds the sample store from real market data, as a pipeline:
 *
 * <pre>
 * fetch      (input.artifact → sample.jar)
 * trades     (sample.jar, input.entry → trades.raw)
 * aggregate  (trades.raw → bars.1m, bars.1h)
 * validate   (bars.1m, bars.1h → bars.checked)
 * write      (bars.1m, bars.1h, bars.checked, input.store → store.written)
 * register   (store.written, input.store → output.datasets)
 * </pre>
 *
 * <p>It writes {@code bitstamp/1m/BTC-USD} and {@code bitstamp/1h/BTC-USD} (mode replace, so a
 * rebuild is idempotent). {@code write} and {@code register} touch the store and always run; the
 * others are cached.
 */
public final class SampleStore {
  /** The provider level of the sample datasets. */
  public static final String PROVIDER = "bitstamp";

  /** The sample's symbol. */
  public static final String SYMBOL = "BTC-USD";

  /** The 1-minute sample dataset. */
  public static final DatasetId MINUTES = new DatasetId(PROVIDER, "1m", SYMBOL);

  /** The 1-hour sample dataset. */
  public static final DatasetId HOURS = new DatasetId(PROVIDER, "1h", SYMBOL);

  /**
   * What the validate node found.
   *
   * @param minuteBars rows of 1-minute bars
   * @param hourBars rows of 1-hour bars
   */
  public record Checked(int minuteBars, int hourBars) {}

  private SampleStore() {}

  /**
   * Returns the recipe's nodes, in run order.
   *
   * @return the six nodes
   */
  public static List<Node> nodes() {
    Node aggregate =
        Node.named("aggregate")
            .requires("trades.raw", Table.class)
            .provides("bars.1m", Table.class)
            .provides("bars.1h", Table.class)
            .run(
                ctx -> {
                  Table trades = ctx.get("trades.raw", Table.class);
                  ctx.set("bars.1m", Bars.fromTrades(trades, Bars.timeframe("1m")).setName("1m"));
                  ctx.set("bars.1h", Bars.fromTrades(trades, Bars.timeframe("1h")).setName("1h"));
                });
    Node validate =
        Node.named("validate")
            .requires("bars.1m", Table.class)
            .requires("bars.1h", Table.class)
            .provides("bars.checked", Checked.class)
            .run(
                ctx -> {
                  Table minutes = ctx.get("bars.1m", Table.class);
                  Table hours = ctx.get("bars.1h", Table.class);
                  for (Table bars : List.of(minutes, hours)) {
                    List<Violation> violations = BarStore.validate(bars);
                    if (!violations.isEmpty()) {
                      throw new IllegalStateException(
                          bars.name() + " bars break the OHLCV rules: " + violations.get(0));
                    }
                  }
                  ctx.set("bars.checked", new Checked(minutes.rowCount(), hours.rowCount()));
                });
    Node write =
        Node.named("write")
            .requires("bars.1m", Table.class)
            .requires("bars.1h", Table.class)
            .requires("bars.checked", Checked.class)
            .requires("input.store", String.class)
            .provides("store.written", List.class)
            .cacheable(false)
            .run(
                ctx -> {
                  BarStore store = BarStore.open(Path.of(ctx.get("input.store", String.class)));
                  WriteOptions replace = WriteOptions.defaults().withMode(WriteMode.REPLACE);
                  List<String> written = new ArrayList<>();
                  try {
                    written.add(
                        store.write(MINUTES, ctx.get("bars.1m", Table.class), replace).toString());
                    written.add(
                        store.write(HOURS, ctx.get("bars.1h", Table.class), replace).toString());
                  } catch (BarValidationException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                  }
                  ctx.set("store.written", written);
                });
    Node register =
        Node.named("register")
            .requires("store.written", List.class)
            .requires("input.store", String.class)
            .provides("output.datasets", List.class)
            .cacheable(false)
            .run(
                ctx -> {
                  BarStore store = BarStore.open(Path.of(ctx.get("input.store", String.class)));
                  List<DatasetInfo> infos = new ArrayList<>();
                  for (DatasetId id : List.of(MINUTES, HOURS)) {
                    infos.add(store.scan(id));
                  }
                  ctx.set("output.datasets", infos);
                });
    return List.of(
        SamplePipeline.fetch(), SamplePipeline.trades(), aggregate, validate, write, register);
  }

  /**
   * Returns the recipe as a pipeline caching in {@code $QUARRY_HOME/cache}.
   *
   * @return the pipeline
   */
  public static Pipeline pipeline() {
    return Pipeline.of(nodes()).withDefaultCache();
  }

  /**
   * Returns the recipe's inputs.
   *
   * @param store the store folder to build
   * @return a fresh initial context
   */
  public static PipelineContext inputs(Path store) {
    return PipelineContext.create()
        .set("input.artifact", SampleData.ARTIFACT)
        .set("input.entry", SampleData.TRADES_ENTRY)
        .set("input.store", store.toAbsolutePath().normalize().toString());
  }
}
