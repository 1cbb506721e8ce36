package dev.quarry.context;

import java.util.Objects;

/**
 * One value of a {@link PipelineContext}, with the key it is stored under and who set it.
 *
 * @param key the context key
 * @param value the value, never null
 * @param producer the node that set it, or {@value PipelineContext#INITIAL} for values given before
 *     the run
 */
public record ContextEntry(String key, Object value, String producer) {
  /** Validates the entry. */
  public ContextEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(producer, "producer");
  }

  /**
   * Returns the runtime type of the value.
   *
   * @return the value's class
   */
  public Class<?> type() {
    return value.getClass();
  }
}
