package dev.quarry.export;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A directory of exports: {@link ExportKey} → {@link BatchExportBinding}, and nothing else — it
 * checks no types (the bindings' generics did), builds nothing (the {@link ExportFactory} does).
 * Registration is programmatic ({@link #register}) or by annotation ({@link #registerAnnotated}); a
 * key registers once. Thread-safe.
 */
public final class ExportRegistry {
  private final Map<String, Entry<?>> bindings = new LinkedHashMap<>();

  private record Entry<R>(ExportKey<R> key, BatchExportBinding<R, ?, ?> binding) {}

  /** An empty registry. */
  public ExportRegistry() {}

  /**
   * Registers a binding.
   *
   * @param key its key
   * @param binding the binding
   * @param <R> the raw item type
   * @return this registry
   * @throws ExportError stage REGISTRY if the key's name is already registered
   */
  public synchronized <R> ExportRegistry register(
      ExportKey<R> key, BatchExportBinding<R, ?, ?> binding) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(binding, "binding");
    requireFree(key.name());
    bindings.put(key.name(), new Entry<>(key, binding));
    return this;
  }

  private void requireFree(String name) {
    if (bindings.containsKey(name)) {
      throw new ExportError(
          ExportStage.REGISTRY,
          "ExportRegistry",
          "the key '"
              + name
              + "' is already registered; choose another name or use the registered binding",
          null);
    }
  }

  /**
   * Registers every static field and static no-argument method of {@code holder} annotated with
   * {@link Export}, in name order: all of them, or none if one is refused.
   *
   * @param holder the class holding the bindings
   * @return this registry
   * @throws ExportError stage REGISTRY if a member is not a static {@code BatchExportBinding} whose
   *     first type argument is the annotation's {@code raw}, or a key is taken
   */
  public ExportRegistry registerAnnotated(Class<?> holder) {
    Objects.requireNonNull(holder, "holder");
    List<AccessibleObject> members = new ArrayList<>();
    members.addAll(List.of(holder.getDeclaredFields()));
    members.addAll(List.of(holder.getDeclaredMethods()));
    members.sort(Comparator.comparing(m -> ((Member) m).getName()));
    List<Entry<?>> found = new ArrayList<>();
    for (AccessibleObject member : members) {
      Export export = member.getAnnotation(Export.class);
      if (export != null) {
        found.add(entryOf(holder, (Member) member, export));
      }
    }
    if (found.isEmpty()) {
      throw new ExportError(
          ExportStage.REGISTRY,
          "ExportRegistry",
          holder.getName() + " has no member annotated @Export; annotate its static bindings",
          null);
    }
    // All or nothing: a holder refused halfway must not leave some of its keys taken.
    synchronized (this) {
      Map<String, Entry<?>> added = new LinkedHashMap<>();
      for (Entry<?> entry : found) {
        requireFree(entry.key().name());
        if (added.put(entry.key().name(), entry) != null) {
          throw new ExportError(
              ExportStage.REGISTRY,
              "ExportRegistry",
              "the key '"
                  + entry.key().name()
                  + "' is already registered by another member of "
                  + holder.getName()
                  + "; give each binding its own key",
              null);
        }
      }
      bindings.putAll(added);
    }
    return this;
  }

  private Entry<?> entryOf(Class<?> holder, Member member, Export export) {
    String where = holder.getName() + "." + member.getName();
    Type type =
        member instanceof Field f ? f.getGenericType() : ((Method) member).getGenericReturnType();
    boolean isStatic = Modifier.isStatic(member.getModifiers());
    boolean noArgs = !(member instanceof Method m) || m.getParameterCount() == 0;
    if (!isStatic
        || !noArgs
        || !(type instanceof ParameterizedType p)
        || p.getRawType() != BatchExportBinding.class) {
      throw new ExportError(
          ExportStage.REGISTRY,
          "ExportRegistry",
          where
              + " is annotated @Export but is not a static field or no-argument method of type"
              + " BatchExportBinding<R, F, E>",
          null);
    }
    Type raw = p.getActualTypeArguments()[0];
    Type rawClass = raw instanceof ParameterizedType pr ? pr.getRawType() : raw;
    if (rawClass != export.raw()) {
      throw new ExportError(
          ExportStage.REGISTRY,
          "ExportRegistry",
          where
              + " binds raw items of type "
              + raw.getTypeName()
              + " but its @Export says raw = "
              + export.raw().getName()
              + "; make them agree",
          null);
    }
    Object binding;
    try {
      ((AccessibleObject) member).setAccessible(true);
      binding = member instanceof Field f ? f.get(null) : ((Method) member).invoke(null);
    } catch (InvocationTargetException e) {
      throw new ExportError(
          ExportStage.REGISTRY, "ExportRegistry", where + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExportError(
          ExportStage.REGISTRY, "ExportRegistry", where + " cannot be read: " + e, e);
    }
    if (binding == null) {
      throw new ExportError(
          ExportStage.REGISTRY, "ExportRegistry", where + " is null; give it a binding", null);
    }
    return entryUnchecked(
        ExportKey.of(export.key(), export.raw()), (BatchExportBinding<?, ?, ?>) binding);
  }

  @SuppressWarnings("unchecked") // checked above: the binding's R is the key's raw type
  private static <R> Entry<R> entryUnchecked(
      ExportKey<R> key, BatchExportBinding<?, ?, ?> binding) {
    return new Entry<>(key, (BatchExportBinding<R, ?, ?>) binding);
  }

  /**
   * The binding of a key.
   *
   * @param key the key
   * @param <R> the raw item type
   * @return the binding
   * @throws ExportError stage REGISTRY naming the registered keys if there is none, or if the key
   *     was registered with another raw type
   */
  @SuppressWarnings("unchecked") // the raw type is compared below
  public synchronized <R> BatchExportBinding<R, ?, ?> binding(ExportKey<R> key) {
    Entry<?> entry = bindings.get(Objects.requireNonNull(key, "key").name());
    if (entry == null) {
      throw new ExportError(
          ExportStage.REGISTRY,
          "ExportRegistry",
          "no export is registered under '" + key.name() + "'; registered: " + bindings.keySet(),
          null);
    }
    if (entry.key().rawType() != key.rawType()) {
      throw new ExportError(
          ExportStage.REGISTRY,
          "ExportRegistry",
          "'"
              + key.name()
              + "' exports "
              + entry.key().rawType().getName()
              + " items, not "
              + key.rawType().getName(),
          null);
    }
    return (BatchExportBinding<R, ?, ?>) entry.binding();
  }

  /**
   * The registered keys, in registration order.
   *
   * @return the keys
   */
  public synchronized List<ExportKey<?>> keys() {
    List<ExportKey<?>> keys = new ArrayList<>();
    bindings.values().forEach(e -> keys.add(e.key()));
    return keys;
  }
}
