package dev.quarry.dag.cache;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Reflective access to a record class's components and canonical constructor, looked up once per
 * class. Non-public records (a record declared inside a notebook cell or a test) are made
 * accessible; a record in a module that does not open its package cannot be, and is reported.
 */
final class Records {
  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return Shape.of(type);
        }
      };

  private Records() {}

  /** The components of a record class, or the reason they cannot be accessed. */
  static Shape shape(Class<?> recordClass) {
    return SHAPES.get(recordClass);
  }

  /** A record class's components, accessors and canonical constructor. */
  static final class Shape {
    final Class<?> type;
    final List<String> names;
    final Class<?>[] types;
    private final Method[] accessors;
    private final Constructor<?> constructor;
    private final String inaccessible;

    private Shape(
        Class<?> type,
        List<String> names,
        Class<?>[] types,
        Method[] accessors,
        Constructor<?> constructor,
        String inaccessible) {
      this.type = type;
      this.names = names;
      this.types = types;
      this.accessors = accessors;
      this.constructor = constructor;
      this.inaccessible = inaccessible;
    }

    static Shape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
      Class<?>[] types =
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
      Method[] accessors =
          Arrays.stream(components).map(RecordComponent::getAccessor).toArray(Method[]::new);
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        for (Method accessor : accessors) {
          accessor.setAccessible(true);
        }
        return new Shape(type, names, types, accessors, constructor, null);
      } catch (NoSuchMethodException | RuntimeException e) {
        String reason =
            "record "
                + type.getName()
                + " cannot be read reflectively ("
                + e
                + "); make it public or open its package to Quarry";
        return new Shape(type, names, types, accessors, null, reason);
      }
    }

    /** Throws if the record cannot be read or built reflectively. */
    void requireAccessible(String path) throws UnsupportedValueException {
      if (inaccessible != null) {
        throw new UnsupportedValueException(path, inaccessible);
      }
    }

    Object component(Object record, int i) {
      try {
        return accessors[i].invoke(record);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("accessor made accessible but refused: " + accessors[i], e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(
            "accessor " + accessors[i] + " threw; record accessors must not fail", e.getCause());
      }
    }

    Object construct(Object[] args) {
      if (constructor == null) {
        throw new CacheCorruptException(inaccessible);
      }
      try {
        return constructor.newInstance(args);
      } catch (InvocationTargetException e) {
        throw new CacheCorruptException(
            "the canonical constructor of record "
                + type.getName()
                + " rejected the cached components ("
                + e.getCause()
                + "); the record's rules changed since the entry was written",
            e.getCause());
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new CacheCorruptException(
            "cannot rebuild record " + type.getName() + " from cached components: " + e, e);
      }
    }
  }
}
