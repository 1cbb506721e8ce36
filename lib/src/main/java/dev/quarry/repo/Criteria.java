package dev.quarry.repo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * How {@link Repository#findBy} compares an attribute with a wanted value, the same in every
 * repository: numbers by numeric value whatever their Java type ({@code Integer 1}, {@code Long 1},
 * {@code double 1.0} and {@code BigDecimal 1.00} are equal; a {@code double} equals the decimal it
 * prints as, so {@code 0.1} equals {@code BigDecimal 0.1}; {@code -0.0} equals {@code 0}; NaN
 * equals NaN), everything else by {@code equals}.
 */
final class Criteria {
  private Criteria() {}

  /**
   * Refuses an unknown attribute, and a value that no value of the attribute's type can equal.
   *
   * @throws IllegalArgumentException saying which attribute and what to pass
   */
  static void check(RecordSchema<?> schema, Map<String, ?> criteria) {
    for (Map.Entry<String, ?> c : criteria.entrySet()) {
      Class<?> type = boxed(schema.attributeType(c.getKey())); // refuses an unknown attribute
      Object value = c.getValue();
      boolean numeric = Number.class.isAssignableFrom(type);
      if (value == null || type.isInstance(value) || (numeric && value instanceof Number)) {
        continue;
      }
      throw new IllegalArgumentException(
          "findBy "
              + schema.type().getSimpleName()
              + "."
              + c.getKey()
              + " = "
              + value
              + ": a "
              + value.getClass().getSimpleName()
              + " never equals a "
              + type.getSimpleName()
              + "; pass a "
              + (numeric ? "number" : type.getSimpleName()));
    }
  }

  /**
   * What a value is compared by: a number's exact value as a {@link BigDecimal} without trailing
   * zeros (NaN and the infinities as {@link Double}), anything else itself.
   *
   * @param value a value or null
   * @return its key, equal to another value's key when findBy calls them equal
   */
  static Object key(Object value) {
    if (!(value instanceof Number n)) {
      return value;
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return d;
      }
      // the decimal the number prints as: 0.1 (a double) is BigDecimal 0.1, 2.5f is 2.5
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    if (n instanceof BigDecimal b) {
      return b.stripTrailingZeros();
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b).stripTrailingZeros();
    }
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue()).stripTrailingZeros();
    }
    try {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    } catch (NumberFormatException e) {
      return n; // a Number type of its own: compared by equals
    }
  }

  /**
   * Whether an attribute's value equals a wanted value's {@link #key}.
   *
   * @param value the attribute's value
   * @param wantedKey the key of the wanted value
   * @return true if findBy calls them equal
   */
  static boolean matches(Object value, Object wantedKey) {
    return java.util.Objects.equals(key(value), wantedKey);
  }

  static Class<?> boxed(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    return t == long.class
        ? Long.class
        : t == int.class
            ? Integer.class
            : t == double.class
                ? Double.class
                : t == boolean.class
                    ? Boolean.class
                    : t == float.class
                        ? Float.class
                        : t == short.class
                            ? Short.class
                            : t == byte.class ? Byte.class : Character.class;
  }
}
