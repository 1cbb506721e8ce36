package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;

/**
 * Execution infrastructure: runs named operations on JSON values, in this JVM, in a child process
 * or behind an HTTP server. A {@link Provider} puts a typed API on top; a backend knows nothing of
 * the business.
 *
 * <pre>{@code
 * Handlers handlers = Handlers.builder().add("sma", SmaHandlers::sma).build();
 * Backend local = Backend.inProcess(handlers);                    // same JVM
 * Backend child = Backend.jvm(SmaWorkerMain.class);               // a child JVM per call
 * Backend python = Backend.subprocess(List.of("python3", "sma.py"));
 * Backend remote = Backend.http(URI.create("http://127.0.0.1:8123/"));
 * }</pre>
 *
 * <p>The subprocess and HTTP backends use the wire protocol described in the {@linkplain
 * dev.quarry.dag.backend package documentation}. The built-in backends are thread-safe (the
 * in-process one calls its handlers concurrently if called concurrently) and fail every call made
 * after {@link #close()}.
 */
public interface Backend extends AutoCloseable {
  /**
   * Runs an operation.
   *
   * @param operation the operation name: letters, digits, {@code .}, {@code _} and {@code -},
   *     starting with a letter or digit
   * @param input the operation's input; a JSON {@code null} is a {@link
   *     com.fasterxml.jackson.databind.node.NullNode NullNode}, never Java {@code null}
   * @return the operation's output
   * @throws BackendException when the operation is unknown or failed, when the worker crashed,
   *     timed out, could not be reached or replied something malformed; the message names this
   *     backend and the operation and says what to do
   */
  JsonNode call(String operation, JsonNode input) throws BackendException;

  /**
   * Names the transport and its target, as error messages quote it: {@code subprocess[python3
   * worker.py]}, {@code http[http://127.0.0.1:8123/]}, {@code in-process[features, signal]}.
   *
   * @return a one-line description
   */
  String describe();

  /** Releases what the backend holds; by default nothing. Never throws a checked exception. */
  @Override
  default void close() {}

  /**
   * A backend running handlers directly on the caller's thread. A handler's exception becomes a
   * {@link BackendException} naming the operation and keeping the exception as its cause.
   *
   * @param handlers the operations to run
   * @return a backend described as {@code in-process[<operations>]}
   */
  static Backend inProcess(Handlers handlers) {
    return new InProcessBackend(handlers);
  }

  /**
   * A backend starting {@code command} once per call, writing the request to its standard input and
   * reading the reply from its standard output. The time-out is {@link
   * SubprocessBackend#DEFAULT_TIMEOUT} until set.
   *
   * @param command the program and its arguments, e.g. {@code List.of("python3", "worker.py")}
   * @return a backend described as {@code subprocess[<command>]}
   * @throws BackendException when the command is empty
   */
  static SubprocessBackend subprocess(List<String> command) {
    return ProcessBackend.of(command);
  }

  /**
   * A backend running {@code mainClass} in a child JVM per call: this JVM's {@code java} with this
   * JVM's class path (plus the locations of {@code mainClass}, this package and Jackson). The main
   * method should call {@link Worker#serve(Handlers)}. A child JVM costs a fraction of a second to
   * start; prefer {@link #http(URI)} to a long-lived worker for many small calls.
   *
   * @param mainClass a class with {@code public static void main(String[])}, loaded from a jar or a
   *     folder (not defined in JShell)
   * @return a backend described as {@code subprocess[java <mainClass>]}
   * @throws BackendException when the class has no main method
   */
  static SubprocessBackend jvm(Class<?> mainClass) {
    return JvmCommand.backend(mainClass);
  }

  /**
   * A backend {@code POST}ing each call to {@code base + operation}. The time-out is {@link
   * HttpBackend#DEFAULT_TIMEOUT} until set.
   *
   * @param base the server's base URI, such as {@code http://127.0.0.1:8123/}; a missing trailing
   *     slash is added
   * @return a backend described as {@code http[<base>]}
   * @throws BackendException when {@code base} is not an absolute http(s) URI
   */
  static HttpBackend http(URI base) {
    return HttpClientBackend.of(base);
  }
}
