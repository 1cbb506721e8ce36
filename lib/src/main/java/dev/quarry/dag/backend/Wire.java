package dev.quarry.dag.backend;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The wire protocol of the package (see {@code package-info.java}): encoding and decoding of
 * requests and replies, and the messages every backend uses for the same failure.
 */
final class Wire {
  static final String OPERATION = "operation";
  static final String INPUT = "input";
  static final String OK = "ok";
  static final String OUTPUT = "output";
  static final String ERROR = "error";

  private static final Pattern OPERATION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String REQUEST_SHAPE = "{\"operation\": \"<name>\", \"input\": <json>}";
  private static final String REPLY_SHAPE =
      "{\"ok\": true, \"output\": <json>} or {\"ok\": false, \"error\": \"<message>\"}";

  /** A decoded request. */
  record Request(String operation, JsonNode input) {}

  private Wire() {}

  static boolean isValidOperation(String operation) {
    return OPERATION_NAME.matcher(operation).matches();
  }

  /** Fails unless {@code operation} is a valid operation name. */
  static void checkOperation(String backend, String operation) {
    if (!isValidOperation(operation)) {
      throw new BackendException(
          backend
              + ": operation name '"
              + operation
              + "' is invalid; use letters, digits, '.', '_' and '-', starting with a letter or a"
              + " digit (the name becomes a URL path segment over HTTP)");
    }
  }

  static BackendException closed(String backend, String operation) {
    return new BackendException(
        backend
            + " is closed; operation '"
            + operation
            + "' was not run — create a new backend instead of reusing a closed one");
  }

  static byte[] encodeRequest(String backend, String operation, JsonNode input) {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put(OPERATION, operation);
    request.set(INPUT, input);
    try {
      return Json.write(request);
    } catch (JsonProcessingException e) {
      throw new BackendException(
          backend
              + " could not encode the input of operation '"
              + operation
              + "' as JSON: "
              + e.getOriginalMessage()
              + " — pass plain JSON nodes (no POJO nodes holding arbitrary objects)",
          e);
    }
  }

  /**
   * Decodes a request.
   *
   * @throws IllegalArgumentException with a message for the caller when it is not a request
   */
  static Request decodeRequest(byte[] body) {
    JsonNode node;
    try {
      node = Json.read(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "malformed request, not JSON ("
              + originalMessage(e)
              + "): "
              + Json.excerpt(body)
              + "; expected "
              + REQUEST_SHAPE);
    }
    if (!node.isObject() || !node.path(OPERATION).isTextual() || !node.has(INPUT)) {
      throw new IllegalArgumentException(
          "malformed request " + Json.excerpt(body) + "; expected " + REQUEST_SHAPE);
    }
    return new Request(node.get(OPERATION).textValue(), node.get(INPUT));
  }

  static ObjectNode success(JsonNode output) {
    ObjectNode reply = Json.MAPPER.createObjectNode();
    reply.put(OK, true);
    reply.set(OUTPUT, output);
    return reply;
  }

  static ObjectNode failure(String message) {
    ObjectNode reply = Json.MAPPER.createObjectNode();
    reply.put(OK, false);
    reply.put(ERROR, message);
    return reply;
  }

  /**
   * Decodes a reply and returns its output.
   *
   * @param hint what the other side must do to produce a valid reply, and any context (such as the
   *     last lines of standard error) that helps find out why it did not
   * @throws BackendException when the reply is malformed or reports a failure
   */
  static JsonNode decodeReply(String backend, String operation, byte[] body, String hint) {
    JsonNode reply;
    try {
      reply = Json.read(body);
    } catch (IOException e) {
      throw new BackendException(
          backend
              + " replied to operation '"
              + operation
              + "' with malformed JSON ("
              + originalMessage(e)
              + "): "
              + Json.excerpt(body)
              + " — "
              + hint,
          e);
    }
    JsonNode ok = reply.path(OK);
    if (ok.isBoolean() && ok.booleanValue() && reply.has(OUTPUT)) {
      return reply.get(OUTPUT);
    }
    if (ok.isBoolean() && !ok.booleanValue() && reply.path(ERROR).isTextual()) {
      throw remoteFailure(backend, operation, "", reply.get(ERROR).textValue());
    }
    throw new BackendException(
        backend
            + " replied to operation '"
            + operation
            + "' with JSON that is not a reply: "
            + Json.excerpt(body)
            + "; expected "
            + REPLY_SHAPE
            + " — "
            + hint);
  }

  /** The error message of a well-formed failure reply, or {@code null} if the body is not one. */
  static String failureMessage(byte[] body) {
    try {
      JsonNode reply = Json.read(body);
      boolean failure = reply.path(OK).isBoolean() && !reply.path(OK).booleanValue();
      return failure && reply.path(ERROR).isTextual() ? reply.get(ERROR).textValue() : null;
    } catch (IOException e) {
      return null;
    }
  }

  static BackendException remoteFailure(
      String backend, String operation, String qualifier, String message) {
    return new BackendException(
        backend + " failed on operation '" + operation + "'" + qualifier + ": " + message);
  }

  /**
   * The time-out failure.
   *
   * @param what what happened when the limit expired
   * @param detail appended after the advice (such as the last lines of standard error), or empty
   */
  static BackendException timedOut(
      String backend, String operation, Duration limit, String what, String detail) {
    return new BackendException(
        backend
            + " did not finish operation '"
            + operation
            + "' within its time-out of "
            + format(limit)
            + "; "
            + what
            + " — raise the limit with timeout(Duration) or make the worker faster"
            + detail);
  }

  /** A failure for a message: the exception's class and message, then its causes. */
  static String describe(Throwable failure) {
    return describe(failure, 4);
  }

  private static String describe(Throwable failure, int depth) {
    String text =
        failure.getClass().getSimpleName()
            + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    Throwable cause = failure.getCause();
    if (cause == null || cause == failure || depth <= 1) {
      return text;
    }
    return text + " (caused by " + describe(cause, depth - 1) + ")";
  }

  /** A duration as people write it: {@code 250 ms}, {@code 2 s}, {@code 1.5 s}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0).replaceAll("0+$", "") + " s";
  }

  static Duration requirePositive(Duration limit) {
    if (limit.isZero() || limit.isNegative()) {
      throw new BackendException(
          "time-out must be positive, got " + limit + " — pass e.g. Duration.ofSeconds(30)");
    }
    return limit;
  }

  private static String originalMessage(IOException e) {
    return e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
  }
}
