package dev.quarry.dag;

import dev.quarry.context.ContextScope;
import dev.quarry.context.Keys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node declares: its name, inputs, outputs, priority, version and whether it may be cached.
 *
 * @param name unique node name ({@code letters, digits, '_', '-', '.'})
 * @param requires strict inputs: key → type; a missing key fails the run before the node starts
 * @param provides outputs: key → type; the node must set every one of them
 * @param consumes optional inputs: exact keys or {@code prefix.*} wildcards, read if present
 * @param priority tie-break among nodes that could run at the same point: higher runs earlier
 * @param version bump it when the node changes in a way its code and inputs do not show (its code
 *     is part of the cache key already), so cached outputs are not reused
 * @param cacheable false for nodes with side effects or hidden inputs; they always run
 */
public record NodeSpec(
    String name,
    Map<String, Class<?>> requires,
    Map<String, Class<?>> provides,
    List<String> consumes,
    int priority,
    String version,
    boolean cacheable) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  /** Validates the declaration and copies the collections (keeping declaration order). */
  public NodeSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new PipelineException(
          "invalid node name '" + name + "'; use letters, digits, '_', '-' and '.'");
    }
    String where = "node '" + name + "'";
    requires = checkedTypes(requires, where, "requires");
    provides = checkedTypes(provides, where, "provides");
    List<String> patterns = new ArrayList<>();
    for (String pattern : Objects.requireNonNull(consumes, "consumes")) {
      patterns.add(Keys.requireValidPattern(pattern, where));
    }
    consumes = Collections.unmodifiableList(patterns);
    for (String key : requires.keySet()) {
      if (provides.containsKey(key)) {
        throw new PipelineException(
            where + " both requires and provides '" + key + "'; context keys are write-once");
      }
    }
    if (version == null || version.isBlank()) {
      throw new PipelineException(where + ": version must not be blank");
    }
  }

  /**
   * Returns the scope the node runs in: what it may read and write.
   *
   * @return the node's context scope
   */
  public ContextScope scope() {
    return new ContextScope(name, requires, consumes, provides);
  }

  /**
   * Tells whether the node reads a key, strictly or optionally.
   *
   * @param key a context key
   * @return true if the key is required or matches a consumes pattern
   */
  public boolean reads(String key) {
    if (requires.containsKey(key)) {
      return true;
    }
    for (String pattern : consumes) {
      if (Keys.matches(pattern, key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Formats the node's data flow as {@code (in1, in2 → out1)}; optional inputs are shown in
   * brackets.
   *
   * @return the flow label used by plans and reports
   */
  public String flow() {
    List<String> inputs = new ArrayList<>(requires.keySet());
    for (String pattern : consumes) {
      inputs.add("[" + pattern + "]");
    }
    String in = String.join(", ", inputs);
    String out = String.join(", ", provides.keySet());
    return "(" + (in.isEmpty() ? "" : in + " ") + "→ " + out + ")";
  }

  private static Map<String, Class<?>> checkedTypes(
      Map<String, Class<?>> types, String where, String what) {
    Map<String, Class<?>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Class<?>> entry : Objects.requireNonNull(types, what).entrySet()) {
      Keys.requireValid(entry.getKey(), where);
      if (entry.getValue() == null) {
        throw new PipelineException(
            where + " " + what + " '" + entry.getKey() + "' with no type; give a class");
      }
      copy.put(entry.getKey(), entry.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }
}
