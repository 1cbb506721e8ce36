package dev.quarry.dag.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A backend that starts one child process per call and speaks the wire protocol over its standard
 * streams (see the {@linkplain dev.quarry.dag.backend package documentation}).
 *
 * <p>Immutable: each setting returns a new backend and leaves this one unchanged.
 *
 * <pre>{@code
 * Backend python = Backend.subprocess(List.of("python3", "worker.py"))
 *     .workingDirectory(Path.of("workers"))
 *     .environment(Map.of("OMP_NUM_THREADS", "1"))
 *     .timeout(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Closing the backend kills the processes of calls still running; later calls fail.
 */
public interface SubprocessBackend extends Backend {
  /** The time-out of a new subprocess backend: 60 seconds. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Sets how long one call may take, from starting the process to reading its reply. When it
   * expires the process and its descendants are killed and the call fails.
   *
   * @param limit a positive duration
   * @return a new backend with this time-out
   * @throws BackendException when the limit is zero or negative
   */
  SubprocessBackend timeout(Duration limit);

  /**
   * Sets the directory the process starts in (by default the caller's working directory).
   *
   * @param directory an existing directory
   * @return a new backend starting its processes there
   */
  SubprocessBackend workingDirectory(Path directory);

  /**
   * Sets environment variables for the process, added to (or replacing) those it inherits from this
   * JVM. Replaces the variables given to an earlier call of this method.
   *
   * @param variables names and values, none {@code null}
   * @return a new backend with these variables
   */
  SubprocessBackend environment(Map<String, String> variables);
}
