package dev.quarry.dag.backend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireTest {
  @Test
  void durationsAreWrittenAsPeopleWriteThem() {
    assertEquals("250 ms", Wire.format(Duration.ofMillis(250)));
    assertEquals("2 s", Wire.format(Duration.ofSeconds(2)));
    assertEquals("1.5 s", Wire.format(Duration.ofMillis(1500)));
    assertEquals("60 s", Wire.format(Duration.ofMinutes(1)));
  }

  @Test
  void describeIncludesCauses() {
    Exception failure = new IllegalStateException("outer", new IOException("inner"));

    assertEquals(
        "IllegalStateException: outer (caused by IOException: inner)", Wire.describe(failure));
  }

  @Test
  void excerptIsOneShortLine() {
    String excerpt = Json.excerpt(("line one\nline two" + "x".repeat(500)).getBytes(UTF_8));

    assertTrue(excerpt.startsWith("'line one\\nline two"), excerpt);
    assertTrue(excerpt.endsWith("…'"), excerpt);
    assertFalse(excerpt.contains("\n"), excerpt);
    assertTrue(excerpt.length() < 210, excerpt);
  }

  @Test
  void trailingContentAfterAReplyIsMalformed() {
    BackendException error =
        assertThrows(
            BackendException.class,
            () ->
                Wire.decodeReply(
                    "test[]", "op", "{\"ok\":true,\"output\":1} junk".getBytes(UTF_8), "fix it"));

    assertTrue(error.getMessage().contains("malformed JSON"), error.getMessage());
  }
}
