package dev.quarry.dag.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProviderTest {
  /** A provider over an in-process backend whose single handler returns a fixed output. */
  private static final class FixedProvider extends Provider {
    final AtomicReference<JsonNode> seen;

    private FixedProvider(Backend backend, AtomicReference<JsonNode> seen) {
      super(backend);
      this.seen = seen;
    }

    FixedProvider(String operation, JsonNode output) {
      this(operation, output, new AtomicReference<>());
    }

    private FixedProvider(String operation, JsonNode output, AtomicReference<JsonNode> seen) {
      this(
          Backend.inProcess(
              Handlers.builder()
                  .add(
                      operation,
                      input -> {
                        seen.set(input);
                        return output;
                      })
                  .build()),
          seen);
    }

    <T> T run(String operation, Object request, Class<T> type) {
      return call(operation, request, type);
    }

    <T> T run(String operation, Object request, TypeReference<T> type) {
      return call(operation, request, type);
    }
  }

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void recordRequestBecomesAJsonObjectWithItsComponents() throws Exception {
    FixedProvider provider = new FixedProvider("sma", json("{\"averages\":[2.0]}"));

    SmaResult result = provider.run("sma", new SmaRequest(List.of(1.0, 3.0), 2), SmaResult.class);

    assertEquals(new SmaResult(List.of(2.0)), result);
    assertEquals(json("{\"values\":[1.0,3.0],\"window\":2}"), provider.seen.get());
  }

  @Test
  void mapKeysAreSentInSortedOrder() throws Exception {
    FixedProvider provider = new FixedProvider("keys", json("1"));
    Map<String, Integer> unordered = new LinkedHashMap<>();
    unordered.put("zeta", 1);
    unordered.put("alpha", 2);
    unordered.put("mu", 3);

    provider.run("keys", unordered, Integer.class);

    assertEquals("{\"alpha\":2,\"mu\":3,\"zeta\":1}", provider.seen.get().toString());
  }

  @Test
  void typeReferenceConvertsToAGenericType() throws Exception {
    FixedProvider provider = new FixedProvider("list", json("[1.5, 2.5]"));

    List<Double> result = provider.run("list", null, new TypeReference<List<Double>>() {});

    assertEquals(List.of(1.5, 2.5), result);
    assertSame(NullNode.getInstance(), provider.seen.get());
  }

  @Test
  void replyThatDoesNotFitTheTypeNamesProviderOperationAndType() throws Exception {
    FixedProvider provider = new FixedProvider("sma", json("{\"averages\":[1.0],\"extra\":true}"));

    BackendException error =
        assertThrows(
            BackendException.class,
            () -> provider.run("sma", new SmaRequest(List.of(1.0), 1), SmaResult.class));

    String message = error.getMessage();
    assertTrue(message.startsWith("FixedProvider: the reply of in-process[sma]"), message);
    assertTrue(message.contains("operation 'sma'"), message);
    assertTrue(message.contains("does not fit " + SmaResult.class.getName()), message);
    assertTrue(message.contains("\"extra\""), message);
  }

  @Test
  void missingPrimitiveInTheReplyIsAnErrorNotZero() throws Exception {
    FixedProvider provider = new FixedProvider("req", json("{\"values\":[],\"window\":null}"));

    BackendException error =
        assertThrows(BackendException.class, () -> provider.run("req", null, SmaRequest.class));

    assertTrue(error.getMessage().contains("does not fit"), error.getMessage());
  }

  @Test
  void nullReplyIsRejectedForATypedResponse() {
    FixedProvider provider = new FixedProvider("sma", NullNode.getInstance());

    BackendException error =
        assertThrows(BackendException.class, () -> provider.run("sma", null, SmaResult.class));

    assertTrue(error.getMessage().contains("replied null to operation 'sma'"), error.getMessage());
  }

  @Test
  void requestThatCannotBecomeJsonNamesProviderAndOperation() throws Exception {
    FixedProvider provider = new FixedProvider("sma", json("1"));

    BackendException error =
        assertThrows(
            BackendException.class, () -> provider.run("sma", new Object(), Integer.class));

    String message = error.getMessage();
    assertTrue(message.startsWith("FixedProvider could not convert the request"), message);
    assertTrue(message.contains("operation 'sma'"), message);
    assertTrue(message.contains("java.lang.Object"), message);
  }

  @Test
  void toStringNamesProviderAndBackend() {
    Provider provider = new SmaProvider(Backend.inProcess(SampleHandlers.handlers()));

    assertEquals("SmaProvider → in-process[" + SampleHandlers.KNOWN + "]", provider.toString());
    assertEquals("in-process[" + SampleHandlers.KNOWN + "]", provider.backend().describe());
  }
}
