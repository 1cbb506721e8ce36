package dev.quarry.dag;

import dev.quarry.context.Types;
import dev.quarry.dag.cache.CacheCorruptException;
import dev.quarry.dag.cache.CacheEntry;
import dev.quarry.dag.cache.CacheManifest;
import dev.quarry.dag.cache.CacheStore;
import dev.quarry.dag.cache.Fingerprints;
import dev.quarry.dag.cache.ValueCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checkpoint cache as the pipeline uses it: cache keys, restore and save.
 *
 * <p>A node's key is the SHA-256 of: a format tag, the node's name and version, its code's
 * fingerprint ({@link CodeFingerprint}), its declared outputs (keys and types), and each input key
 * with its value's fingerprint, inputs sorted by key. A value whose type has no fingerprint makes
 * the node uncacheable for that run; there is never a constant stand-in fingerprint.
 *
 * <p>Beside a node's first entry the store also gets an empty marker entry keyed by the node's
 * identity alone, so that a plan knows whether the node could be restored once its upstream has run
 * ({@link #hasEntries}).
 */
final class Checkpoints {
  private static final String FORMAT = "quarry.checkpoint/2";
  private static final String MARKER = "quarry.checkpoint-marker/1";

  private final CacheStore store;

  Checkpoints(CacheStore store) {
    this.store = store;
  }

  /** A node's cache key and the input fingerprints it was built from, or the reason it has none. */
  record Probe(String key, String reason, Map<String, String> inputs) {
    static Probe uncacheable(String reason) {
      return new Probe(null, reason, Map.of());
    }

    boolean cacheable() {
      return key != null;
    }
  }

  String describe() {
    return store.describe();
  }

  /** Checks what the declaration alone tells: declared not cacheable, outputs not storable. */
  private static Optional<String> staticProblem(NodeSpec spec) {
    if (!spec.cacheable()) {
      return Optional.of("node is declared not cacheable");
    }
    for (Map.Entry<String, Class<?>> output : spec.provides().entrySet()) {
      if (!ValueCodec.supports(output.getValue())) {
        return Optional.of(
            "not cacheable: output '"
                + output.getKey()
                + "' ("
                + Types.name(output.getValue())
                + ") cannot be stored: "
                + ValueCodec.explainUnsupported(output.getValue()));
      }
    }
    return Optional.empty();
  }

  /**
   * A node as the cache sees it: the parts of its key that do not depend on inputs (format, name,
   * version, code, declared outputs), or why it cannot be cached at all.
   */
  record Identity(NodeSpec spec, List<String> parts, String problem) {
    boolean cacheable() {
      return problem.isEmpty();
    }
  }

  /** Identifies a node: checks its declaration and fingerprints its code. */
  static Identity identify(Node node) {
    NodeSpec spec = node.spec();
    Optional<String> problem = staticProblem(spec);
    if (problem.isPresent()) {
      return new Identity(spec, List.of(), problem.get());
    }
    CodeFingerprint.Result code = CodeFingerprint.of(spec.name(), node.code());
    if (code.fingerprint().isEmpty()) {
      return new Identity(spec, List.of(), code.problem());
    }
    List<String> parts = new ArrayList<>();
    parts.add(FORMAT);
    parts.add(spec.name());
    parts.add(spec.version());
    parts.add(code.fingerprint().get());
    spec.provides()
        .forEach(
            (key, type) -> {
              parts.add(key);
              parts.add(type.getName());
            });
    return new Identity(spec, List.copyOf(parts), "");
  }

  /** Builds the key from input fingerprints (sorted by key). */
  Probe probe(Identity node, SortedMap<String, String> inputFingerprints) {
    if (!node.cacheable()) {
      return Probe.uncacheable(node.problem());
    }
    List<String> parts = new ArrayList<>(node.parts());
    parts.add("inputs");
    inputFingerprints.forEach(
        (key, fingerprint) -> {
          parts.add(key);
          parts.add(fingerprint);
        });
    return new Probe(Fingerprints.combine(parts.toArray(String[]::new)), "", inputFingerprints);
  }

  /**
   * The key of a node's marker: an empty entry saved beside its first cached outputs, so that a
   * plan can tell a node that has never been cached (it will run, whatever its upstream does) from
   * one whose entries may match once its upstream has run.
   */
  private static String markerKey(Identity node) {
    List<String> parts = new ArrayList<>(node.parts());
    parts.add(0, MARKER);
    return Fingerprints.combine(parts.toArray(String[]::new));
  }

  /**
   * Tells whether this node, at this version and code, has ever been cached; a damaged marker
   * counts as yes, since the plan must then allow for a restore.
   */
  boolean hasEntries(Identity node) {
    try {
      return node.cacheable() && store.manifest(markerKey(node)).isPresent();
    } catch (CacheCorruptException e) {
      return true;
    }
  }

  /** Fingerprints actual input values, then builds the key. */
  Probe probeValues(Identity node, Map<String, Object> inputs) {
    if (!node.cacheable()) {
      return Probe.uncacheable(node.problem());
    }
    SortedMap<String, String> fingerprints = new TreeMap<>();
    for (Map.Entry<String, Object> input : inputs.entrySet()) {
      Optional<String> fingerprint = Fingerprints.of(input.getValue());
      if (fingerprint.isEmpty()) {
        return Probe.uncacheable(
            "not cacheable: input '"
                + input.getKey()
                + "': "
                + Fingerprints.explainUnsupported(input.getValue()));
      }
      fingerprints.put(input.getKey(), fingerprint.get());
    }
    return probe(node, fingerprints);
  }

  /**
   * Checks that a node left its inputs as it found them: a node that changes an input in place
   * would make a cached run differ from a fresh one (the cache restores the unchanged value).
   */
  static void checkUnchanged(NodeSpec spec, Probe probe, Map<String, Object> inputs) {
    for (Map.Entry<String, String> input : probe.inputs().entrySet()) {
      Object value = inputs.get(input.getKey());
      if (value instanceof Path || value instanceof java.io.File) {
        continue; // files and folders are outside state: a node may well write into them
      }
      Optional<String> now = Fingerprints.of(value);
      if (now.isEmpty() || !now.get().equals(input.getValue())) {
        throw new PipelineException(
            "node '"
                + spec.name()
                + "' changed its input '"
                + input.getKey()
                + "' in place; inputs are read-only: work on a copy (e.g. table.copy()) and"
                + " provide the result under a new key");
      }
    }
  }

  Optional<CacheManifest> manifest(String key) throws CacheCorruptException {
    return store.manifest(key);
  }

  /** Loads and decodes a node's outputs; empty on a miss. */
  Optional<Map<String, Object>> restore(String key, NodeSpec spec) throws CacheCorruptException {
    Optional<CacheEntry> entry = store.load(key);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Map<String, CacheEntry.StoredValue> stored = entry.get().outputs();
    if (!stored.keySet().equals(spec.provides().keySet())) {
      throw new CacheCorruptException(
          "cache entry " + key + " holds " + stored.keySet() + ", not " + spec.provides().keySet());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Class<?>> output : spec.provides().entrySet()) {
      CacheEntry.StoredValue value = stored.get(output.getKey());
      Object decoded = ValueCodec.decode(value.payload(), output.getValue());
      if (decoded instanceof Path path) {
        // A path is stored by name but identified by content: restore it only if the file still
        // holds what it held when the entry was written.
        Optional<String> now = Files.exists(path) ? Fingerprints.of(path) : Optional.empty();
        if (now.isEmpty() || !now.get().equals(value.fingerprint())) {
          throw new CacheCorruptException(
              "output '"
                  + output.getKey()
                  + "': file "
                  + path
                  + " changed or vanished since it was cached");
        }
      }
      values.put(output.getKey(), decoded);
    }
    return Optional.of(values);
  }

  /** Encodes and saves a node's outputs; returns a note when they could not be stored. */
  String save(String key, Identity node, Map<String, Object> outputs) {
    NodeSpec spec = node.spec();
    Map<String, CacheEntry.StoredValue> stored = new LinkedHashMap<>();
    for (Map.Entry<String, Object> output : outputs.entrySet()) {
      Object value = output.getValue();
      Optional<byte[]> payload = ValueCodec.encode(value);
      Optional<String> fingerprint = Fingerprints.of(value);
      if (payload.isEmpty() || fingerprint.isEmpty()) {
        return "not stored: output '"
            + output.getKey()
            + "': "
            + (payload.isEmpty()
                ? ValueCodec.explainUnencodable(value)
                : Fingerprints.explainUnsupported(value));
      }
      stored.put(
          output.getKey(),
          new CacheEntry.StoredValue(value.getClass().getName(), fingerprint.get(), payload.get()));
    }
    try {
      store.save(key, new CacheEntry(spec.name(), spec.version(), stored));
      saveMarker(node);
      return "";
    } catch (RuntimeException e) {
      return "not stored: cache write failed: " + e.getMessage();
    }
  }

  private void saveMarker(Identity node) {
    String marker = markerKey(node);
    boolean present;
    try {
      present = store.manifest(marker).isPresent();
    } catch (CacheCorruptException e) {
      present = false; // rewrite it
    }
    if (!present) {
      store.save(marker, new CacheEntry(node.spec().name(), node.spec().version(), Map.of()));
    }
  }

  void discard(String key) {
    store.remove(key);
  }
}
