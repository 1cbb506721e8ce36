package dev.quarry.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Encodes tables as CSV (RFC 4180, UTF-8, {@code \n} line ends): a header row of the column names,
 * then one line per row; value formats in {@link TableCells}. Several batches continue the same
 * file and must have the same columns; no batch gives an empty file. Through a {@link BatchWriter}
 * a batch is encoded and written {@link ChunkRows} rows at a time (option {@code chunkRows},
 * default 64 K), so memory is bounded by a chunk; the bytes are the same for any chunk size.
 */
public class CsvTableCore extends BatchWriterCore<Table, byte[]> {
  private List<String> header;

  /** A CSV core. */
  public CsvTableCore() {}

  @Override
  protected byte[] doEncode(Table table) {
    TableCells[] columns = cells(table);
    int rows = table.rowCount();
    EncodedBytes out = EncodedBytes.forRows(rows + 1, rowBytes(columns));
    encode(columns, 0, rows, out);
    return out.toByteArray();
  }

  /** Encodes {@link ChunkRows} rows at a time into one reused buffer; at least one piece. */
  @Override
  protected void doEncodeParts(Table table, Consumer<? super byte[]> parts) {
    TableCells[] columns = cells(table);
    int rows = table.rowCount();
    int chunk = ChunkRows.of(settings());
    EncodedBytes piece = EncodedBytes.forRows(Math.min(rows, chunk) + 1, rowBytes(columns));
    int from = 0;
    do {
      int to = (int) Math.min(rows, (long) from + chunk);
      piece.reset();
      encode(columns, from, to, piece);
      parts.accept(piece.copy());
      from = to;
    } while (from < rows);
  }

  /** The cell writers, after checking the columns against the file's header. */
  private TableCells[] cells(Table table) {
    List<String> names = table.columnNames();
    if (header != null && !header.equals(names)) {
      throw new IllegalArgumentException(
          "batch '"
              + table.name()
              + "' has columns "
              + names
              + " but the file started with "
              + header
              + "; give every batch the same columns in the same order");
    }
    List<TableCells> cells = new ArrayList<>();
    for (Column<?> column : table.columns()) {
      cells.add(TableCells.of(column));
    }
    return cells.toArray(TableCells[]::new);
  }

  private static long rowBytes(TableCells[] columns) {
    long rowBytes = 1;
    for (TableCells cell : columns) {
      rowBytes += cell.width + 1;
    }
    return rowBytes;
  }

  /** Rows {@code [from, to)}, after the header if this is the file's first piece. */
  private void encode(TableCells[] columns, int from, int to, EncodedBytes out) {
    if (header == null) {
      for (int c = 0; c < columns.length; c++) {
        if (c > 0) {
          out.ascii(',');
        }
        out.text(TableCells.csvField(columns[c].name));
      }
      out.ascii('\n');
      header = Arrays.stream(columns).map(cell -> cell.name).toList();
    }
    for (int row = from; row < to; row++) {
      columns[0].csv(out, row);
      for (int c = 1; c < columns.length; c++) {
        out.ascii(',');
        columns[c].csv(out, row);
      }
      out.ascii('\n');
    }
  }

  @Override
  protected byte[] doFinishEmpty() {
    return new byte[0];
  }
}
