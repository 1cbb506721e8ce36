package dev.quarry.export;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the {@link ExportFactory} injects into every component of a binding: the target of the
 * artifact (for file and directory sinks) and named options ({@code columns}, {@code compression},
 * ...). Immutable; the {@code with...} methods return copies.
 *
 * <pre>{@code
 * ExportSettings settings = ExportSettings.to(Path.of("out/bars.csv")).with("columns", "timestamp,close");
 * }</pre>
 */
public final class ExportSettings {
  private static final ExportSettings NONE = new ExportSettings(null, Map.of());

  private final Path target;
  private final Map<String, String> options;

  private ExportSettings(Path target, Map<String, String> options) {
    this.target = target;
    this.options = options;
  }

  /**
   * No target and no options.
   *
   * @return the empty settings
   */
  public static ExportSettings none() {
    return NONE;
  }

  /**
   * Settings with a target.
   *
   * @param target the file or directory the artifact becomes
   * @return the settings
   */
  public static ExportSettings to(Path target) {
    return NONE.withTarget(target);
  }

  /**
   * A copy with another target.
   *
   * @param newTarget the file or directory the artifact becomes
   * @return the copy
   */
  public ExportSettings withTarget(Path newTarget) {
    return new ExportSettings(Objects.requireNonNull(newTarget, "target"), options);
  }

  /**
   * A copy with one more option (replacing one of the same name).
   *
   * @param name the option's name
   * @param value its value
   * @return the copy
   */
  public ExportSettings with(String name, String value) {
    Map<String, String> copy = new TreeMap<>(options);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new ExportSettings(target, Map.copyOf(copy));
  }

  /**
   * The target.
   *
   * @return the target
   * @throws IllegalStateException naming the fix if no target was set
   */
  public Path target() {
    if (target == null) {
      throw new IllegalStateException(
          "these export settings have no target; create them with ExportSettings.to(path)");
    }
    return target;
  }

  /**
   * The target, if set.
   *
   * @return the target or empty
   */
  public Optional<Path> targetIfSet() {
    return Optional.ofNullable(target);
  }

  /**
   * An option.
   *
   * @param name the option's name
   * @return its value, or empty
   */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /**
   * Every option, sorted by name.
   *
   * @return the options
   */
  public Map<String, String> options() {
    return new TreeMap<>(options);
  }

  @Override
  public String toString() {
    return "ExportSettings[target=" + target + ", options=" + options() + "]";
  }
}
