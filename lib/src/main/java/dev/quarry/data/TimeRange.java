package dev.quarry.data;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time range {@code [start, end)}.
 *
 * @param start first instant included
 * @param end first instant excluded
 */
public record TimeRange(Instant start, Instant end) {
  /** Checks that start is before end. */
  public TimeRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "time range start " + start + " is not before its end " + end);
    }
  }

  /**
   * Returns the range covering all time.
   *
   * @return {@code [Instant.MIN, Instant.MAX)}
   */
  public static TimeRange all() {
    return new TimeRange(Instant.MIN, Instant.MAX);
  }

  /**
   * Tells whether an instant falls in the range.
   *
   * @param at an instant
   * @return true if {@code start <= at < end}
   */
  public boolean contains(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
