package dev.quarry.engine;

/** A publish refused because a subscriber of a {@code REJECT} channel was full. */
public final class BackPressureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which channel, which subscriber, what to do
   */
  public BackPressureException(String message) {
    super(message);
  }
}
