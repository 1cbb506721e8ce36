package dev.quarry.notebook;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Short, human-readable summaries of arbitrary values, for context and plan displays.
 *
 * <p>A Tablesaw table is summarised by its shape (and, in HTML, its first rows); collections by
 * their size and first elements; anything else by a truncated {@code toString()}.
 */
public final class Summaries {
  /** Longest text summary before it is cut with an ellipsis. */
  static final int MAX_TEXT = 80;

  /** Rows of a table shown in an HTML summary. */
  static final int HEAD_ROWS = 5;

  /** Opens the {@code <div>} a wide table scrolls in, sideways, instead of widening the page. */
  static final String SCROLL_OPEN =
      "<div class=\"quarry-scroll\" style=\"overflow-x:auto;max-width:100%\">";

  private Summaries() {}

  /**
   * Summarises a value on one line.
   *
   * @param value any value
   * @return a one-line summary, at most {@value #MAX_TEXT} characters
   */
  public static String text(Object value) {
    if (value instanceof Table table) {
      return shape(table);
    }
    if (value instanceof Collection<?> collection) {
      return truncate("size " + collection.size() + ": " + collection);
    }
    if (value instanceof Map<?, ?> map) {
      return truncate("size " + map.size() + ": " + map);
    }
    if (value != null && value.getClass().isArray()) {
      return truncate("length " + Array.getLength(value) + ": " + arrayText(value));
    }
    return truncate(String.valueOf(value));
  }

  /**
   * Summarises a value as an HTML fragment; tables show their shape and first rows.
   *
   * @param value any value
   * @return an HTML fragment
   */
  public static String html(Object value) {
    if (value instanceof Table table) {
      return "<div>" + Html.escape(shape(table)) + "</div>" + tableHtml(table, HEAD_ROWS);
    }
    return Html.escape(text(value));
  }

  /**
   * Renders the first rows of a table as an HTML {@code <table>}, in a {@code <div>} that scrolls
   * sideways when the table is wider than the notebook ({@code overflow-x:auto}).
   *
   * @param table the table to render
   * @param maxRows how many rows at most
   * @return an HTML table with a header row, in its scrolling {@code <div>}
   */
  public static String tableHtml(Table table, int maxRows) {
    StringBuilder html =
        new StringBuilder(SCROLL_OPEN).append("<table class=\"quarry-table\"><thead><tr>");
    for (String name : table.columnNames()) {
      html.append("<th>").append(Html.escape(name)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    int rows = Math.min(maxRows, table.rowCount());
    for (int row = 0; row < rows; row++) {
      html.append("<tr>");
      for (Column<?> column : table.columns()) {
        html.append("<td>").append(Html.escape(column.getString(row))).append("</td>");
      }
      html.append("</tr>");
    }
    if (table.rowCount() > rows) {
      html.append("<tr><td colspan=\"")
          .append(table.columnCount())
          .append("\">… ")
          .append(String.format(Locale.ROOT, "%,d", table.rowCount() - rows))
          .append(" more rows</td></tr>");
    }
    return html.append("</tbody></table></div>").toString();
  }

  private static String shape(Table table) {
    return String.format(
        Locale.ROOT,
        "Table '%s': %,d rows × %d cols %s",
        table.name(),
        table.rowCount(),
        table.columnCount(),
        table.columnNames());
  }

  private static String arrayText(Object array) {
    StringBuilder out = new StringBuilder("[");
    int length = Math.min(Array.getLength(array), 10);
    for (int i = 0; i < length; i++) {
      out.append(i == 0 ? "" : ", ").append(Array.get(array, i));
    }
    return out.append(Array.getLength(array) > length ? ", …]" : "]").toString();
  }

  private static String truncate(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT - 1) + "…";
  }
}
