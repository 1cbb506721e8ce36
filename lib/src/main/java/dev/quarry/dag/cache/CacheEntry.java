package dev.quarry.dag.cache;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the checkpoint cache keeps for one run of a node: the node's name and version and its
 * outputs, each encoded by {@link ValueCodec}.
 *
 * <p>Immutable: the outputs map is copied (sorted by output key, so equal entries are stored as
 * equal bytes) and payloads are copied on the way in and out.
 *
 * @param nodeName the node that produced the outputs
 * @param nodeVersion the node's version when it ran
 * @param outputs the outputs by context key, such as {@code features.matrix}
 */
public record CacheEntry(String nodeName, String nodeVersion, Map<String, StoredValue> outputs) {
  /**
   * Validates and copies.
   *
   * @param nodeName the node that produced the outputs
   * @param nodeVersion the node's version when it ran
   * @param outputs the outputs by context key; copied and sorted by key
   * @throws NullPointerException if any argument, output key or output value is null
   */
  public CacheEntry {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(nodeVersion, "nodeVersion");
    Objects.requireNonNull(outputs, "outputs");
    outputs = sortedCopy(outputs, "output");
  }

  /**
   * Returns the summary a store can give without reading payloads.
   *
   * @return the node, version, output fingerprints and total payload size
   */
  public CacheManifest manifest() {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    long bytes = 0;
    for (Map.Entry<String, StoredValue> e : outputs.entrySet()) {
      fingerprints.put(e.getKey(), e.getValue().fingerprint());
      bytes += e.getValue().payloadLength();
    }
    return new CacheManifest(nodeName, nodeVersion, fingerprints, bytes);
  }

  static <V> Map<String, V> sortedCopy(Map<String, V> map, String what) {
    Map<String, V> sorted = new TreeMap<>();
    for (Map.Entry<String, V> e : map.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), () -> what + " key is null");
      sorted.put(key, Objects.requireNonNull(e.getValue(), () -> what + " '" + key + "' is null"));
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  /**
   * One encoded output value.
   *
   * @param typeName the runtime class name of the value, such as {@code tech.tablesaw.api.Table},
   *     for display and diagnostics
   * @param fingerprint the value's {@link Fingerprints#of(Object) fingerprint} (64 lowercase hex
   *     characters), so later nodes can build their keys without decoding it
   * @param payload the value as encoded by {@link ValueCodec#encode(Object)}; copied
   */
  public record StoredValue(String typeName, String fingerprint, byte[] payload) {
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates and copies the payload.
     *
     * @param typeName the runtime class name of the value
     * @param fingerprint the value's fingerprint
     * @param payload the encoded value; copied
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if {@code typeName} is blank or {@code fingerprint} is not
     *     64 lowercase hex characters
     */
    public StoredValue {
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(payload, "payload");
      if (typeName.isBlank()) {
        throw new IllegalArgumentException("typeName is blank; pass the value's class name");
      }
      if (!HEX_64.matcher(fingerprint).matches()) {
        throw new IllegalArgumentException(
            "fingerprint '"
                + fingerprint
                + "' is not 64 lowercase hex characters; pass what Fingerprints.of returns");
      }
      payload = payload.clone();
    }

    /**
     * Returns a copy of the encoded value.
     *
     * @return the bytes for {@link ValueCodec#decode(byte[], Class)}
     */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /**
     * Returns the payload size without copying it.
     *
     * @return the number of payload bytes
     */
    public int payloadLength() {
      return payload.length;
    }

    /** The payload itself, not a copy: for writers in this package, which must not modify it. */
    byte[] sharedPayload() {
      return payload;
    }

    /**
     * Compares type name, fingerprint and payload content.
     *
     * @param o another object
     * @return true if {@code o} is a stored value with equal fields and equal payload bytes
     */
    @Override
    public boolean equals(Object o) {
      return o instanceof StoredValue other
          && typeName.equals(other.typeName)
          && fingerprint.equals(other.fingerprint)
          && Arrays.equals(payload, other.payload);
    }

    /**
     * Hashes type name, fingerprint and payload content.
     *
     * @return a hash consistent with {@link #equals(Object)}
     */
    @Override
    public int hashCode() {
      return Objects.hash(typeName, fingerprint, Arrays.hashCode(payload));
    }

    /**
     * Describes the value without dumping the payload.
     *
     * @return type, fingerprint prefix and payload size
     */
    @Override
    public String toString() {
      return "StoredValue["
          + typeName
          + ", "
          + fingerprint.substring(0, 12)
          + "..., "
          + payload.length
          + " bytes]";
    }
  }
}
