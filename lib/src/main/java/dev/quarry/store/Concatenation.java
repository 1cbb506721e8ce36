package dev.quarry.store;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Joins tables of the same columns end to end, copying instants and doubles as stored. Tablesaw's
 * {@code Table.append} copies an {@link InstantColumn} through an {@code Instant} per row
 * (unpacked, then packed again), which cost as much as decoding the Parquet pages it came from.
 */
final class Concatenation {
  private Concatenation() {}

  /**
   * The rows of {@code parts}, in order, under the first part's name.
   *
   * @param parts at least one table; all with the same column names and classes, each an {@link
   *     InstantColumn} or a {@link DoubleColumn} (the bar schema's)
   * @return a new table, or the only part itself
   * @throws IllegalArgumentException if a column is of another type
   */
  static Table of(List<Table> parts) {
    Table first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    int rows = 0;
    for (Table part : parts) {
      rows = Math.addExact(rows, part.rowCount());
    }
    List<Column<?>> columns = new ArrayList<>();
    for (int c = 0; c < first.columnCount(); c++) {
      columns.add(concat(parts, c, rows));
    }
    return Table.create(first.name(), columns);
  }

  private static Column<?> concat(List<Table> parts, int c, int rows) {
    Column<?> head = parts.get(0).column(c);
    if (head instanceof InstantColumn) {
      long[] values = new long[rows];
      int at = 0;
      for (Table part : parts) {
        InstantColumn column = (InstantColumn) part.column(c);
        for (int i = 0, n = column.size(); i < n; i++) {
          values[at++] = column.getLongInternal(i);
        }
      }
      return InstantColumn.createInternal(head.name(), values);
    }
    if (head instanceof DoubleColumn) {
      double[] values = new double[rows];
      int at = 0;
      for (Table part : parts) {
        DoubleColumn column = (DoubleColumn) part.column(c);
        for (int i = 0, n = column.size(); i < n; i++) {
          values[at++] = column.getDouble(i);
        }
      }
      return DoubleColumn.create(head.name(), values);
    }
    throw new IllegalArgumentException(
        "column '"
            + head.name()
            + "' is a "
            + head.type()
            + "; only instants and doubles join here");
  }
}
