package dev.quarry.store;

import dev.quarry.bars.BarSpacing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the registry ({@code catalog.json}) knows about one dataset.
 *
 * <p><b>Data quality</b> is the dataset's coverage of its timeframe's slots. The timeframe cuts
 * time into slots of its length from 1970-01-01T00:00Z (UTC); a gap-free series has one bar at the
 * start of every slot from the first bar's to the last bar's, {@code expected = (last − first) /
 * timeframe + 1} of them. The quality is {@code totalRows / expected} when there are at most that
 * many rows, and {@code expected / totalRows} when there are more (more bars than slots: the bars
 * are finer than the timeframe, e.g. minutes registered as days). A dataset with a file whose first
 * or last bar is off the slot starts does not hold bars of its timeframe and scores 0. 1.0 means
 * one bar in every slot; a 24/7 market with quiet minutes scores a little below 1, a weekday-only
 * market about 5/7, and bars of the wrong timeframe far below. It is computed only from data that
 * passed the OHLCV rules, so it measures gaps and timeframe, not values.
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
   * Computes the coverage of the timeframe's slots (see the class description).
   *
   * @param partitions the dataset's files (rows, first and last bar of each)
   * @param timeframe bar length, a whole number of seconds
   * @return the coverage in [0, 1], 0 for an empty dataset
   */
  static double coverage(List<PartitionInfo> partitions, Duration timeframe) {
    long rows = 0;
    Instant first = null;
    Instant last = null;
    for (PartitionInfo p : partitions) {
      if (!onGrid(p.first(), timeframe) || !onGrid(p.last(), timeframe)) {
        return 0;
      }
      rows += p.rows();
      first = first == null || p.first().isBefore(first) ? p.first() : first;
      last = last == null || p.last().isAfter(last) ? p.last() : last;
    }
    if (rows == 0 || first == null) {
      return 0;
    }
    long expected = Duration.between(first, last).dividedBy(timeframe) + 1;
    return rows <= expected ? rows / (double) expected : expected / (double) rows;
  }

  private static boolean onGrid(Instant at, Duration timeframe) {
    return at != null && BarSpacing.onGrid(at, timeframe);
  }
}
