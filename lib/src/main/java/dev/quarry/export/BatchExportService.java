package dev.quarry.export;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The user's side of an export: {@link #export(Iterable)} formats the raw items, then writes,
 * commits and closes through a fresh writer core and sink, so one service can export many times.
 *
 * <p>Guarantees: every failure surfaces as an {@link ExportError} naming the failing stage and
 * component, with the cause attached; the sink is always closed; when {@code export} throws, no
 * artifact was published (for the built-in sinks, and no temp file remains either) — except for an
 * error of stage {@link ExportStage#CLOSE} raised after the commit by a sink's {@code
 * finalizeResources}: the artifact is then complete, only releasing the sink's resources failed.
 * The raw items are read exactly once, so a one-shot {@code Iterable} works. With a formatter that
 * formats each item on its own ({@link BatchFormatter#formatsEachItem}, such as the JSON and CSV
 * exports of {@link TableExports}) and a core that encodes in pieces, each item is formatted,
 * encoded and written before the next is read: an {@code Iterable} of chunks generated on the fly
 * exports with memory bounded by a chunk.
 *
 * <pre>{@code
 * BatchExportService<Table> service = factory.create(TableExports.CSV, ExportSettings.to(path));
 * ExportResult result = service.export(List.of(table));
 * }</pre>
 *
 * @param <R> the raw item type
 */
public final class BatchExportService<R> {
  private final BatchExportBinding<R, ?, ?> binding;
  private final ExportSettings settings;
  private final Logger logger;

  /**
   * A service for a binding.
   *
   * @param binding what to build for each export
   * @param settings injected into every component
   * @param logger injected into every component
   */
  public BatchExportService(
      BatchExportBinding<R, ?, ?> binding, ExportSettings settings, Logger logger) {
    this.binding = Objects.requireNonNull(binding, "binding");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.logger = Objects.requireNonNull(logger, "logger");
  }

  /**
   * A service for a binding, logging under {@code dev.quarry.export}.
   *
   * @param binding what to build for each export
   * @param settings injected into every component
   * @param <R> the raw item type
   * @return the service
   */
  public static <R> BatchExportService<R> of(
      BatchExportBinding<R, ?, ?> binding, ExportSettings settings) {
    return new BatchExportService<>(
        binding, settings, System.getLogger(BatchExportService.class.getPackageName()));
  }

  /**
   * The settings every component gets.
   *
   * @return the settings
   */
  public ExportSettings settings() {
    return settings;
  }

  /**
   * Exports the items as one artifact.
   *
   * @param raw the raw items
   * @return what was produced
   * @throws ExportError if any stage fails; nothing is published then
   */
  public ExportResult export(Iterable<? extends R> raw) {
    return run(binding, raw);
  }

  /**
   * Exports one item (such as one table) as one artifact.
   *
   * @param item the raw item
   * @return what was produced
   * @throws ExportError if any stage fails; nothing is published then
   */
  public ExportResult exportOne(R item) {
    return export(List.of(Objects.requireNonNull(item, "item")));
  }

  private <F, E> ExportResult run(BatchExportBinding<R, F, E> b, Iterable<? extends R> raw) {
    long start = System.nanoTime();
    BatchFormatter<R, F> formatter = b.newFormatter(settings, logger);
    BatchWriter<F, E> writer = b.newWriter(settings, logger);
    int count;
    try (writer) {
      // The sink opens with the first part, so a formatter that formats all items at once fails
      // (or not) before anything is created; a streaming one writes each part as it comes.
      count =
          formatter.formatParts(
              raw,
              part -> {
                if (writer.state() == BatchWriter.State.NEW) {
                  writer.start();
                }
                writer.write(part);
              });
      if (writer.state() == BatchWriter.State.NEW) {
        writer.start();
      }
      writer.commit();
    }
    int items = count;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    logger.log(
        Level.DEBUG, () -> "exported " + items + " items to " + writer.name() + " in " + elapsed);
    return new ExportResult(writer.sinkName(), count, writer.bytesWritten(), elapsed);
  }
}
