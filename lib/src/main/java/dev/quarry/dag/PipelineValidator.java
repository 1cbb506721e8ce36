package dev.quarry.dag;

import dev.quarry.context.Keys;
import dev.quarry.context.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The explicit-mode checks of {@link Pipeline#validate}: every problem, reported at once. */
final class PipelineValidator {
  private PipelineValidator() {}

  /** Where a key comes from during validation. */
  private record Source(String producer, Class<?> type) {}

  static void validate(
      List<Node> nodes, Map<String, Class<?>> initialTypes, Map<String, String> initialProducers) {
    List<String> problems = new ArrayList<>();
    Map<String, Source> available = new HashMap<>();
    initialTypes.forEach((key, type) -> available.put(key, new Source(null, type)));
    Map<String, String> laterProducers = new HashMap<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Integer previous = names.putIfAbsent(nodes.get(i).name(), i);
      if (previous != null) {
        problems.add(
            "two nodes are named '"
                + nodes.get(i).name()
                + "' (positions "
                + (previous + 1)
                + " and "
                + (i + 1)
                + "); node names must be unique");
      }
      for (String key : nodes.get(i).spec().provides().keySet()) {
        laterProducers.putIfAbsent(key, nodes.get(i).name());
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      checkConsumes(nodes, i, problems);
    }
    for (Node node : nodes) {
      NodeSpec spec = node.spec();
      spec.requires()
          .forEach(
              (key, required) ->
                  checkRequire(spec, key, required, available, laterProducers, nodes, problems));
      spec.provides()
          .forEach(
              (key, type) -> {
                Source previous = available.get(key);
                if (previous != null) {
                  problems.add(duplicate(spec, key, type, previous, initialProducers.get(key)));
                } else {
                  available.put(key, new Source(spec.name(), type));
                }
              });
    }
    if (!problems.isEmpty()) {
      StringBuilder message =
          new StringBuilder("pipeline is invalid (" + problems.size() + " problem")
              .append(problems.size() == 1 ? ")" : "s)");
      for (int i = 0; i < problems.size(); i++) {
        message.append("\n  ").append(i + 1).append(". ").append(problems.get(i));
      }
      throw new PipelineException(message.toString());
    }
  }

  /**
   * Optional inputs must be produced before their consumer, so that the consumer (and its cache
   * key) sees the same keys whether nodes run sequentially or in parallel.
   */
  private static void checkConsumes(List<Node> nodes, int index, List<String> problems) {
    NodeSpec spec = nodes.get(index).spec();
    for (String pattern : spec.consumes()) {
      for (int later = index + 1; later < nodes.size(); later++) {
        for (String key : nodes.get(later).spec().provides().keySet()) {
          if (Keys.matches(pattern, key)) {
            problems.add(
                "node '"
                    + spec.name()
                    + "' consumes '"
                    + pattern
                    + "', but '"
                    + nodes.get(later).name()
                    + "' provides '"
                    + key
                    + "' after it runs; move '"
                    + nodes.get(later).name()
                    + "' earlier (optional inputs are read only from earlier nodes)");
          }
        }
      }
    }
  }

  /** Does node {@code from} need, directly or not, an output of node {@code target}? */
  private static boolean dependsOn(String from, String target, List<Node> nodes) {
    Map<String, NodeSpec> byName = new HashMap<>();
    Map<String, String> producerOf = new HashMap<>();
    for (Node node : nodes) {
      byName.putIfAbsent(node.name(), node.spec());
      node.spec().provides().keySet().forEach(k -> producerOf.putIfAbsent(k, node.name()));
    }
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name) || !byName.containsKey(name)) {
        continue;
      }
      for (String key : byName.get(name).requires().keySet()) {
        String producer = producerOf.get(key);
        if (target.equals(producer)) {
          return true;
        }
        if (producer != null) {
          todo.push(producer);
        }
      }
    }
    return false;
  }

  private static String duplicate(
      NodeSpec spec, String key, Class<?> type, Source previous, String initialProducer) {
    String mine = "node '" + spec.name() + "' provides '" + key + "' (" + Types.name(type) + ")";
    if (previous.producer() != null) {
      return mine
          + ", and so does node '"
          + previous.producer()
          + "' ("
          + Types.name(previous.type())
          + "); each key has exactly one producer: rename one of them";
    }
    if (spec.name().equals(initialProducer)) {
      return mine
          + ", but the context already holds it from an earlier run of that node; run on a"
          + " fresh context (PipelineContext.create() with the inputs again)";
    }
    return mine
        + ", but the initial context already holds it ("
        + Types.name(previous.type())
        + "); each key has exactly one producer: drop it from the initial context or rename it";
  }

  private static void checkRequire(
      NodeSpec spec,
      String key,
      Class<?> required,
      Map<String, Source> available,
      Map<String, String> laterProducers,
      List<Node> nodes,
      List<String> problems) {
    Source source = available.get(key);
    String needs =
        "node '" + spec.name() + "' requires '" + key + "' (" + Types.name(required) + ")";
    if (source == null) {
      String later = laterProducers.get(key);
      if (later != null && !later.equals(spec.name())) {
        problems.add(
            needs
                + (dependsOn(later, spec.name(), nodes)
                    ? ", but its producer '"
                        + later
                        + "' depends on '"
                        + spec.name()
                        + "' in turn: a dependency cycle; break it by removing one of these inputs"
                    : ", but its producer '"
                        + later
                        + "' runs after it; move '"
                        + later
                        + "' earlier or let DagResolver order the nodes"));
      } else {
        problems.add(
            needs
                + "; no earlier node provides it — add a provider or put it in the initial"
                + " context");
      }
      return;
    }
    if (!Types.compatible(required, source.type())) {
      problems.add(
          needs
              + ", but "
              + (source.producer() == null
                  ? "the initial context holds a " + Types.name(source.type())
                  : "node '" + source.producer() + "' provides it as " + Types.name(source.type()))
              + "; make the types agree");
    }
  }
}
