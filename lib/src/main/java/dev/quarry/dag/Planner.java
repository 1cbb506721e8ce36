package dev.quarry.dag;

import dev.quarry.context.ContextEntry;
import dev.quarry.context.PipelineContext;
import dev.quarry.dag.cache.CacheCorruptException;
import dev.quarry.dag.cache.CacheManifest;
import dev.quarry.dag.cache.Fingerprints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Works out a {@link Plan} without running anything.
 *
 * <p>Input fingerprints come from the initial context's values and, for outputs of nodes that will
 * be restored, from their cache entries' manifests; a node downstream of one that will run cannot
 * know its inputs yet, so it is planned to run too (the run itself may still find it cached, if the
 * upstream node reproduces the same outputs).
 */
final class Planner {
  private final List<Node> nodes;
  private final Checkpoints checkpoints;

  Planner(List<Node> nodes, Checkpoints checkpoints) {
    this.nodes = nodes;
    this.checkpoints = checkpoints;
  }

  Plan plan(PipelineContext initial) {
    Map<String, String> fingerprints = new HashMap<>();
    Map<String, String> unknown = new HashMap<>();
    Set<String> available = new LinkedHashSet<>();
    for (ContextEntry entry : initial.entries()) {
      available.add(entry.key());
      if (checkpoints != null) {
        Optional<String> fingerprint = Fingerprints.of(entry.value());
        if (fingerprint.isPresent()) {
          fingerprints.put(entry.key(), fingerprint.get());
        } else {
          unknown.put(
              entry.key(),
              "not cacheable: input '"
                  + entry.key()
                  + "': "
                  + Fingerprints.explainUnsupported(entry.value()));
        }
      }
    }
    List<Plan.NodePlan> lines = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeSpec spec = nodes.get(i).spec();
      Plan.NodePlan line = planNode(i + 1, spec, available, fingerprints, unknown);
      lines.add(line);
      available.addAll(spec.provides().keySet());
      if (line.status() == Plan.Status.WILL_RUN) {
        for (String key : spec.provides().keySet()) {
          unknown.put(key, "input '" + key + "' comes from '" + spec.name() + "', which will run");
        }
      }
    }
    return new Plan(lines, checkpoints == null ? "none" : checkpoints.describe());
  }

  private Plan.NodePlan planNode(
      int index,
      NodeSpec spec,
      Set<String> available,
      Map<String, String> fingerprints,
      Map<String, String> unknown) {
    if (checkpoints == null) {
      return willRun(index, spec, "no cache configured");
    }
    Optional<String> problem = Checkpoints.staticProblem(spec);
    if (problem.isPresent()) {
      return willRun(index, spec, problem.get());
    }
    SortedMap<String, String> inputs = new TreeMap<>();
    // Required keys directly; the whole list of available keys only for wildcard consumers.
    Iterable<String> candidates = spec.consumes().isEmpty() ? spec.requires().keySet() : available;
    for (String key : candidates) {
      if (available.contains(key) && spec.reads(key)) {
        if (!fingerprints.containsKey(key)) {
          return willRun(index, spec, unknown.get(key));
        }
        inputs.put(key, fingerprints.get(key));
      }
    }
    Checkpoints.Probe probe = checkpoints.probe(spec, inputs);
    try {
      Optional<CacheManifest> manifest = checkpoints.manifest(probe.key());
      if (manifest.isEmpty()) {
        return willRun(index, spec, "no cache entry for these inputs and version");
      }
      Map<String, String> outputs = manifest.get().outputFingerprints();
      if (!outputs.keySet().equals(spec.provides().keySet())) {
        return willRun(index, spec, "cache entry does not match the outputs; will recompute");
      }
      if (spec.provides().values().stream().anyMatch(Path.class::isAssignableFrom)) {
        // A file output is restored only if the file is unchanged: check it now, as the run will.
        checkpoints.restore(probe.key(), spec);
      }
      fingerprints.putAll(outputs);
      return new Plan.NodePlan(
          index, spec.name(), spec.flow(), Plan.Status.CACHED, "inputs unchanged");
    } catch (CacheCorruptException e) {
      return willRun(index, spec, "cache entry corrupt; will recompute (" + e.getMessage() + ")");
    }
  }

  private static Plan.NodePlan willRun(int index, NodeSpec spec, String reason) {
    return new Plan.NodePlan(index, spec.name(), spec.flow(), Plan.Status.WILL_RUN, reason);
  }
}
