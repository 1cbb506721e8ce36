package dev.quarry.dag.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend serving {@link SampleHandlers} must do, whatever the transport. Subclasses
 * provide a fresh backend per test.
 */
abstract class BackendContract {
  protected Backend backend;

  /** A new backend serving {@link SampleHandlers#handlers()}. */
  protected abstract Backend newBackend() throws Exception;

  /** How {@link Backend#describe()} starts, e.g. {@code "http["}. */
  protected abstract String describePrefix();

  @BeforeEach
  void openBackend() throws Exception {
    backend = newBackend();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  @Test
  void providerRoundTripsARecordThroughTheBackend() {
    SmaProvider provider = new SmaProvider(backend);

    SmaResult result = provider.sma(List.of(1.0, 2.0, 3.0, 4.0), 2);

    assertEquals(new SmaResult(List.of(1.5, 2.5, 3.5)), result);
  }

  @Test
  void jsonValuesCrossTheBackendUnchanged() throws Exception {
    JsonNode document =
        Json.MAPPER.readTree(
            "{\"text\":\"héllo € 日本 \\\"quoted\\\"\\n\",\"int\":42,\"long\":9007199254740993,"
                + "\"big\":123456789012345678901234567890,\"double\":0.1,\"negative\":-2.5e-8,"
                + "\"flag\":false,\"none\":null,\"empty\":{},\"list\":[1,[2,[3]],{\"k\":[]}]}");

    assertEquals(document, backend.call("echo", document));
  }

  @Test
  void largeInputsAndOutputsCrossWithoutDeadlock() {
    ArrayNode values = Json.MAPPER.createArrayNode();
    for (int i = 0; i < 200_000; i++) {
      values.add(i * 0.5);
    }

    JsonNode echoed = backend.call("echo", values);

    assertEquals(values, echoed);
  }

  @Test
  void unknownOperationErrorListsTheKnownOperations() {
    BackendException error =
        assertThrows(
            BackendException.class, () -> backend.call("smaa", Json.MAPPER.createObjectNode()));

    assertTrue(error.getMessage().startsWith(backend.describe()), error.getMessage());
    assertTrue(error.getMessage().contains("unknown operation 'smaa'"), error.getMessage());
    assertTrue(
        error.getMessage().contains("known operations: " + SampleHandlers.KNOWN),
        error.getMessage());
  }

  @Test
  void handlerExceptionBecomesBackendExceptionCarryingTheRemoteMessage() {
    SmaProvider provider = new SmaProvider(backend);

    BackendException error =
        assertThrows(BackendException.class, () -> provider.sma(List.of(1.0, 2.0), 0));

    assertTrue(error.getMessage().startsWith(backend.describe()), error.getMessage());
    assertTrue(error.getMessage().contains("operation 'sma'"), error.getMessage());
    assertTrue(
        error.getMessage().contains("IllegalArgumentException: window must be at least 1, got 0"),
        error.getMessage());
  }

  @Test
  void handlerReturningNullIsAFailureNotAValue() {
    BackendException error =
        assertThrows(BackendException.class, () -> backend.call("nothing", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("operation 'nothing'"), error.getMessage());
    assertTrue(error.getMessage().contains("returned null"), error.getMessage());
  }

  @Test
  void invalidOperationNameIsRejectedWithTheRule() {
    BackendException error =
        assertThrows(BackendException.class, () -> backend.call("../sma", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().startsWith(backend.describe()), error.getMessage());
    assertTrue(error.getMessage().contains("'../sma' is invalid"), error.getMessage());
    assertTrue(error.getMessage().contains("letters, digits"), error.getMessage());
  }

  @Test
  void callsAfterCloseAreRejected() {
    backend.close();

    BackendException error =
        assertThrows(BackendException.class, () -> backend.call("echo", Json.MAPPER.nullNode()));

    assertTrue(error.getMessage().contains("is closed"), error.getMessage());
    assertTrue(error.getMessage().contains("'echo'"), error.getMessage());
  }

  @Test
  void describeNamesTheTransport() {
    assertTrue(backend.describe().startsWith(describePrefix()), backend.describe());
    assertTrue(backend.describe().endsWith("]"), backend.describe());
  }

  @Test
  void concurrentCallsGetTheirOwnReplies() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<JsonNode>> replies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ObjectNode input = Json.MAPPER.createObjectNode().put("caller", i);
        replies.add(pool.submit(() -> backend.call("echo", input)));
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(i, replies.get(i).get().get("caller").intValue());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
