package dev.quarry.dag;

import dev.quarry.notebook.HtmlRenderable;
import dev.quarry.notebook.Summaries;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * The outcome of a {@link Grid} run.
 *
 * @param table one row per combination: parameters, collected results, {@code nodes_ran} and {@code
 *     nodes_cached}
 * @param reports the run report of each combination, in the table's row order
 */
public record GridResult(Table table, List<RunReport> reports) implements HtmlRenderable {
  /** Copies the report list. */
  public GridResult {
    Objects.requireNonNull(table, "table");
    reports = List.copyOf(reports);
  }

  @Override
  public String toHtml() {
    return Summaries.tableHtml(table, table.rowCount());
  }

  @Override
  public String toString() {
    return table.printAll();
  }
}
