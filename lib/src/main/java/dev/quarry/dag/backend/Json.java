package dev.quarry.dag.backend;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one JSON mapper of the package, and the excerpts error messages quote. */
final class Json {
  /**
   * Deterministic and strict: map keys sorted, unknown properties and {@code null} for primitives
   * rejected, nothing allowed after the top-level value. Thread-safe once built; never
   * reconfigured.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final int EXCERPT_CHARS = 200;

  private Json() {}

  static byte[] write(JsonNode node) throws JsonProcessingException {
    return MAPPER.writeValueAsBytes(node);
  }

  static JsonNode read(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /** The start of a body, on one line, for an error message. */
  static String excerpt(byte[] bytes) {
    int length = Math.min(bytes.length, EXCERPT_CHARS * 4);
    return excerpt(new String(bytes, 0, length, UTF_8), bytes.length > length);
  }

  /** The start of a JSON value, on one line, for an error message. */
  static String excerpt(JsonNode node) {
    return excerpt(node.toString(), false);
  }

  private static String excerpt(String text, boolean cut) {
    String oneLine = text.strip().replace("\r", "\\r").replace("\n", "\\n");
    if (oneLine.isEmpty()) {
      return "(empty)";
    }
    if (oneLine.length() > EXCERPT_CHARS) {
      return "'" + oneLine.substring(0, EXCERPT_CHARS) + "…'";
    }
    return "'" + oneLine + (cut ? "…'" : "'");
  }
}
