package dev.quarry.store;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link BarStore#write} did.
 *
 * @param dataset the dataset written
 * @param mode the write mode
 * @param rowsIn rows given to the write
 * @param rowsAdded rows whose timestamps were new to the dataset
 * @param rowsReplaced stored rows replaced (upsert; for replace, every row that was stored)
 * @param duplicatesDropped rows dropped as exact duplicates (deduplicate)
 * @param partitionsWritten files written, relative to the dataset folder
 * @param partitionsDeleted files deleted (replace), relative to the dataset folder
 * @param info the registry entry after the write
 */
public record WriteResult(
    DatasetId dataset,
    WriteMode mode,
    int rowsIn,
    int rowsAdded,
    int rowsReplaced,
    int duplicatesDropped,
    List<String> partitionsWritten,
    List<String> partitionsDeleted,
    DatasetInfo info) {
  /** Copies the lists. */
  public WriteResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(mode, "mode");
    partitionsWritten = List.copyOf(partitionsWritten);
    partitionsDeleted = List.copyOf(partitionsDeleted);
    Objects.requireNonNull(info, "info");
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%s %s: %,d rows in, %,d added, %,d replaced, %,d duplicates dropped; %d files written,"
            + " %d deleted; dataset now %,d rows in %d files",
        mode,
        dataset,
        rowsIn,
        rowsAdded,
        rowsReplaced,
        duplicatesDropped,
        partitionsWritten.size(),
        partitionsDeleted.size(),
        info.totalRows(),
        info.totalPartitions());
  }
}
