package dev.quarry.export;

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
    long rowBytes = 1;
    for (TableCells cell : cells) {
      rowBytes += cell.width + 1;
    }
    EncodedBytes out = EncodedBytes.forRows(rows + 1, rowBytes);
    if (first) {
      for (int c = 0; c < names.size(); c++) {
        if (c > 0) {
          out.ascii(',');
        }
        out.text(TableCells.csvField(names.get(c)));
      }
      out.ascii('\n');
    }
    TableCells[] columns = cells.toArray(TableCells[]::new);
    for (int row = 0; row < rows; row++) {
      columns[0].csv(out, row);
      for (int c = 1; c < columns.length; c++) {
        out.ascii(',');
        columns[c].csv(out, row);
      }
      out.ascii('\n');
    }
    return out.toByteArray();
  }

  @Override
  protected byte[] doFinishEmpty() {
    return new byte[0];
  }
}
