package dev.quarry.dag.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tech.tablesaw.api.Table;

/**
 * The static half of {@link ValueCodec#supports(Class)}: can a value declared as this type be
 * stored? Containers ({@code Object}, {@code List}, {@code Set}, {@code Map}, {@code Collection},
 * {@code Optional}) say yes here; their content is checked when a value is encoded.
 */
final class StorableTypes {
  private static final Set<Class<?>> LEAVES =
      Set.of(
          String.class,
          Integer.class,
          Long.class,
          Double.class,
          Float.class,
          Short.class,
          Byte.class,
          Boolean.class,
          Character.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          Duration.class,
          ZonedDateTime.class,
          Table.class,
          java.nio.file.Path.class,
          Object.class,
          Optional.class,
          byte[].class,
          int[].class,
          long[].class,
          double[].class,
          boolean[].class);

  private StorableTypes() {}

  /** Returns why a value declared as {@code type} cannot be stored, or empty if it can. */
  static Optional<String> explain(Class<?> type) {
    return explain(type, "", new HashSet<>());
  }

  private static Optional<String> explain(Class<?> type, String path, Set<Class<?>> visiting) {
    if (isLeaf(type)) {
      return Optional.empty();
    }
    if (type.isArray() && !type.getComponentType().isPrimitive()) {
      return explain(type.getComponentType(), path.isEmpty() ? "array" : path + "[]", visiting);
    }
    if (type.isRecord()) {
      if (!visiting.add(type)) {
        return Optional.empty(); // recursive record: its components are being checked already
      }
      String prefix = path.isEmpty() ? "record " + type.getSimpleName() : path;
      Records.Shape shape = Records.shape(type);
      for (int i = 0; i < shape.names.size(); i++) {
        Optional<String> reason =
            explain(shape.types[i], prefix + "." + shape.names.get(i), visiting);
        if (reason.isPresent()) {
          return reason;
        }
      }
      return Optional.empty();
    }
    String where = path.isEmpty() ? "" : path + ": ";
    return Optional.of(
        where
            + "type "
            + type.getName()
            + " cannot be stored in the cache ("
            + Tags.STORABLE_SUPPORTED
            + ")");
  }

  private static boolean isLeaf(Class<?> type) {
    return (type.isPrimitive() && type != void.class)
        || LEAVES.contains(type)
        || (Enum.class.isAssignableFrom(type) && type != Enum.class)
        || isContainer(type, Collection.class, ArrayList.class)
        || isContainer(type, Set.class, LinkedHashSet.class)
        || isContainer(type, Map.class, LinkedHashMap.class);
  }

  /** A container type the decoder's concrete class can stand in for, such as List or HashMap. */
  private static boolean isContainer(Class<?> type, Class<?> family, Class<?> decoded) {
    return family.isAssignableFrom(type) && type.isAssignableFrom(decoded);
  }
}
