package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable registry of {@link Handler}s by operation name: what a worker can do.
 *
 * <pre>{@code
 * Handlers handlers = Handlers.builder()
 *     .add("sma", input -> ...)
 *     .add("echo", input -> input)
 *     .build();
 * }</pre>
 *
 * <p>Calling an operation that is not registered fails with a message listing the registered ones.
 */
public final class Handlers {
  private final SortedMap<String, Handler> byOperation;

  private Handlers(SortedMap<String, Handler> byOperation) {
    this.byOperation = byOperation;
  }

  /**
   * Starts an empty registry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The registered operation names.
   *
   * @return the names in alphabetical order, immutable
   */
  public List<String> operations() {
    return List.copyOf(byOperation.keySet());
  }

  /**
   * Lists the operations, as in {@code Handlers[echo, sma]}.
   *
   * @return a short description for logs and notebooks
   */
  @Override
  public String toString() {
    return "Handlers" + operations();
  }

  Optional<Handler> find(String operation) {
    return Optional.ofNullable(byOperation.get(operation));
  }

  /** The message for an operation nobody registered. */
  String unknown(String operation) {
    return "unknown operation '"
        + operation
        + "'; known operations: "
        + String.join(", ", byOperation.keySet())
        + " — call one of those or register a handler for '"
        + operation
        + "'";
  }

  /** Runs a handler, refusing a {@code null} output. */
  static JsonNode run(Handler handler, String operation, JsonNode input) throws Exception {
    JsonNode output = handler.handle(input);
    if (output == null) {
      throw new IllegalStateException(
          "the handler of '"
              + operation
              + "' returned null; return NullNode.getInstance() for a JSON null");
    }
    return output;
  }

  /** Collects handlers; not thread-safe. */
  public static final class Builder {
    private final SortedMap<String, Handler> byOperation = new TreeMap<>();

    private Builder() {}

    /**
     * Registers the handler of an operation.
     *
     * @param operation letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter
     *     or digit
     * @param handler the code behind the operation
     * @return this builder
     * @throws BackendException when the name is invalid or already registered
     */
    public Builder add(String operation, Handler handler) {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(handler, "handler");
      Wire.checkOperation("Handlers.builder()", operation);
      if (byOperation.putIfAbsent(operation, handler) != null) {
        throw new BackendException(
            "Handlers.builder(): operation '"
                + operation
                + "' is already registered — register each operation once");
      }
      return this;
    }

    /**
     * Freezes the registry.
     *
     * @return an immutable registry; later changes to this builder do not affect it
     * @throws BackendException when no handler was registered
     */
    public Handlers build() {
      if (byOperation.isEmpty()) {
        throw new BackendException(
            "Handlers.builder(): no operation registered — add at least one with"
                + " add(operation, handler)");
      }
      return new Handlers(new TreeMap<>(byOperation));
    }
  }
}
