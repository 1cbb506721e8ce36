package dev.quarry.io;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Quarry keeps its data: {@code $QUARRY_HOME}, or {@code ~/.quarry} when unset.
 *
 * <p>Layout (SPEC section 8): {@code store/} for the Parquet store and its {@code catalog.json},
 * {@code runs/<run-id>/} for backtest results, {@code cache/} for the pipeline checkpoint cache.
 */
public final class QuarryHome {
  /** The environment variable that overrides the default data home. */
  public static final String ENV = "QUARRY_HOME";

  private QuarryHome() {}

  /**
   * Returns the data home for the current process environment.
   *
   * @return an absolute, normalised path (not necessarily existing)
   */
  public static Path root() {
    return root(System.getenv(), System.getProperty("user.home"));
  }

  static Path root(Map<String, String> env, String userHome) {
    String configured = env.get(ENV);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    return Path.of(userHome, ".quarry").toAbsolutePath().normalize();
  }

  /**
   * Returns the pipeline checkpoint cache folder, {@code $QUARRY_HOME/cache}.
   *
   * @return the cache folder path
   */
  public static Path cache() {
    return root().resolve("cache");
  }

  /**
   * Returns the Parquet store folder, {@code $QUARRY_HOME/store}.
   *
   * @return the store folder path
   */
  public static Path store() {
    return root().resolve("store");
  }

  /**
   * Returns the run results folder, {@code $QUARRY_HOME/runs}.
   *
   * @return the runs folder path
   */
  public static Path runs() {
    return root().resolve("runs");
  }
}
