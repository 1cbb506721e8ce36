package dev.quarry.backtest;

/** A strategy asked for a bar it has not seen yet: strategies see only the past and the present. */
public final class LookAheadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  LookAheadException(String message) {
    super(message);
  }
}
