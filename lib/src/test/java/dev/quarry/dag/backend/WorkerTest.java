package dev.quarry.dag.backend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The worker's protocol logic, run in this JVM with in-memory streams. */
class WorkerTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int serve(String request) {
    return Worker.serve(
        SampleHandlers.handlers(),
        new ByteArrayInputStream(request.getBytes(UTF_8)),
        out,
        new PrintStream(err, true, UTF_8));
  }

  private JsonNode reply() throws Exception {
    String text = out.toString(UTF_8);
    assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
    return Json.MAPPER.readTree(text);
  }

  @Test
  void replyIsOneJsonLineOnStandardOutput() throws Exception {
    int status = serve("{\"operation\":\"sma\",\"input\":{\"values\":[1,2,3],\"window\":3}}");

    assertEquals(0, status);
    assertEquals(Json.MAPPER.readTree("{\"ok\":true,\"output\":{\"averages\":[2.0]}}"), reply());
  }

  @Test
  void strayPrintsGoToStandardErrorAndSystemOutIsRestored() throws Exception {
    PrintStream before = System.out;

    int status = serve("{\"operation\":\"noisy\",\"input\":[1]}");

    assertEquals(0, status);
    assertEquals(Json.MAPPER.readTree("{\"ok\":true,\"output\":[1]}"), reply());
    assertTrue(err.toString(UTF_8).contains("chatter from the handler"), err.toString(UTF_8));
    assertSame(before, System.out);
  }

  @Test
  void malformedRequestGetsAFailureReplyAndStatusZero() throws Exception {
    int status = serve("operation=sma");

    assertEquals(0, status);
    JsonNode reply = reply();
    assertFalse(reply.get("ok").booleanValue());
    assertTrue(reply.get("error").textValue().contains("malformed request"), reply.toString());
  }

  @Test
  void handlerFailureGetsAFailureReplyWithTheExceptionMessage() throws Exception {
    int status = serve("{\"operation\":\"sma\",\"input\":{\"values\":[1],\"window\":-1}}");

    assertEquals(0, status);
    assertEquals(
        "IllegalArgumentException: window must be at least 1, got -1",
        reply().get("error").textValue());
  }
}
