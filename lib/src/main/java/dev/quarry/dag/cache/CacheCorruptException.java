package dev.quarry.dag.cache;

import dev.quarry.dag.PipelineException;

/**
 * A cache entry or cached payload exists but cannot be trusted: truncated, altered on disk, written
 * by an incompatible version, or naming classes that no longer exist.
 *
 * <p>The message names the key, where the entry lives and what failed. A pipeline treats this as a
 * miss: it removes the entry and recomputes the node.
 */
public class CacheCorruptException extends PipelineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a complete, user-facing message.
   *
   * @param message which entry, where, what failed and what to do
   */
  public CacheCorruptException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps the failure that revealed the corruption.
   *
   * @param message which entry, where, what failed and what to do
   * @param cause the underlying failure
   */
  public CacheCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
