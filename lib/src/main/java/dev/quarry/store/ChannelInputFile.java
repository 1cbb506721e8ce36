package dev.quarry.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over an open {@link FileChannel}, so Parquet reads without Hadoop's
 * file system.
 *
 * <p>The caller opens and closes the channel. Holding one channel for the whole read means the
 * length and every byte come from the same file, even if an atomic rename replaces the path
 * meanwhile. Streams read with positional reads, so each has its own position and closing one
 * leaves the channel open.
 */
final class ChannelInputFile implements InputFile {
  private final FileChannel channel;
  private final Path path;

  ChannelInputFile(FileChannel channel, Path path) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.path = Objects.requireNonNull(path, "path");
  }

  /** Parquet names the file by this in its own messages. */
  @Override
  public String toString() {
    return path.toString();
  }

  @Override
  public long getLength() throws IOException {
    return channel.size();
  }

  @Override
  public SeekableInputStream newStream() {
    return new ChannelStream(channel);
  }

  private static final class ChannelStream extends SeekableInputStream {
    private final FileChannel channel;
    private long position;

    ChannelStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0) {
        throw new IOException("cannot seek to negative position " + newPos);
      }
      position = newPos;
    }

    @Override
    public int read() throws IOException {
      ByteBuffer one = ByteBuffer.allocate(1);
      return read(one) == 1 ? one.get(0) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      if (!buf.hasRemaining()) {
        return 0;
      }
      int n = channel.read(buf, position);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(ByteBuffer.wrap(bytes));
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      Objects.checkFromIndexSize(start, len, bytes.length);
      readFully(ByteBuffer.wrap(bytes, start, len));
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      while (buf.hasRemaining()) {
        if (read(buf) < 0) {
          throw new EOFException(
              "reached the end of the file at byte "
                  + position
                  + " with "
                  + buf.remaining()
                  + " bytes still to read");
        }
      }
    }

    @Override
    public void close() {
      // The channel belongs to whoever opened it.
    }
  }
}
