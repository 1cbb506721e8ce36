package dev.quarry.dag.cache;

/**
 * The one-byte type tags that open every encoded value, shared by fingerprints and stored payloads.
 * Tags are part of the on-disk format and of every fingerprint: never renumber one.
 */
final class Tags {
  static final byte NULL = 0;
  static final byte STRING = 1;
  static final byte BOOLEAN = 2;
  static final byte BYTE = 3;
  static final byte SHORT = 4;
  static final byte INT = 5;
  static final byte LONG = 6;
  static final byte FLOAT = 7;
  static final byte DOUBLE = 8;
  static final byte CHAR = 9;
  static final byte BIG_DECIMAL = 10;
  static final byte BIG_INTEGER = 11;
  static final byte ENUM = 12;
  static final byte BYTE_ARRAY = 13;
  static final byte INT_ARRAY = 14;
  static final byte LONG_ARRAY = 15;
  static final byte DOUBLE_ARRAY = 16;
  static final byte BOOLEAN_ARRAY = 17;
  static final byte OBJECT_ARRAY = 18;
  static final byte INSTANT = 19;
  static final byte LOCAL_DATE = 20;
  static final byte LOCAL_DATE_TIME = 21;
  static final byte LOCAL_TIME = 22;
  static final byte DURATION = 23;
  static final byte ZONED_DATE_TIME = 24;
  static final byte UUID = 25;
  static final byte LIST = 26;
  static final byte SET = 27;
  static final byte MAP = 28;
  static final byte OPTIONAL = 29;
  static final byte RECORD = 30;
  static final byte TABLE = 31;
  // Fingerprint-only tags: these values are identified by content but never stored.
  static final byte FILE = 32;
  static final byte DIRECTORY = 33;
  static final byte FINGERPRINTED = 34;
  // Stored-only tag: a java.nio.file.Path is stored by name; its fingerprint is its content.
  static final byte PATH = 35;

  /** What {@link Fingerprints} accepts, for error messages. */
  static final String FINGERPRINT_SUPPORTED =
      "supported: String, numbers, Boolean, Character, BigDecimal, BigInteger, enums,"
          + " byte[]/int[]/long[]/double[]/boolean[] and Object[] arrays, java.time values, UUID,"
          + " List, Set, Map, Optional, records of those, Tablesaw tables, files;"
          + " or implement dev.quarry.dag.cache.Fingerprinted";

  /** What {@link ValueCodec} accepts, for error messages. */
  static final String STORABLE_SUPPORTED =
      "supported: String, numbers, Boolean, Character, BigDecimal, BigInteger, enums,"
          + " byte[]/int[]/long[]/double[]/boolean[] and Object[] arrays, java.time values, UUID,"
          + " List, Set, Map, Optional, records of those, Tablesaw tables, file paths (restored"
          + " only while the file's content is unchanged)";

  private Tags() {}
}
