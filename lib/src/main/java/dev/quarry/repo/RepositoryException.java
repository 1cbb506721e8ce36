package dev.quarry.repo;

/** A repository could not do what was asked of its storage (a database error, a bad file). */
public final class RepositoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error with its cause.
   *
   * @param message what failed, where, and what to do
   * @param cause the underlying error
   */
  public RepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
