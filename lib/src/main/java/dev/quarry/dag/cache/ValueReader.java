package dev.quarry.dag.cache;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rebuilds a value from what {@link ValueWriter} stored. Lists come back as {@link ArrayList}, sets
 * as {@link LinkedHashSet} and maps as {@link LinkedHashMap}, in the stored iteration order.
 * Records are rebuilt through their canonical constructor; record and enum classes are looked up by
 * name with the declared type's class loader, then the thread's context class loader, then Quarry's
 * own. Any mismatch (a class that is gone, a record whose components changed, a value of the wrong
 * type) is a {@link CacheCorruptException}: the entry is stale.
 */
final class ValueReader {
  private static final int MAX_DEPTH = 256;

  private final CanonicalInput in;
  private final ClassLoader declaredLoader;
  private int depth;

  private ValueReader(byte[] bytes, Class<?> declaredType) {
    this.in = new CanonicalInput(bytes);
    this.declaredLoader = declaredType.getClassLoader();
  }

  static Object read(byte[] bytes, int offset, Class<?> declaredType) {
    ValueReader reader = new ValueReader(bytes, declaredType);
    for (int i = 0; i < offset; i++) {
      reader.in.readByte("header");
    }
    Object value = reader.read(declaredType);
    if (reader.in.remaining() != 0) {
      throw new CacheCorruptException(
          "payload is garbled: " + reader.in.remaining() + " bytes follow the value");
    }
    return value;
  }

  private Object read(Class<?> expected) {
    if (++depth > MAX_DEPTH) {
      throw new CacheCorruptException("payload is garbled: values nested deeper than " + MAX_DEPTH);
    }
    try {
      Object value = readTagged(expected);
      if (value != null && !box(expected).isInstance(value)) {
        throw new CacheCorruptException(
            "payload holds a "
                + value.getClass().getName()
                + " where a "
                + expected.getName()
                + " is declared; the declared type changed since the entry was written");
      }
      return value;
    } finally {
      depth--;
    }
  }

  private Object readTagged(Class<?> expected) {
    int position = in.position();
    byte tag = in.readByte("type tag");
    return switch (tag) {
      case Tags.NULL -> null;
      case Tags.STRING -> in.readString("string");
      case Tags.BOOLEAN -> in.readBoolean("boolean");
      case Tags.BYTE -> in.readByte("byte");
      case Tags.SHORT -> in.readShort("short");
      case Tags.INT -> in.readInt("int");
      case Tags.LONG -> in.readLong("long");
      case Tags.FLOAT -> Float.intBitsToFloat(in.readInt("float"));
      case Tags.DOUBLE -> Double.longBitsToDouble(in.readLong("double"));
      case Tags.CHAR -> (char) in.readShort("char");
      case Tags.BIG_DECIMAL -> readBigDecimal();
      case Tags.BIG_INTEGER -> new BigInteger(nonEmpty(in.readBytes("BigInteger"), "BigInteger"));
      case Tags.ENUM -> readEnum(expected);
      case Tags.UUID -> new UUID(in.readLong("UUID"), in.readLong("UUID"));
      case Tags.BYTE_ARRAY -> in.readBytes("byte[]");
      case Tags.INT_ARRAY -> readIntArray();
      case Tags.LONG_ARRAY -> readLongArray();
      case Tags.DOUBLE_ARRAY -> readDoubleArray();
      case Tags.BOOLEAN_ARRAY -> readBooleanArray();
      case Tags.OBJECT_ARRAY -> readObjectArray(expected);
      case Tags.LIST -> readList();
      case Tags.SET -> readSet();
      case Tags.MAP -> readMap();
      case Tags.OPTIONAL -> in.readBoolean("optional")
          ? Optional.of(read(Object.class))
          : Optional.empty();
      case Tags.RECORD -> readRecord(expected);
      case Tags.TABLE -> TableEncoding.read(in);
      case Tags.PATH -> readPath(position);
      default -> readTime(tag, position);
    };
  }

  private Path readPath(int position) {
    String name = in.readString("path");
    try {
      return Path.of(name);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CacheCorruptException(
          "payload is garbled: invalid path at byte " + position + " (" + e.getMessage() + ")", e);
    }
  }

  private Object readTime(byte tag, int position) {
    try {
      return switch (tag) {
        case Tags.INSTANT -> Instant.ofEpochSecond(in.readLong("Instant"), in.readInt("Instant"));
        case Tags.LOCAL_DATE -> LocalDate.ofEpochDay(in.readLong("LocalDate"));
        case Tags.LOCAL_DATE_TIME -> LocalDateTime.of(
            LocalDate.ofEpochDay(in.readLong("LocalDateTime")),
            LocalTime.ofNanoOfDay(in.readLong("LocalDateTime")));
        case Tags.LOCAL_TIME -> LocalTime.ofNanoOfDay(in.readLong("LocalTime"));
        case Tags.DURATION -> Duration.ofSeconds(in.readLong("Duration"), in.readInt("Duration"));
        case Tags.ZONED_DATE_TIME -> readZoned();
        default -> throw new CacheCorruptException(
            "payload is garbled: unknown type tag " + tag + " at byte " + position);
      };
    } catch (DateTimeException | ArithmeticException e) {
      throw new CacheCorruptException(
          "payload is garbled: invalid date-time at byte " + position + " (" + e.getMessage() + ")",
          e);
    }
  }

