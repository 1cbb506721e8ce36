package dev.quarry.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.quarry.export.BatchExportService;
import dev.quarry.export.CsvTableCore;
import dev.quarry.export.ExportFactory;
import dev.quarry.export.ExportRegistry;
import dev.quarry.export.ExportResult;
import dev.quarry.export.ExportSettings;
import dev.quarry.export.JsonTableCore;
import dev.quarry.export.TableExports;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * SPEC §9, export: 1 M rows to JSON and CSV with atomic commit vs a bare Jackson / {@code
 * BufferedWriter} loop writing the same bytes, target ≤ 1.3× the bare loop.
 *
 * <p>Scores are milliseconds per export of all {@value #ROWS} rows (1-minute bars from 2024-01-01:
 * an {@code InstantColumn} timestamp and five doubles, {@link MinuteBars#walk}). Quarry: the full
 * service, {@code ExportFactory.create(TableExports.JSON | CSV, ExportSettings.to(file))} over
 * {@code TableExports.register(new ExportRegistry())}, then {@code exportOne(table)}: format,
 * encode, {@code AtomicFileSink} (temp file, write, fsync, rename over the previous file, fsync of
 * the folder). Reference, same run: a bare loop over the same columns writing the same bytes
 * (checked in set-up) to a file truncated in place: JSON through one Jackson {@code JsonGenerator}
 * (same factory features, same row-per-line layout) over a {@code BufferedOutputStream(new
 * FileOutputStream)}; CSV through a {@code BufferedWriter(new OutputStreamWriter(new
 * FileOutputStream, UTF_8))} with the same value texts (Jackson's {@code NumberOutput.toString(v,
 * true)}, {@code Instant.toString()}). SPEC's bare loop is a plain write: the {@code reference…}
 * rows do not fsync; the {@code reference…Fsync} rows add one {@code fsync} of the file before it
 * is closed, so the difference between Quarry and them is the encoding path plus temp file, rename
 * and folder fsync. Breakdown: Quarry's core alone ({@code JsonTableCore}/{@code CsvTableCore}
 * start, encode, end) into byte arrays in memory, no file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
public class ExportBenchmark {
  static final int ROWS = 1_000_000;
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private Path dir;
  private Table bars;
  private BatchExportService<Table> quarryJson;
  private BatchExportService<Table> quarryCsv;
  private Path referenceJsonFile;
  private Path referenceCsvFile;

  /**
   * Generates the bars, builds the two services, and checks that each reference writes exactly
   * Quarry's bytes.
   */
  @Setup
  public void setUp() throws IOException {
    dir = TempDirs.create("quarry-bench-export");
    bars = MinuteBars.walk("bars", Instant.parse("2024-01-01T00:00:00Z"), ROWS, 42);
    ExportFactory factory = new ExportFactory(TableExports.register(new ExportRegistry()));
    quarryJson = factory.create(TableExports.JSON, ExportSettings.to(dir.resolve("quarry.json")));
    quarryCsv = factory.create(TableExports.CSV, ExportSettings.to(dir.resolve("quarry.csv")));
    referenceJsonFile = dir.resolve("reference.json");
    referenceCsvFile = dir.resolve("reference.csv");

    quarryJson();
    referenceJson();
    checkSame(dir.resolve("quarry.json"), referenceJsonFile, ROWS + 2, "JSON");
    quarryCsv();
    referenceCsv();
    checkSame(dir.resolve("quarry.csv"), referenceCsvFile, ROWS + 1, "CSV");
    referenceJsonFsync();
    checkSame(dir.resolve("quarry.json"), referenceJsonFile, ROWS + 2, "JSON (fsync reference)");
    referenceCsvFsync();
    checkSame(dir.resolve("quarry.csv"), referenceCsvFile, ROWS + 1, "CSV (fsync reference)");

    byte[] json = concat(breakdownJsonEncodeOnly());
    Checks.equal(-1L, mismatch(json, dir.resolve("quarry.json")), "JSON core vs file mismatch");
    byte[] csv = concat(breakdownCsvEncodeOnly());
    Checks.equal(-1L, mismatch(csv, dir.resolve("quarry.csv")), "CSV core vs file mismatch");
    System.out.println(
        "\nexport of "
            + ROWS
            + " rows: JSON "
            + Files.size(referenceJsonFile)
            + " bytes, CSV "
            + Files.size(referenceCsvFile)
            + " bytes; availableProcessors="
            + Runtime.getRuntime().availableProcessors());
  }

  private static void checkSame(Path quarry, Path reference, long lines, String what)
      throws IOException {
    // JSON: "[", one line per row, "]"; CSV: the header, one line per row.
    Checks.count(lines, lines(quarry), what + " lines in Quarry's file");
    Checks.equal(Files.size(quarry), Files.size(reference), what + " reference size");
    Checks.equal(-1L, Files.mismatch(quarry, reference), what + " first differing byte");
  }

