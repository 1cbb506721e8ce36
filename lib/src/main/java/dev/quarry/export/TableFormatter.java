package dev.quarry.export;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * Formats one or more tables with the same columns into one table (appended in order), keeping only
 * the columns of the option {@code columns} (comma-separated, in that order) if it is set. The
 * formatter of {@link #inParts()} gives each table as its own part instead of appending them (for
 * the JSON and CSV exports, whose bytes are the same either way), so an export of many tables, or
 * of chunks generated on the fly, never holds more than one.
 */
public class TableFormatter extends BatchFormatter<Table, Table> {
  private final boolean eachItem;
  private List<String> firstColumns;
  private int index;

  /** A table formatter. */
  public TableFormatter() {
    this(false);
  }

  private TableFormatter(boolean eachItem) {
    this.eachItem = eachItem;
  }

  /**
   * A formatter giving each table, with the same checks and column selection, as its own part.
   *
   * @return the formatter
   */
  public static TableFormatter inParts() {
    return new TableFormatter(true);
  }

  @Override
  protected boolean formatsEachItem() {
    return eachItem;
  }

  @Override
  protected void doFormatItem(Table table, Consumer<? super Table> parts) {
    if (firstColumns == null) {
      firstColumns = table.columnNames();
    } else if (!table.columnNames().equals(firstColumns)) {
      throw new IllegalArgumentException(
          "table "
              + index
              + " ('"
              + table.name()
              + "') has columns "
              + table.columnNames()
              + ", table 0 has "
              + firstColumns
              + "; export tables with the same columns together");
    }
    index++;
    parts.accept(settings().option("columns").map(c -> select(table, c)).orElse(table));
  }

  @Override
  protected Table doFormat(List<Table> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("no table to export; pass at least one table");
    }
    Table first = tables.get(0);
    Table result = tables.size() == 1 ? first : first.emptyCopy();
    if (tables.size() > 1) {
      for (int i = 0; i < tables.size(); i++) {
        Table t = tables.get(i);
        if (!t.columnNames().equals(first.columnNames())) {
          throw new IllegalArgumentException(
              "table "
                  + i
                  + " ('"
                  + t.name()
                  + "') has columns "
                  + t.columnNames()
                  + ", table 0 has "
                  + first.columnNames()
                  + "; export tables with the same columns together");
        }
        result.append(t);
      }
    }
    return settings().option("columns").map(c -> select(result, c)).orElse(result);
  }

  private static Table select(Table table, String columns) {
    String[] names = Arrays.stream(columns.split(",")).map(String::trim).toArray(String[]::new);
    for (String name : names) {
      if (!table.containsColumn(name)) {
        throw new IllegalArgumentException(
            "table '"
                + table.name()
                + "' has no column '"
                + name
                + "'; it has "
                + table.columnNames());
      }
    }
    return table.selectColumns(names);
  }
}