  private ZonedDateTime readZoned() {
    LocalDateTime local =
        LocalDateTime.of(
            LocalDate.ofEpochDay(in.readLong("ZonedDateTime")),
            LocalTime.ofNanoOfDay(in.readLong("ZonedDateTime")));
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.readInt("ZonedDateTime"));
    // ofStrict: if the time-zone rules changed so that this offset is no longer valid, the
    // entry is stale rather than silently shifted.
    return ZonedDateTime.ofStrict(local, offset, ZoneId.of(in.readString("ZonedDateTime")));
  }

  private static byte[] nonEmpty(byte[] bytes, String what) {
    if (bytes.length == 0) {
      throw new CacheCorruptException("payload is garbled: empty " + what);
    }
    return bytes;
  }

  private BigDecimal readBigDecimal() {
    int scale = in.readInt("BigDecimal scale");
    return new BigDecimal(
        new BigInteger(nonEmpty(in.readBytes("BigDecimal"), "BigDecimal")), scale);
  }

  private int[] readIntArray() {
    int[] a = new int[in.readCount("int[]", 4)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readInt("int[]");
    }
    return a;
  }

  private long[] readLongArray() {
    long[] a = new long[in.readCount("long[]", 8)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readLong("long[]");
    }
    return a;
  }

  private double[] readDoubleArray() {
    double[] a = new double[in.readCount("double[]", 8)];
    for (int i = 0; i < a.length; i++) {
      a[i] = Double.longBitsToDouble(in.readLong("double[]"));
    }
    return a;
  }

  private boolean[] readBooleanArray() {
    boolean[] a = new boolean[in.readCount("boolean[]", 1)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readBoolean("boolean[]");
    }
    return a;
  }

  private Object readObjectArray(Class<?> expected) {
    String componentName = in.readString("array component type");
    Class<?> component = resolve(componentName, expected.getComponentType());
    int n = in.readCount("array element", 1);
    Object array = Array.newInstance(component, n);
    for (int i = 0; i < n; i++) {
      Array.set(array, i, read(component));
    }
    return array;
  }

  private List<Object> readList() {
    int n = in.readCount("list element", 1);
    List<Object> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(read(Object.class));
    }
    return list;
  }

  private Set<Object> readSet() {
    int n = in.readCount("set element", 1);
    Set<Object> set = new LinkedHashSet<>(Math.max(16, (int) (n / 0.75f) + 1));
    for (int i = 0; i < n; i++) {
      set.add(read(Object.class));
    }
    return set;
  }

  private Map<Object, Object> readMap() {
    int n = in.readCount("map entry", 2);
    Map<Object, Object> map = new LinkedHashMap<>(Math.max(16, (int) (n / 0.75f) + 1));
    for (int i = 0; i < n; i++) {
      Object key = read(Object.class);
      map.put(key, read(Object.class));
    }
    return map;
  }

  private Object readEnum(Class<?> expected) {
    String className = in.readString("enum class");
    String name = in.readString("enum constant");
    Class<?> type = resolve(className, expected);
    if (!type.isEnum()) {
      throw new CacheCorruptException(
          "payload names enum " + className + ", which is no longer an enum; the entry is stale");
    }
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new CacheCorruptException(
        "payload holds enum constant "
            + className
            + "."
            + name
            + ", which no longer exists; the entry is stale");
  }

  private Object readRecord(Class<?> expected) {
    String className = in.readString("record class");
    Class<?> type = resolve(className, expected);
    if (!type.isRecord()) {
      throw new CacheCorruptException(
          "payload names record "
              + className
              + ", which is no longer a record; the entry is stale");
    }
    Records.Shape shape = Records.shape(type);
    int n = in.readCount("record component", 2);
    List<String> stored = new ArrayList<>(n);
    Object[] args = new Object[n];
    for (int i = 0; i < n; i++) {
      stored.add(in.readString("record component name"));
      if (i >= shape.names.size() || !shape.names.get(i).equals(stored.get(i))) {
        break;
      }
      args[i] = read(shape.types[i]);
    }
    if (!stored.equals(shape.names)) {
      throw new CacheCorruptException(
          "record "
              + className
              + " now has components "
              + shape.names
              + " but the payload was written with "
              + (stored.size() == n ? stored : "different ones")
              + "; the record changed since the entry was written, so the entry is stale");
    }
    return shape.construct(args);
  }

  private Class<?> resolve(String name, Class<?> hint) {
    if (hint != null && hint.getName().equals(name)) {
      return hint;
    }
    List<ClassLoader> loaders = new ArrayList<>(3);
    if (declaredLoader != null) {
      loaders.add(declaredLoader);
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    loaders.add(ValueReader.class.getClassLoader());
    for (ClassLoader loader : loaders) {
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader
      }
    }
    throw new CacheCorruptException(
        "payload names class "
            + name
            + ", which no class loader can find (renamed, removed, or defined in another"
            + " notebook session?); the entry is stale and must be recomputed");
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return switch (type.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "char" -> Character.class;
      case "boolean" -> Boolean.class;
      default -> Void.class;
    };
  }
}
