package dev.quarry.dag.backend;

import java.time.Duration;

/**
 * A backend that {@code POST}s each call to an HTTP server speaking the wire protocol (see the
 * {@linkplain dev.quarry.dag.backend package documentation}), such as an {@link HttpWorker}.
 *
 * <p>Immutable: {@link #timeout(Duration)} returns a new backend and leaves this one unchanged.
 *
 * <pre>{@code
 * Backend remote = Backend.http(URI.create("http://127.0.0.1:8123/")).timeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Closing the backend makes later calls fail; calls already sent run to their end.
 */
public interface HttpBackend extends Backend {
  /** The time-out of a new HTTP backend: 60 seconds. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Sets how long one call may take, from connecting to receiving the whole reply.
   *
   * @param limit a positive duration
   * @return a new backend with this time-out
   * @throws BackendException when the limit is zero or negative
   */
  HttpBackend timeout(Duration limit);
}
