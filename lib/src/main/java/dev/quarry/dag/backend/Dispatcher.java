package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The serving side of the wire protocol, shared by {@link Worker} and {@link HttpWorker}. */
final class Dispatcher {
  /** A reply body and the HTTP status that goes with it (ignored by the subprocess worker). */
  record Reply(int status, ObjectNode body) {}

  private Dispatcher() {}

  /**
   * Answers one request.
   *
   * @param expected the operation named outside the body (the HTTP path), or {@code null}
   * @param body the request bytes
   * @return the reply; never throws for a bad request or a failing handler
   */
  static Reply dispatch(Handlers handlers, String expected, byte[] body) {
    if (expected != null && handlers.find(expected).isEmpty()) {
      return new Reply(404, Wire.failure(handlers.unknown(expected)));
    }
    Wire.Request request;
    try {
      request = Wire.decodeRequest(body);
    } catch (IllegalArgumentException e) {
      return new Reply(400, Wire.failure(e.getMessage()));
    }
    String operation = request.operation();
    if (expected != null && !expected.equals(operation)) {
      return new Reply(
          400,
          Wire.failure(
              "the URL names operation '"
                  + expected
                  + "' but the request body names '"
                  + operation
                  + "' — they must match"));
    }
    Handler handler = handlers.find(operation).orElse(null);
    if (handler == null) {
      return new Reply(404, Wire.failure(handlers.unknown(operation)));
    }
    try {
      return new Reply(200, Wire.success(Handlers.run(handler, operation, request.input())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(500, Wire.failure(Wire.describe(e)));
    } catch (Exception e) {
      return new Reply(500, Wire.failure(Wire.describe(e)));
    }
  }
}
