package dev.quarry.context;

import java.lang.reflect.Modifier;
import java.util.Map;

/** Type helpers shared by the context and the pipeline checks. */
public final class Types {
  private static final Map<Class<?>, Class<?>> BOXES =
      Map.of(
          boolean.class, Boolean.class,
          byte.class, Byte.class,
          short.class, Short.class,
          char.class, Character.class,
          int.class, Integer.class,
          long.class, Long.class,
          float.class, Float.class,
          double.class, Double.class,
          void.class, Void.class);

  private Types() {}

  /**
   * Returns the wrapper class of a primitive type, or the type itself.
   *
   * @param type any class
   * @return {@code Integer.class} for {@code int.class}, and so on
   */
  public static Class<?> box(Class<?> type) {
    return BOXES.getOrDefault(type, type);
  }

  /**
   * Tells whether a value declared as {@code provided} can be used where {@code required} is
   * declared.
   *
   * @param required the type a consumer declares
   * @param provided the type a producer declares
   * @return true if every {@code provided} value is a {@code required}
   */
  public static boolean compatible(Class<?> required, Class<?> provided) {
    return box(required).isAssignableFrom(box(provided));
  }

  /**
   * Returns a short, readable name for a type: the simple name, or the full name for anonymous,
   * synthetic and REPL classes whose simple name says nothing.
   *
   * @param type any class
   * @return a display name
   */
  public static String name(Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) && !type.isPrimitive() && !type.isArray()) {
      // A hidden implementation class (sun.nio.fs.UnixPath, an ImmutableCollections list) says
      // less than the public interface it implements (Path, List).
      for (Class<?> face : type.getInterfaces()) {
        if (Modifier.isPublic(face.getModifiers()) && face.getName().startsWith("java.")) {
          return face.getSimpleName();
        }
      }
    }
    String simple = type.getSimpleName();
    if (simple.isEmpty() || type.isSynthetic()) {
      return type.getName();
    }
    return simple;
  }
}
