package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The code behind one operation, on the serving side of a backend.
 *
 * <p>Register handlers under operation names with {@link Handlers#builder()}; serve them with
 * {@link Backend#inProcess(Handlers)}, {@link Worker#serve(Handlers)} or {@link
 * HttpWorker#start(Handlers)}. A handler may be called from several threads at once.
 */
@FunctionalInterface
public interface Handler {
  /**
   * Runs the operation.
   *
   * @param input the request's {@code input}, never {@code null} (a JSON {@code null} is a {@link
   *     com.fasterxml.jackson.databind.node.NullNode NullNode}); the handler may keep or modify it
   * @return the reply's {@code output}, never {@code null} (return {@link
   *     com.fasterxml.jackson.databind.node.NullNode#getInstance()} for a JSON {@code null})
   * @throws Exception when the operation fails; the caller receives a {@link BackendException}
   *     carrying the exception's class and message
   */
  JsonNode handle(JsonNode input) throws Exception;
}
