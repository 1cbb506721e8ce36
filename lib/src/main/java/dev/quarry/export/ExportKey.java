package dev.quarry.export;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of an export in an {@link ExportRegistry}, typed by the raw items it accepts, so that
 * {@code factory.create(key, ...)} returns a {@code BatchExportService<R>} without casts.
 *
 * <pre>{@code
 * static final ExportKey<Trade> TRADES_CSV = ExportKey.of("trades.csv", Trade.class);
 * }</pre>
 *
 * <p>Keys are equal when their names are; a name is letters, digits, {@code . _ -}.
 *
 * @param <R> the raw item type
 */
public final class ExportKey<R> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final String name;
  private final Class<R> rawType;

  private ExportKey(String name, Class<R> rawType) {
    this.name = name;
    this.rawType = rawType;
  }

  /**
   * A key.
   *
   * @param name the name: letters, digits, {@code . _ -}, at most 100 characters
   * @param rawType the raw item type of the exports registered under it
   * @param <R> the raw item type
   * @return the key
   * @throws IllegalArgumentException if the name is not allowed
   */
  public static <R> ExportKey<R> of(String name, Class<R> rawType) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rawType, "rawType");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "export key '"
              + name
              + "' is not a valid name; use letters, digits, '.', '_' and '-' (at most 100)");
    }
    return new ExportKey<>(name, rawType);
  }

  /**
   * The name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The raw item type.
   *
   * @return the class of raw items
   */
  public Class<R> rawType() {
    return rawType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportKey<?> other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name + " (" + rawType.getSimpleName() + ")";
  }
}
