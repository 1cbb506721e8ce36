package dev.quarry.dag.backend;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * A typed business facade over a {@link Backend}: the layer a node calls. A provider turns typed
 * requests into JSON, calls the backend, and turns the JSON reply back into a typed response; it
 * never deals with transport, so the same provider runs in-process, in a subprocess or over HTTP.
 *
 * <pre>{@code
 * public final class SmaProvider extends Provider {
 *   public SmaProvider(Backend backend) {
 *     super(backend);
 *   }
 *
 *   public SmaResult sma(List<Double> values, int window) {
 *     return call("sma", new SmaRequest(values, window), SmaResult.class);
 *   }
 * }
 * }</pre>
 *
 * <p>Conversion uses one shared Jackson mapper: records and beans are supported; map keys are
 * written in sorted order, so the same request always gives the same JSON; unknown properties and
 * {@code null} for primitive fields are rejected when reading a response.
 */
public abstract class Provider {
  private final Backend backend;

  /**
   * Creates a provider delegating to a backend.
   *
   * @param backend where the operations run
   */
  protected Provider(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /**
   * The backend this provider delegates to.
   *
   * @return the backend given at construction
   */
  public Backend backend() {
    return backend;
  }

  /**
   * Calls an operation with a typed request and converts the reply.
   *
   * @param operation the operation name
   * @param request the input, converted to JSON ({@code null} becomes a JSON {@code null})
   * @param responseType the type of the output
   * @param <T> the response type
   * @return the converted output, never {@code null}
   * @throws BackendException when the call fails, or when the request or the reply cannot be
   *     converted (the message names this provider, the operation and the expected type)
   */
  protected final <T> T call(String operation, Object request, Class<T> responseType) {
    Objects.requireNonNull(responseType, "responseType");
    return call(operation, request, Json.MAPPER.constructType(responseType));
  }

  /**
   * Calls an operation with a typed request and converts the reply to a generic type, such as
   * {@code new TypeReference<List<Double>>() {}}.
   *
   * @param operation the operation name
   * @param request the input, converted to JSON ({@code null} becomes a JSON {@code null})
   * @param responseType the type of the output
   * @param <T> the response type
   * @return the converted output, never {@code null}
   * @throws BackendException when the call fails, or when the request or the reply cannot be
   *     converted (the message names this provider, the operation and the expected type)
   */
  protected final <T> T call(String operation, Object request, TypeReference<T> responseType) {
    Objects.requireNonNull(responseType, "responseType");
    return call(operation, request, Json.MAPPER.getTypeFactory().constructType(responseType));
  }

  private <T> T call(String operation, Object request, JavaType responseType) {
    Objects.requireNonNull(operation, "operation");
    JsonNode output = backend.call(operation, toJson(operation, request));
    T response;
    try {
      response = Json.MAPPER.treeToValue(output, responseType);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new BackendException(
          name()
              + ": the reply of "
              + backend.describe()
              + " to operation '"
              + operation
              + "' does not fit "
              + responseType.toCanonical()
              + " ("
              + (e instanceof JacksonException jackson
                  ? jackson.getOriginalMessage()
                  : e.getMessage())
              + "); output: "
              + Json.excerpt(output)
              + " — make the handler's output match the response type, or change the type",
          e);
    }
    if (response == null) {
      throw new BackendException(
          name()
              + ": "
              + backend.describe()
              + " replied null to operation '"
              + operation
              + "' where "
              + responseType.toCanonical()
              + " was expected — make the handler return a value");
    }
    return response;
  }

  private JsonNode toJson(String operation, Object request) {
    if (request == null) {
      return NullNode.getInstance();
    }
    try {
      return Json.MAPPER.valueToTree(request);
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          name()
              + " could not convert the request of operation '"
              + operation
              + "' ("
              + request.getClass().getName()
              + ") to JSON: "
              + e.getMessage()
              + " — use records, beans, collections and JSON-friendly values",
          e);
    }
  }

  private String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  /**
   * Names the provider and its backend, as in {@code SmaProvider → in-process[sma]}.
   *
   * @return a short description for logs and notebooks
   */
  @Override
  public String toString() {
    return name() + " → " + backend.describe();
  }
}
