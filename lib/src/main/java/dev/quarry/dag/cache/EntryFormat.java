package dev.quarry.dag.cache;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one cache entry, shared by every store:
 *
 * <pre>
 * "QCACHE1\n"                       8 bytes, magic and format version
 * header length                     4 bytes, big-endian
 * header                            UTF-8 JSON: {"format":1,"key":..,"node":..,"version":..,
 *                                   "outputs":[{"name":..,"type":..,"fingerprint":..,"length":..}]}
 * payloads                          concatenated, in header order
 * SHA-256                           32 bytes, over everything before it
 * </pre>
 *
 * The header names the key, so an entry copied or renamed under another key is detected. Reads
 * check the sizes against the actual length before allocating anything, so a garbled length cannot
 * cause a huge allocation.
 */
final class EntryFormat {
  static final byte[] MAGIC = "QCACHE1\n".getBytes(US_ASCII);
  private static final int FORMAT = 1;
  private static final int DIGEST_BYTES = 32;
  private static final int FIXED_BYTES = 8 + 4 + DIGEST_BYTES;
  private static final ObjectMapper JSON = new ObjectMapper();

  private EntryFormat() {}

  /** What was wrong with an entry; the store adds the key and location. */
  static final class Damage extends Exception {
    private static final long serialVersionUID = 1L;

    Damage(String message) {
      super(message, null, false, false);
    }
  }

  private record Output(String name, String type, String fingerprint, long length) {}

  private record Header(String node, String version, List<Output> outputs, long payloadBytes) {}

  static void write(OutputStream target, String key, CacheEntry entry) throws IOException {
    MessageDigest md = Fingerprints.sha256();
    DataOutputStream out = new DataOutputStream(new DigestOutputStream(target, md));
    byte[] header = header(key, entry);
    out.write(MAGIC);
    out.writeInt(header.length);
    out.write(header);
    for (CacheEntry.StoredValue value : entry.outputs().values()) {
      out.write(value.sharedPayload());
    }
    out.flush();
    target.write(md.digest());
  }

