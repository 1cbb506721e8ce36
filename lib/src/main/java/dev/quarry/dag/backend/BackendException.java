package dev.quarry.dag.backend;

import dev.quarry.dag.PipelineException;

/**
 * A backend call, or the set-up of a backend, failed.
 *
 * <p>The message names the backend (its {@link Backend#describe() description}), the operation,
 * what happened (exit code and the last lines of standard error, HTTP status and an excerpt of the
 * body, the time-out that expired, an excerpt of a malformed reply, or the error message the worker
 * reported) and what to do about it. The cause, when there is one, is kept.
 */
public final class BackendException extends PipelineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a complete, user-facing message.
   *
   * @param message which backend, which operation, what went wrong and what to do
   */
  public BackendException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps its cause.
   *
   * @param message which backend, which operation, what went wrong and what to do
   * @param cause the underlying failure
   */
  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
