package dev.quarry.dag;

import dev.quarry.context.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The explicit-mode checks of {@link Pipeline#validate}: every problem, reported at once. */
final class PipelineValidator {
  private PipelineValidator() {}

  /** Where a key comes from during validation. */
  private record Source(String producer, Class<?> type) {}

  static void validate(List<Node> nodes, Map<String, Class<?>> initialTypes) {
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
    for (Node node : nodes) {
      NodeSpec spec = node.spec();
      spec.requires()
          .forEach(
              (key, required) ->
                  checkRequire(spec, key, required, available, laterProducers, problems));
      spec.provides()
          .forEach(
              (key, type) -> {
                Source previous = available.get(key);
                if (previous != null) {
                  problems.add(
                      "key '"
                          + key
                          + "' is provided by node '"
                          + spec.name()
                          + "' and "
                          + (previous.producer() == null
                              ? "is already in the initial context"
                              : "by node '" + previous.producer() + "'")
                          + "; each key has exactly one producer: rename one of them");
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

  private static void checkRequire(
      NodeSpec spec,
      String key,
      Class<?> required,
      Map<String, Source> available,
      Map<String, String> laterProducers,
      List<String> problems) {
    Source source = available.get(key);
    String needs =
        "node '" + spec.name() + "' requires '" + key + "' (" + Types.name(required) + ")";
    if (source == null) {
      String later = laterProducers.get(key);
      if (later != null && !later.equals(spec.name())) {
        problems.add(
            needs
                + ", but its producer '"
                + later
                + "' runs after it; move '"
                + later
                + "' earlier or let DagResolver order the nodes");
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
