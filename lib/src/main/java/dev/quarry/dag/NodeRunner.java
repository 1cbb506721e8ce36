package dev.quarry.dag;

import dev.quarry.context.ContextEntry;
import dev.quarry.context.PipelineContext;
import dev.quarry.context.Types;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** Runs one node: checks its inputs, tries the cache, runs it, stores and publishes its outputs. */
final class NodeRunner {
  private final Checkpoints checkpoints;
  private final LongSupplier nanoTime;

  NodeRunner(Checkpoints checkpoints, LongSupplier nanoTime) {
    this.checkpoints = checkpoints;
    this.nanoTime = nanoTime;
  }

  /** The outcome of one node. */
  record Outcome(RunReport.NodeRun line, Throwable failure) {}

  Outcome run(int index, Node node, PipelineContext ctx) {
    NodeSpec spec = node.spec();
    long start = nanoTime.getAsLong();
    try {
      Map<String, Object> inputs = inputs(spec, ctx);
      String note = "";
      Checkpoints.Probe probe = null;
      Checkpoints.Identity identity = null;
      if (checkpoints != null) {
        identity = Checkpoints.identify(node);
        probe = checkpoints.probeValues(identity, inputs);
        if (probe.cacheable()) {
          Optional<String> restored = tryRestore(probe.key(), spec, ctx);
          if (restored.isEmpty()) {
            return done(index, spec, RunReport.Status.CACHED, start, "inputs unchanged");
          }
          note = restored.get();
        } else {
          note = probe.reason();
        }
      }
      PipelineContext.ScopedSession session = ctx.openScope(spec.scope());
      node.run(session.context());
      Map<String, Object> outputs = session.writes();
      for (String key : spec.provides().keySet()) {
        if (!outputs.containsKey(key)) {
          throw new PipelineException(
              "node '"
                  + spec.name()
                  + "' finished without setting '"
                  + key
                  + "', which it declares in provides; set it or remove the declaration");
        }
      }
      if (probe != null && probe.cacheable()) {
        Checkpoints.checkUnchanged(spec, probe, inputs);
        String saved = checkpoints.save(probe.key(), identity, outputs);
        note = note.isEmpty() ? saved : note;
      }
      session.commit();
      return done(index, spec, RunReport.Status.RAN, start, note);
    } catch (Throwable e) { // any failure of the node, Errors included, is reported as its own
      return new Outcome(line(index, spec, RunReport.Status.FAILED, start, describe(e)), e);
    }
  }

  /** Restores cached outputs into the context; returns a note if it could not (empty = done). */
  private Optional<String> tryRestore(String key, NodeSpec spec, PipelineContext ctx) {
    try {
      Optional<Map<String, Object>> values = checkpoints.restore(key, spec);
      if (values.isEmpty()) {
        return Optional.of("");
      }
      PipelineContext.ScopedSession session = ctx.openScope(spec.scope());
      values.get().forEach(session.context()::set);
      session.commit();
      return Optional.empty();
    } catch (PipelineException e) {
      // CacheCorruptException, or a restored value the node's scope refuses (stale entry).
      checkpoints.discard(key);
      return Optional.of("cache entry unusable, recomputed: " + e.getMessage());
    }
  }

  /** Checks the required inputs and collects every input value (required and consumed). */
  static Map<String, Object> inputs(NodeSpec spec, PipelineContext ctx) {
    Map<String, Object> inputs = new TreeMap<>();
    for (Map.Entry<String, Class<?>> required : spec.requires().entrySet()) {
      String key = required.getKey();
      if (!ctx.contains(key)) {
        throw new PipelineException(
            "node '"
                + spec.name()
                + "' requires '"
                + key
                + "' ("
                + Types.name(required.getValue())
                + "), which is not in the context; add a node that provides it or put it in the"
                + " initial context");
      }
      ContextEntry entry = ctx.entry(key);
      if (!Types.box(required.getValue()).isInstance(entry.value())) {
        throw new PipelineException(
            "node '"
                + spec.name()
                + "' requires '"
                + key
                + "' as "
                + Types.name(required.getValue())
                + ", but '"
                + entry.producer()
                + "' set a "
                + Types.name(entry.type()));
      }
      inputs.put(key, entry.value());
    }
    if (!spec.consumes().isEmpty()) {
      for (String key : ctx.keys()) {
        if (!inputs.containsKey(key) && spec.reads(key)) {
          inputs.put(key, ctx.get(key));
        }
      }
    }
    return inputs;
  }

  private Outcome done(int index, NodeSpec spec, RunReport.Status status, long start, String note) {
    return new Outcome(line(index, spec, status, start, note), null);
  }

  private RunReport.NodeRun line(
      int index, NodeSpec spec, RunReport.Status status, long start, String note) {
    return new RunReport.NodeRun(
        index, spec.name(), spec.flow(), status, nanoTime.getAsLong() - start, note);
  }

  static RunReport.NodeRun skipped(int index, NodeSpec spec) {
    return new RunReport.NodeRun(
        index, spec.name(), spec.flow(), RunReport.Status.SKIPPED, 0, "not started");
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof PipelineException && message != null) {
      return message;
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