  static byte[] toBytes(String key, CacheEntry entry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      write(bytes, key, entry);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory streams do not fail", e);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(String key, CacheEntry entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(bytes)) {
      g.writeStartObject();
      g.writeNumberField("format", FORMAT);
      g.writeStringField("key", key);
      g.writeStringField("node", entry.nodeName());
      g.writeStringField("version", entry.nodeVersion());
      g.writeArrayFieldStart("outputs");
      for (Map.Entry<String, CacheEntry.StoredValue> e : entry.outputs().entrySet()) {
        g.writeStartObject();
        g.writeStringField("name", e.getKey());
        g.writeStringField("type", e.getValue().typeName());
        g.writeStringField("fingerprint", e.getValue().fingerprint());
        g.writeNumberField("length", e.getValue().payloadLength());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return bytes.toByteArray();
  }

  /** Reads and verifies a whole entry of {@code size} bytes. */
  static CacheEntry read(InputStream source, long size, String key) throws IOException, Damage {
    MessageDigest md = Fingerprints.sha256();
    InputStream in = new DigestInputStream(source, md);
    Header header = readHeader(in, size, key);
    Map<String, CacheEntry.StoredValue> outputs = new LinkedHashMap<>();
    for (Output o : header.outputs()) {
      byte[] payload = readFully(in, (int) o.length(), "payload of output '" + o.name() + "'");
      outputs.put(o.name(), storedValue(o, payload));
    }
    byte[] expected = md.digest();
    byte[] actual = readFully(source, DIGEST_BYTES, "SHA-256 trailer");
    if (!Arrays.equals(expected, actual)) {
      throw new Damage("SHA-256 checksum does not match its content (the file was altered)");
    }
    if (source.read() != -1) {
      throw new Damage("bytes follow the SHA-256 trailer");
    }
    return new CacheEntry(header.node(), header.version(), outputs);
  }

  /** Reads the header of an entry of {@code size} bytes, checking that the sizes add up. */
  static CacheManifest readManifest(InputStream source, long size, String key)
      throws IOException, Damage {
    Header header = readHeader(source, size, key);
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (Output o : header.outputs()) {
      fingerprints.put(o.name(), o.fingerprint());
    }
    return new CacheManifest(header.node(), header.version(), fingerprints, header.payloadBytes());
  }

  private static Header readHeader(InputStream in, long size, String key)
      throws IOException, Damage {
    if (size < FIXED_BYTES) {
      throw new Damage("it is " + size + " bytes, shorter than any entry (" + FIXED_BYTES + ")");
    }
    byte[] magic = readFully(in, MAGIC.length, "magic");
    if (!Arrays.equals(MAGIC, magic)) {
      throw new Damage("it does not start with QCACHE1 (not a cache entry, or another format)");
    }
    byte[] lengthBytes = readFully(in, 4, "header length");
    int headerLength =
        ((lengthBytes[0] & 0xFF) << 24)
            | ((lengthBytes[1] & 0xFF) << 16)
            | ((lengthBytes[2] & 0xFF) << 8)
            | (lengthBytes[3] & 0xFF);
    if (headerLength <= 0 || headerLength > size - FIXED_BYTES) {
      throw new Damage(
          "header length " + headerLength + " does not fit in the entry's " + size + " bytes");
    }
    Header header = parseHeader(readFully(in, headerLength, "header"), key);
    long expectedSize = FIXED_BYTES + (long) headerLength + header.payloadBytes();
    if (expectedSize != size) {
      throw new Damage(
          "it is "
              + size
              + " bytes but its header describes "
              + expectedSize
              + (size < expectedSize ? " (truncated)" : ""));
    }
    return header;
  }

  private static Header parseHeader(byte[] json, String key) throws Damage {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Damage("header is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new Damage("header is not valid JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new Damage("header is not a JSON object");
    }
    if (!root.path("format").isInt() || root.get("format").intValue() != FORMAT) {
      throw new Damage("header format is " + root.get("format") + ", not " + FORMAT);
    }
    String storedKey = text(root, "key");
    if (!storedKey.equals(key)) {
      throw new Damage("it holds the entry for key " + storedKey + " (copied or renamed?)");
    }
    JsonNode outputs = root.get("outputs");
    if (outputs == null || !outputs.isArray()) {
      throw new Damage("header has no 'outputs' array");
    }
    List<Output> list = new ArrayList<>();
    long total = 0;
    for (JsonNode o : outputs) {
      JsonNode length = o.get("length");
      if (length == null || !length.canConvertToInt() || length.intValue() < 0) {
        throw new Damage("header gives output length " + length + ", not a size");
      }
      Output output =
          new Output(text(o, "name"), text(o, "type"), text(o, "fingerprint"), length.intValue());
      if (list.stream().anyMatch(earlier -> earlier.name().equals(output.name()))) {
        throw new Damage("header lists output '" + output.name() + "' twice");
      }
      list.add(output);
      total += length.intValue();
    }
    return new Header(text(root, "node"), text(root, "version"), list, total);
  }

  private static String text(JsonNode node, String field) throws Damage {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new Damage("header field '" + field + "' is missing or not a string");
    }
    return value.textValue();
  }

  private static CacheEntry.StoredValue storedValue(Output o, byte[] payload) throws Damage {
    try {
      return new CacheEntry.StoredValue(o.type(), o.fingerprint(), payload);
    } catch (IllegalArgumentException e) {
      throw new Damage("output '" + o.name() + "' is invalid: " + e.getMessage());
    }
  }

  private static byte[] readFully(InputStream in, int n, String what) throws IOException, Damage {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new Damage("it ends inside the " + what + " (truncated)");
    }
    return bytes;
  }
}