  private static long lines(Path file) throws IOException {
    try (var stream = Files.lines(file)) {
      return stream.count();
    }
  }

  private static long mismatch(byte[] bytes, Path file) throws IOException {
    Path copy = Files.createTempFile(file.getParent(), "check", ".tmp");
    try {
      Files.write(copy, bytes);
      return Files.mismatch(copy, file);
    } finally {
      Files.delete(copy);
    }
  }

  private static byte[] concat(byte[][] pieces) {
    int size = 0;
    for (byte[] p : pieces) {
      size += p.length;
    }
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] p : pieces) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** Deletes the temp folder. */
  @TearDown
  public void tearDown() {
    TempDirs.delete(dir);
  }

  /**
   * Quarry: the JSON export service, atomic file sink.
   *
   * @return the export's result
   */
  @Benchmark
  public ExportResult quarryJson() {
    return quarryJson.exportOne(bars);
  }

  /**
   * Quarry: the CSV export service, atomic file sink.
   *
   * @return the export's result
   */
  @Benchmark
  public ExportResult quarryCsv() {
    return quarryCsv.exportOne(bars);
  }

  /**
   * Reference: the bare Jackson loop, no fsync.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceJson() throws IOException {
    writeJson(false);
  }

  /**
   * Reference: the bare Jackson loop, with an fsync of the file before closing it.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceJsonFsync() throws IOException {
    writeJson(true);
  }

  /**
   * Reference: the bare {@code BufferedWriter} loop, no fsync.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceCsv() throws IOException {
    writeCsv(false);
  }

  /**
   * Reference: the bare {@code BufferedWriter} loop, with an fsync of the file before closing it.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceCsvFsync() throws IOException {
    writeCsv(true);
  }

  /**
   * Breakdown: {@code JsonTableCore} alone, the bytes in memory.
   *
   * @return the encoded pieces (start, table, end)
   */
  @Benchmark
  public byte[][] breakdownJsonEncodeOnly() {
    return encode(new JsonTableCore());
  }

  /**
   * Breakdown: {@code CsvTableCore} alone, the bytes in memory.
   *
   * @return the encoded pieces
   */
  @Benchmark
  public byte[][] breakdownCsvEncodeOnly() {
    return encode(new CsvTableCore());
  }

  private byte[][] encode(dev.quarry.export.BatchWriterCore<Table, byte[]> core) {
    core.onStart();
    byte[] body = core.onEncode(bars);
    byte[] tail = core.onEnd().orElse(new byte[0]);
    return new byte[][] {body, tail};
  }

  private void writeJson(boolean fsync) throws IOException {
    InstantColumn time = bars.instantColumn(0);
    DoubleColumn[] values = values();
    String[] names = names();
    try (FileOutputStream file = new FileOutputStream(referenceJsonFile.toFile());
        JsonGenerator g = JSON.createGenerator(new BufferedOutputStream(file))) {
      g.setPrettyPrinter(new RowPerLine());
      g.writeStartArray();
      for (int row = 0; row < ROWS; row++) {
        g.writeStartObject();
        g.writeStringField(names[0], time.get(row).toString());
        for (int c = 0; c < values.length; c++) {
          g.writeFieldName(names[c + 1]);
          g.writeNumber(values[c].getDouble(row));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeRaw('\n');
      g.flush();
      if (fsync) {
        file.getFD().sync();
      }
    }
  }

  private void writeCsv(boolean fsync) throws IOException {
    InstantColumn time = bars.instantColumn(0);
    DoubleColumn[] values = values();
    String[] names = names();
    try (FileOutputStream file = new FileOutputStream(referenceCsvFile.toFile());
        Writer out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8))) {
      out.write(String.join(",", names));
      out.write('\n');
      for (int row = 0; row < ROWS; row++) {
        out.write(time.get(row).toString());
        for (DoubleColumn column : values) {
          out.write(',');
          out.write(NumberOutput.toString(column.getDouble(row), true));
        }
        out.write('\n');
      }
      out.flush();
      if (fsync) {
        file.getFD().sync();
      }
    }
  }

  private DoubleColumn[] values() {
    DoubleColumn[] values = new DoubleColumn[bars.columnCount() - 1];
    for (int c = 0; c < values.length; c++) {
      values[c] = bars.doubleColumn(c + 1);
    }
    return values;
  }

  private String[] names() {
    return bars.columnNames().toArray(String[]::new);
  }

  /** The layout of Quarry's JSON: compact objects, one per line inside the array. */
  private static final class RowPerLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (values > 0) {
        g.writeRaw('\n');
      }
      g.writeRaw(']');
    }
  }
}
