package dev.quarry.dag;

import dev.quarry.context.TextTable;
import dev.quarry.notebook.Html;
import dev.quarry.notebook.HtmlRenderable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a run did: the plan's view after the fact, with status and time per node.
 *
 * <pre>
 * [RUN] Pipeline: 2 nodes (sequential)
 *   1. load      (input.csv → bars.raw)      [RAN]     12.4 ms
 *   2. features  (bars.raw → features.sma)   [CACHED]   0.3 ms  inputs unchanged
 *
 * Total: 1 ran, 1 cached in 12.9 ms
 * </pre>
 *
 * @param nodes one line per node, in run order
 * @param mode {@code sequential} or {@code parallel (N threads)}
 * @param totalNanos wall time of the whole run
 */
public record RunReport(List<NodeRun> nodes, String mode, long totalNanos)
    implements HtmlRenderable {
  /** What happened to a node. */
  public enum Status {
    /** The node ran. */
    RAN,
    /** The node's outputs were restored from the cache. */
    CACHED,
    /** The node threw; the run stopped. */
    FAILED,
    /** The node did not start because the run stopped first. */
    SKIPPED
  }

  /**
   * One node of a run.
   *
   * @param index 1-based position in run order
   * @param node the node name
   * @param flow inputs → outputs
   * @param status what happened
   * @param nanos time spent on the node (0 if skipped)
   * @param note why it was cached, why it was not stored, or why it failed; may be empty
   */
  public record NodeRun(
      int index, String node, String flow, Status status, long nanos, String note) {
    /** Validates the line. */
    public NodeRun {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(note, "note");
    }
  }

  /** Copies the node list. */
  public RunReport {
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(mode, "mode");
  }

  /**
   * Counts nodes with a status.
   *
   * @param status the status
   * @return how many nodes ended with it
   */
  public long count(Status status) {
    return nodes.stream().filter(n -> n.status() == status).count();
  }

  /**
   * Returns the line of one node.
   *
   * @param name the node name
   * @return its line
   * @throws PipelineException if the run has no such node
   */
  public NodeRun node(String name) {
    for (NodeRun run : nodes) {
      if (run.node().equals(name)) {
        return run;
      }
    }
    List<String> names = new ArrayList<>();
    nodes.forEach(n -> names.add(n.node()));
    throw new PipelineException("the run has no node '" + name + "'; it has " + names);
  }

  /**
   * Renders the report as text, in the plan's format.
   *
   * @return the text rendering
   */
  public String toText() {
    List<String[]> rows = new ArrayList<>();
    for (NodeRun n : nodes) {
      rows.add(
          new String[] {
            n.index() + ". " + n.node(),
            n.flow(),
            "[" + n.status() + "]",
            n.status() == Status.SKIPPED ? "" : millis(n.nanos()),
            n.note()
          });
    }
    return "[RUN] Pipeline: "
        + nodes.size()
        + (nodes.size() == 1 ? " node" : " nodes")
        + " ("
        + mode
        + ")\n"
        + TextTable.render(rows)
        + "\nTotal: "
        + summary()
        + " in "
        + millis(totalNanos)
        + "\n";
  }

  private String summary() {
    StringBuilder text =
        new StringBuilder().append(count(Status.RAN)).append(" ran, ").append(count(Status.CACHED));
    text.append(" cached");
    if (count(Status.FAILED) > 0) {
      text.append(", ").append(count(Status.FAILED)).append(" failed");
    }
    if (count(Status.SKIPPED) > 0) {
      text.append(", ").append(count(Status.SKIPPED)).append(" skipped");
    }
    return text.toString();
  }

  @Override
  public String toHtml() {
    StringBuilder html =
        new StringBuilder("<div class=\"quarry-run\"><b>[RUN] Pipeline</b>: ")
            .append(nodes.size())
            .append(nodes.size() == 1 ? " node" : " nodes")
            .append(" (")
            .append(Html.escape(mode))
            .append(")<table><thead><tr><th>#</th><th>node</th><th>inputs → outputs</th>")
            .append("<th>status</th><th>time</th><th>note</th></tr></thead><tbody>");
    for (NodeRun n : nodes) {
      String color =
          switch (n.status()) {
            case RAN -> "#1565c0";
            case CACHED -> "#2e7d32";
            case FAILED -> "#c62828";
            case SKIPPED -> "#757575";
          };
      html.append("<tr><td>")
          .append(n.index())
          .append("</td><td><b>")
          .append(Html.escape(n.node()))
          .append("</b></td><td><code>")
          .append(Html.escape(n.flow()))
          .append("</code></td><td style=\"color:")
          .append(color)
          .append("\">")
          .append(n.status())
          .append("</td><td>")
          .append(n.status() == Status.SKIPPED ? "" : millis(n.nanos()))
          .append("</td><td style=\"text-align:left\">")
          .append(Html.escape(n.note()))
          .append("</td></tr>");
    }
    return html.append("</tbody></table>Total: ")
        .append(Html.escape(summary()))
        .append(" in ")
        .append(millis(totalNanos))
        .append("</div>")
        .toString();
  }

  @Override
  public String toString() {
    return toText();
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
