package dev.quarry.dag.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subprocess backend with a command that is not a JVM: {@code sh -c <script>}. */
class ShellSubprocessBackendTest {
  @TempDir Path dir;

  private static SubprocessBackend sh(String script) {
    return Backend.subprocess(List.of("sh", "-c", script)).timeout(Duration.ofSeconds(10));
  }

  @Test
  void providerWorksOverANonJvmCommand() {
    String script =
        "request=$(cat)\n"
            + "case \"$request\" in\n"
            + "  *'\"operation\":\"sma\"'*) echo '{\"ok\":true,\"output\":{\"averages\":[1.5,2.5]}}';;\n"
            + "  *) echo '{\"ok\":false,\"error\":\"unknown operation\"}';;\n"
            + "esac";

    SmaResult result = new SmaProvider(sh(script)).sma(List.of(1.0, 2.0, 3.0), 2);

    assertEquals(new SmaResult(List.of(1.5, 2.5)), result);
  }

  @Test
  void requestArrivesOnStandardInputInTheWireFormat() throws Exception {
    Backend wrapper = sh("printf '{\"ok\":true,\"output\":'; cat; printf '}'");
    JsonNode input = Json.MAPPER.readTree("{\"values\":[1.0,2.5],\"window\":2}");

    JsonNode request = wrapper.call("sma", input);

    assertEquals(
        Json.MAPPER.readTree(
            "{\"operation\":\"sma\",\"input\":{\"values\":[1.0,2.5],\"window\":2}}"),
        request);
  }

  @Test
  void describeShowsTheCommand() {
    assertEquals("subprocess[sh -c cat]", sh("cat").describe());
  }

  @Test
  void garbageOnStandardOutputIsAMalformedReplyQuotingIt() {
    Backend garbage = sh("cat > /dev/null; echo 'hello, not json'; echo 'some log' >&2");

    BackendException error =
        assertThrows(BackendException.class, () -> garbage.call("sma", Json.MAPPER.nullNode()));

    String message = error.getMessage();
    assertTrue(message.startsWith(garbage.describe()), message);
    assertTrue(message.contains("operation 'sma'"), message);
    assertTrue(message.contains("malformed JSON"), message);
    assertTrue(message.contains("'hello, not json'"), message);
    assertTrue(message.contains("some log"), message);
  }

  @Test
  void jsonThatIsNotAReplyIsRejectedWithTheExpectedShape() {
    Backend wrongShape = sh("cat > /dev/null; echo '{\"result\": 1}'");

    BackendException error =
        assertThrows(BackendException.class, () -> wrongShape.call("sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("not a reply"), error.getMessage());
    assertTrue(error.getMessage().contains("{\"ok\": true, \"output\""), error.getMessage());
  }

  @Test
  void nonZeroExitReportsTheCodeAndTheLastLinesOfStandardError() {
    Backend crashing =
        sh(
            "cat > /dev/null; i=1; while [ $i -le 50 ]; do echo \"line $i\" >&2; i=$((i+1)); done;"
                + " echo 'fatal: boom' >&2; echo '{\"ok\":true,\"output\":1}'; exit 3");

    BackendException error =
        assertThrows(BackendException.class, () -> crashing.call("sma", Json.MAPPER.nullNode()));

    String message = error.getMessage();
    assertTrue(message.contains("exited with code 3 during operation 'sma'"), message);
    assertTrue(message.contains("fatal: boom"), message);
    assertTrue(message.contains("line 50"), message);
    assertTrue(message.contains("line 32"), message);
    assertFalse(message.contains("line 31"), message);
  }

  @Test
  void exitZeroWithoutAReplyIsAFailure() {
    Backend silent = sh("cat > /dev/null");

    BackendException error =
        assertThrows(BackendException.class, () -> silent.call("sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("printed no reply"), error.getMessage());
  }

  @Test
  void chattyStandardErrorDoesNotBlockTheReply() {
    Backend chatty =
        sh(
            "cat > /dev/null; i=0; while [ $i -lt 2000 ]; do"
                + " echo 'a long line of progress output that fills the pipe buffer quickly' >&2;"
                + " i=$((i+1)); done; echo '{\"ok\":true,\"output\":\"done\"}'");

    assertEquals("done", chatty.call("sma", Json.MAPPER.nullNode()).textValue());
  }

  @Test
  void timeOutKillsTheProcessTreeAndSaysTheLimit() throws Exception {
    Path shPid = dir.resolve("sh.pid");
    Path sleepPid = dir.resolve("sleep.pid");
    Backend sleepy =
        sh("echo $$ > '" + shPid + "'; sleep 30 & echo $! > '" + sleepPid + "'; wait")
            .timeout(Duration.ofMillis(1500));
    long start = System.nanoTime();

    BackendException error =
        assertThrows(BackendException.class, () -> sleepy.call("sma", Json.MAPPER.nullNode()));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 8);
    assertTrue(error.getMessage().contains("time-out of 1.5 s"), error.getMessage());
    assertTrue(error.getMessage().contains("were killed"), error.getMessage());
    assertGone(Long.parseLong(Files.readString(shPid).strip()));
    assertGone(Long.parseLong(Files.readString(sleepPid).strip()));
  }

  @Test
  void workingDirectoryAndEnvironmentReachTheProcess() throws Exception {
    Backend configured =
        sh("cat > /dev/null; printf '{\"ok\":true,\"output\":[\"%s\",\"%s\"]}' \"$(pwd -P)\""
                + " \"$QUARRY_TEST_VARIABLE\"")
            .workingDirectory(dir)
            .environment(Map.of("QUARRY_TEST_VARIABLE", "from the test"));

    JsonNode output = configured.call("sma", Json.MAPPER.nullNode());

    assertEquals(dir.toRealPath().toString(), output.get(0).textValue());
    assertEquals("from the test", output.get(1).textValue());
  }

  @Test
  void missingProgramSaysHowToFixIt() {
    Backend missing = Backend.subprocess(List.of("quarry-no-such-program"));

    BackendException error =
        assertThrows(BackendException.class, () -> missing.call("sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("could not start"), error.getMessage());
    assertTrue(error.getMessage().contains("on the PATH"), error.getMessage());
  }

  @Test
  void closeKillsACallInFlight() throws Exception {
    Path shPid = dir.resolve("sh.pid");
    SubprocessBackend slow = sh("echo $$ > '" + shPid + "'; sleep 30");
    CompletableFuture<JsonNode> call =
        CompletableFuture.supplyAsync(() -> slow.call("sma", Json.MAPPER.nullNode()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(shPid) || Files.readString(shPid).isBlank()) {
      assertTrue(System.nanoTime() < deadline, "the script did not start");
      Thread.sleep(20);
    }

    slow.close();

    Throwable failure = assertThrows(Exception.class, () -> call.get(5, TimeUnit.SECONDS));
    assertTrue(failure.getCause() instanceof BackendException, String.valueOf(failure));
    assertTrue(failure.getCause().getMessage().contains("was closed"), failure.getMessage());
    assertGone(Long.parseLong(Files.readString(shPid).strip()));
  }

  @Test
  void nonPositiveTimeOutIsRejected() {
    BackendException error =
        assertThrows(BackendException.class, () -> sh("cat").timeout(Duration.ZERO));

    assertTrue(error.getMessage().contains("time-out must be positive"), error.getMessage());
  }

  /** Waits a little for the process to disappear (a killed orphan is reaped asynchronously). */
  private static void assertGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (isAlive(pid) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(isAlive(pid), "process " + pid + " is still alive");
  }

  private static boolean isAlive(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    return handle.isPresent() && handle.get().isAlive();
  }
}
