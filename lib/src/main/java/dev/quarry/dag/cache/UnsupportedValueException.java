package dev.quarry.dag.cache;

/**
 * Internal signal that a value (or a part of it) cannot be fingerprinted or stored. Carries the
 * path to the offending part and the reason; it is caught inside this package and turned into
 * {@code Optional.empty()} or an explanation, so it needs no stack trace.
 */
final class UnsupportedValueException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String reason;

  UnsupportedValueException(String path, String reason) {
    super(path.isEmpty() ? reason : path + ": " + reason, null, false, false);
    this.path = path;
    this.reason = reason;
  }

  String path() {
    return path;
  }

  String reason() {
    return reason;
  }
}
