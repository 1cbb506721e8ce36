package dev.quarry.backtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.export.BatchWriterCore;
import dev.quarry.export.CsvTableCore;
import dev.quarry.export.JsonTableCore;
import dev.quarry.export.ParquetTableCore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * One file of a run folder, as the formatted data of the run folder's export: its name, a check of
 * its input, and its encoding (pure, deterministic, no I/O).
 */
sealed interface RunPart {
  /**
   * The file's name inside the run folder.
   *
   * @return the name
   */
  String file();

  /**
   * Checks the input; called by the export's formatted-data validator before encoding.
   *
   * @throws IllegalArgumentException naming the file, the column and the fix
   */
  void check();

  /**
   * The file's bytes.
   *
   * @return the bytes
   */
  byte[] encode();

  /** The formats of a table file. */
  enum Format {
    CSV,
    JSON,
    PARQUET;

    BatchWriterCore<Table, byte[]> core() {
      return switch (this) {
        case CSV -> new CsvTableCore();
        case JSON -> new JsonTableCore();
        case PARQUET -> new ParquetTableCore();
      };
    }
  }

  /**
   * A table written through one of the export pipeline's table cores.
   *
   * @param file the file name
   * @param schema the columns the table must have
   * @param columns the columns written, in this order
   * @param format the format
   * @param table the table
   */
  record TableFile(String file, RunSchema schema, List<String> columns, Format format, Table table)
      implements RunPart {
    public TableFile {
      Objects.requireNonNull(table, (schema == null ? file : schema.table()) + " table is null");
    }

    @Override
    public void check() {
      schema.check(table, file);
    }

    @Override
    public byte[] encode() {
      return encodeUnchecked();
    }

    byte[] encodeUnchecked() {
      BatchWriterCore<Table, byte[]> core = format.core();
      core.onStart();
      byte[] body = core.onEncode(table.selectColumns(columns.toArray(String[]::new)));
      Optional<byte[]> tail = core.onEnd();
      if (tail.isEmpty() || tail.get().length == 0) {
        return body;
      }
      byte[] all = new byte[body.length + tail.get().length];
      System.arraycopy(body, 0, all, 0, body.length);
      System.arraycopy(tail.get(), 0, all, body.length, tail.get().length);
      return all;
    }
  }

  /**
   * {@code metrics.json}: {@link Metrics#asMap()} in its order, two-space indented, {@code "name":
   * value}, {@code \n} line ends, nulls kept, doubles as the shortest decimal that reads back
   * (Jackson's Schubfach writer, the same on every JDK), and a final newline.
   *
   * @param metrics the figures
   */
  record MetricsFile(Metrics metrics) implements RunPart {
    private static final ObjectMapper JSON =
        new ObjectMapper(
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());

    @Override
    public String file() {
      return RunFolder.METRICS_JSON;
    }

    @Override
    public void check() {
      Objects.requireNonNull(metrics, "the result's metrics are null; a run folder needs them");
    }

    @Override
    public byte[] encode() {
      return json(metrics.asMap());
    }

    /** A map as pretty JSON, the way {@code metrics.json} is written. */
    static byte[] json(java.util.Map<String, Object> values) {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(indenter)
              .withArrayIndenter(indenter);
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      try (JsonGenerator generator = JSON.createGenerator(out)) {
        generator.setPrettyPrinter(printer);
        JSON.writeValue(generator, values);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.write('\n');
      return out.toByteArray();
    }
  }

  /**
   * {@code report.html}: {@link Report#html(BacktestResult)}, UTF-8.
   *
   * @param result the run
   */
  record ReportFile(BacktestResult result) implements RunPart {
    @Override
    public String file() {
      return RunFolder.REPORT_HTML;
    }

    @Override
    public void check() {
      // The tables were checked as their own files, which come first.
    }

    @Override
    public byte[] encode() {
      return Report.html(result).getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * A table without a fixed schema (a grid's ranking, its returns), through one of the export
   * pipeline's table cores.
   *
   * @param file the file name
   * @param format the format
   * @param table the table, with at least one column
   */
  record PlainTable(String file, Format format, Table table) implements RunPart {
    @Override
    public void check() {
      Objects.requireNonNull(table, file + ": the table is null");
      if (table.columnCount() == 0) {
        throw new IllegalArgumentException(file + ": the table has no column");
      }
    }

    @Override
    public byte[] encode() {
      return new TableFile(file, null, table.columnNames(), format, table).encodeUnchecked();
    }
  }

  /**
   * A JSON object, written as {@code metrics.json} is.
   *
   * @param file the file name
   * @param values name → value, in order
   */
  record JsonFile(String file, java.util.Map<String, Object> values) implements RunPart {
    @Override
    public void check() {
      Objects.requireNonNull(values, file + ": the values are null");
    }

    @Override
    public byte[] encode() {
      return MetricsFile.json(values);
    }
  }

  /**
   * An HTML page, UTF-8.
   *
   * @param file the file name
   * @param html the page
   */
  record HtmlFile(String file, String html) implements RunPart {
    @Override
    public void check() {
      Objects.requireNonNull(html, file + ": the page is null");
    }

    @Override
    public byte[] encode() {
      return html.getBytes(StandardCharsets.UTF_8);
    }
  }
}
