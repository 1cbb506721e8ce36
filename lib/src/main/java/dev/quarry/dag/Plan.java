package dev.quarry.dag;

import dev.quarry.context.TextTable;
import dev.quarry.notebook.Html;
import dev.quarry.notebook.HtmlRenderable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A dry run: what each node would do, without running anything (seed 004's {@code [PLAN]}).
 *
 * <pre>
 * [PLAN] Pipeline: 3 nodes (cache: file cache store at ~/.quarry/cache)
 *   1. load      (input.csv → bars.raw)         [WILL RUN] node is declared not cacheable
 *   2. features  (bars.raw → features.sma)      [RUNS IF UPSTREAM CHANGES] input 'bars.raw' …
 *   3. title     (input.symbol → report.title)  [CACHED] inputs unchanged
 *
 * Estimated: 1 cached, 1 to run, 1 run if upstream changes
 * </pre>
 *
 * @param nodes one line per node, in run order
 * @param cache what cache the plan was checked against
 */
public record Plan(List<NodePlan> nodes, String cache) implements HtmlRenderable {
  /** What a node will do. */
  public enum Status {
    /** The node will run. */
    WILL_RUN,
    /** The node's outputs will be restored from the cache. */
    CACHED,
    /**
     * An upstream node will run first, so the inputs are not known yet: the node is restored if
     * they match one of its cache entries (the upstream reproduced earlier outputs), else it runs.
     */
    RUNS_IF_UPSTREAM_CHANGES;

    /**
     * Returns the label used in plans, e.g. {@code WILL RUN}.
     *
     * @return the label
     */
    public String label() {
      return name().replace('_', ' ');
    }
  }

  /**
   * One node of a plan.
   *
   * @param index 1-based position in run order
   * @param node the node name
   * @param flow inputs → outputs, as {@link NodeSpec#flow()}
   * @param status will it run or be restored
   * @param reason why, in words
   */
  public record NodePlan(int index, String node, String flow, Status status, String reason) {
    /** Validates the line. */
    public NodePlan {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Copies the node list. */
  public Plan {
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(cache, "cache");
  }

  /**
   * Counts the nodes that will be restored from the cache.
   *
   * @return the cached count
   */
  public long cachedCount() {
    return nodes.stream().filter(n -> n.status() == Status.CACHED).count();
  }

  /**
   * Counts the nodes that will run.
   *
   * @return the count of nodes to run
   */
  public long toRunCount() {
    return nodes.stream().filter(n -> n.status() == Status.WILL_RUN).count();
  }

  /**
   * Counts the nodes that run only if their upstream produces outputs they have not seen.
   *
   * @return the count of {@link Status#RUNS_IF_UPSTREAM_CHANGES} nodes
   */
  public long runsIfUpstreamChangesCount() {
    return nodes.stream().filter(n -> n.status() == Status.RUNS_IF_UPSTREAM_CHANGES).count();
  }

  /** Seed 004's totals, plus the conditional nodes when there are some. */
  private String totals() {
    long conditional = runsIfUpstreamChangesCount();
    return cachedCount()
        + " cached, "
        + toRunCount()
        + " to run"
        + (conditional == 0 ? "" : ", " + conditional + " run if upstream changes");
  }

  /**
   * Returns the plan line of a node.
   *
   * @param name the node name
   * @return its plan line
   * @throws PipelineException if the plan has no such node
   */
  public NodePlan node(String name) {
    for (NodePlan plan : nodes) {
      if (plan.node().equals(name)) {
        return plan;
      }
    }
    throw new PipelineException("the plan has no node '" + name + "'; it has " + names());
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    nodes.forEach(n -> names.add(n.node()));
    return names;
  }

  /**
   * Renders the plan in seed 004's format.
   *
   * @return the text rendering
   */
  public String toText() {
    List<String[]> rows = new ArrayList<>();
    for (NodePlan n : nodes) {
      rows.add(
          new String[] {
            n.index() + ". " + n.node(), n.flow(), "[" + n.status().label() + "] " + n.reason()
          });
    }
    return "[PLAN] Pipeline: "
        + nodes.size()
        + (nodes.size() == 1 ? " node" : " nodes")
        + " (cache: "
        + cache
        + ")\n"
        + TextTable.render(rows)
        + "\nEstimated: "
        + totals()
        + "\n";
  }

  @Override
  public String toHtml() {
    StringBuilder html =
        new StringBuilder("<div class=\"quarry-plan\"><b>[PLAN] Pipeline</b>: ")
            .append(nodes.size())
            .append(nodes.size() == 1 ? " node" : " nodes")
            .append(" (cache: ")
            .append(Html.escape(cache))
            .append(")<table><thead><tr><th>#</th><th>node</th><th>inputs → outputs</th>")
            .append("<th>status</th><th>reason</th></tr></thead><tbody>");
    for (NodePlan n : nodes) {
      String color =
          switch (n.status()) {
            case CACHED -> "#2e7d32";
            case WILL_RUN -> "#1565c0";
            case RUNS_IF_UPSTREAM_CHANGES -> "#ef6c00";
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
          .append(n.status().label())
          .append("</td><td style=\"text-align:left\">")
          .append(Html.escape(n.reason()))
          .append("</td></tr>");
    }
    return html.append("</tbody></table>Estimated: ").append(totals()).append("</div>").toString();
  }

  @Override
  public String toString() {
    return toText();
  }
}
