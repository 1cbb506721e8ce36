package dev.quarry.dag.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlersTest {
  private static final Handler ECHO = input -> input;

  @Test
  void operationsAreListedInAlphabeticalOrder() {
    Handlers handlers = Handlers.builder().add("zeta", ECHO).add("alpha", ECHO).build();

    assertEquals(List.of("alpha", "zeta"), handlers.operations());
    assertEquals("Handlers[alpha, zeta]", handlers.toString());
  }

  @Test
  void registeringAnOperationTwiceFails() {
    Handlers.Builder builder = Handlers.builder().add("sma", ECHO);

    BackendException error = assertThrows(BackendException.class, () -> builder.add("sma", ECHO));

    assertTrue(error.getMessage().contains("'sma' is already registered"), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "/sma", ".hidden", "sma?x=1", "é"})
  void invalidOperationNamesAreRejected(String name) {
    BackendException error =
        assertThrows(BackendException.class, () -> Handlers.builder().add(name, ECHO));

    assertTrue(error.getMessage().contains("'" + name + "' is invalid"), error.getMessage());
  }

  @Test
  void emptyRegistryIsRejected() {
    BackendException error = assertThrows(BackendException.class, Handlers.builder()::build);

    assertTrue(error.getMessage().contains("no operation registered"), error.getMessage());
  }

  @Test
  void builderChangesAfterBuildDoNotAffectTheRegistry() {
    Handlers.Builder builder = Handlers.builder().add("a", ECHO);
    Handlers built = builder.build();

    builder.add("b", ECHO);

    assertEquals(List.of("a"), built.operations());
  }

  @Test
  void unknownOperationMessageListsTheKnownOnes() {
    Handlers handlers = Handlers.builder().add("sma", ECHO).add("ema", ECHO).build();

    assertEquals(
        "unknown operation 'rsi'; known operations: ema, sma — call one of those or register a"
            + " handler for 'rsi'",
        handlers.unknown("rsi"));
  }
}
