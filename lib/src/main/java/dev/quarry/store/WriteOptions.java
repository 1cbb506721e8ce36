package dev.quarry.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BarStore#write} writes (SPEC section 3).
 *
 * <pre>{@code
 * WriteOptions options = WriteOptions.defaults().withMode(WriteMode.UPSERT).withCompression(Compression.ZSTD);
 * }</pre>
 *
 * @param mode append (default), replace or upsert
 * @param deduplicate in append mode, drop new rows that exactly equal stored ones (default off)
 * @param checkIntegrity validate the OHLCV rules on the new rows and on every partition after the
 *     merge (default on); off, only the structural rules (schema, present, sorted and unique
 *     timestamps) are checked
 * @param computeChecksum record each file's SHA-256, computed while it is written (default on), so
 *     {@link BarStore#verify()} can check it later
 * @param compression Parquet compression (default snappy)
 * @param partitionByDate one file per UTC year and month (default); off, one file per symbol
 * @param lockTimeout how long to wait for another writer of the same dataset (default 30 s)
 * @param allowNegativePrices accept negative open, high, low and close (spreads, some futures and
 *     power prices); off (default), a negative price is a violation, with its row and column
 */
public record WriteOptions(
    WriteMode mode,
    boolean deduplicate,
    boolean checkIntegrity,
    boolean computeChecksum,
    Compression compression,
    boolean partitionByDate,
    Duration lockTimeout,
    boolean allowNegativePrices) {
  /** Validates the options. */
  public WriteOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    if (lockTimeout.isNegative()) {
      throw new StoreException("lockTimeout must not be negative, got " + lockTimeout);
    }
  }

  /**
   * Returns the defaults: append, no deduplication, integrity checks and checksums on, snappy,
   * partitioned by date, 30-second lock timeout, negative prices refused.
   *
   * @return the default options
   */
  public static WriteOptions defaults() {
    return new WriteOptions(
        WriteMode.APPEND,
        false,
        true,
        true,
        Compression.SNAPPY,
        true,
        Duration.ofSeconds(30),
        false);
  }

  /**
   * Returns a copy with another mode.
   *
   * @param value the mode
   * @return the copy
   */
  public WriteOptions withMode(WriteMode value) {
    return new WriteOptions(
        value,
        deduplicate,
        checkIntegrity,
        computeChecksum,
        compression,
        partitionByDate,
        lockTimeout,
        allowNegativePrices);
  }

  /**
   * Returns a copy with deduplication on or off.
   *
   * @param value true to drop exact duplicates in append mode
   * @return the copy
   */
  public WriteOptions withDeduplicate(boolean value) {
    return new WriteOptions(
        mode,
        value,
        checkIntegrity,
        computeChecksum,
        compression,
        partitionByDate,
        lockTimeout,
        allowNegativePrices);
  }

  /**
   * Returns a copy with integrity checks on or off.
   *
   * @param value false to skip the OHLCV value rules
   * @return the copy
   */
  public WriteOptions withCheckIntegrity(boolean value) {
    return new WriteOptions(
        mode,
        deduplicate,
        value,
        computeChecksum,
        compression,
        partitionByDate,
        lockTimeout,
        allowNegativePrices);
  }

  /**
   * Returns a copy with checksums on or off.
   *
   * @param value false to skip SHA-256 checksums
   * @return the copy
   */
  public WriteOptions withComputeChecksum(boolean value) {
    return new WriteOptions(
        mode,
        deduplicate,
        checkIntegrity,
        value,
        compression,
        partitionByDate,
        lockTimeout,
        allowNegativePrices);
  }

  /**
   * Returns a copy with another compression.
   *
   * @param value the compression
   * @return the copy
   */
  public WriteOptions withCompression(Compression value) {
    return new WriteOptions(
        mode,
        deduplicate,
        checkIntegrity,
        computeChecksum,
        value,
        partitionByDate,
        lockTimeout,
        allowNegativePrices);
  }

  /**
   * Returns a copy with date partitioning on or off.
   *
   * @param value false for one file per symbol
   * @return the copy
   */
  public WriteOptions withPartitionByDate(boolean value) {
    return new WriteOptions(
        mode,
        deduplicate,
        checkIntegrity,
        computeChecksum,
        compression,
        value,
        lockTimeout,
        allowNegativePrices);
  }

  /**
   * Returns a copy with another lock timeout.
   *
   * @param value how long to wait for another writer
   * @return the copy
   */
  public WriteOptions withLockTimeout(Duration value) {
    return new WriteOptions(
        mode,
        deduplicate,
        checkIntegrity,
        computeChecksum,
        compression,
        partitionByDate,
        value,
        allowNegativePrices);
  }

  /**
   * Returns a copy that accepts or refuses negative prices.
   *
   * @param value true to accept negative open, high, low and close
   * @return the copy
   */
  public WriteOptions withAllowNegativePrices(boolean value) {
    return new WriteOptions(
        mode,
        deduplicate,
        checkIntegrity,
        computeChecksum,
        compression,
        partitionByDate,
        lockTimeout,
        value);
  }
}
