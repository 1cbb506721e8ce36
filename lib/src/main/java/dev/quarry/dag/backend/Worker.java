package dev.quarry.dag.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The child side of {@link Backend#jvm(Class)} (and of any {@link Backend#subprocess} running a
 * JVM): answers one request read from standard input.
 *
 * <pre>{@code
 * public final class SmaWorker {
 *   public static void main(String[] args) {
 *     Worker.serve(Handlers.builder().add("sma", SmaWorker::sma).build());
 *   }
 * }
 * }</pre>
 */
public final class Worker {
  private Worker() {}

  /**
   * Reads one request from {@code System.in} to its end, runs the handler and writes one reply to
   * {@code System.out}, then exits the JVM with code 0 — also when the handler failed or the
   * request was malformed: the reply then says {@code "ok": false} and why. Exits with code 1 only
   * if the reply could not be written.
   *
   * <p>While the handler runs, {@code System.out} is redirected to {@code System.err}, so stray
   * prints cannot corrupt the reply. (A logger that captured {@code System.out} before this call
   * still writes there: configure logs to standard error.)
   *
   * @param handlers the operations this worker can run
   */
  public static void serve(Handlers handlers) {
    Objects.requireNonNull(handlers, "handlers");
    PrintStream out = System.out;
    int status = serve(handlers, System.in, out, System.err);
    System.exit(status);
  }

  /**
   * Answers one request; {@code System.out} points at {@code err} while the handler runs.
   *
   * @return the exit status: 0 once the reply is written, 1 if it could not be
   */
  static int serve(Handlers handlers, InputStream in, OutputStream out, PrintStream err) {
    ObjectNode reply;
    PrintStream original = System.out;
    System.setOut(err);
    try {
      reply = Dispatcher.dispatch(handlers, null, in.readAllBytes()).body();
    } catch (IOException e) {
      reply = Wire.failure("the worker could not read its request: " + Wire.describe(e));
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    try {
      write(out, reply);
      return 0;
    } catch (IOException e) {
      err.println("the worker could not write its reply: " + Wire.describe(e));
      return 1;
    }
  }

  private static void write(OutputStream out, ObjectNode reply) throws IOException {
    byte[] body;
    try {
      body = Json.write(reply);
    } catch (JsonProcessingException e) {
      body =
          Json.write(
              Wire.failure(
                  "the handler's output could not be written as JSON: " + e.getOriginalMessage()));
    }
    out.write(body);
    out.write('\n');
    out.flush();
    if (out instanceof PrintStream print && print.checkError()) {
      throw new IOException("standard output reported an error");
    }
  }
}
