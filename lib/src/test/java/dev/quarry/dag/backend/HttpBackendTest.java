package dev.quarry.dag.backend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract against a real loopback {@link HttpWorker}, and the HTTP failure modes. */
class HttpBackendTest extends BackendContract {
  private HttpWorker worker;
  private HttpServer rawServer;

  @Override
  protected Backend newBackend() {
    worker = HttpWorker.start(SampleHandlers.handlers());
    return Backend.http(worker.uri()).timeout(Duration.ofSeconds(10));
  }

  @Override
  protected String describePrefix() {
    return "http[http://127.0.0.1:";
  }

  @AfterEach
  void stopServers() {
    worker.close();
    if (rawServer != null) {
      rawServer.stop(0);
    }
  }

  @Test
  void workerListensOnLoopbackWithAnEphemeralPort() {
    URI uri = worker.uri();

    assertEquals("127.0.0.1", uri.getHost());
    assertTrue(uri.getPort() > 0, uri.toString());
    assertEquals("http[" + uri + "]", backend.describe());
  }

  @Test
  void workerAnswersUnknownOperationWith404AndAJsonError() throws Exception {
    HttpResponse<String> response = post(worker.uri().resolve("nope"), "{}");

    assertEquals(404, response.statusCode());
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertEquals(false, body.get("ok").booleanValue());
    assertTrue(
        body.get("error").textValue().contains("known operations: " + SampleHandlers.KNOWN),
        response.body());
  }

  @Test
  void workerAnswersOtherMethodsWith405() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(worker.uri().resolve("echo")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    assertTrue(response.body().contains("\"ok\":false"), response.body());
  }

  @Test
  void workerAnswersAMalformedRequestWith400() throws Exception {
    HttpResponse<String> response = post(worker.uri().resolve("echo"), "{\"input\": 1");

    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("malformed request"), response.body());
  }

  @Test
  void workerRefusesABodyNamingAnotherOperation() throws Exception {
    HttpResponse<String> response =
        post(worker.uri().resolve("echo"), "{\"operation\":\"sma\",\"input\":null}");

    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("must match"), response.body());
  }

  @Test
  void baseWithoutTrailingSlashStillAppendsTheOperation() {
    String base = worker.uri().toString();
    Backend noSlash = Backend.http(URI.create(base + "api"));

    BackendException error =
        assertThrows(BackendException.class, () -> noSlash.call("echo", Json.MAPPER.nullNode()));

    // The worker serves operations at its root, so /api/echo is an unknown operation there.
    assertEquals("http[" + base + "api/]", noSlash.describe());
    assertTrue(error.getMessage().contains("(HTTP 404)"), error.getMessage());
    assertTrue(error.getMessage().contains("unknown operation 'api/echo'"), error.getMessage());
  }

  @Test
  void serverAnswering500WithGarbageGivesStatusAndBodyExcerpt() throws Exception {
    URI base = rawServer(500, "Internal error: the database is on fire", Duration.ZERO);

    BackendException error =
        assertThrows(
            BackendException.class, () -> Backend.http(base).call("sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().startsWith("http[" + base + "]"), error.getMessage());
    assertTrue(error.getMessage().contains("HTTP 500"), error.getMessage());
    assertTrue(error.getMessage().contains("operation 'sma'"), error.getMessage());
    assertTrue(error.getMessage().contains("the database is on fire"), error.getMessage());
  }

  @Test
  void serverAnswering200WithGarbageIsAMalformedReply() throws Exception {
    URI base = rawServer(200, "<html>hello</html>", Duration.ZERO);

    BackendException error =
        assertThrows(
            BackendException.class, () -> Backend.http(base).call("sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("malformed JSON"), error.getMessage());
    assertTrue(error.getMessage().contains("'<html>hello</html>'"), error.getMessage());
  }

  @Test
  void slowServerTimesOutAndTheMessageSaysTheLimit() throws Exception {
    URI base = rawServer(200, "{\"ok\":true,\"output\":1}", Duration.ofSeconds(3));
    Backend impatient = Backend.http(base).timeout(Duration.ofMillis(300));
    long start = System.nanoTime();

    BackendException error =
        assertThrows(BackendException.class, () -> impatient.call("sma", Json.MAPPER.nullNode()));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500);
    assertTrue(error.getMessage().contains("time-out of 300 ms"), error.getMessage());
    assertTrue(error.getMessage().contains("operation 'sma'"), error.getMessage());
  }

  @Test
  void connectionRefusedIsExplained() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Backend nobody = Backend.http(URI.create("http://127.0.0.1:" + port + "/"));

    BackendException error =
        assertThrows(BackendException.class, () -> nobody.call("sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
    assertTrue(error.getMessage().contains("is the server running"), error.getMessage());
    assertTrue(
        error.getMessage().contains("http://127.0.0.1:" + port + "/sma"), error.getMessage());
  }

  @Test
  void workerOnATakenPortFailsClearly() {
    InetSocketAddress taken =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), worker.uri().getPort());

    BackendException error =
        assertThrows(
            BackendException.class, () -> HttpWorker.start(SampleHandlers.handlers(), taken));

    assertTrue(error.getMessage().contains("could not listen on"), error.getMessage());
    assertTrue(error.getMessage().contains("port 0"), error.getMessage());
  }

  @Test
  void nonHttpBaseIsRejected() {
    BackendException error =
        assertThrows(BackendException.class, () -> Backend.http(URI.create("file:///tmp/x")));

    assertTrue(error.getMessage().contains("not an http(s) base URI"), error.getMessage());
  }

  @Test
  void closedWorkerNoLongerAnswers() {
    SmaProvider provider = new SmaProvider(backend);
    assertEquals(new SmaResult(List.of(2.0)), provider.sma(List.of(1.0, 3.0), 2));

    worker.close();

    BackendException error =
        assertThrows(BackendException.class, () -> provider.sma(List.of(1.0, 3.0), 2));
    assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
  }

  private URI rawServer(int status, String body, Duration delay) throws IOException {
    rawServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    rawServer.setExecutor(
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "raw-test-server");
              thread.setDaemon(true);
              return thread;
            }));
    rawServer.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            sleep(delay);
            byte[] bytes = body.getBytes(UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
        });
    rawServer.start();
    return URI.create("http://127.0.0.1:" + rawServer.getAddress().getPort() + "/");
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
