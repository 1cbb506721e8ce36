package dev.quarry.export;

import java.lang.System.Logger;
import java.util.Objects;

/**
 * What formatters, writer cores and sinks share: the settings and the logger the {@link
 * ExportFactory} injects, and a name for error messages.
 */
public abstract class ExportComponent {
  private ExportSettings settings = ExportSettings.none();
  private Logger logger = System.getLogger(getClass().getName());

  /** For subclasses. */
  protected ExportComponent() {}

  /** Called by the factory before the component is used. */
  final void inject(ExportSettings newSettings, Logger newLogger) {
    this.settings = Objects.requireNonNull(newSettings, "settings");
    this.logger = Objects.requireNonNull(newLogger, "logger");
  }

  /**
   * The settings injected by the factory ({@link ExportSettings#none()} if built by hand).
   *
   * @return the settings
   */
  protected final ExportSettings settings() {
    return settings;
  }

  /**
   * The logger injected by the factory (named after the class if built by hand).
   *
   * @return the logger
   */
  protected final Logger logger() {
    return logger;
  }

  /**
   * How errors name this component; sinks add their target.
   *
   * @return the name
   */
  public String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  @Override
  public String toString() {
    return name();
  }
}
