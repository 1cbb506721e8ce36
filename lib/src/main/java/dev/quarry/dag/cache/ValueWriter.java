package dev.quarry.dag.cache;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tech.tablesaw.api.Table;

/**
 * Walks a value and writes its canonical, type-tagged encoding, either to feed a fingerprint or to
 * store it. The two modes differ only where identity and storage differ:
 *
 * <ul>
 *   <li>fingerprints: sets and maps are written as the sorted digests of their elements (entries),
 *       so they do not depend on iteration order; NaNs are canonical; a table's name is left out;
 *       files and {@link Fingerprinted} values are accepted;
 *   <li>storage: elements are written in iteration order, which {@link ValueReader} restores;
 *       floating-point values keep their raw bits.
 * </ul>
 *
 * <p>An unsupported part throws {@link UnsupportedValueException} with its path inside the value,
 * such as {@code record Params.model} or {@code list[3]}.
 */
final class ValueWriter {
  private static final int MAX_DEPTH = 256;

  private final boolean forFingerprint;
  private final List<String> path = new ArrayList<>();
  private int depth;

  private ValueWriter(boolean forFingerprint) {
    this.forFingerprint = forFingerprint;
  }

  /** Returns the SHA-256 of the value's fingerprint encoding. */
  static byte[] fingerprint(Object value) throws UnsupportedValueException {
    MessageDigest md = Fingerprints.sha256();
    CanonicalOutput out = CanonicalOutput.into(md, 8192);
    new ValueWriter(true).write(value, out);
    out.flush();
    return md.digest();
  }

  /** Writes the value's storage encoding. */
  static void store(Object value, CanonicalOutput out) throws UnsupportedValueException {
    new ValueWriter(false).write(value, out);
  }

  private String where() {
    return String.join("", path);
  }

  private UnsupportedValueException unsupported(Object value) {
    String what = forFingerprint ? "has no fingerprint" : "cannot be stored in the cache";
    String supported = forFingerprint ? Tags.FINGERPRINT_SUPPORTED : Tags.STORABLE_SUPPORTED;
    String hint = value instanceof Collection<?> ? "; copy it into a List or Set" : "";
    return new UnsupportedValueException(
        where(), "type " + value.getClass().getName() + " " + what + " (" + supported + ")" + hint);
  }

  private void enter(String segment) {
    path.add(segment);
  }

  private void leave() {
    path.remove(path.size() - 1);
  }

  private String label(Object container) {
    if (!path.isEmpty()) {
      return "";
    }
    if (container instanceof Record) {
      return "record " + container.getClass().getSimpleName();
    } else if (container instanceof List<?>) {
      return "list";
    } else if (container instanceof Set<?>) {
      return "set";
    } else if (container instanceof Map<?, ?>) {
      return "map";
    } else if (container instanceof Optional<?>) {
      return "optional";
    }
    return "array";
  }

  void write(Object value, CanonicalOutput out) throws UnsupportedValueException {
    if (value == null) {
      out.writeByte(Tags.NULL);
      return;
    }
    if (depth >= MAX_DEPTH) {
      throw new UnsupportedValueException(
          where(),
          "value is nested deeper than "
              + MAX_DEPTH
              + " levels (a collection that contains itself?)");
    }
    depth++;
    try {
      if (!writeScalar(value, out) && !writeArray(value, out) && !writeComposite(value, out)) {
        throw unsupported(value);
      }
    } finally {
      depth--;
    }
  }

  private boolean writeScalar(Object value, CanonicalOutput out) {
    if (value instanceof String s) {
      out.writeByte(Tags.STRING);
      out.writeString(s);
    } else if (value instanceof Boolean v) {
      out.writeByte(Tags.BOOLEAN);
      out.writeBoolean(v);
    } else if (value instanceof Character v) {
      out.writeByte(Tags.CHAR);
      out.writeShort(v);
    } else if (value instanceof Enum<?> v) {
      out.writeByte(Tags.ENUM);
      out.writeString(v.getDeclaringClass().getName());
      out.writeString(v.name());
    } else if (value instanceof UUID v) {
      out.writeByte(Tags.UUID);
      out.writeLong(v.getMostSignificantBits());
      out.writeLong(v.getLeastSignificantBits());
    } else {
      return writeNumber(value, out) || writeTime(value, out);
    }
    return true;
  }

