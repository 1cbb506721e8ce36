package dev.quarry.dag.cache;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns node outputs into bytes for the checkpoint cache and back.
 *
 * <p>Stored types: {@code String}, primitives and their boxes, {@code Character}, {@code
 * BigDecimal}, {@code BigInteger}, enums, {@code byte[]}, {@code int[]}, {@code long[]}, {@code
 * double[]}, {@code boolean[]} and {@code Object[]} of stored types, {@code Instant}, {@code
 * LocalDate}, {@code LocalDateTime}, {@code LocalTime}, {@code Duration}, {@code ZonedDateTime},
 * {@code UUID}, {@code List}, {@code Set}, {@code Map}, {@code Optional}, records of stored types,
 * and Tablesaw {@code Table}s. Files and {@link Fingerprinted} values can be fingerprinted but not
 * stored.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Deterministic: encoding the same value twice gives identical bytes. Collections are written
 *       in iteration order, which decoding restores.
 *   <li>Exact: {@link #decode} returns a value equal to the original. Doubles and floats keep their
 *       bits (NaN payloads, {@code -0.0}), instants their nanoseconds, decimals their scale, tables
 *       their name, column names, types, values and missing values.
 *   <li>Restored shapes: lists come back as {@code ArrayList}, sets as {@code LinkedHashSet}, maps
 *       as {@code LinkedHashMap}, all mutable like the collections nodes usually build; records
 *       through their canonical constructor.
 *   <li>Checked: a payload that is truncated, garbled, or no longer matches the classes it names
 *       fails with {@link CacheCorruptException} rather than producing a wrong value.
 * </ul>
 *
 * <pre>{@code
 * byte[] bytes = ValueCodec.encode(table).orElseThrow();
 * Table restored = (Table) ValueCodec.decode(bytes, Table.class);
 * }</pre>
 */
public final class ValueCodec {
  /** First byte of every payload; a different value means another encoding version. */
  private static final byte FORMAT = 1;

  private ValueCodec() {}

  /**
   * Tells whether values declared as {@code declaredType} can be stored. {@code Object}, {@code
   * List}, {@code Set}, {@code Map}, {@code Collection} and {@code Optional} answer true here;
   * their contents are checked by {@link #encode(Object)}. A record is supported when all its
   * component types are.
   *
   * @param declaredType the type a node declares for an output, such as {@code Table.class}
   * @return true if a value of that type can be cached
   */
  public static boolean supports(Class<?> declaredType) {
    Objects.requireNonNull(declaredType, "declaredType");
    return StorableTypes.explain(declaredType).isEmpty();
  }

  /**
   * Explains in one line why {@link #supports(Class)} is false for a type, naming the offending
   * record component if there is one, for example {@code record Params.model: type com.acme.Model
   * cannot be stored in the cache (supported: ...)}.
   *
   * @param type the declared type
   * @return the reason, or a sentence saying the type can be stored
   */
  public static String explainUnsupported(Class<?> type) {
    Objects.requireNonNull(type, "type");
    return StorableTypes.explain(type)
        .orElse("values declared as " + type.getName() + " can be stored in the cache");
  }

  /**
   * Encodes a value.
   *
   * @param value the value; never null (null components and elements inside it are fine)
   * @return the bytes, or empty if some part of the value cannot be stored
   * @throws NullPointerException if {@code value} is null
   */
  public static Optional<byte[]> encode(Object value) {
    Objects.requireNonNull(value, "cannot encode null: pipeline contexts hold no null values");
    try {
      return Optional.of(encodeOrThrow(value));
    } catch (UnsupportedValueException e) {
      return Optional.empty();
    }
  }

  /**
   * Explains in one line why {@link #encode(Object)} gives no bytes for a value, with the path to
   * the offending part, for example {@code list[3]: type java.io.File cannot be stored in the cache
   * (supported: ...)}.
   *
   * @param value the value; never null
   * @return the reason, or a sentence saying the value can be stored
   */
  public static String explainUnencodable(Object value) {
    Objects.requireNonNull(value, "value");
    try {
      encodeOrThrow(value);
      return "value of type " + value.getClass().getName() + " can be stored in the cache";
    } catch (UnsupportedValueException e) {
      return e.getMessage();
    }
  }

  private static byte[] encodeOrThrow(Object value) throws UnsupportedValueException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    CanonicalOutput out = CanonicalOutput.into(bytes);
    out.writeByte(FORMAT);
    ValueWriter.store(value, out);
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * Decodes what {@link #encode(Object)} produced.
   *
   * @param bytes the encoded value
   * @param declaredType the type the value is declared as; the result is an instance of it (or of
   *     its box, for a primitive type), and its class loader is the first used to find record and
   *     enum classes named in the payload
   * @return a value equal to the one encoded
   * @throws CacheCorruptException if the bytes are truncated or garbled, name a class that cannot
   *     be loaded, or hold a value that does not fit {@code declaredType} or the current shape of
   *     its records and enums
   */
  public static Object decode(byte[] bytes, Class<?> declaredType) throws CacheCorruptException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(declaredType, "declaredType");
    if (bytes.length == 0 || bytes[0] != FORMAT) {
      throw new CacheCorruptException(
          "cached payload for "
              + declaredType.getName()
              + " is not in encoding version "
              + FORMAT
              + (bytes.length == 0 ? " (it is empty)" : " (it starts with " + bytes[0] + ")")
              + "; the entry is stale or damaged and must be recomputed");
    }
    try {
      return ValueReader.read(bytes, 1, declaredType);
    } catch (RuntimeException e) {
      // Garbage can also trip the JDK or Tablesaw (a bad zone id, an impossible array size):
      // every failure to decode means the same thing, the payload cannot be trusted.
      String reason = e instanceof CacheCorruptException ? e.getMessage() : e.toString();
      throw new CacheCorruptException(
          "cached payload for " + declaredType.getName() + " cannot be decoded: " + reason, e);
    }
  }
}
