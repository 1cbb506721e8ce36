package dev.quarry.spark;

/**
 * A request to {@link QuarrySpark} that cannot be carried out: a store folder that is not there,
 * bars without the columns Quarry needs, a result too large to collect. The message says what,
 * where and what to do; the cause, if any, is Spark's or the file system's own error.
 */
public class QuarrySparkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, where, and what to do
   */
  public QuarrySparkException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, where, and what to do
   * @param cause the underlying error
   */
  public QuarrySparkException(String message, Throwable cause) {
    super(message, cause);
  }
}
