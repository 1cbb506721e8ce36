package dev.quarry.store;

/**
 * Totals over the registry ({@link BarStore#quickInventory()}).
 *
 * @param datasets number of datasets
 * @param rows bars over all datasets
 * @param bytes size of all Parquet files
 */
public record Inventory(int datasets, long rows, long bytes) {
  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%d datasets, %,d rows, %.1f MB",
        datasets,
        rows,
        bytes / (1024.0 * 1024.0));
  }
}
