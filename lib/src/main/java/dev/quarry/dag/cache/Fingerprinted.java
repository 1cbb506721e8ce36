package dev.quarry.dag.cache;

/**
 * Opts a type into checkpoint caching: a value that implements this is fingerprinted by what {@link
 * #fingerprint()} returns (together with its class name), so nodes that read it can be cached.
 *
 * <p>The contract: values that a node would treat alike return the same string, in every JVM run,
 * and any change that could change a node's outputs changes the string. A content hash or a version
 * tag both work; an identity hash code or a timestamp do not.
 *
 * <pre>{@code
 * record Model(String name, int revision) implements Fingerprinted {
 *   public String fingerprint() {
 *     return name + "@" + revision;
 *   }
 * }
 * }</pre>
 */
public interface Fingerprinted {
  /**
   * Returns a string that identifies this value's content across JVM runs.
   *
   * @return a non-null string; equal content gives an equal string
   */
  String fingerprint();
}
