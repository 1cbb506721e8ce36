///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.PipelineException;
import dev.quarry.dag.PipelineRunException;
import dev.quarry.data.CsvSource;
import dev.quarry.data.TimeRange;
import dev.quarry.io.QuarryHome;
import dev.quarry.samples.SampleStore;
import dev.quarry.store.BarStore;
import dev.quarry.store.Compression;
import dev.quarry.store.DatasetId;
import dev.quarry.store.StoreException;
import dev.quarry.store.WriteMode;
import dev.quarry.store.WriteOptions;
import dev.quarry.store.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Builds the sample store, or ingests a CSV of bars or trades into the store. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Writes bars into the partitioned Parquet store ($QUARRY_HOME/store unless --store).",
      "  --sample            builds bitstamp/1m/BTC-USD and bitstamp/1h/BTC-USD from the real"
          + " Bitstamp trades in org.ta4j:ta4j-examples:0.18 (a cached pipeline: see `plan"
          + " --pipeline ingest`).",
      "  --csv FILE --symbol S   ingests a CSV of bars (timestamp|date,open,high,low,close,volume)"
          + " or trades (timestamp,price,amount, aggregated to --timeframe bars); timestamps are"
          + " ISO-8601 or epoch seconds/millis."
    })
public final class Ingest implements Callable<Integer> {
  static final class Source {
    @Option(names = "--sample", required = true, description = "Build the sample store.")
    boolean sample;

    @Option(
        names = "--csv",
        required = true,
        paramLabel = "FILE",
        description = "A CSV file to ingest.")
    Path csv;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--symbol",
      paramLabel = "S",
      description = "Symbol of the CSV's data (e.g. BTC-USD).")
  String symbol;

  @Option(
      names = "--kind",
      defaultValue = "bars",
      description = "What the CSV holds: bars or trades (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(
      names = "--timeframe",
      description =
          "Bar length of the CSV's bars (default: inferred from their spacing; a different one is"
              + " refused), or to aggregate trades into (default: 1m).")
  String timeframe;

  @Option(
      names = "--provider",
      defaultValue = "csv",
      description = "Provider level of the dataset (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(
      names = "--mode",
      defaultValue = "append",
      description = "append, replace or upsert (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--deduplicate", description = "Drop rows that exactly repeat stored ones.")
  boolean deduplicate;

  @Option(
      names = "--no-integrity",
      description = "Skip the OHLCV value rules (structure is still checked).")
  boolean noIntegrity;

  @Option(
      names = "--allow-negative-prices",
      description = "Accept negative prices (spreads, some futures); refused by default.")
  boolean allowNegativePrices;

  @Option(names = "--no-checksum", description = "Do not record SHA-256 checksums.")
  boolean noChecksum;

  @Option(
      names = "--compression",
      defaultValue = "snappy",
      description = "snappy, zstd or gzip (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(names = "--no-partition", description = "One file per symbol instead of one per month.")
  boolean noPartition;

  @Option(
      names = "--lock-timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "How long to wait for another writer of the dataset (default: ${DEFAULT-VALUE}).")
  long lockTimeout;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store folder (default: $QUARRY_HOME/store).")
  Path store;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Ingest()).execute(args));
  }

  @Override
  public Integer call() {
    Path root = store != null ? store : QuarryHome.store();
    try {
      return source.sample ? sample(root) : csv(root);
    } catch (PipelineRunException e) {
      System.err.println(e.report());
      System.err.println("ingest: " + e.getMessage());
      return 1;
    } catch (StoreException | PipelineException | IllegalArgumentException e) {
      System.err.println("ingest: " + e.getMessage());
      return 1;
    }
  }

  private int sample(Path root) {
    Pipeline pipeline = SampleStore.pipeline();
    PipelineContext ctx = SampleStore.inputs(root);
    System.out.println(pipeline.run(ctx));
    for (Object written : ctx.get("store.written", java.util.List.class)) {
      System.out.println(written);
    }
    System.out.println("Sample store ready at " + root);
    return 0;
  }

  private int csv(Path root) throws IllegalArgumentException {
    if (symbol == null) {
      System.err.println("ingest: --csv needs --symbol (the symbol the file holds, e.g. BTC-USD)");
      return 2;
    }
    if (!kind.equals("bars") && !kind.equals("trades")) {
      System.err.println("ingest: --kind must be bars or trades, got '" + kind + "'");
      return 2;
    }
    if (lockTimeout < 0) {
      System.err.println("ingest: --lock-timeout must not be negative");
      return 2;
    }
    // Checks provider, symbol and a given timeframe before the file is read.
    new DatasetId(provider, timeframe != null ? timeframe : "1m", symbol);
    WriteOptions options =
        WriteOptions.defaults()
            .withMode(WriteMode.parse(mode))
            .withDeduplicate(deduplicate)
            .withCheckIntegrity(!noIntegrity)
            .withComputeChecksum(!noChecksum)
            .withCompression(Compression.parse(compression))
            .withPartitionByDate(!noPartition)
            .withLockTimeout(Duration.ofSeconds(lockTimeout))
            .withAllowNegativePrices(allowNegativePrices);
    WriteResult result;
    DatasetId id;
    String inferred = null;
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("read " + source.csv.getFileName())
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" MB", 1 << 20)
            .setInitialMax(Math.max(1, size(source.csv)))
            .continuousUpdate()
            .build()) {
      CsvSource csv;
      String tf;
      if (kind.equals("trades")) {
        csv = CsvSource.trades(source.csv, provider, symbol, bar::stepTo);
        tf = timeframe != null ? timeframe : "1m";
      } else if (timeframe != null) {
        csv = CsvSource.bars(source.csv, provider, symbol, timeframe, bar::stepTo);
        tf = timeframe;
      } else {
        csv = CsvSource.bars(source.csv, provider, symbol, bar::stepTo);
        tf = csv.timeframe();
        inferred = "timeframe " + tf + " inferred from the spacing of the CSV's bars";
      }
      id = new DatasetId(provider, tf, symbol);
      var bars = csv.frame(symbol, tf, TimeRange.all());
      bar.setExtraMessage(" writing " + bars.rowCount() + " bars");
      result = BarStore.open(root).write(id, bars, options);
    }
    if (inferred != null) {
      System.out.println(inferred + " (pass --timeframe to state it)");
    }
    System.out.println(result);
    return 0;
  }

  private static long size(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
