package dev.quarry.export;

import dev.quarry.store.Compression;
import dev.quarry.store.ParquetTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * Encodes one table as one Parquet file (tablesaw-parquet, the store's column mapping: instants as
 * INT64 UTC milliseconds, page checksums; see {@link ParquetTables}). The compression is the option
 * {@code compression} ({@code snappy}, default, {@code zstd} or {@code gzip}). A Parquet file holds
 * one table: a second batch is refused; no batch at all is refused too, since a file without
 * columns says nothing. Through a {@link BatchWriter} the file is handed on in pieces of at most 1
 * MiB as Parquet writes it: the export holds no array of the whole file, only one piece and what
 * the Parquet writer keeps until it closes (its last row group and the footer; see {@link
 * ParquetTables#write}). The pieces together are the bytes {@link #doEncode} gives.
 */
public class ParquetTableCore extends BatchWriterCore<Table, byte[]> {
  /** The largest piece {@link #doEncodeParts} hands on: 1 MiB. */
  static final int PIECE_BYTES = 1 << 20;

  /** A Parquet core. */
  public ParquetTableCore() {}

  @Override
  protected byte[] doEncode(Table table) {
    refuseSecondTable();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    write(table, bytes);
    return bytes.toByteArray();
  }

  /**
   * Writes the file through a {@link #PIECE_BYTES} buffer, handing on a copy each time it fills.
   */
  @Override
  protected void doEncodeParts(Table table, Consumer<? super byte[]> parts) {
    refuseSecondTable();
    Pieces pieces = new Pieces(parts);
    write(table, pieces);
    pieces.flush();
  }

  private void refuseSecondTable() {
    if (state() == State.ENCODED) {
      throw new IllegalStateException(
          "a Parquet artifact holds one table; append the batches into one table first");
    }
  }

  private void write(Table table, OutputStream out) {
    Compression compression =
        settings().option("compression").map(Compression::parse).orElse(Compression.SNAPPY);
    try {
      ParquetTables.write(table, out, compression);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A stream that hands its bytes on in pieces: a copy of its buffer whenever the buffer is full,
   * and of what it holds on {@link #flush}; never an empty piece.
   */
  private static final class Pieces extends OutputStream {
    private final Consumer<? super byte[]> parts;
    private final byte[] buffer = new byte[PIECE_BYTES];
    private int buffered;

    Pieces(Consumer<? super byte[]> parts) {
      this.parts = Objects.requireNonNull(parts, "parts");
    }

    @Override
    public void write(int b) {
      buffer[buffered++] = (byte) b;
      if (buffered == buffer.length) {
        flush();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      while (len > 0) {
        int n = Math.min(len, buffer.length - buffered);
        System.arraycopy(b, off, buffer, buffered, n);
        buffered += n;
        off += n;
        len -= n;
        if (buffered == buffer.length) {
          flush();
        }
      }
    }

    @Override
    public void flush() {
      if (buffered > 0) {
        byte[] piece = Arrays.copyOf(buffer, buffered);
        buffered = 0;
        parts.accept(piece);
      }
    }
  }

  @Override
  protected byte[] doFinishEmpty() {
    throw new IllegalStateException(
        "no table was written, and a Parquet file needs one (even an empty table has columns)");
  }
}
