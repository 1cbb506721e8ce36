package dev.quarry.dag.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract against a real child JVM whose main calls {@link Worker#serve(Handlers)}. */
class JvmSubprocessBackendTest extends BackendContract {
  @Override
  protected Backend newBackend() {
    return Backend.jvm(SampleWorkerMain.class).timeout(Duration.ofSeconds(30));
  }

  @Override
  protected String describePrefix() {
    return "subprocess[java ";
  }

  @Test
  void describeNamesTheMainClassNotTheClassPath() {
    assertEquals("subprocess[java " + SampleWorkerMain.class.getName() + "]", backend.describe());
  }

  @Test
  void handlerPrintingToStandardOutputDoesNotCorruptTheReply() {
    ObjectNode input = Json.MAPPER.createObjectNode().put("value", 7);

    JsonNode output = backend.call("noisy", input);

    assertEquals(input, output);
  }

  @Test
  void classWithoutMainIsRefusedBeforeAnythingStarts() {
    BackendException error =
        assertThrows(BackendException.class, () -> Backend.jvm(SampleHandlers.class));

    assertTrue(error.getMessage().contains(SampleHandlers.class.getName()), error.getMessage());
    assertTrue(error.getMessage().contains("Worker.serve"), error.getMessage());
  }
}
