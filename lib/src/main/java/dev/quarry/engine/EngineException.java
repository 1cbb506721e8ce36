package dev.quarry.engine;

/** The engine could not be built, or a task failed and the engine stopped. */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the task or component
   * @param cause the task's exception, or null
   */
  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
