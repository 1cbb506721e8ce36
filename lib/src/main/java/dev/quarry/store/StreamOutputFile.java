package dev.quarry.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over a plain {@link OutputStream}, so Parquet writes without
 * Hadoop's file system (no {@code .crc} sidecar, no {@code chmod} process).
 *
 * <p>The stream is written from its current state on and its position is counted from zero, which
 * is what the Parquet writer needs for the offsets in the footer. Closing the Parquet stream
 * flushes but does not close the caller's stream: whoever opened it (such as {@code
 * AtomicFiles.write}) still has to sync and commit it. The file can be created once.
 */
final class StreamOutputFile implements OutputFile {
  private final OutputStream out;
  private boolean created;

  StreamOutputFile(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    if (created) {
      throw new IllegalStateException("a StreamOutputFile takes exactly one Parquet file");
    }
    created = true;
    return new CountingStream(out);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
