package dev.quarry.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Any Tablesaw table to and from a single Parquet file, with the store's column mapping, page
 * checksums and corruption checks (see the store's {@code ParquetFiles}): used by the export
 * pipeline and available to notebooks. The same table always gives the same bytes.
 */
public final class ParquetTables {
  private ParquetTables() {}

  /**
   * Writes {@code table} as one complete Parquet file to {@code out}; flushes, does not close. The
   * bytes reach {@code out} as Parquet completes each row group; only what the writer adds when
   * closing (the last row group, up to Parquet's default 128 MiB, and the footer) is held in
   * memory, so that the footer can be put in a canonical order. If {@code out} fails, nothing more
   * is written to it.
   *
   * @param table the table; every column a built-in Tablesaw column type
   * @param out where the bytes go
   * @param compression codec of the data pages
   * @throws IOException if the stream fails
   * @throws IllegalArgumentException naming the column if a column type has no Parquet mapping
   */
  public static void write(Table table, OutputStream out, Compression compression)
      throws IOException {
    ParquetFiles.write(table, out, compression);
  }

  /**
   * Reads a Parquet file into a table named after the file.
   *
   * @param file the file
   * @param columns the columns to read, in this order; none for all
   * @return the table
   * @throws StoreException naming the file if it is missing, corrupt or lacks a column
   */
  public static Table read(Path file, String... columns) {
    return ParquetFiles.read(file, List.of(columns));
  }
}
