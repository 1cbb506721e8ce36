package dev.quarry.export;

import java.time.Duration;
import java.util.Objects;

/**
 * What one successful export produced.
 *
 * @param artifact the sink's name for the artifact, such as {@code AtomicFileSink(out/bars.csv)}
 * @param items the number of raw items exported
 * @param bytes the bytes the sink wrote, or -1 if the sink does not count them
 * @param elapsed wall time from formatting to commit
 */
public record ExportResult(String artifact, int items, long bytes, Duration elapsed) {
  /** Checks the fields. */
  public ExportResult {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
