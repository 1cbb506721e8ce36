package dev.quarry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page decompression for reading that fails on a corrupt page header instead of hanging or
 * allocating what the header claims.
 *
 * <p>Parquet's own {@code CodecFactory} reads exactly the uncompressed size a page header states
 * with {@code DataInputStream.readFully}. When a flipped bit makes that size larger than the real
 * data, the snappy stream keeps answering "0 bytes read", and {@code readFully} loops forever; a
 * huge size allocates its whole buffer up front. Here the buffer grows only as data really comes
 * out of the codec, and a stream that ends or stops producing before the stated size is an {@link
 * IOException}.
 *
 * <p>One instance serves one file read on one thread; {@link #release()} returns the pooled
 * decompressors.
 */
final class CheckedDecompressors implements CompressionCodecFactory {
  /** Pages up to this size get their exact buffer at once; larger ones grow by doubling. */
  private static final int INITIAL_BUFFER = 1 << 20;

  /**
   * Consecutive empty reads taken as "no more data". Hadoop's decompressor streams may answer 0
   * instead of -1 once drained; none returns 0 while it still has output.
   */
  private static final int MAX_EMPTY_READS = 3;

  private static final Map<CompressionCodecName, CompressionCodec> CODECS =
      new ConcurrentHashMap<>();

  private final Configuration conf;
  private final Map<CompressionCodecName, Checked> decompressors =
      new EnumMap<>(CompressionCodecName.class);

  CheckedDecompressors(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
    return decompressors.computeIfAbsent(name, n -> new Checked(codec(n)));
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName name) {
    throw new UnsupportedOperationException("CheckedDecompressors only decompresses");
  }

  @Override
  public void release() {
    decompressors.values().forEach(Checked::release);
    decompressors.clear();
  }

  /** The Hadoop codec of a Parquet codec name, or null for uncompressed pages. */
  private CompressionCodec codec(CompressionCodecName name) {
    String className = name.getHadoopCompressionCodecClassName();
    if (className == null) {
      return null;
    }
    return CODECS.computeIfAbsent(
        name,
        n -> {
          try {
            return (CompressionCodec)
                ReflectionUtils.newInstance(Class.forName(className), new Configuration(conf));
          } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                "the file uses the "
                    + n
                    + " codec, which is not available here (no "
                    + className
                    + "); Quarry reads snappy, zstd, gzip and uncompressed files",
                e);
          }
        });
  }

  private static final class Checked implements BytesInputDecompressor {
    private final CompressionCodec codec;
    private final Decompressor decompressor;

    Checked(CompressionCodec codec) {
      this.codec = codec;
      this.decompressor = codec == null ? null : CodecPool.getDecompressor(codec);
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == null) {
        return bytes;
      }
      if (uncompressedSize < 0) {
        throw new IOException("a page header gives a negative size: " + uncompressedSize);
      }
      if (decompressor != null) {
        decompressor.reset();
      }
      InputStream in = codec.createInputStream(bytes.toInputStream(), decompressor);
      byte[] out = new byte[Math.min(uncompressedSize, INITIAL_BUFFER)];
      int filled = 0;
      int emptyReads = 0;
      while (filled < uncompressedSize) {
        if (filled == out.length) {
          out = Arrays.copyOf(out, (int) Math.min(uncompressedSize, 2L * out.length));
        }
        int n = in.read(out, filled, out.length - filled);
        if (n > 0) {
          filled += n;
          emptyReads = 0;
        } else if (n < 0 || ++emptyReads == MAX_EMPTY_READS) {
          throw new IOException(
              "a page decompresses to "
                  + filled
                  + " bytes but its header says "
                  + uncompressedSize);
        }
      }
      return BytesInput.from(out);
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      output.put(decompress(BytesInput.from(input), uncompressedSize).toByteBuffer());
    }

    @Override
    public void release() {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
      }
    }
  }
}
