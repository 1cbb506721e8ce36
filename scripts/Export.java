///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.backtest.RunFolder;
import dev.quarry.backtest.RunTables;
import dev.quarry.bars.Bars;
import dev.quarry.data.Timestamps;
import dev.quarry.export.BatchExportBinding;
import dev.quarry.export.AtomicFileSink;
import dev.quarry.export.BatchExportService;
import dev.quarry.export.CsvTableCore;
import dev.quarry.export.ExportError;
import dev.quarry.export.ExportFactory;
import dev.quarry.export.ExportKey;
import dev.quarry.export.ExportRegistry;
import dev.quarry.export.ExportResult;
import dev.quarry.export.ExportSettings;
import dev.quarry.export.JsonTableCore;
import dev.quarry.export.ParquetTableCore;
import dev.quarry.export.StoreSlice;
import dev.quarry.export.TableExports;
import dev.quarry.indicators.IndicatorColumns;
import dev.quarry.indicators.IndicatorSpec;
import dev.quarry.io.QuarryHome;
import dev.quarry.repo.RepositoryException;
import dev.quarry.runs.BacktestRun;
import dev.quarry.runs.RunHistory;
import dev.quarry.store.BarStore;
import dev.quarry.store.Compression;
import dev.quarry.store.DatasetId;
import dev.quarry.store.DatasetInfo;
import dev.quarry.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** Exports a slice of a store dataset, or a table of a backtest run, to one JSON, CSV or Parquet file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Exports a slice of a dataset of the store ($QUARRY_HOME/store unless --store) to one"
          + " JSON, CSV or Parquet file, through the export pipeline (TableExports.SLICE_*):"
          + " read, format, encode, then an atomic commit. The file appears complete or not at"
          + " all: a failed export leaves no file, and an existing file keeps its old content.",
      "  CSV      a header, then one line per bar; times ISO-8601 UTC.",
      "  JSON     an array of row objects, one per line.",
      "  Parquet  one file, the store's column types (times as UTC milliseconds).",
      "The default dataset is the sample's bitstamp/1m/BTC-USD (build it with `ingest"
          + " --sample`), or the store's only dataset when it holds one only.",
      "With --run, exports a table of a backtest run instead (trades, orders or equity, read"
          + " back from its run folder by RunFolder.read) through the same pipeline"
          + " (TableExports.CSV, JSON, PARQUET).",
      "With --indicator NAME:ARGS (repeatable), each indicator runs over the exported bars, one"
          + " bar at a time, and its outputs become columns after the bar columns, named by the"
          + " indicator and its arguments: rsi:14 gives rsi_14, macd:12,26,9 gives macd_12_26_9,"
          + " macd_12_26_9_signal and macd_12_26_9_hist, bbands:20,2 gives bbands_20_2_upper,"
          + " _middle and _lower. Values follow TA-Lib; an indicator starts at the first exported"
          + " bar, so its first rows (its lookback) are missing: empty in CSV, null in JSON.",
      "  Indicators: sma:period  ema:period  wma:period  dema:period  tema:period  kama:period",
      "    rsi:period  macd:fast,slow,signal  bbands:period,k[,kDown]  stddev:period[,factor]",
      "    roc:period  mom:period  linregslope:period  stochrsi:period,k,d  atr:period",
      "    natr:period  trange  stoch:fastK,slowK,slowD  willr:period  cci:period  adx:period",
      "    aroon:period  mfi:period  obv  sar[:acceleration,maximum]  donchian:period",
      "    keltner:period,multiplier  vwap:period",
      "The folder of --out must exist: an export never creates folders.",
      "",
      "Examples:",
      "  export --out bars.csv",
      "  export --timeframe 1h --from 2013-11-28 --to 2013-11-29 --out day.json",
      "  export --columns timestamp,close --out close.parquet --compression zstd",
      "  export --timeframe 1h --indicator rsi:14 --indicator macd:12,26,9 --out rsi.csv",
      "  export --run 1 --table trades --out trades.json",
      "  export --run ~/.quarry/runs/20261122-090155-sma-cross --table equity --out equity.csv",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:the store, the dataset, the run or the export failed (nothing written)",
      "2:bad options (nothing written)"
    })
public final class Export implements Callable<Integer> {
  private static final Map<String, ExportKey<StoreSlice>> KEYS =
      Map.of(
          "json", TableExports.SLICE_JSON,
          "csv", TableExports.SLICE_CSV,
          "parquet", TableExports.SLICE_PARQUET);

