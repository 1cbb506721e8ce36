package dev.quarry.export;

import java.util.Objects;

/**
 * Builds ready {@link BatchExportService}s from the bindings of an {@link ExportRegistry},
 * injecting the settings and a logger named {@code dev.quarry.export.<key>} into every component.
 * Whether the components can be built is checked when the service is created, so a broken binding
 * fails here rather than in the middle of an export.
 */
public final class ExportFactory {
  private final ExportRegistry registry;

  /**
   * A factory over a registry.
   *
   * @param registry where the bindings are
   */
  public ExportFactory(ExportRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * A service for a registered export.
   *
   * @param key the export's key
   * @param settings injected into every component
   * @param <R> the raw item type
   * @return the service
   * @throws ExportError stage REGISTRY if the key is unknown, or CREATE if a component cannot be
   *     built
   */
  public <R> BatchExportService<R> create(ExportKey<R> key, ExportSettings settings) {
    BatchExportBinding<R, ?, ?> binding = registry.binding(key);
    System.Logger logger = System.getLogger(getClass().getPackageName() + "." + key.name());
    // Build the components once, unused, to fail now if they cannot be built.
    binding.newFormatter(settings, logger);
    binding.newWriter(settings, logger).close();
    return new BatchExportService<>(binding, settings, logger);
  }
}