  private boolean writeNumber(Object value, CanonicalOutput out) {
    if (value instanceof Integer v) {
      out.writeByte(Tags.INT);
      out.writeInt(v);
    } else if (value instanceof Long v) {
      out.writeByte(Tags.LONG);
      out.writeLong(v);
    } else if (value instanceof Double v) {
      out.writeByte(Tags.DOUBLE);
      out.writeLong(forFingerprint ? Double.doubleToLongBits(v) : Double.doubleToRawLongBits(v));
    } else if (value instanceof Float v) {
      out.writeByte(Tags.FLOAT);
      out.writeInt(forFingerprint ? Float.floatToIntBits(v) : Float.floatToRawIntBits(v));
    } else if (value instanceof Short v) {
      out.writeByte(Tags.SHORT);
      out.writeShort(v);
    } else if (value instanceof Byte v) {
      out.writeByte(Tags.BYTE);
      out.writeByte(v);
    } else if (value instanceof BigDecimal v) {
      out.writeByte(Tags.BIG_DECIMAL);
      out.writeInt(v.scale());
      out.writeBytes(v.unscaledValue().toByteArray());
    } else if (value instanceof BigInteger v) {
      out.writeByte(Tags.BIG_INTEGER);
      out.writeBytes(v.toByteArray());
    } else {
      return false;
    }
    return true;
  }

  private static boolean writeTime(Object value, CanonicalOutput out) {
    if (value instanceof Instant v) {
      out.writeByte(Tags.INSTANT);
      out.writeLong(v.getEpochSecond());
      out.writeInt(v.getNano());
    } else if (value instanceof LocalDate v) {
      out.writeByte(Tags.LOCAL_DATE);
      out.writeLong(v.toEpochDay());
    } else if (value instanceof LocalDateTime v) {
      out.writeByte(Tags.LOCAL_DATE_TIME);
      out.writeLong(v.toLocalDate().toEpochDay());
      out.writeLong(v.toLocalTime().toNanoOfDay());
    } else if (value instanceof LocalTime v) {
      out.writeByte(Tags.LOCAL_TIME);
      out.writeLong(v.toNanoOfDay());
    } else if (value instanceof Duration v) {
      out.writeByte(Tags.DURATION);
      out.writeLong(v.getSeconds());
      out.writeInt(v.getNano());
    } else if (value instanceof ZonedDateTime v) {
      out.writeByte(Tags.ZONED_DATE_TIME);
      out.writeLong(v.toLocalDate().toEpochDay());
      out.writeLong(v.toLocalTime().toNanoOfDay());
      out.writeInt(v.getOffset().getTotalSeconds());
      out.writeString(v.getZone().getId());
    } else {
      return false;
    }
    return true;
  }

  private boolean writeArray(Object value, CanonicalOutput out) throws UnsupportedValueException {
    if (value instanceof byte[] a) {
      out.writeByte(Tags.BYTE_ARRAY);
      out.writeBytes(a);
    } else if (value instanceof int[] a) {
      out.writeByte(Tags.INT_ARRAY);
      out.writeInt(a.length);
      for (int v : a) {
        out.writeInt(v);
      }
    } else if (value instanceof long[] a) {
      out.writeByte(Tags.LONG_ARRAY);
      out.writeInt(a.length);
      for (long v : a) {
        out.writeLong(v);
      }
    } else if (value instanceof double[] a) {
      out.writeByte(Tags.DOUBLE_ARRAY);
      out.writeInt(a.length);
      for (double v : a) {
        out.writeLong(forFingerprint ? Double.doubleToLongBits(v) : Double.doubleToRawLongBits(v));
      }
    } else if (value instanceof boolean[] a) {
      out.writeByte(Tags.BOOLEAN_ARRAY);
      out.writeInt(a.length);
      for (boolean v : a) {
        out.writeBoolean(v);
      }
    } else if (value instanceof Object[] a) {
      out.writeByte(Tags.OBJECT_ARRAY);
      out.writeString(a.getClass().getComponentType().getName());
      out.writeInt(a.length);
      writeSequence(value, Arrays.asList(a), out);
    } else {
      return false;
    }
    return true;
  }

