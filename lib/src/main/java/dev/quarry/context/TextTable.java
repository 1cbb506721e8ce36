package dev.quarry.context;

import java.util.List;

/** Renders rows of text as aligned columns (the first row is the header). */
public final class TextTable {
  private TextTable() {}

  /**
   * Renders rows as left-aligned columns, two spaces apart, each line indented by two spaces.
   *
   * @param rows rows of cells; every row has the same number of cells
   * @return the rendered lines, each ending with a newline
   */
  public static String render(List<String[]> rows) {
    int columns = rows.isEmpty() ? 0 : rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
