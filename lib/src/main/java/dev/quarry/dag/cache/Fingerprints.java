package dev.quarry.dag.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Content fingerprints for checkpoint-cache keys: the lowercase hex SHA-256 of a canonical,
 * type-tagged encoding of a value.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Type-tagged: {@code 1}, {@code 1L}, {@code 1.0} and {@code "1"} all differ.
 *   <li>Stable: equal content gives an equal fingerprint in every JVM run; nothing depends on
 *       identity hash codes or hash iteration order. Sets and maps are order-independent, lists and
 *       arrays are ordered.
 *   <li>Honest: a value with any part that cannot be fingerprinted gives {@link Optional#empty()},
 *       never a constant, so a node reading it is simply not cached; {@link
 *       #explainUnsupported(Object)} says which part and why.
 * </ul>
 *
 * <p>Supported: {@code String}, boxed primitives and {@code Character}, {@code BigDecimal} (value
 * and scale, so {@code 1.0} differs from {@code 1.00}), {@code BigInteger}, enums, {@code byte[]},
 * {@code int[]}, {@code long[]}, {@code double[]}, {@code boolean[]} and {@code Object[]} of
 * supported values, {@code Instant}, {@code LocalDate}, {@code LocalDateTime}, {@code LocalTime},
 * {@code Duration}, {@code ZonedDateTime}, {@code UUID}, {@code List}, {@code Set}, {@code Map},
 * {@code Optional}, records of supported values (class name and every component), Tablesaw {@code
 * Table}s (table name, column names, types and every cell in row order), {@code Path} and {@code
 * File} (by absolute location and content of the file or directory), and any {@link Fingerprinted}.
 * Doubles compare as {@link Double#equals}: {@code 0.0} differs from {@code -0.0}, all NaNs are one
 * value.
 *
 * <pre>{@code
 * Optional<String> fp = Fingerprints.of(new Params(10, 50, List.of("BTC-USD")));
 * String key = Fingerprints.combine("features", "v2", fp.orElseThrow());
 * }</pre>
 */
public final class Fingerprints {
  private static final HexFormat HEX = HexFormat.of();

  private Fingerprints() {}

  /**
   * Fingerprints a value.
   *
   * @param value the value; never null (pipeline contexts hold no nulls), though null components
   *     and elements inside a value are fine
   * @return 64 lowercase hex characters, or empty if some part of the value has no fingerprint
   * @throws NullPointerException if {@code value} is null, or a {@link Fingerprinted} part returns
   *     null
   */
  public static Optional<String> of(Object value) {
    requireValue(value);
    try {
      return Optional.of(HEX.formatHex(ValueWriter.fingerprint(value)));
    } catch (UnsupportedValueException e) {
      return Optional.empty();
    }
  }

  /**
   * Explains in one line why {@link #of(Object)} gives no fingerprint for a value, naming the path
   * to the offending part, for example {@code record Params.model: type com.acme.Model has no
   * fingerprint (supported: ...)}.
   *
   * @param value the value; never null
   * @return the reason, or a sentence saying the value has a fingerprint
   * @throws NullPointerException if {@code value} is null
   */
  public static String explainUnsupported(Object value) {
    requireValue(value);
    try {
      ValueWriter.fingerprint(value);
      return "value of type " + value.getClass().getName() + " has a fingerprint";
    } catch (UnsupportedValueException e) {
      return e.getMessage();
    }
  }

  /**
   * Hashes several strings into one fingerprint, for example a node's name, version and input
   * fingerprints into a cache key. Each part is length-prefixed, so {@code ("ab", "c")} and {@code
   * ("a", "bc")} give different results, and order matters.
   *
   * @param parts the strings, none null
   * @return 64 lowercase hex characters
   * @throws NullPointerException if {@code parts} or any part is null
   */
  public static String combine(String... parts) {
    Objects.requireNonNull(parts, "parts");
    MessageDigest md = sha256();
    CanonicalOutput out = CanonicalOutput.into(md, 1024);
    out.writeInt(parts.length);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new NullPointerException("cannot combine: part " + i + " is null");
      }
      out.writeString(parts[i]);
    }
    out.flush();
    return HEX.formatHex(md.digest());
  }

  private static void requireValue(Object value) {
    Objects.requireNonNull(
        value,
        "cannot fingerprint null: pipeline contexts hold no null values; pass the value itself");
  }

  /** Cloning a prototype skips the provider lookup of getInstance, a fifth of a cache hit. */
  private static final MessageDigest PROTOTYPE = newSha256();

  static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
