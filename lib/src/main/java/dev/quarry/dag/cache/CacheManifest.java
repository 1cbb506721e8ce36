package dev.quarry.dag.cache;

import java.util.Map;
import java.util.Objects;

/**
 * What a store can tell about an entry without reading its payloads: enough for a dry-run plan to
 * show a node as cached, and for the pipeline to build downstream keys from the output
 * fingerprints.
 *
 * @param nodeName the node that produced the entry
 * @param nodeVersion the node's version when it ran
 * @param outputFingerprints each output's fingerprint by context key, sorted by key
 * @param payloadBytes the total size of the encoded outputs
 */
public record CacheManifest(
    String nodeName,
    String nodeVersion,
    Map<String, String> outputFingerprints,
    long payloadBytes) {
  /**
   * Validates and copies.
   *
   * @param nodeName the node that produced the entry
   * @param nodeVersion the node's version when it ran
   * @param outputFingerprints each output's fingerprint by context key; copied and sorted
   * @param payloadBytes the total size of the encoded outputs
   * @throws NullPointerException if any argument, key or fingerprint is null
   * @throws IllegalArgumentException if {@code payloadBytes} is negative
   */
  public CacheManifest {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(nodeVersion, "nodeVersion");
    Objects.requireNonNull(outputFingerprints, "outputFingerprints");
    outputFingerprints = CacheEntry.sortedCopy(outputFingerprints, "output fingerprint");
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("payloadBytes is negative: " + payloadBytes);
    }
  }
}
