package dev.quarry.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compression codec of the data pages in a store's Parquet files; every codec here is read by
 * DuckDB, Spark and pyarrow.
 */
public enum Compression {
  /** Fast to write and read, moderate ratio; the usual default. */
  SNAPPY(CompressionCodecName.SNAPPY),
  /** Better ratio than snappy at similar read speed, slower to write. */
  ZSTD(CompressionCodecName.ZSTD),
  /** The most widely readable codec; slowest to write. */
  GZIP(CompressionCodecName.GZIP);

  private final CompressionCodecName codec;

  Compression(CompressionCodecName codec) {
    this.codec = codec;
  }

  /**
   * Parses a codec name as written in options and the catalog: {@code snappy}, {@code zstd} or
   * {@code gzip} (upper case is accepted too).
   *
   * @param name the codec name
   * @return the codec
   * @throws IllegalArgumentException if the name is not one of the codecs, listing the valid ones
   */
  public static Compression parse(String name) {
    if (name != null) {
      for (Compression c : values()) {
        if (c.label().equals(name.toLowerCase(Locale.ROOT))) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException(
        "compression '"
            + name
            + "' is not supported; use one of "
            + Arrays.stream(values()).map(Compression::label).collect(Collectors.joining(", ")));
  }

  /**
   * Returns the name {@link #parse(String)} accepts, in lower case: {@code snappy}, {@code zstd} or
   * {@code gzip}.
   *
   * @return the lower-case codec name
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  CompressionCodecName codec() {
    return codec;
  }
}
