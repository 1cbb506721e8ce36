package dev.quarry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One Parquet file of a dataset, as the registry records it.
 *
 * @param path the file's path relative to the dataset folder, with {@code /} separators (e.g.
 *     {@code year=2013/month=11/BTC-USD.parquet})
 * @param rows rows in the file
 * @param bytes the file's size
 * @param sha256 the file's SHA-256 (lowercase hex), or null when checksums were not computed
 * @param first the first bar's timestamp
 * @param last the last bar's timestamp
 */
public record PartitionInfo(
    String path, long rows, long bytes, String sha256, Instant first, Instant last) {
  /** Validates the fields. */
  public PartitionInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
  }
}
