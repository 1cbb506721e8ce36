package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs handlers on the caller's thread. The input is copied first, so a handler cannot change the
 * caller's value, as with the other backends.
 */
final class InProcessBackend implements Backend {
  private final Handlers handlers;
  private final AtomicBoolean closed = new AtomicBoolean();

  InProcessBackend(Handlers handlers) {
    this.handlers = Objects.requireNonNull(handlers, "handlers");
  }

  @Override
  public JsonNode call(String operation, JsonNode input) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(input, "input");
    Wire.checkOperation(describe(), operation);
    if (closed.get()) {
      throw Wire.closed(describe(), operation);
    }
    Handler handler =
        handlers
            .find(operation)
            .orElseThrow(
                () -> Wire.remoteFailure(describe(), operation, "", handlers.unknown(operation)));
    try {
      return Handlers.run(handler, operation, input.deepCopy());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(operation, e);
    } catch (Exception e) {
      throw failed(operation, e);
    }
  }

  private BackendException failed(String operation, Exception e) {
    return new BackendException(
        describe() + " failed on operation '" + operation + "': " + Wire.describe(e), e);
  }

  @Override
  public String describe() {
    return "in-process[" + String.join(", ", handlers.operations()) + "]";
  }

  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return describe();
  }
}
