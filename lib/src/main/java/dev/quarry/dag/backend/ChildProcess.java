package dev.quarry.dag.backend;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * One exchange with a started child process: feed the request on standard input, collect standard
 * output and the tail of standard error, enforce the time-out.
 *
 * <p>The three streams are pumped on their own threads, so neither a large request, a large reply
 * nor a chatty standard error can deadlock the exchange against a full pipe.
 */
final class ChildProcess {
  /** How an exchange ended. */
  sealed interface Outcome permits Exited, TimedOut {}

  /** The process exited in time and its standard output was read to the end. */
  record Exited(int exitCode, byte[] stdout, String stderrTail) implements Outcome {}

  /**
   * The time-out expired: the process and its descendants were killed ({@code processExited}
   * false), or it exited but a background child kept its standard output open.
   */
  record TimedOut(boolean processExited, String stderrTail) implements Outcome {}

  static final int STDERR_LINES = 20;

  /** Time the pumps get to finish once the process is gone. */
  private static final long GRACE_NANOS = Duration.ofSeconds(1).toNanos();

  private static final ExecutorService PUMPS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "quarry-subprocess-pump");
            thread.setDaemon(true);
            return thread;
          });

  private ChildProcess() {}

  /**
   * Runs the exchange.
   *
   * @throws IOException when standard output could not be read
   * @throws InterruptedException when the caller was interrupted; the process tree is killed first
   */
  static Outcome exchange(Process process, byte[] request, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StreamTail stderr = new StreamTail();
    Future<?> stderrPump = PUMPS.submit(() -> stderr.drain(process.getErrorStream()));
    Future<byte[]> stdout = PUMPS.submit(() -> readAll(process.getInputStream()));
    PUMPS.submit(() -> feed(process.getOutputStream(), request));
    try {
      if (!process.waitFor(remaining(deadline), NANOSECONDS)) {
        killTree(process);
        awaitQuietly(stderrPump);
        return new TimedOut(false, stderr.lastLines(STDERR_LINES));
      }
      byte[] output = stdout.get(Math.max(remaining(deadline), GRACE_NANOS), NANOSECONDS);
      awaitQuietly(stderrPump);
      return new Exited(process.exitValue(), output, stderr.lastLines(STDERR_LINES));
    } catch (TimeoutException e) {
      return new TimedOut(true, stderr.lastLines(STDERR_LINES));
    } catch (ExecutionException e) {
      throw new IOException("could not read standard output: " + Wire.describe(e.getCause()), e);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
  }

  /**
   * Kills the process and every descendant it has now (a shell's children, a Python pool), then
   * waits briefly for the process to be gone. Descendants are listed first: once the parent dies
   * they are re-parented and no longer reachable through it.
   */
  static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(GRACE_NANOS, NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void feed(OutputStream in, byte[] request) {
    try (in) {
      in.write(request);
    } catch (IOException e) {
      // The process may exit without reading its input (a fixed reply, a crash). Its exit code
      // and its reply decide the outcome, not this broken pipe.
    }
  }

  private static void awaitQuietly(Future<?> pump) throws InterruptedException {
    try {
      pump.get(GRACE_NANOS, NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Only the tail of standard error is lost; it is reported as far as it was read.
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }
}
