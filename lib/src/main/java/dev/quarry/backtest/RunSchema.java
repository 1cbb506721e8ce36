package dev.quarry.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/** The columns of {@link BacktestResult}'s tables, by name and type, in their documented order. */
enum RunSchema {
  /** The trades table. */
  TRADES(
      "trades",
      columns(
          "entry_time", ColumnType.INSTANT,
          "exit_time", ColumnType.INSTANT,
          "side", ColumnType.STRING,
          "quantity", ColumnType.DOUBLE,
          "entry_price", ColumnType.DOUBLE,
          "exit_price", ColumnType.DOUBLE,
          "fees", ColumnType.DOUBLE,
          "pnl", ColumnType.DOUBLE,
          "strategy", ColumnType.STRING,
          "symbol", ColumnType.STRING,
          "exit_reason", ColumnType.STRING)),
  /** The orders table. */
  ORDERS(
      "orders",
      columns(
          "id", ColumnType.LONG,
          "time", ColumnType.INSTANT,
          "strategy", ColumnType.STRING,
          "symbol", ColumnType.STRING,
          "side", ColumnType.STRING,
          "type", ColumnType.STRING,
          "quantity", ColumnType.DOUBLE,
          "limit_price", ColumnType.DOUBLE,
          "status", ColumnType.STRING,
          "fill_time", ColumnType.INSTANT,
          "fill_price", ColumnType.DOUBLE,
          "fill_quantity", ColumnType.DOUBLE,
          "fee", ColumnType.DOUBLE,
          "reason", ColumnType.STRING,
          "stop_price", ColumnType.DOUBLE,
          "role", ColumnType.STRING,
          "slippage", ColumnType.DOUBLE)),
  /** The equity curve. */
  EQUITY(
      "equity",
      columns(
          "timestamp", ColumnType.INSTANT,
          "equity", ColumnType.DOUBLE,
          "cash", ColumnType.DOUBLE,
          "position", ColumnType.DOUBLE,
          "strategy", ColumnType.STRING));

  private final String table;
  private final Map<String, ColumnType> columns;

  RunSchema(String table, Map<String, ColumnType> columns) {
    this.table = table;
    this.columns = columns;
  }

  /** The table's name in {@link BacktestResult}. */
  String table() {
    return table;
  }

  /** Every column, in the documented order. */
  List<String> columns() {
    return List.copyOf(columns.keySet());
  }

  /** The type of one of the columns. */
  ColumnType type(String column) {
    ColumnType type = columns.get(column);
    if (type == null) {
      throw new IllegalArgumentException(table + " has no column '" + column + "'");
    }
    return type;
  }

  /**
   * Checks that {@code t} has exactly the documented columns (in any order) with their types.
   *
   * @throws IllegalArgumentException naming the file, the column, the types and the fix
   */
  void check(Table t, String file) {
    for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
      String name = column.getKey();
      if (!t.containsColumn(name)) {
        throw new IllegalArgumentException(
            file
                + ": the "
                + table
                + " table has no column '"
                + name
                + "' (it has "
                + t.columnNames()
                + "); give it the columns of BacktestResult's Javadoc: "
                + columns.keySet());
      }
      ColumnType type = t.column(name).type();
      if (!type.equals(column.getValue())) {
        throw new IllegalArgumentException(
            file
                + ": column '"
                + name
                + "' of the "
                + table
                + " table is "
                + type.name()
                + ", but a run folder needs "
                + column.getValue().name()
                + "; build it as a "
                + column.getValue().name()
                + " column");
      }
    }
    List<String> extra = new ArrayList<>(t.columnNames());
    extra.removeAll(columns.keySet());
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + ": the "
              + table
              + " table has columns "
              + extra
              + " that a run folder does not know; remove them, or add them to RunSchema and"
              + " BacktestResult's Javadoc");
    }
  }

  private static Map<String, ColumnType> columns(Object... nameTypePairs) {
    Map<String, ColumnType> map = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      map.put((String) nameTypePairs[i], (ColumnType) nameTypePairs[i + 1]);
    }
    return map;
  }
}
