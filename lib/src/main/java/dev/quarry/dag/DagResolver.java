package dev.quarry.dag;

import dev.quarry.context.Keys;
import dev.quarry.context.PipelineContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Picks and orders the nodes needed for a goal (auto-resolved wiring, seed 004 mode 2).
 *
 * <p>Walking back from the goal key, the resolver selects the node that provides each required key,
 * recursively, and orders the selection topologically; among nodes that could run at the same
 * point, higher {@link NodeSpec#priority()} runs first, then the order the nodes were given in.
 * Optional inputs ({@code consumes}) pull in their producers only when a feature flag enables them:
 * a flag is a key or a {@code prefix.*} pattern, matched against the consumed keys. Whatever
 * brought it into the selection, the producer of a consumed key runs before its consumer, as {@link
 * Pipeline#validate} requires.
 *
 * <pre>{@code
 * List<Node> ordered = new DagResolver(nodes)
 *     .withInputs(ctx)
 *     .withFeatures("conditioning.*")
 *     .resolve("output.summary");
 * }</pre>
 *
 * <p>Errors: a key with no producer (and not an input), two producers for one key, and cycles
 * (through required or consumed keys), which are printed node by node with the keys that link them.
 */
public final class DagResolver {
  private final List<Node> nodes;
  private final Set<String> inputs;
  private final List<String> features;

  /**
   * Creates a resolver over the nodes available.
   *
   * @param nodes every node that may be used
   */
  public DagResolver(Collection<? extends Node> nodes) {
    this(List.copyOf(nodes), Set.of(), List.of());
  }

  private DagResolver(List<Node> nodes, Set<String> inputs, List<String> features) {
    this.nodes = nodes;
    this.inputs = inputs;
    this.features = features;
  }

  /**
   * Declares which keys the initial context will hold, so no producer is needed for them.
   *
   * @param keys the initial keys
   * @return a resolver with those inputs
   */
  public DagResolver withInputs(Collection<String> keys) {
    return new DagResolver(nodes, Set.copyOf(keys), features);
  }

  /**
   * Declares the initial context, so no producer is needed for the keys it holds.
   *
   * @param initial the initial context
   * @return a resolver with those inputs
   */
  public DagResolver withInputs(PipelineContext initial) {
    return withInputs(initial.keys());
  }

  /**
   * Enables optional inputs: producers of consumed keys matching a flag are included.
   *
   * @param flags keys or {@code prefix.*} patterns; {@code "*"} enables every optional input
   * @return a resolver with those features
   */
  public DagResolver withFeatures(String... flags) {
    List<String> all = new ArrayList<>(features);
    for (String flag : flags) {
      all.add("*".equals(flag) ? flag : Keys.requireValidPattern(flag, "feature flag"));
    }
    return new DagResolver(nodes, inputs, List.copyOf(all));
  }

  /**
   * Resolves the nodes needed for one or more goal keys, in run order.
   *
   * @param goals the keys wanted at the end
   * @return the nodes to run, topologically ordered
   * @throws PipelineException on a missing producer, a duplicate producer or a cycle
   */
  public List<Node> resolve(String... goals) {
    if (goals.length == 0) {
      throw new PipelineException(
          "resolve needs at least one goal key, e.g. resolve(\"output.summary\")");
    }
    Map<String, Node> producers = producers();
    Map<Node, Map<Node, String>> dependencies = new LinkedHashMap<>();
    Map<Node, String> state = new HashMap<>();
    for (String goal : goals) {
      Keys.requireValid(goal, "goal");
      if (inputs.contains(goal)) {
        continue;
      }
      Node producer = producers.get(goal);
      if (producer == null) {
        throw new PipelineException(
            "goal '" + goal + "': no node provides it; nodes provide " + producers.keySet());
      }
      visit(producer, goal, producers, dependencies, state);
    }
    addConsumeEdges(dependencies);
    return order(dependencies);
  }

  /**
   * Resolves a goal and wraps the result in a {@link Pipeline}.
   *
   * @param goals the keys wanted at the end
   * @return a pipeline of the needed nodes
   */
  public Pipeline pipeline(String... goals) {
    return Pipeline.of(resolve(goals));
  }

  private Map<String, Node> producers() {
    Map<String, Node> producers = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Node node : nodes) {
      if (!names.add(node.name())) {
        throw new PipelineException(
            "two available nodes are named '" + node.name() + "'; node names must be unique");
      }
      for (String key : node.spec().provides().keySet()) {
        Node other = producers.putIfAbsent(key, node);
        if (other != null) {
          throw new PipelineException(
              "key '"
                  + key
                  + "' is provided by both '"
                  + other.name()
                  + "' and '"
                  + node.name()
                  + "'; each key has exactly one producer: rename one of them");
        }
      }
    }
    return producers;
  }

  /** A node being visited: what it needs, and how far the walk through its needs has got. */
  private static final class Frame {
    final Node node;
    final String viaKey;
    final List<Map.Entry<String, Node>> needs;
    int next;

    Frame(Node node, String viaKey, List<Map.Entry<String, Node>> needs) {
      this.node = node;
      this.viaKey = viaKey;
      this.needs = needs;
    }
  }

  /**
   * Walks back from a goal's producer, depth first, with an explicit stack (deep chains of
   * thousands of nodes must not overflow the thread's stack).
   */
  private void visit(
      Node start,
      String startKey,
      Map<String, Node> producers,
      Map<Node, Map<Node, String>> dependencies,
      Map<Node, String> state) {
    if ("done".equals(state.get(start))) {
      return;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    state.put(start, "visiting");
    stack.push(new Frame(start, startKey, needs(start, producers)));
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (frame.next == frame.needs.size()) {
        stack.pop();
        state.put(frame.node, "done");
        Map<Node, String> needed = new LinkedHashMap<>();
        frame.needs.forEach(
            n -> needed.putIfAbsent(n.getValue(), edge(frame.node, n.getKey(), n.getValue())));
        dependencies.put(frame.node, needed);
        continue;
      }
      Map.Entry<String, Node> need = frame.needs.get(frame.next++);
      Node producer = need.getValue();
      String seen = state.get(producer);
      if ("visiting".equals(seen)) {
        throw cycle(producer, need.getKey(), stack);
      }
      if (seen == null) {
        state.put(producer, "visiting");
        stack.push(new Frame(producer, need.getKey(), needs(producer, producers)));
      }
    }
  }

  /** The producers a node needs: of its required keys, and of enabled optional keys. */
  private List<Map.Entry<String, Node>> needs(Node node, Map<String, Node> producers) {
    List<Map.Entry<String, Node>> needs = new ArrayList<>();
    for (String key : node.spec().requires().keySet()) {
      if (inputs.contains(key)) {
        continue;
      }
      Node producer = producers.get(key);
      if (producer == null) {
        throw new PipelineException(
            "node '"
                + node.name()
                + "' requires '"
                + key
                + "' but no node provides it and it is not an input; add a node that provides"
                + " it or declare it with withInputs(...)");
      }
      needs.add(Map.entry(key, producer));
    }
    if (node.spec().consumes().isEmpty()) {
      return needs;
    }
    for (Map.Entry<String, Node> entry : producers.entrySet()) {
      if (entry.getValue() != node
          && !inputs.contains(entry.getKey())
          && consumes(node, entry.getKey())
          && enabled(entry.getKey())) {
        needs.add(entry);
      }
    }
    return needs;
  }

  private static boolean consumes(Node node, String key) {
    for (String pattern : node.spec().consumes()) {
      if (Keys.matches(pattern, key)) {
        return true;
      }
    }
    return false;
  }

  private boolean enabled(String key) {
    for (String flag : features) {
      if ("*".equals(flag) || Keys.matches(flag, key)) {
        return true;
      }
    }
    return false;
  }

  private static PipelineException cycle(Node repeated, String viaKey, Deque<Frame> stack) {
    // The stack holds the innermost frame first; each frame's viaKey is what the frame below it
    // (further out) needs from it. Collect the edges back to the repeated node, then print them
    // from the outside in.
    List<Frame> frames = new ArrayList<>(stack);
    List<String> edges = new ArrayList<>();
    edges.add(edge(frames.get(0).node, viaKey, repeated));
    for (int i = 1; i < frames.size() && frames.get(i - 1).node != repeated; i++) {
      edges.add(edge(frames.get(i).node, frames.get(i - 1).viaKey, frames.get(i - 1).node));
    }
    Collections.reverse(edges);
    return new PipelineException(
        "dependency cycle: "
            + String.join(" → ", edges)
            + "; break the cycle by removing one of these inputs");
  }

  private static String edge(Node needer, String key, Node producer) {
    return "'" + needer.name() + "' needs '" + key + "' from '" + producer.name() + "'";
  }

  /**
   * Orders the producers of consumed keys before their consumers, whatever brought them into the
   * selection: {@link Pipeline#validate} refuses an optional input produced after its consumer (the
   * consumer would see different keys sequentially and in parallel), so the resolver must never
   * return such an order. Feature flags decide which producers join; these edges only order the
   * nodes already selected.
   */
  private static void addConsumeEdges(Map<Node, Map<Node, String>> dependencies) {
    for (Map.Entry<Node, Map<Node, String>> consumer : dependencies.entrySet()) {
      Node node = consumer.getKey();
      if (node.spec().consumes().isEmpty()) {
        continue;
      }
      for (Node producer : dependencies.keySet()) {
        if (producer == node || consumer.getValue().containsKey(producer)) {
          continue;
        }
        for (String key : producer.spec().provides().keySet()) {
          if (consumes(node, key)) {
            consumer
                .getValue()
                .put(
                    producer,
                    "'" + node.name() + "' consumes '" + key + "' from '" + producer.name() + "'");
            break;
          }
        }
      }
    }
  }

  private List<Node> order(Map<Node, Map<Node, String>> dependencies) {
    Map<Node, Integer> position = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      position.put(nodes.get(i), i);
    }
    Map<Node, Integer> missing = new HashMap<>();
    Map<Node, List<Node>> dependents = new HashMap<>();
    PriorityQueue<Node> ready =
        new PriorityQueue<>(
            Comparator.comparingInt((Node n) -> -n.spec().priority())
                .thenComparingInt(position::get));
    dependencies.forEach(
        (node, needs) -> {
          missing.put(node, needs.size());
          for (Node need : needs.keySet()) {
            dependents.computeIfAbsent(need, n -> new ArrayList<>()).add(node);
          }
          if (needs.isEmpty()) {
            ready.add(node);
          }
        });
    List<Node> ordered = new ArrayList<>();
    while (!ready.isEmpty()) {
      Node next = ready.poll();
      ordered.add(next);
      for (Node dependent : dependents.getOrDefault(next, List.of())) {
        if (missing.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    if (ordered.size() < dependencies.size()) {
      throw orderingCycle(dependencies, missing);
    }
    return List.copyOf(ordered);
  }

  /**
   * Reports a cycle left among the nodes that could not be ordered; it exists only through a
   * consumed key, since cycles of required keys are caught while walking back from the goal.
   */
  private static PipelineException orderingCycle(
      Map<Node, Map<Node, String>> dependencies, Map<Node, Integer> missing) {
    // Every node left has a dependency that is left too: follow them until one repeats.
    Node current = null;
    for (Node node : dependencies.keySet()) {
      if (missing.get(node) > 0) {
        current = node;
        break;
      }
    }
    List<Node> path = new ArrayList<>();
    Map<Node, Integer> seenAt = new HashMap<>();
    while (!seenAt.containsKey(current)) {
      seenAt.put(current, path.size());
      path.add(current);
      for (Node need : dependencies.get(current).keySet()) {
        if (missing.get(need) > 0) {
          current = need;
          break;
        }
      }
    }
    List<String> edges = new ArrayList<>();
    for (int i = seenAt.get(current); i < path.size(); i++) {
      Node needer = path.get(i);
      Node producer = i + 1 < path.size() ? path.get(i + 1) : current;
      edges.add(dependencies.get(needer).get(producer));
    }
    return new PipelineException(
        "dependency cycle: "
            + String.join(" → ", edges)
            + "; break the cycle by removing one of these inputs (a consumed key's producer runs"
            + " before its consumer whenever both are in the pipeline)");
  }
}
