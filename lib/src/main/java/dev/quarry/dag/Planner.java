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
 * be restored, from their cache entries' manifests. A node downstream of one that will run cannot
 * know its inputs yet: if it has never been cached at this version it will run, otherwise it is
 * planned {@link Plan.Status#RUNS_IF_UPSTREAM_CHANGES}, since the run restores it when the upstream
 * reproduces outputs it has seen before. The plan therefore never contradicts the run.
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
    Map<String, String> unfingerprintable = new HashMap<>();
    Map<String, String> pending = new HashMap<>();
    Set<String> available = new LinkedHashSet<>();
    for (ContextEntry entry : initial.entries()) {
      available.add(entry.key());
      if (checkpoints != null) {
        Optional<String> fingerprint = Fingerprints.of(entry.value());
        if (fingerprint.isPresent()) {
          fingerprints.put(entry.key(), fingerprint.get());
        } else {
          unfingerprintable.put(
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
      Plan.NodePlan line =
          planNode(
              i + 1, nodes.get(i), new Inputs(available, fingerprints, unfingerprintable, pending));
      lines.add(line);
      available.addAll(spec.provides().keySet());
      if (line.status() != Plan.Status.CACHED) {
        String how =
            line.status() == Plan.Status.WILL_RUN
                ? "which will run"
                : "which runs if its upstream changes";
        for (String key : spec.provides().keySet()) {
          pending.put(key, "input '" + key + "' comes from '" + spec.name() + "', " + how);
        }
      }
    }
    return new Plan(lines, checkpoints == null ? "none" : checkpoints.describe());
  }

  /**
   * What the plan knows of the keys so far: their fingerprints, why some initial values have none,
   * and which outputs are known only once their node has run.
   */
  private record Inputs(
      Set<String> available,
      Map<String, String> fingerprints,
      Map<String, String> unfingerprintable,
      Map<String, String> pending) {}

  private Plan.NodePlan planNode(int index, Node node, Inputs known) {
    NodeSpec spec = node.spec();
    if (checkpoints == null) {
      return willRun(index, spec, "no cache configured");
    }
    Checkpoints.Identity identity = Checkpoints.identify(node);
    if (!identity.cacheable()) {
      return willRun(index, spec, identity.problem());
    }
    SortedMap<String, String> inputs = new TreeMap<>();
    String pending = null;
    // Required keys directly; the whole list of available keys only for wildcard consumers.
    Iterable<String> candidates =
        spec.consumes().isEmpty() ? spec.requires().keySet() : known.available();
    for (String key : candidates) {
      if (!known.available().contains(key) || !spec.reads(key)) {
        continue;
      }
      if (known.unfingerprintable().containsKey(key)) {
        return willRun(index, spec, known.unfingerprintable().get(key));
      }
      if (known.fingerprints().containsKey(key)) {
        inputs.put(key, known.fingerprints().get(key));
      } else if (pending == null) {
        pending = known.pending().get(key);
      }
    }
    if (pending != null) {
      return checkpoints.hasEntries(identity)
          ? new Plan.NodePlan(
              index,
              spec.name(),
              spec.flow(),
              Plan.Status.RUNS_IF_UPSTREAM_CHANGES,
              pending + "; restored if its inputs match a cache entry")
          : willRun(index, spec, "no cache entry for this version; " + pending);
    }
    Checkpoints.Probe probe = checkpoints.probe(identity, inputs);
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
      known.fingerprints().putAll(outputs);
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
