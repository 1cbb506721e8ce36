package dev.quarry.export;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
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

  /**
   * Reads the slice a month at a time ({@link BarStore#partitionMonths}), handing each month's bars
   * to {@code months} before the next is read, so memory is bounded by a month. The months, in
   * order and appended, are the bars of {@link #read()}; each month is read as one version, so a
   * write during the reading may show in the later months only. Months without bars in the slice
   * are skipped, so a table without rows comes only for an empty slice, alone (the empty table with
   * the right columns). A dataset not stored by month, or a slice that meets none of its months, is
   * read in one go (which gives that empty table, or the store's error).
   *
   * @param months receives each month's bars, in time order
   */
  public void readByMonth(Consumer<? super Table> months) {
    Iterator<Table> each = store.readMonths(dataset, start, end, columns.toArray(String[]::new));
    if (!each.hasNext()) {
      months.accept(read()); // the empty table with the right columns
    }
    each.forEachRemaining(months);
  }
}
