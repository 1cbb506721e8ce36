package dev.quarry.store;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;
import shaded.parquet.org.apache.thrift.transport.TIOStreamTransport;

/**
 * Checks on a Parquet footer that Parquet itself skips, so that a corrupt file fails with a {@link
 * StoreException} instead of exhausting memory or losing rows silently.
 */
final class FooterChecks {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** Magic at both ends and the footer length. */
  private static final int FRAME_BYTES = 4 + 4 + 4;

  private FooterChecks() {}

  /**
   * Parses the footer with Thrift's length limits set to the footer's own size. Parquet parses it
   * without limits, and a flipped bit in a string or list length makes it allocate up to 2 GB
   * before it notices the footer is too short. Files whose frame is broken (no magic, impossible
   * footer length) are left for Parquet to report.
   */
  static void requireBoundedThrift(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < FRAME_BYTES) {
      return;
    }
    ByteBuffer tail = readAt(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
    int footerLength = tail.getInt(0);
    for (int i = 0; i < MAGIC.length; i++) {
      if (tail.get(4 + i) != MAGIC[i]) {
        return;
      }
    }
    if (footerLength < 0 || footerLength > size - FRAME_BYTES) {
      return;
    }
    ByteBuffer footer = readAt(channel, size - 8 - footerLength, footerLength);
    TCompactProtocol protocol =
        new TCompactProtocol(
            new TIOStreamTransport(new ByteArrayInputStream(footer.array())),
            footerLength,
            footerLength);
    try {
      new FileMetaData().read(protocol);
    } catch (TException | RuntimeException e) {
      throw ParquetFiles.corrupt(file, "its footer does not parse (" + e + ")", e);
    }
  }

  /**
   * Checks that every column chunk lies inside the file (Parquet would allocate and read what a
   * corrupt offset or size claims) and that each flat column holds as many values as its row group
   * has rows (Parquet would silently read only the rows a corrupt count announces).
   */
  static void requireConsistent(Path file, ParquetMetadata footer, long fileLength) {
    MessageType schema = footer.getFileMetaData().getSchema();
    for (BlockMetaData block : footer.getBlocks()) {
      long rows = block.getRowCount();
      if (rows < 0) {
        throw ParquetFiles.corrupt(file, "a row group claims " + rows + " rows", null);
      }
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        String name = chunk.getPath().toDotString();
        long start = chunk.getStartingPos();
        long end = start + chunk.getTotalSize();
        if (start < MAGIC.length || end < start || end > fileLength - 8) {
          throw ParquetFiles.corrupt(
              file,
              "column chunk '"
                  + name
                  + "' claims bytes "
                  + start
                  + " to "
                  + end
                  + " of a "
                  + fileLength
                  + "-byte file",
              null);
        }
        boolean flat =
            schema.containsPath(chunk.getPath().toArray())
                && schema.getColumnDescription(chunk.getPath().toArray()).getMaxRepetitionLevel()
                    == 0;
        if (flat && chunk.getValueCount() != rows) {
          throw ParquetFiles.corrupt(
              file,
              "column '"
                  + name
                  + "' holds "
                  + chunk.getValueCount()
                  + " values in a row group of "
                  + rows
                  + " rows",
              null);
        }
      }
    }
  }

  private static ByteBuffer readAt(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("the file ended while reading its footer");
      }
    }
    return buffer;
  }
}
