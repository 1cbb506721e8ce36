package dev.quarry.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.quarry.export.BatchExportService;
import dev.quarry.export.ExportFactory;
import dev.quarry.export.ExportRegistry;
import dev.quarry.export.ExportResult;
import dev.quarry.export.ExportSettings;
import dev.quarry.export.GeneratedBars;
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
 * Issue 17: {@value #ROWS} rows to JSON and CSV in a JVM of {@code -Xmx256m} (the fork's heap, set
 * here), where neither the rows nor the artifact (1.0 GB of CSV, 1.5 GB of JSON) fits, vs a bare
 * Jackson / {@code BufferedWriter} loop writing the same bytes; target ≤ 1.3× the bare loop.
 *
 * <pre>
 * mvn -q -B -o -f lib -Pbench test -Djmh.args="ExportStreamBenchmark -rf json -rff target/export-stream.json"
 * </pre>
 *
 * <p>Both sides read the same source: 1-minute bars generated on the fly in tables of 64 K rows
 * ({@link GeneratedBars}: a timestamp and five doubles, prices from {@code sin}), so the
 * generation's cost is in every row. Quarry: {@code ExportFactory.create(TableExports.JSON | CSV,
 * ExportSettings.to(file)).export(chunks)}: each chunk formatted, encoded in 64 K-row pieces and
 * written to {@code AtomicFileSink}'s temp file, then fsync, rename over the previous file, fsync
 * of the folder. Reference: the bare loop over each chunk's columns into a file truncated in place
 * (as in {@link ExportBenchmark}); the {@code …Fsync} rows add one fsync of the file. Scores are
 * seconds per export of all rows, single shots (one warm-up, three measured). The set-up checks on
 * 200 K rows (four chunks) that each reference writes exactly Quarry's bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ExportStreamBenchmark {
  static final long ROWS = 10_000_000;
  private static final int CHUNK = 1 << 16;
  private static final long CHECK_ROWS = 200_000;
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private Path dir;
  private BatchExportService<Table> quarryJson;
  private BatchExportService<Table> quarryCsv;

  /** Builds the services and checks the references' bytes against Quarry's on 200 K rows. */
  @Setup
  public void setUp() throws IOException {
    dir = TempDirs.create("quarry-bench-export-stream");
    ExportFactory factory = new ExportFactory(TableExports.register(new ExportRegistry()));
    quarryJson = factory.create(TableExports.JSON, ExportSettings.to(dir.resolve("quarry.json")));
    quarryCsv = factory.create(TableExports.CSV, ExportSettings.to(dir.resolve("quarry.csv")));
    quarryJson.export(chunks(CHECK_ROWS));
    writeJson(chunks(CHECK_ROWS), false);
    Checks.equal(
        -1L,
        Files.mismatch(dir.resolve("quarry.json"), dir.resolve("reference.json")),
        "JSON first differing byte");
    quarryCsv.export(chunks(CHECK_ROWS));
    writeCsv(chunks(CHECK_ROWS), false);
    Checks.equal(
        -1L,
        Files.mismatch(dir.resolve("quarry.csv"), dir.resolve("reference.csv")),
        "CSV first differing byte");
    System.out.println(
        "\nstreamed export of "
            + ROWS
            + " rows; maxMemory="
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MB; availableProcessors="
            + Runtime.getRuntime().availableProcessors());
  }

  /** Deletes the temp folder. */
  @TearDown
  public void tearDown() {
    TempDirs.delete(dir);
  }

  /**
   * Quarry: the JSON export service over the generated chunks.
   *
   * @return the export's result
   */
  @Benchmark
  public ExportResult quarryJson10M() {
    return quarryJson.export(chunks(ROWS));
  }

  /**
   * Quarry: the CSV export service over the generated chunks.
   *
   * @return the export's result
   */
  @Benchmark
  public ExportResult quarryCsv10M() {
    return quarryCsv.export(chunks(ROWS));
  }

  /**
   * Reference: the bare Jackson loop, no fsync.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceJson10M() throws IOException {
    writeJson(chunks(ROWS), false);
  }

  /**
   * Reference: the bare Jackson loop, one fsync.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceJson10MFsync() throws IOException {
    writeJson(chunks(ROWS), true);
  }

  /**
   * Reference: the bare {@code BufferedWriter} loop, no fsync.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceCsv10M() throws IOException {
    writeCsv(chunks(ROWS), false);
  }

  /**
   * Reference: the bare {@code BufferedWriter} loop, one fsync.
   *
   * @throws IOException if the write fails
   */
  @Benchmark
  public void referenceCsv10MFsync() throws IOException {
    writeCsv(chunks(ROWS), true);
  }

  private void writeJson(GeneratedBars chunks, boolean fsync) throws IOException {
    try (FileOutputStream file = new FileOutputStream(dir.resolve("reference.json").toFile());
        JsonGenerator g = JSON.createGenerator(new BufferedOutputStream(file))) {
      g.setPrettyPrinter(new RowPerLine());
      g.writeStartArray();
      for (Table bars : chunks) {
        InstantColumn time = bars.instantColumn(0);
        DoubleColumn[] values = values(bars);
        String[] names = bars.columnNames().toArray(String[]::new);
        for (int row = 0; row < bars.rowCount(); row++) {
          g.writeStartObject();
          g.writeStringField(names[0], time.get(row).toString());
          for (int c = 0; c < values.length; c++) {
            g.writeFieldName(names[c + 1]);
            g.writeNumber(values[c].getDouble(row));
          }
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeRaw('\n');
      g.flush();
      if (fsync) {
        file.getFD().sync();
      }
    }
  }

  private void writeCsv(GeneratedBars chunks, boolean fsync) throws IOException {
    try (FileOutputStream file = new FileOutputStream(dir.resolve("reference.csv").toFile());
        Writer out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8))) {
      boolean header = true;
      for (Table bars : chunks) {
        if (header) {
          out.write(String.join(",", bars.columnNames()));
          out.write('\n');
          header = false;
        }
        InstantColumn time = bars.instantColumn(0);
        DoubleColumn[] values = values(bars);
        for (int row = 0; row < bars.rowCount(); row++) {
          out.write(time.get(row).toString());
          for (DoubleColumn column : values) {
            out.write(',');
            out.write(NumberOutput.toString(column.getDouble(row), true));
          }
          out.write('\n');
        }
      }
      out.flush();
      if (fsync) {
        file.getFD().sync();
      }
    }
  }

  /** {@code rows} generated minute bars, a 64 K-row table at a time ({@link GeneratedBars}). */
  private static GeneratedBars chunks(long rows) {
    return new GeneratedBars(0, rows, CHUNK);
  }

  private static DoubleColumn[] values(Table bars) {
    DoubleColumn[] values = new DoubleColumn[bars.columnCount() - 1];
    for (int c = 0; c < values.length; c++) {
      values[c] = bars.doubleColumn(c + 1);
    }
    return values;
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
