package dev.quarry.export;

import dev.quarry.store.Compression;
import dev.quarry.store.ParquetTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import tech.tablesaw.api.Table;

/**
 * Encodes one table as one Parquet file (tablesaw-parquet, the store's column mapping: instants as
 * INT64 UTC milliseconds, page checksums; see {@link ParquetTables}). The compression is the option
 * {@code compression} ({@code snappy}, default, {@code zstd} or {@code gzip}). A Parquet file holds
 * one table: a second batch is refused; no batch at all is refused too, since a file without
 * columns says nothing.
 */
public class ParquetTableCore extends BatchWriterCore<Table, byte[]> {
  /** A Parquet core. */
  public ParquetTableCore() {}

  @Override
  protected byte[] doEncode(Table table) {
    if (state() == State.ENCODED) {
      throw new IllegalStateException(
          "a Parquet artifact holds one table; append the batches into one table first");
    }
    Compression compression =
        settings().option("compression").map(Compression::parse).orElse(Compression.SNAPPY);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try {
      ParquetTables.write(table, bytes, compression);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  protected byte[] doFinishEmpty() {
    throw new IllegalStateException(
        "no table was written, and a Parquet file needs one (even an empty table has columns)");
  }
}
