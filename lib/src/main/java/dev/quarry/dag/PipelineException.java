package dev.quarry.dag;

/**
 * The one exception family of the pipeline subsystem (context, nodes, resolver, cache, backends).
 *
 * <p>Messages say what went wrong, where (node, key, types) and what to do about it.
 */
public class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a complete, user-facing message.
   *
   * @param message what went wrong, where, and what to do
   */
  public PipelineException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps its cause.
   *
   * @param message what went wrong, where, and what to do
   * @param cause the underlying failure
   */
  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
