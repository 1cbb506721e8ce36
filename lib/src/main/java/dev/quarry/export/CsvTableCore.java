package dev.quarry.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Encodes tables as CSV (RFC 4180, UTF-8, {@code \n} line ends): a header row of the column names,
 * then one line per row; value formats in {@link TableCells}. Several batches continue the same
 * file and must have the same columns; no batch gives an empty file.
 */
public class CsvTableCore extends BatchWriterCore<Table, byte[]> {
  private List<String> header;

  /** A CSV core. */
  public CsvTableCore() {}

  @Override
  protected byte[] doEncode(Table table) {
    List<TableCells> cells = new ArrayList<>();
    for (Column<?> column : table.columns()) {
      cells.add(TableCells.of(column));
    }
    List<String> names = table.columnNames();
    boolean first = header == null;
    if (!first && !header.equals(names)) {
      throw new IllegalArgumentException(
          "batch '"
              + table.name()
              + "' has columns "
              + names
              + " but the file started with "
              + header
              + "; give every batch the same columns in the same order");
    }
    header = names;
    int rows = table.rowCount();
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(
            (int) Math.max(256, Math.min((long) rows * (cells.size() * 12L + 2), 1 << 30)));
    try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
      if (first) {
        for (int c = 0; c < names.size(); c++) {
          if (c > 0) {
            out.write(',');
          }
          out.write(TableCells.csvField(names.get(c)));
        }
        out.write('\n');
      }
      for (int row = 0; row < rows; row++) {
        for (int c = 0; c < cells.size(); c++) {
          if (c > 0) {
            out.write(',');
          }
          cells.get(c).csv(out, row);
        }
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  protected byte[] doFinishEmpty() {
    return new byte[0];
  }
}
