///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.Pipeline;
import dev.quarry.dag.PipelineException;
import dev.quarry.dag.PipelineRunException;
import dev.quarry.data.CsvFormat;
import dev.quarry.data.CsvInputs;
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
import java.time.ZoneOffset;
import java.util.List;
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
      "  --csv FILE|FOLDER|GLOB --symbol S   ingests CSV files of bars as one batch: Quarry's"
          + " own (timestamp|date,open,high,low,close,volume; ISO-8601 or epoch seconds/millis),"
          + " Binance klines, Yahoo Finance or Stooq downloads, or any CSV through --columns;"
          + " --format auto (the default) recognises them and says which it picked. Quarry's"
          + " trades CSVs (timestamp,price,amount) are aggregated to --timeframe bars (--kind"
          + " trades).",
      "  A folder means every *.csv inside it; a glob (quoted, wildcards in the file name) every"
          + " file it matches; several files are read in name order and written in one write"
          + " (all or nothing).",
      "  Vendor, mapped and multi-file input is written with --deduplicate on (append dropping"
          + " rows that exactly repeat stored ones), so ingesting the same files again changes"
          + " nothing; --no-deduplicate turns it off."
    })
public final class Ingest implements Callable<Integer> {
  static final class Source {
    @Option(names = "--sample", required = true, description = "Build the sample store.")
    boolean sample;

    @Option(
        names = "--csv",
        required = true,
        arity = "1..*",
        paramLabel = "FILE",
        description =
            "CSV files, folders (every *.csv inside) or globs (data/BTCUSDT-1m-2024-*.csv).")
    List<String> csv;
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
      names = "--format",
      defaultValue = "auto",
      description =
          "auto, quarry, binance, yahoo, stooq or mapped (default: ${DEFAULT-VALUE}: recognised"
              + " from the header and values, and printed).")
  String format;

  @Option(
      names = "--adjusted",
      description = "Yahoo: scale open, high, low and close by Adj Close / Close.")
  boolean adjusted;

  @Option(
      names = "--columns",
      paramLabel = "MAPPING",
      description =
          "Which column holds what, by index from 0 or header name:"
              + " time=0,open=1,high=2,low=3,close=4[,volume=5] (implies --format mapped).")
  String columns;

  @Option(
      names = "--time-unit",
      paramLabel = "UNIT",
      description =
          "Unit of numeric times with --columns: s, ms, us or ns (default: seconds, or"
              + " milliseconds from 12 digits).")
  String timeUnit;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description =
          "Zone of local date-times (--columns, Stooq intraday), e.g. Europe/Paris (default:"
              + " UTC). Plain dates stay UTC midnight, the store's daily grid.")
  String timezone;

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

  @Option(
      names = "--deduplicate",
      negatable = true,
      description =
          "Drop rows that exactly repeat stored ones (default: on for vendor, mapped or several"
              + " files, off for one Quarry CSV).")
  Boolean deduplicate;

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
    String formatName = format.trim().toLowerCase(java.util.Locale.ROOT);
    if (!formatName.equals("auto") && !CsvFormat.NAMES.contains(formatName)) {
      System.err.println(
          "ingest: unknown --format '"
              + format
              + "'; use auto, "
              + String.join(", ", CsvFormat.NAMES));
      return 2;
    }
    if (columns != null && !formatName.equals("auto") && !formatName.equals("mapped")) {
      System.err.println("ingest: --columns is for --format mapped (or auto), not " + formatName);
      return 2;
    }
    if (kind.equals("trades") && !formatName.equals("auto") && !formatName.equals("quarry")) {
      System.err.println(
          "ingest: --kind trades reads Quarry's trades CSV (timestamp,price,amount) only, not"
              + " --format "
              + formatName);
      return 2;
    }
    CsvFormat.Options formatOptions =
        new CsvFormat.Options(
            adjusted,
            columns,
            timeUnit == null ? null : CsvFormat.Options.timeUnit(timeUnit),
            timezone == null ? ZoneOffset.UTC : CsvFormat.Options.zone(timezone));
    // Checks provider, symbol and a given timeframe before the file is read.
    new DatasetId(provider, timeframe != null ? timeframe : "1m", symbol);
    List<Path> files = CsvInputs.resolve(source.csv);
    CsvFormat csvFormat = null;
    if (kind.equals("bars")) {
      if (formatName.equals("auto")) {
        csvFormat = detect(files, formatOptions);
      } else {
        csvFormat = CsvFormat.of(formatName, formatOptions);
        System.out.println("format " + csvFormat.name() + " (--format)");
      }
      String refused = misplacedOptions(csvFormat.name());
      if (refused != null) {
        System.err.println("ingest: " + refused);
        return 2;
      }
    } else if (columns != null || adjusted || timeUnit != null || timezone != null) {
      System.err.println(
          "ingest: --columns, --adjusted, --time-unit and --timezone are for bars, not --kind"
              + " trades");
      return 2;
    }
    boolean quarrySingle =
        files.size() == 1 && (csvFormat == null || csvFormat.name().equals("quarry"));
    boolean dedup = deduplicate != null ? deduplicate : !quarrySingle;
    WriteOptions options =
        WriteOptions.defaults()
            .withMode(WriteMode.parse(mode))
            .withDeduplicate(dedup)
            .withCheckIntegrity(!noIntegrity)
            .withComputeChecksum(!noChecksum)
            .withCompression(Compression.parse(compression))
            .withPartitionByDate(!noPartition)
            .withLockTimeout(Duration.ofSeconds(lockTimeout))
            .withAllowNegativePrices(allowNegativePrices);
    WriteResult result;
    DatasetId id;
    String inferred = null;
    long total = 0;
    for (Path file : files) {
      total += size(file);
    }
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(
                files.size() == 1
                    ? "read " + files.get(0).getFileName()
                    : "read " + files.size() + " files")
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" MB", 1 << 20)
            .setInitialMax(Math.max(1, total))
            .continuousUpdate()
            .build()) {
      CsvSource csv;
      String tf;
      if (kind.equals("trades")) {
        csv = CsvSource.trades(files, provider, symbol, bar::stepTo);
        tf = timeframe != null ? timeframe : "1m";
      } else if (timeframe != null) {
        csv = CsvSource.bars(files, csvFormat, provider, symbol, timeframe, bar::stepTo);
        tf = timeframe;
      } else {
        csv = CsvSource.bars(files, csvFormat, provider, symbol, null, bar::stepTo);
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

  /** Detects each file's format; all must agree. Prints the one picked and why. */
  private static CsvFormat detect(List<Path> files, CsvFormat.Options options) {
    CsvFormat.Detection found = CsvFormat.detect(files, options);
    System.out.println("format " + found.format().name() + " (auto: " + found.reason() + ")");
    return found.format();
  }

  /** Names an option the format does not use, or returns null. */
  private String misplacedOptions(String name) {
    if (adjusted && !name.equals("yahoo")) {
      return "--adjusted is for Yahoo Finance files (Adj Close), not " + name;
    }
    if (timeUnit != null && !name.equals("mapped")) {
      return "--time-unit is for --columns (mapped) files; " + name + " times are read as the vendor writes them";
    }
    if (timezone != null && !name.equals("mapped") && !name.equals("stooq")) {
      return "--timezone is for local date-times of --columns (mapped) or Stooq intraday files; "
          + name
          + " times are UTC";
    }
    return null;
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
