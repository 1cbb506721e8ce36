package dev.quarry.export;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * A slice of a store's dataset — {@code [start, end)} and some columns — as the raw item of the
 * store's ready exports ({@link TableExports#SLICE_CSV} and others).
 *
 * @param store the store
 * @param dataset the dataset
 * @param start first instant included
 * @param end first instant excluded
 * @param columns the columns, in order; empty for all
 */
public record StoreSlice(
    BarStore store, DatasetId dataset, Instant start, Instant end, List<String> columns) {
  /** Checks the fields and copies the columns. */
  public StoreSlice {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    columns = List.copyOf(columns);
  }

  /**
   * The whole dataset, every column.
   *
   * @param store the store
   * @param dataset the dataset
   * @return the slice
   */
  public static StoreSlice all(BarStore store, DatasetId dataset) {
    return new StoreSlice(store, dataset, Instant.MIN, Instant.MAX, List.of());
  }

  /**
   * Reads the slice from the store.
   *
   * @return the bars, in time order
   */
  public Table read() {
    return store.read(dataset, start, end, columns.toArray(String[]::new));
  }
}
