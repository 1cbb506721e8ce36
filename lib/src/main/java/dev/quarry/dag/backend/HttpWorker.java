package dev.quarry.dag.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link Handlers} over HTTP with the wire protocol (see the {@linkplain
 * dev.quarry.dag.backend package documentation}): a quick loopback service for {@link
 * Backend#http(URI)}, built on the JDK's {@code com.sun.net.httpserver}.
 *
 * <pre>{@code
 * try (HttpWorker worker = HttpWorker.start(handlers);
 *     Backend backend = Backend.http(worker.uri())) {
 *   JsonNode output = backend.call("sma", input);
 * }
 * }</pre>
 *
 * <p>{@code POST <uri><operation>} with a request body answers 200 and the reply; an unknown
 * operation answers 404, a malformed request 400, a failing handler 500 and any other method 405,
 * each with a failure reply as body. Requests are handled concurrently on daemon threads.
 */
public final class HttpWorker implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;

  private HttpWorker(HttpServer server, ExecutorService executor, URI uri) {
    this.server = server;
    this.executor = executor;
    this.uri = uri;
  }

  /**
   * Starts a worker on the loopback address ({@code 127.0.0.1}) and an ephemeral port.
   *
   * @param handlers the operations to serve
   * @return the running worker; {@link #uri()} says where
   * @throws BackendException when the server cannot start
   */
  public static HttpWorker start(Handlers handlers) {
    return start(handlers, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /**
   * Starts a worker on the given address; port 0 picks a free one.
   *
   * @param handlers the operations to serve
   * @param address where to listen; beware that any address other than loopback exposes the
   *     handlers to the network, without authentication
   * @return the running worker; {@link #uri()} says where
   * @throws BackendException when the address cannot be bound (port taken, address not local)
   */
  public static HttpWorker start(Handlers handlers, InetSocketAddress address) {
    Objects.requireNonNull(handlers, "handlers");
    Objects.requireNonNull(address, "address");
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new BackendException(
          "HttpWorker could not listen on "
              + address
              + ": "
              + Wire.describe(e)
              + " — choose a free port, or port 0 for an ephemeral one",
          e);
    }
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "quarry-http-worker");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(handlers, exchange));
    server.start();
    return new HttpWorker(server, executor, uriOf(server.getAddress()));
  }

  private static URI uriOf(InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    if (address.isAnyLocalAddress()) {
      address = InetAddress.getLoopbackAddress();
    }
    String host = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int scope = host.indexOf('%');
      host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
    }
    return URI.create("http://" + host + ":" + bound.getPort() + "/");
  }

  private static void handle(Handlers handlers, HttpExchange exchange) throws IOException {
    try (exchange) {
      Dispatcher.Reply reply;
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "POST");
        reply =
            new Dispatcher.Reply(
                405,
                Wire.failure(
                    "method "
                        + exchange.getRequestMethod()
                        + " not allowed — POST a request {\"operation\": ..., \"input\": ...} to"
                        + " <worker URI><operation>"));
      } else {
        String path = exchange.getRequestURI().getPath();
        String operation = path == null || path.isEmpty() ? "" : path.substring(1);
        byte[] body = exchange.getRequestBody().readAllBytes();
        reply = Dispatcher.dispatch(handlers, operation, body);
      }
      send(exchange, reply);
    }
  }

  private static void send(HttpExchange exchange, Dispatcher.Reply reply) throws IOException {
    byte[] body;
    Dispatcher.Reply sent = reply;
    try {
      body = Json.write(reply.body());
    } catch (JsonProcessingException e) {
      sent =
          new Dispatcher.Reply(
              500,
              Wire.failure(
                  "the handler's output could not be written as JSON: " + e.getOriginalMessage()));
      body = Json.write(sent.body());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(sent.status(), body.length);
    exchange.getResponseBody().write(body);
  }

  /**
   * Where the worker listens: pass it to {@link Backend#http(URI)}.
   *
   * @return the base URI, such as {@code http://127.0.0.1:41234/}
   */
  public URI uri() {
    return uri;
  }

  /** Stops listening at once and releases the port; requests in flight are abandoned. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * Says where the worker listens.
   *
   * @return {@code HttpWorker[<uri>]}
   */
  @Override
  public String toString() {
    return "HttpWorker[" + uri + "]";
  }
}
