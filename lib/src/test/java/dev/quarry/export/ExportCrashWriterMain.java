package dev.quarry.export;

import dev.quarry.testing.CrashChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The exporting process of {@link ExportCrashTest}: runs export step after step until it is killed,
 * printing {@code ack <step> ok} after each step returns.
 *
 * <p>Step {@code i} exports {@link #table(int) table i} twice, through services of an {@link
 * ExportFactory}: first as a new artifact of {@link #kind(int) kind i} (CSV, JSON or Parquet via
 * {@link TableExports}, or a run folder of two files via an inline {@link DirectorySink} binding)
 * at {@link #target}, then as CSV over {@link #LATEST}, which the step before created (except in
 * the first step): the replace case, where the file must stay the old or become the new complete
 * version.
 *
 * <p>Everything is a pure function of the step number, so the parent recomputes what each
 * acknowledged step wrote. Argument: a scratch folder to warm up in (every kind once). Then it
 * prints {@code ready} and waits for a line {@code <out folder> <first step>} on stdin (or exits if
 * stdin is closed), and runs steps {@code first}, {@code first + 1}, ... into that folder.
 */
final class ExportCrashWriterMain {
  /** Rows per table: enough that one export takes tens of milliseconds. */
  static final int ROWS = 10_000;

  /** The file every step replaces. */
  static final String LATEST = "latest.csv";

  /** A run folder: the rows as CSV and a manifest, written by a {@link DirectorySink}. */
  static final ExportKey<Table> RUN_FOLDER = ExportKey.of("crash.run-folder", Table.class);

  /** The kinds of artifact, in the order the steps rotate through them. */
  enum Kind {
    CSV(TableExports.CSV, ".csv"),
    JSON(TableExports.JSON, ".json"),
    PARQUET(TableExports.PARQUET, ".parquet"),
    RUN(RUN_FOLDER, "");

    final ExportKey<Table> key;
    final String extension;

    Kind(ExportKey<Table> key, String extension) {
      this.key = key;
      this.extension = extension;
    }
  }

  private static final Instant ORIGIN = Instant.parse("2021-03-01T00:00:00Z");
  private static final String[] NOTES = {"", "plain", "with, comma", "say \"hi\"", "ünï"};

  private ExportCrashWriterMain() {}

  public static void main(String[] args) throws IOException {
    ExportFactory factory = factory();
    // Warm up (class loading, JIT) on every kind, with small tables, while the previous exporter
    // still runs, so the
    // exports the parent kills are steady-state ones.
    Path scratch = Path.of(args[0]);
    for (int step = 0; step < Kind.values().length; step++) {
      step(factory, scratch, step, table(step, ROWS / 10));
    }
    Optional<String[]> ready = CrashChild.ready();
    if (ready.isEmpty()) {
      return; // stdin closed: a warm-up run only
    }
    String[] go = ready.get();
    Path out = Path.of(go[0]);
    for (int step = Integer.parseInt(go[1]); ; step++) {
      step(factory, out, step, table(step));
      CrashChild.ack(step);
    }
  }

  /** The ready table bindings and the run folder, as the exporter uses them. */
  static ExportFactory factory() {
    return new ExportFactory(
        TableExports.register(new ExportRegistry())
            .register(RUN_FOLDER, runFolder(DirectorySink::new)));
  }

  private static void step(ExportFactory factory, Path out, int step, Table table) {
    Kind kind = kind(step);
    factory.create(kind.key, settings(kind, target(out, step))).exportOne(table);
    factory.create(TableExports.CSV, settings(Kind.CSV, out.resolve(LATEST))).exportOne(table);
  }

  static Kind kind(int step) {
    return Kind.values()[step % Kind.values().length];
  }

  /**
   * Where step {@code step} puts its new artifact: {@code export-<step>.<ext>} or {@code
   * run-<step>}.
   */
  static Path target(Path out, int step) {
    Kind kind = kind(step);
    return out.resolve((kind == Kind.RUN ? "run-" : "export-") + step + kind.extension);
  }

  static ExportSettings settings(Kind kind, Path target) {
    ExportSettings settings = ExportSettings.to(target);
    return kind == Kind.PARQUET ? settings.with("compression", "zstd") : settings;
  }

  /**
   * The run folder binding with any sink of artifact files: the rows as {@code data/rows.csv} when
   * the table is encoded, then {@code manifest.txt} when the encoding ends.
   */
  static BatchExportBinding<Table, Table, ArtifactFile> runFolder(
      Function<ExportSettings, ? extends BatchSink<ArtifactFile>> sink) {
    return BatchExportBinding.<Table, Table>formattedBy(s -> new TableFormatter())
        .encoding(s -> new RunFolderCore())
        .into(sink);
  }

  /** Encodes a table as the two files of a run folder. */
  private static final class RunFolderCore extends BatchWriterCore<Table, ArtifactFile> {
    private final CsvTableCore csv = new CsvTableCore();
    private int rows;
    private int bytes;

    @Override
    protected void doStart() {
      csv.onStart();
    }

    @Override
    protected ArtifactFile doEncode(Table table) {
      byte[] encoded = csv.onEncode(table);
      rows += table.rowCount();
      bytes += encoded.length;
      return new ArtifactFile("data/rows.csv", encoded);
    }

    @Override
    protected ArtifactFile doFinish() {
      Optional<byte[]> tail = csv.onEnd();
      if (tail.isPresent() && tail.get().length > 0) {
        throw new IllegalStateException("the CSV core ended with more bytes; write them too");
      }
      String manifest = "rows " + rows + "\nbytes " + bytes + "\n";
      return new ArtifactFile("manifest.txt", manifest.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
      return "RunFolderCore";
    }
  }

  /** The table of a step: {@link #ROWS} rows of every column type, a pure function of the step. */
  static Table table(int step) {
    return table(step, ROWS);
  }

  private static Table table(int step, int rows) {
    SplittableRandom random = new SplittableRandom(0x5eed_0000L + step);
    InstantColumn time = InstantColumn.create("timestamp");
    DoubleColumn price = DoubleColumn.create("price");
    DoubleColumn volume = DoubleColumn.create("volume");
    IntColumn trades = IntColumn.create("trades");
    StringColumn note = StringColumn.create("note");
    double p = 100 + step;
    for (int row = 0; row < rows; row++) {
      time.append(ORIGIN.plusSeconds(60L * (row + (long) step * rows)));
      p *= 1 + (random.nextDouble() - 0.5) / 100;
      price.append(p);
      volume.append(random.nextDouble() * 10);
      trades.append(random.nextInt(1_000));
      note.append(NOTES[random.nextInt(NOTES.length)]);
    }
    return Table.create("step-" + step, time, price, volume, trades, note);
  }
}
