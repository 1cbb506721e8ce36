package dev.quarry.repo;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a repository sees a record type: its components are the attributes ({@link
 * Repository#findBy}, database columns, JSON fields), {@code long id} is required, and {@code
 * Instant createdAt} / {@code Instant updatedAt} are set by the repository when present.
 *
 * <pre>{@code
 * record Note(long id, String text, Instant createdAt, Instant updatedAt) {}
 * RecordSchema<Note> schema = RecordSchema.of(Note.class);
 * }</pre>
 *
 * @param <T> the record type
 */
public final class RecordSchema<T extends Record> {
  /** The id component's name. */
  public static final String ID = "id";

  /** The creation time component's name. */
  public static final String CREATED_AT = "createdAt";

  /** The update time component's name. */
  public static final String UPDATED_AT = "updatedAt";

  private final Class<T> type;
  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final List<Class<?>> types = new ArrayList<>();
  private final List<Type> genericTypes = new ArrayList<>();
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;
  private final int id;
  private final int createdAt;
  private final int updatedAt;

  private RecordSchema(Class<T> type) {
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    accessors = new MethodHandle[components.length];
    Class<?>[] parameterTypes = new Class<?>[components.length];
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        index.put(c.getName(), i);
        types.add(c.getType());
        genericTypes.add(c.getGenericType());
        parameterTypes[i] = c.getType();
        accessors[i] =
            lookup
                .unreflect(c.getAccessor())
                .asType(MethodType.methodType(Object.class, Record.class));
      }
      constructor =
          lookup
              .findConstructor(type, MethodType.methodType(void.class, parameterTypes))
              .asSpreader(Object[].class, components.length)
              .asType(MethodType.methodType(Record.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          type.getName() + " must be a public record with a public canonical constructor: " + e, e);
    }
    Integer idIndex = index.get(ID);
    if (idIndex == null || types.get(idIndex) != long.class) {
      throw new IllegalArgumentException(
          type.getSimpleName()
              + " needs a 'long id' component for the repository to assign; it has "
              + index.keySet());
    }
    id = idIndex;
    createdAt = timestamp(CREATED_AT);
    updatedAt = timestamp(UPDATED_AT);
  }

  private int timestamp(String name) {
    Integer i = index.get(name);
    if (i == null) {
      return -1;
    }
    if (types.get(i) != Instant.class) {
      throw new IllegalArgumentException(
          type.getSimpleName() + "." + name + " must be an Instant, not " + types.get(i).getName());
    }
    return i;
  }

  /**
   * The schema of a record type.
   *
   * @param type a public record with a {@code long id} component
   * @param <T> the record type
   * @return the schema
   * @throws IllegalArgumentException if the type does not qualify, saying why
   */
  public static <T extends Record> RecordSchema<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    return new RecordSchema<>(type);
  }

  /**
   * The record type.
   *
   * @return the type
   */
  public Class<T> type() {
    return type;
  }

  /**
   * The attributes (component names), in declaration order.
   *
   * @return the names
   */
  public List<String> attributes() {
    return List.copyOf(index.keySet());
  }

  /**
   * An attribute's Java type.
   *
   * @param attribute the name
   * @return its type
   * @throws IllegalArgumentException for an unknown attribute
   */
  public Class<?> attributeType(String attribute) {
    return types.get(position(attribute));
  }

  /**
   * An attribute's declared type with its type arguments ({@code Map<String, Double>}), for reading
   * values such as JSON back with the types the record declares.
   *
   * @param attribute the name
   * @return its generic type
   * @throws IllegalArgumentException for an unknown attribute
   */
  public Type attributeGenericType(String attribute) {
    return genericTypes.get(position(attribute));
  }

  /**
   * An attribute's position among the components.
   *
   * @param attribute the name
   * @return its index
   * @throws IllegalArgumentException naming the attributes there are
   */
  public int position(String attribute) {
    Integer i = index.get(attribute);
    if (i == null) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " has no attribute '" + attribute + "'; it has " + index.keySet());
    }
    return i;
  }

  /**
   * Every component's value, in declaration order.
   *
   * @param item the item
   * @return the values
   */
  public Object[] values(T item) {
    Objects.requireNonNull(item, "item");
    Object[] values = new Object[accessors.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = get(item, i);
    }
    return values;
  }

  /**
   * One attribute's value.
   *
   * @param item the item
   * @param attribute the name
   * @return the value (boxed)
   */
  public Object value(T item, String attribute) {
    return get(item, position(attribute));
  }

  private Object get(T item, int i) {
    try {
      return accessors[i].invokeExact((Record) item);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read " + type.getSimpleName() + " component " + i, e);
    }
  }

  /**
   * A record from its component values, in declaration order.
   *
   * @param values the values
   * @return the record
   * @throws IllegalArgumentException if the values do not fit the components or its constructor
   *     refuses them
   */
  public T create(Object[] values) {
    try {
      return type.cast((Record) constructor.invokeExact(values));
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot make a "
              + type.getSimpleName()
              + " from "
              + java.util.Arrays.toString(values)
              + ": "
              + e.getMessage(),
          e);
    } catch (Throwable e) {
      throw new IllegalStateException("the constructor of " + type.getSimpleName() + " failed", e);
    }
  }

  /**
   * The item's id.
   *
   * @param item the item
   * @return its id
   */
  public long id(T item) {
    return (Long) get(item, id);
  }

  /**
   * The item's creation time, if the type has one.
   *
   * @param item the item
   * @return the time or null
   */
  public Instant createdAt(T item) {
    return createdAt < 0 ? null : (Instant) get(item, createdAt);
  }

  /**
   * A copy with another id and timestamps (those the type has).
   *
   * @param item the item
   * @param newId the id
   * @param created the creation time
   * @param updated the update time
   * @return the copy
   */
  public T stamped(T item, long newId, Instant created, Instant updated) {
    Object[] values = values(item);
    values[id] = newId;
    if (createdAt >= 0) {
      values[createdAt] = created;
    }
    if (updatedAt >= 0) {
      values[updatedAt] = updated;
    }
    return create(values);
  }

  /**
   * The attributes' names and types, for a database table or a description.
   *
   * @return name → type, in declaration order
   */
  public Map<String, Class<?>> columns() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    index.forEach((name, i) -> m.put(name, types.get(i)));
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return type.getSimpleName() + columns().keySet();
  }
}