  private boolean writeComposite(Object value, CanonicalOutput out)
      throws UnsupportedValueException {
    if (forFingerprint && value instanceof Fingerprinted f) {
      writeFingerprinted(f, out);
    } else if (value instanceof List<?> list) {
      out.writeByte(Tags.LIST);
      out.writeInt(list.size());
      writeSequence(value, list, out);
    } else if (value instanceof Set<?> set) {
      out.writeByte(Tags.SET);
      writeSet(set, out);
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte(Tags.MAP);
      writeMap(map, out);
    } else if (value instanceof Optional<?> optional) {
      out.writeByte(Tags.OPTIONAL);
      out.writeBoolean(optional.isPresent());
      if (optional.isPresent()) {
        enter(label(optional) + ".get()");
        write(optional.get(), out);
        leave();
      }
    } else if (value instanceof Record record) {
      writeRecord(record, out);
    } else if (value instanceof Table table) {
      out.writeByte(Tags.TABLE);
      TableEncoding.write(table, out, forFingerprint, where());
    } else if (forFingerprint && value instanceof Path p) {
      FileContent.write(p, out, where());
    } else if (value instanceof Path p) {
      if (depth > 1) {
        // Only a whole output can be checked against its file when restored (Checkpoints).
        throw new UnsupportedValueException(
            where(), "a file path can be stored only as a node's whole output, not nested in one");
      }
      out.writeByte(Tags.PATH);
      out.writeString(p.toAbsolutePath().normalize().toString());
    } else if (forFingerprint && value instanceof File f) {
      FileContent.write(f.toPath(), out, where());
    } else {
      return false;
    }
    return true;
  }

  private void writeFingerprinted(Fingerprinted value, CanonicalOutput out) {
    String fingerprint = value.fingerprint();
    if (fingerprint == null) {
      throw new NullPointerException(
          value.getClass().getName()
              + ".fingerprint() returned null; return a string that changes whenever the value"
              + " changes");
    }
    out.writeByte(Tags.FINGERPRINTED);
    out.writeString(value.getClass().getName());
    out.writeString(fingerprint);
  }

  private void writeSequence(Object container, Collection<?> items, CanonicalOutput out)
      throws UnsupportedValueException {
    String label = label(container);
    int i = 0;
    int expected = items.size();
    for (Object item : items) {
      enter(label + "[" + i + "]");
      write(item, out);
      leave();
      i++;
    }
    if (i != expected) {
      throw new ConcurrentModificationException(
          "collection changed size while being encoded (from " + expected + " to " + i + ")");
    }
  }

  private void writeSet(Set<?> set, CanonicalOutput out) throws UnsupportedValueException {
    String label = label(set);
    if (!forFingerprint) {
      out.writeInt(set.size());
      writeSequence(set, set, out);
      return;
    }
    Digests digests = new Digests(set.size());
    for (Object item : set) {
      enter(label + "{element}");
      write(item, digests.out);
      leave();
      digests.finishOne();
    }
    digests.writeSorted(out);
  }

  private void writeMap(Map<?, ?> map, CanonicalOutput out) throws UnsupportedValueException {
    String label = label(map);
    if (forFingerprint) {
      Digests digests = new Digests(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeEntry(label, e, digests.out);
        digests.finishOne();
      }
      digests.writeSorted(out);
    } else {
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeEntry(label, e, out);
      }
    }
  }

  private void writeEntry(String label, Map.Entry<?, ?> e, CanonicalOutput out)
      throws UnsupportedValueException {
    enter(label + "{key " + shortText(e.getKey()) + "}");
    write(e.getKey(), out);
    leave();
    enter(label + "[" + shortText(e.getKey()) + "]");
    write(e.getValue(), out);
    leave();
  }

  private static String shortText(Object key) {
    String text = key instanceof String s ? '"' + s + '"' : String.valueOf(key);
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private void writeRecord(Record record, CanonicalOutput out) throws UnsupportedValueException {
    Records.Shape shape = Records.shape(record.getClass());
    String label = label(record);
    shape.requireAccessible(where());
    out.writeByte(Tags.RECORD);
    out.writeString(record.getClass().getName());
    out.writeInt(shape.names.size());
    for (int i = 0; i < shape.names.size(); i++) {
      String name = shape.names.get(i);
      out.writeString(name);
      enter(label + "." + name);
      write(shape.component(record, i), out);
      leave();
    }
  }

  /** Digests of a set's elements or a map's entries, sorted so iteration order cannot matter. */
  private static final class Digests {
    private final MessageDigest md = Fingerprints.sha256();
    final CanonicalOutput out = CanonicalOutput.into(md, 256);
    private final List<byte[]> done;

    Digests(int expected) {
      done = new ArrayList<>(expected);
    }

    void finishOne() {
      out.flush();
      done.add(md.digest());
    }

    void writeSorted(CanonicalOutput target) {
      done.sort(Arrays::compareUnsigned);
      target.writeInt(done.size());
      for (byte[] d : done) {
        target.writeRaw(d, 0, d.length);
      }
    }
  }
}
