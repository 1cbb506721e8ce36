package dev.quarry.context;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one node may read and write while it runs.
 *
 * <p>A node sees the context through a scope: it may read its {@code requires} keys and any key
 * matching its {@code consumes} patterns, and write exactly its {@code provides} keys, each with a
 * value of the declared type. Anything else is an error naming the node and the key, so a node's
 * declared inputs are its only inputs (which is what makes its cache key sound).
 *
 * @param owner the node name
 * @param requires keys the node must read, with their types
 * @param consumes optional keys or {@code prefix.*} patterns the node may read
 * @param provides keys the node must write, with their types
 */
public record ContextScope(
    String owner,
    Map<String, Class<?>> requires,
    List<String> consumes,
    Map<String, Class<?>> provides) {
  /** Copies the collections. */
  public ContextScope {
    Objects.requireNonNull(owner, "owner");
    requires = Map.copyOf(requires);
    consumes = List.copyOf(consumes);
    provides = Map.copyOf(provides);
  }

  boolean mayRead(String key) {
    if (requires.containsKey(key) || provides.containsKey(key)) {
      return true;
    }
    for (String pattern : consumes) {
      if (Keys.matches(pattern, key)) {
        return true;
      }
    }
    return false;
  }
}
