package dev.quarry.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the registry ({@code catalog.json}) knows about one dataset.
 *
 * <p><b>Data quality</b> is the dataset's coverage of a continuous calendar: {@code totalRows}
 * divided by the number of bars a gap-free series would have from {@code firstDate} to {@code
 * lastDate} at this timeframe, {@code (last − first) / timeframe + 1}. 1.0 means no missing bar; a
 * 24/7 market with quiet minutes scores a little below 1, a weekday-only market about 5/7. It is
 * computed only from data that passed the OHLCV rules, so it measures gaps, not errors.
 *
 * @param symbol the instrument
 * @param provider the data vendor
 * @param timeframe the bar length
 * @param firstDate the first bar's timestamp
 * @param lastDate the last bar's timestamp
 * @param totalRows rows over all partitions
 * @param totalPartitions number of Parquet files
 * @param fileSizeBytes total size of the files
 * @param checksum SHA-256 over the partitions' paths and checksums, or null if any file has none
 * @param lastUpdated when the registry entry was last written
 * @param dataQuality coverage in [0, 1], as defined above
 * @param partitions every file, sorted by path
 */
public record DatasetInfo(
    String symbol,
    String provider,
    String timeframe,
    Instant firstDate,
    Instant lastDate,
    long totalRows,
    int totalPartitions,
    long fileSizeBytes,
    String checksum,
    Instant lastUpdated,
    double dataQuality,
    List<PartitionInfo> partitions) {
  /** Validates the fields and copies the partition list. */
  public DatasetInfo {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(timeframe, "timeframe");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    partitions = List.copyOf(partitions);
  }

  /**
   * Returns the dataset's identity.
   *
   * @return provider, timeframe and symbol
   */
  public DatasetId id() {
    return new DatasetId(provider, timeframe, symbol);
  }

  /**
   * Computes the coverage of a continuous calendar (see the class description).
   *
   * @param rows number of bars
   * @param first first bar's timestamp, null if there are none
   * @param last last bar's timestamp
   * @param timeframe bar length
   * @return the coverage, 0 for an empty dataset
   */
  static double coverage(long rows, Instant first, Instant last, Duration timeframe) {
    if (rows == 0 || first == null) {
      return 0;
    }
    long expected = Duration.between(first, last).dividedBy(timeframe) + 1;
    return Math.min(1.0, rows / (double) expected);
  }
}
