package dev.quarry.dag.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link SubprocessBackend}: one child process per call. */
final class ProcessBackend implements SubprocessBackend {
  private static final int DESCRIBE_CHARS = 100;

  private final List<String> command;
  private final String description;
  private final Duration timeout;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ProcessBackend(
      List<String> command,
      String description,
      Duration timeout,
      Path workingDirectory,
      Map<String, String> environment) {
    this.command = command;
    this.description = description;
    this.timeout = timeout;
    this.workingDirectory = workingDirectory;
    this.environment = environment;
  }

  static ProcessBackend of(List<String> command) {
    List<String> copy = List.copyOf(Objects.requireNonNull(command, "command"));
    if (copy.isEmpty() || copy.get(0).isBlank()) {
      throw new BackendException(
          "subprocess backend: the command is empty — pass the program and its arguments, e.g."
              + " List.of(\"python3\", \"worker.py\")");
    }
    return of(copy, "subprocess[" + abbreviate(String.join(" ", copy)) + "]");
  }

  static ProcessBackend of(List<String> command, String description) {
    return new ProcessBackend(command, description, DEFAULT_TIMEOUT, null, Map.of());
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= DESCRIBE_CHARS
        ? oneLine
        : oneLine.substring(0, DESCRIBE_CHARS) + "…";
  }

  @Override
  public SubprocessBackend timeout(Duration limit) {
    Wire.requirePositive(Objects.requireNonNull(limit, "limit"));
    return new ProcessBackend(command, description, limit, workingDirectory, environment);
  }

  @Override
  public SubprocessBackend workingDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return new ProcessBackend(command, description, timeout, directory, environment);
  }

  @Override
  public SubprocessBackend environment(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    return new ProcessBackend(command, description, timeout, workingDirectory, copy);
  }

  @Override
  public JsonNode call(String operation, JsonNode input) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(input, "input");
    Wire.checkOperation(description, operation);
    byte[] request = Wire.encodeRequest(description, operation, input);
    Process process = start(operation);
    running.add(process);
    try {
      if (closed.get()) {
        throw Wire.closed(description, operation);
      }
      return reply(operation, ChildProcess.exchange(process, request, timeout));
    } catch (IOException e) {
      throw new BackendException(
          description + " failed on operation '" + operation + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(
          description
              + " was interrupted during operation '"
              + operation
              + "'; the process was killed",
          e);
    } finally {
      running.remove(process);
      if (process.isAlive()) {
        ChildProcess.killTree(process);
      }
    }
  }

  private Process start(String operation) {
    if (closed.get()) {
      throw Wire.closed(description, operation);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    builder.environment().putAll(environment);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new BackendException(
          description
              + " could not start for operation '"
              + operation
              + "': "
              + e.getMessage()
              + " — check that '"
              + command.get(0)
              + "' is installed and on the PATH (or give its absolute path)"
              + (workingDirectory == null
                  ? ""
                  : " and that the working directory " + workingDirectory + " exists"),
          e);
    }
  }

  private JsonNode reply(String operation, ChildProcess.Outcome outcome) {
    if (outcome instanceof ChildProcess.TimedOut timedOut) {
      throw Wire.timedOut(
          description,
          operation,
          timeout,
          timedOut.processExited()
              ? "the process exited but its standard output stayed open (a background child"
                  + " process still holds it; redirect that child's output or wait for it)"
              : "the process and its children were killed",
          "; last lines of standard error:" + timedOut.stderrTail());
    }
    ChildProcess.Exited exited = (ChildProcess.Exited) outcome;
    if (closed.get()) {
      throw new BackendException(
          description
              + " was closed while operation '"
              + operation
              + "' ran; the process was"
              + " killed");
    }
    if (exited.exitCode() != 0) {
      throw new BackendException(
          description
              + " exited with code "
              + exited.exitCode()
              + " during operation '"
              + operation
              + "'; last lines of standard error:"
              + exited.stderrTail()
              + "\n— fix the worker; to reproduce, run the command by hand with the request on its"
              + " standard input");
    }
    if (exited.stdout().length == 0) {
      throw new BackendException(
          description
              + " exited with code 0 but printed no reply for operation '"
              + operation
              + "'; last lines of standard error:"
              + exited.stderrTail()
              + "\n— the worker must print one reply object on standard output");
    }
    return Wire.decodeReply(
        description,
        operation,
        exited.stdout(),
        "the worker must print exactly one reply object on standard output and send logs to"
            + " standard error; last lines of standard error:"
            + exited.stderrTail());
  }

  @Override
  public String describe() {
    return description;
  }

  /** Kills the processes of calls still running; later calls fail. */
  @Override
  public void close() {
    closed.set(true);
    running.forEach(ChildProcess::killTree);
  }

  @Override
  public String toString() {
    return description;
  }
}
