package dev.quarry.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A writer process of a crash test, from launch to SIGKILL. Its main warms up, then {@link
 * #ready()} prints {@code ready} and reads one line from stdin (what to write; it exits if stdin is
 * closed, which lets {@link ChildJvm#withSharedArchive} record it), then writes and {@link #ack}
 * prints {@code ack <n> ok} after each write returns, until it is killed. Start several ahead: each
 * warms up while the current one runs.
 */
public final class CrashChild {
  /**
   * One acknowledged write.
   *
   * @param number the {@code <n>} of its line
   * @param nanos when the line was read ({@link System#nanoTime()})
   */
  public record Ack(int number, long nanos) {}

  private final Process process;
  private final List<Ack> acks = new ArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch firstAck = new CountDownLatch(1);
  private final Thread reader;
  private final long launched = System.nanoTime();
  private volatile long readyAt;
  private long waitedForReady;

  /**
   * Launches the writer.
   *
   * @param jvm the launcher
   * @param mainClass the writer's main class
   * @param args its arguments
   * @throws IOException if the JVM cannot be started
   */
  public CrashChild(ChildJvm jvm, Class<?> mainClass, String... args) throws IOException {
    process = jvm.run(mainClass, args);
    reader = new Thread(this::readAcknowledgements);
    reader.start();
  }

  private void readAcknowledgements() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] parts = line.split(" ");
        if (line.equals("ready")) {
          readyAt = System.nanoTime();
          ready.countDown();
        } else if (parts.length == 3 && parts[0].equals("ack") && parts[2].equals("ok")) {
          // A line cut by the kill lacks its "ok": that write was not acknowledged.
          synchronized (acks) {
            acks.add(new Ack(Integer.parseInt(parts[1]), System.nanoTime()));
          }
          firstAck.countDown();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the writer is ready, sends it {@code go}, waits for its first acknowledgement,
   * sleeps {@code delayMillis} and kills it with SIGKILL; on Unix asserts it died of that signal.
   *
   * @param go the line the writer reads
   * @param delayMillis how long it writes after its first acknowledgement
   * @param what names the writer in failures, such as {@code "writer of trial 3"}
   * @return its acknowledgements, in order
   * @throws Exception if interrupted, or the pipe fails
   */
  public List<Ack> runAndKill(String go, int delayMillis, String what) throws Exception {
    int exit;
    try {
      long waiting = System.nanoTime();
      if (!ready.await(120, TimeUnit.SECONDS)) {
        fail(what + " did not warm up within 120 s");
      }
      waitedForReady = System.nanoTime() - waiting;
      process.getOutputStream().write((go + "\n").getBytes(UTF_8));
      process.getOutputStream().flush();
      if (!firstAck.await(60, TimeUnit.SECONDS)) {
        fail(what + " acknowledged nothing within 60 s");
      }
      Thread.sleep(delayMillis);
    } finally {
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
      // pipe and lose acknowledgements not read yet.
      process.toHandle().destroyForcibly();
      exit = process.waitFor();
    }
    reader.join(10_000);
    if (!System.getProperty("os.name").startsWith("Windows")) {
      assertEquals(128 + 9, exit, "exit status of the " + what + ": killed by SIGKILL");
    }
    synchronized (acks) {
      return new ArrayList<>(acks);
    }
  }

  /**
   * For the writer's main, after its warm-up: prints {@code ready} and reads the go line.
   *
   * @return the words of the go line, or empty if stdin was closed (a recording run only)
   * @throws IOException if stdin cannot be read
   */
  public static Optional<String[]> ready() throws IOException {
    System.out.println("ready");
    System.out.flush();
    String line = new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
    return Optional.ofNullable(line).map(l -> l.split(" "));
  }

  /**
   * For the writer's main: acknowledges write {@code n}, once it has returned.
   *
   * @param n the write's number
   */
  public static void ack(int n) {
    System.out.println("ack " + n + " ok");
    System.out.flush();
  }

  /**
   * From launch to its {@code ready} line.
   *
   * @return nanoseconds
   */
  public long launchToReadyNanos() {
    return readyAt - launched;
  }

  /**
   * How long {@link #runAndKill} waited for {@code ready}.
   *
   * @return nanoseconds
   */
  public long waitedForReadyNanos() {
    return waitedForReady;
  }
}
