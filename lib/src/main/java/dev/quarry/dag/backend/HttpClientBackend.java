package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link HttpBackend} on the JDK's {@link HttpClient}: one {@code POST} per call. */
final class HttpClientBackend implements HttpBackend {
  private final URI base;
  private final Duration timeout;
  private final HttpClient client;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpClientBackend(URI base, Duration timeout, HttpClient client) {
    this.base = base;
    this.timeout = timeout;
    this.client = client;
  }

  static HttpClientBackend of(URI base) {
    Objects.requireNonNull(base, "base");
    String scheme = base.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || base.getHost() == null
        || base.getQuery() != null
        || base.getFragment() != null) {
      throw new BackendException(
          "Backend.http("
              + base
              + "): not an http(s) base URI — pass one such as http://127.0.0.1:8123/ (operations"
              + " are appended to its path)");
    }
    String path = base.getPath() == null || base.getPath().isEmpty() ? "/" : base.getPath();
    URI normalized = base.resolve(path.endsWith("/") ? path : path + "/");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HttpClientBackend(normalized, DEFAULT_TIMEOUT, client);
  }

  @Override
  public HttpBackend timeout(Duration limit) {
    Wire.requirePositive(Objects.requireNonNull(limit, "limit"));
    return new HttpClientBackend(base, limit, client);
  }

  @Override
  public JsonNode call(String operation, JsonNode input) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(input, "input");
    Wire.checkOperation(describe(), operation);
    if (closed.get()) {
      throw Wire.closed(describe(), operation);
    }
    URI target = base.resolve(operation);
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    Wire.encodeRequest(describe(), operation, input)))
            .build();
    HttpResponse<byte[]> response = send(operation, target, request);
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw statusFailure(operation, target, status, response.body());
    }
    return Wire.decodeReply(
        describe(),
        operation,
        response.body(),
        "the server at " + target + " must answer with one reply object (HTTP " + status + ")");
  }

  private HttpResponse<byte[]> send(String operation, URI target, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw Wire.timedOut(
          describe(), operation, timeout, "no complete reply came from " + target, "");
    } catch (ConnectException e) {
      throw new BackendException(
          describe()
              + " could not connect to "
              + target
              + " for operation '"
              + operation
              + "' (connection refused) — is the server running and listening on that host and"
              + " port?",
          e);
    } catch (IOException e) {
      throw new BackendException(
          describe()
              + " failed on operation '"
              + operation
              + "' while talking to "
              + target
              + ": "
              + Wire.describe(e)
              + " — check that the server is up and speaks HTTP",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(
          describe() + " was interrupted while waiting for operation '" + operation + "'", e);
    }
  }

  private BackendException statusFailure(String operation, URI target, int status, byte[] body) {
    String remote = Wire.failureMessage(body);
    if (remote != null) {
      return Wire.remoteFailure(describe(), operation, " (HTTP " + status + ")", remote);
    }
    return new BackendException(
        describe()
            + " answered HTTP "
            + status
            + " to operation '"
            + operation
            + "' ("
            + target
            + "); body: "
            + Json.excerpt(body)
            + " — check the server's logs and that the URI points at a Quarry worker");
  }

  @Override
  public String describe() {
    return "http[" + base + "]";
  }

  /** Makes later calls fail. */
  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return describe();
  }
}
