package dev.quarry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The rows a read needs: those whose {@code column}, a UTC timestamp, lies in {@code [start, end)}.
 * A reader may skip a row group whose statistics put all of its timestamps outside the range; it
 * still returns every row of the groups it reads, so the caller filters the rows itself.
 *
 * @param column the timestamp column
 * @param start first instant needed
 * @param end first instant not needed
 */
record TimeRange(String column, Instant start, Instant end) {
  TimeRange {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** Whether timestamps from {@code first} to {@code last} (both included) may meet the range. */
  boolean meets(Instant first, Instant last) {
    return !last.isBefore(start) && first.isBefore(end);
  }
}
