package dev.quarry.dag.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class InProcessBackendTest extends BackendContract {
  @Override
  protected Backend newBackend() {
    return Backend.inProcess(SampleHandlers.handlers());
  }

  @Override
  protected String describePrefix() {
    return "in-process[";
  }

  @Test
  void describeListsTheOperations() {
    assertEquals("in-process[" + SampleHandlers.KNOWN + "]", backend.describe());
  }

  @Test
  void handlerExceptionIsKeptAsTheCause() {
    IllegalStateException thrown = new IllegalStateException("disk full");
    Backend failing =
        Backend.inProcess(
            Handlers.builder()
                .add(
                    "save",
                    input -> {
                      throw thrown;
                    })
                .build());

    BackendException error =
        assertThrows(BackendException.class, () -> failing.call("save", Json.MAPPER.nullNode()));

    assertSame(thrown, error.getCause());
    assertEquals(
        "in-process[save] failed on operation 'save': IllegalStateException: disk full",
        error.getMessage());
  }

  @Test
  void handlerCannotModifyTheCallersInput() {
    Backend mutating =
        Backend.inProcess(
            Handlers.builder()
                .add("mutate", input -> ((ObjectNode) input).put("touched", true))
                .build());
    ObjectNode input = Json.MAPPER.createObjectNode().put("value", 1);

    mutating.call("mutate", input);

    assertTrue(input.path("touched").isMissingNode(), input.toString());
  }
}