  /** The run options that exclude the dataset options, and the other way round. */
  private static final List<String> DATASET_OPTIONS =
      List.of(
          "--provider",
          "--timeframe",
          "--symbol",
          "--from",
          "--to",
          "--columns",
          "--indicator",
          "--store");

  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      paramLabel = "RUN",
      description =
          "Export a backtest run's table instead of a store slice: a run folder, a run id"
              + " (a folder of $QUARRY_HOME/runs) or a run number of the history (`runs` lists"
              + " them).")
  String run;

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description = "With --run: trades, orders or equity (default: trades).")
  String table;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "With --run: the run history for run numbers (default: $QUARRY_HOME/quarry.db).")
  Path db;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "The file to write (required); replaced atomically if it exists.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "json, csv or parquet (default: from the extension of --out).")
  String format;

  @Option(
      names = "--provider",
      paramLabel = "P",
      defaultValue = "bitstamp",
      description = "Provider of the dataset (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(
      names = "--timeframe",
      paramLabel = "TF",
      defaultValue = "1m",
      description = "Timeframe of the dataset (default: ${DEFAULT-VALUE}).")
  String timeframe;

  @Option(
      names = "--symbol",
      paramLabel = "S",
      defaultValue = "BTC-USD",
      description = "Symbol of the dataset (default: ${DEFAULT-VALUE}).")
  String symbol;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "First bar included (default: the first). ISO-8601 (2013-11-28, 2013-11-28T12:00:00Z)"
              + " or epoch seconds/millis, read as UTC.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "First bar excluded (default: after the last); same forms as --from.")
  String to;

  @Option(
      names = "--columns",
      paramLabel = "C1,C2",
      description =
          "Columns to keep, in this order (default: timestamp,open,high,low,close,volume).")
  String columns;

  @Option(
      names = "--indicator",
      paramLabel = "NAME:ARGS",
      description =
          "Add an indicator's columns, e.g. rsi:14, macd:12,26,9, bbands:20,2, atr:14, sar;"
              + " repeatable (see the list above). With --columns, the indicators still see every"
              + " bar column.")
  List<String> indicators = new ArrayList<>();

  @Option(
      names = "--compression",
      paramLabel = "CODEC",
      description = "Parquet only: snappy, zstd or gzip (default: snappy).")
  String compression;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store folder (default: $QUARRY_HOME/store).")
  Path store;

  /** Input the script refuses: the message is printed as is, with the exit code. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }

    /** Bad options: exit code 2. */
    static Refused usage(String message) {
      return new Refused(2, message);
    }

    /** The store, the dataset or the target cannot serve: exit code 1. */
    static Refused failure(String message) {
      return new Refused(1, message);
    }
  }

  /** The slice has no bars: thrown by the row-counting validator, reported as it is. */
  private static final class NoBars extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoBars(String message) {
      super(message);
    }
  }


  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Export());
    // One line, not the whole usage: the user sees what was wrong and where to look.
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          System.err.println("export: " + e.getMessage() + " (see export --help)");
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    try {
      return run != null ? exportRun() : export();
    } catch (Refused e) {
      System.err.println("export: " + e.getMessage());
      return e.code;
    } catch (ExportError e) {
      // The export's own message names stage and component; an empty slice needs neither.
      String message = e.getCause() instanceof NoBars none ? none.getMessage() : e.getMessage();
      System.err.println("export: " + message);
      return 1;
    } catch (StoreException | RepositoryException e) {
      System.err.println("export: " + e.getMessage());
      return 1;
    }
  }

  /** --run: one table of a backtest run, whole, through the table exports. */
  private int exportRun() {
    for (String option : DATASET_OPTIONS) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw Refused.usage(
            option + " selects store data; --run exports a run's table whole, so drop " + option);
      }
    }
    if (out == null) {
      throw Refused.usage(
          "--out FILE is required: the file to write (.csv, .json or .parquet, or say --format)");
    }
    String name = table == null ? "trades" : table;
    if (!RunTables.NAMES.contains(name)) {
      throw Refused.usage(
          "unknown --table '" + name + "'; a run has " + String.join(", ", RunTables.NAMES));
    }
    String fmt = format();
    ExportSettings settings = settings(fmt);
    Path folder = runFolder(run);
    Table rows;
    try {
      rows = RunFolder.read(folder).table(name);
    } catch (IllegalArgumentException e) {
      throw Refused.failure(e.getMessage());
    }
    ExportKey<Table> key =
        switch (fmt) {
          case "json" -> TableExports.JSON;
          case "csv" -> TableExports.CSV;
          default -> TableExports.PARQUET;
        };
    BatchExportService<Table> service =
        new ExportFactory(TableExports.register(new ExportRegistry())).create(key, settings);
    ExportResult result = service.exportOne(rows);
    System.out.printf(
        Locale.ROOT,
        "Exported the %s of run %s (%s), as %s%n",
        name,
        folder.getFileName(),
        folder,
        fmt);
    System.out.printf(
        Locale.ROOT,
        "Wrote %s: %,d rows, %,d bytes in %.3f s%n",
        settings.target(),
        rows.rowCount(),
        result.bytes(),
        result.elapsed().toNanos() / 1e9);
    return 0;
  }

  /**
   * The folder of --run: a folder, else a run id under $QUARRY_HOME/runs, else a run number (or
   * id) of the history; the refusal says where it looked.
   */
  private Path runFolder(String key) {
    Path given = Path.of(key);
    if (Files.isDirectory(given)) {
      return given.toAbsolutePath().normalize();
    }
    Path runs = RunFolder.runsRoot();
    boolean plainName = given.getNameCount() == 1 && !key.equals(".") && !key.equals("..");
    if (plainName && Files.isDirectory(runs.resolve(key))) {
      return runs.resolve(key);
    }
    Path database = db != null ? db.toAbsolutePath().normalize() : RunHistory.defaultDatabase();
    if (Files.isRegularFile(database)) {
      try (RunHistory history = RunHistory.open(database)) {
        Optional<BacktestRun> found = history.find(key);
        if (found.isPresent()) {
          Path folder = Path.of(found.get().folder());
          if (!Files.isDirectory(folder)) {
            throw Refused.failure(
                "run '"
                    + key
                    + "' of "
                    + database
                    + " was written to "
                    + folder
                    + ", which is gone; run the backtest again");
          }
          return folder;
        }
      }
    }
    throw Refused.failure(
        "no run '"
            + key
            + "': looked for a folder "
            + given.toAbsolutePath().normalize()
            + ", a run id in "
            + runs
            + " and a run in the history "
            + database
            + (Files.isRegularFile(database) ? "" : " (which does not exist)")
            + "; `runs` lists the runs");
  }

  private int export() {
    if (out == null) {
      throw Refused.usage(
          "--out FILE is required: the file to write (.csv, .json or .parquet, or say --format)");
    }
    String fmt = format();
    Instant start = time("--from", from, Instant.MIN);
    Instant end = time("--to", to, Instant.MAX);
    if (!start.isBefore(end)) {
      throw Refused.usage(
          "bad range: --from " + from + " is not before --to " + to + "; the range is [from, to)");
    }
    List<String> wanted = columns();
    List<IndicatorSpec> specs = indicators();
    ExportSettings settings = settings(fmt);
    BarStore bars = openStore();
    bars.requireOutside(settings.target()); // never over a partition or catalog.json
    pickOnlyDataset(bars);
    DatasetId id = new DatasetId(provider, timeframe, symbol);
    DatasetInfo info = dataset(bars, id);
    String range =
        from == null && to == null
            ? "all bars"
            : "[" + (from == null ? "first bar" : start) + ", " + (to == null ? "end" : end) + ")";

    AtomicInteger rows = new AtomicInteger();
    ExportKey<StoreSlice> key = KEYS.get(fmt);
    BatchExportBinding<StoreSlice, Table, byte[]> binding =
        specs.isEmpty() ? TableExports.slices(fmt) : withIndicators(fmt, wanted, specs);
    ExportRegistry registry =
        new ExportRegistry().register(key, counting(binding, range, info, rows));
    BatchExportService<StoreSlice> service = new ExportFactory(registry).create(key, settings);
    // With indicators the slice has every bar column: the indicators need them all.
    List<String> read = specs.isEmpty() ? wanted : List.of();
    ExportResult result = service.exportOne(new StoreSlice(bars, id, start, end, read));

    List<String> written = new ArrayList<>(wanted.isEmpty() ? Bars.COLUMNS : wanted);
    specs.forEach(spec -> written.addAll(spec.columns()));
    System.out.printf(
        Locale.ROOT,
        "Exported %s %s, columns %s, as %s%n",
        id,
        range,
        String.join(",", written),
        fmt);
    System.out.printf(
        Locale.ROOT,
        "Wrote %s: %,d rows, %,d bytes in %.3f s%n",
        settings.target(),
        rows.get(),
        result.bytes(),
        result.elapsed().toNanos() / 1e9);
    return 0;
  }

  /**
   * The ready slice binding of the format, counting rows: {@link ExportResult} counts raw items
   * (here one slice), so a formatted-data validator counts each table just before it is encoded (a
   * slice streams a month at a time, and only an empty slice gives a table without rows), and
   * refuses an empty slice rather than writing a file without bars.
   */
  private static BatchExportBinding<StoreSlice, Table, byte[]> counting(
      BatchExportBinding<StoreSlice, Table, byte[]> binding,
      String range,
      DatasetInfo info,
      AtomicInteger rows) {
    return binding.validatingFormatted(
            table -> {
              rows.addAndGet(table.rowCount());
              if (table.rowCount() == 0) {
                throw new NoBars(
                    "no bars of "
                        + info.provider()
                        + "/"
                        + info.timeframe()
                        + "/"
                        + info.symbol()
                        + " in "
                        + range
                        + "; the dataset has bars from "
                        + info.firstDate()
                        + " to "
                        + info.lastDate());
              }
            });
  }

  /**
   * The slice binding of the format with indicator columns: each slice is read whole (every bar
   * column), gets the indicators' columns (IndicatorColumns.add), and keeps the --columns (all bar
   * columns if none) followed by the indicators' columns.
   */
  private static BatchExportBinding<StoreSlice, Table, byte[]> withIndicators(
      String fmt, List<String> wanted, List<IndicatorSpec> specs) {
    List<String> keep = new ArrayList<>(wanted.isEmpty() ? Bars.COLUMNS : wanted);
    specs.forEach(spec -> keep.addAll(spec.columns()));
    String[] kept = keep.toArray(String[]::new);
    BatchExportBinding.Formatting<StoreSlice, Table> read =
        BatchExportBinding.<StoreSlice, Table>formatting(
            slices -> {
              Table all = null;
              for (StoreSlice slice : slices) {
                Table one = IndicatorColumns.add(slice.read(), specs).selectColumns(kept);
                all = all == null ? one : all.append(one);
              }
              return all;
            });
    return switch (fmt) {
      case "json" -> read.encoding(s -> new JsonTableCore()).into(AtomicFileSink::new);
      case "csv" -> read.encoding(s -> new CsvTableCore()).into(AtomicFileSink::new);
      default -> read.encoding(s -> new ParquetTableCore()).into(AtomicFileSink::new);
    };
  }

  /**
   * The --indicator options, parsed: a bad one is refused with the parser's message (which names
   * the text and lists the names, or the arguments expected), as are two giving the same column.
   */
  private List<IndicatorSpec> indicators() {
    List<IndicatorSpec> specs = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>(Bars.COLUMNS);
    for (String text : indicators) {
      IndicatorSpec spec;
      try {
        spec = IndicatorSpec.parse(text);
      } catch (IllegalArgumentException e) {
        throw Refused.usage("--indicator: " + e.getMessage());
      }
      for (String column : spec.columns()) {
        if (!columns.add(column)) {
          throw Refused.usage(
              "--indicator " + text + " gives column '" + column + "' a second time; give it once");
        }
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  /** The target and the options of the export. */
  private ExportSettings settings(String fmt) {
    ExportSettings settings = ExportSettings.to(out.toAbsolutePath().normalize());
    checkTarget(settings.target(), fmt);
    if (compression == null) {
      return settings;
    }
    if (!fmt.equals("parquet")) {
      throw Refused.usage("--compression applies to Parquet only, not to " + fmt);
    }
    try {
      return settings.with("compression", Compression.parse(compression).label());
    } catch (IllegalArgumentException e) {
      throw Refused.usage("--compression: " + e.getMessage());
    }
  }

  /** The store, which must exist: an export never creates one. */
  private BarStore openStore() {
    Path root = store != null ? store : QuarryHome.store();
    if (!Files.isDirectory(root)) {
      throw Refused.failure(
          "no store at "
              + root
              + "; build the sample store with `ingest --sample`, or point --store at one");
    }
    return BarStore.open(root);
  }

  /** The dataset's registry entry; the refusal lists the datasets there are. */
  /**
   * With none of --provider, --timeframe and --symbol given, and a store holding one dataset only
   * (not the default one), that dataset, said on stdout.
   */
  private void pickOnlyDataset(BarStore bars) {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    for (String option : List.of("--provider", "--timeframe", "--symbol")) {
      if (given.hasMatchedOption(option)) {
        return;
      }
    }
    List<DatasetInfo> all = bars.listDatasets();
    if (all.size() != 1) {
      return;
    }
    DatasetInfo only = all.get(0);
    DatasetId id = new DatasetId(only.provider(), only.timeframe(), only.symbol());
    if (id.equals(new DatasetId(provider, timeframe, symbol))) {
      return;
    }
    provider = only.provider();
    timeframe = only.timeframe();
    symbol = only.symbol();
    System.out.println(
        "Using "
            + id
            + ", the only dataset in the store at "
            + bars.root()
            + " (--provider, --timeframe and --symbol choose another).");
  }

  private static DatasetInfo dataset(BarStore bars, DatasetId id) {
    Optional<DatasetInfo> info = bars.info(id);
    if (info.isPresent()) {
      return info.get();
    }
    List<String> names = new ArrayList<>();
    bars.listDatasets()
        .forEach(d -> names.add(d.provider() + "/" + d.timeframe() + "/" + d.symbol()));
    throw Refused.failure(
        "no dataset "
            + id
            + " in the store at "
            + bars.root()
            + "; it has "
            + (names.isEmpty() ? "none (build the sample with `ingest --sample`)" : names)
            + "; choose with --provider, --timeframe and --symbol");
  }

  /** Fails early, before the store is read, on a target that cannot become a file. */
  private void checkTarget(Path target, String fmt) {
    if (Files.isDirectory(target)) {
      throw Refused.usage(
          "--out "
              + out
              + " is a folder; give the file to write, such as "
              + out.resolve("bars." + fmt));
    }
    Path parent = target.getParent();
    Path folder = parent;
    while (folder != null && !Files.exists(folder)) {
      folder = folder.getParent();
    }
    if (folder != null && !Files.isDirectory(folder)) {
      throw Refused.failure(
          "cannot write --out " + out + ": " + folder + " is a file, not a folder");
    }
    if (parent != null && !parent.equals(folder)) {
      // An export never creates folders: a typo in a path should not grow a tree of them.
      throw Refused.failure(
          "cannot write --out "
              + out
              + ": the folder "
              + parent
              + " does not exist; create it first (mkdir -p "
              + parent
              + ")");
    }
    if (folder != null && !Files.isWritable(folder)) {
      throw Refused.failure(
          "cannot write --out " + out + ": the folder " + folder + " is not writable");
    }
  }

  /** The format: --format, else the extension of --out. */
  private String format() {
    if (format != null) {
      String f = format.toLowerCase(Locale.ROOT);
      if (!KEYS.containsKey(f)) {
        throw Refused.usage("unknown --format '" + format + "'; use json, csv or parquet");
      }
      return f;
    }
    String name = out.getFileName() == null ? "" : out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    Optional<String> f =
        switch (ext) {
          case "json" -> Optional.of("json");
          case "csv" -> Optional.of("csv");
          case "parquet", "pq" -> Optional.of("parquet");
          default -> Optional.empty();
        };
    return f.orElseThrow(
        () ->
            Refused.usage(
                "cannot tell the format of --out "
                    + out
                    + " from its extension; name it .csv, .json or .parquet, or give --format"));
  }

  private static Instant time(String option, String text, Instant missing) {
    if (text == null) {
      return missing;
    }
    try {
      return Timestamps.parse(text);
    } catch (IllegalArgumentException e) {
      throw Refused.usage(option + ": " + e.getMessage());
    }
  }

  /** The --columns, checked against the bar columns; empty for all. */
  private List<String> columns() {
    if (columns == null) {
      return List.of();
    }
    List<String> known = Bars.COLUMNS;
    Set<String> names = new LinkedHashSet<>();
    for (String part : columns.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw Refused.usage(
            "--columns '" + columns + "' has an empty name; separate names with commas");
      }
      if (!known.contains(name)) {
        throw Refused.usage(
            "unknown column '" + name + "' in --columns; bars have " + String.join(",", known));
      }
      if (!names.add(name)) {
        throw Refused.usage("column '" + name + "' is twice in --columns");
      }
    }
    return List.copyOf(names);
  }
}
