package dev.quarry.bars;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.InstantColumn;

/**
 * How far apart one symbol's bars are, and whether that matches a timeframe.
 *
 * <p>The <b>typical gap</b> of a series is the most common positive gap between consecutive
 * timestamps (the smallest of equally common ones). It is the bars' timeframe: gaps that are a
 * multiple of it are missing bars (a quiet minute, a weekend), and a single stray bar cannot move
 * it, where the minimum gap would. A series is <b>of timeframe {@code t}</b> when its typical gap
 * is {@code t} and every timestamp is on {@code t}'s grid: a whole number of {@code t} since
 * 1970-01-01T00:00Z (so daily bars start at 00:00 UTC, hourly bars on the hour). On that grid no
 * gap can be shorter than {@code t}.
 */
public final class BarSpacing {
  private BarSpacing() {}

  /**
   * Returns the most common positive gap between consecutive timestamps.
   *
   * @param time timestamps in time order
   * @return the typical gap; empty if there are fewer than two distinct timestamps
   */
  public static Optional<Duration> typicalGap(InstantColumn time) {
    Map<Duration, Integer> counts = new HashMap<>();
    Instant previous = null;
    for (int row = 0; row < time.size(); row++) {
      Instant at = time.get(row);
      if (at == null) {
        continue;
      }
      if (previous != null && at.isAfter(previous)) {
        counts.merge(Duration.between(previous, at), 1, Integer::sum);
      }
      previous = at;
    }
    Duration best = null;
    int bestCount = 0;
    for (Map.Entry<Duration, Integer> e : counts.entrySet()) {
      int count = e.getValue();
      if (count > bestCount || (count == bestCount && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestCount = count;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Returns the smallest positive gap between consecutive timestamps.
   *
   * @param time timestamps in time order
   * @return the smallest gap; empty if there are fewer than two distinct timestamps
   */
  public static Optional<Duration> smallestGap(InstantColumn time) {
    Duration best = null;
    Instant previous = null;
    for (int row = 0; row < time.size(); row++) {
      Instant at = time.get(row);
      if (at == null) {
        continue;
      }
      if (previous != null && at.isAfter(previous)) {
        Duration gap = Duration.between(previous, at);
        if (best == null || gap.compareTo(best) < 0) {
          best = gap;
        }
      }
      previous = at;
    }
    return Optional.ofNullable(best);
  }

  /**
   * Tells whether an instant is on a timeframe's grid (a whole number of timeframes since the
   * epoch, UTC).
   *
   * @param at the instant
   * @param timeframe the bar length, a whole number of seconds
   * @return true if a bar of this timeframe can start at {@code at}
   */
  public static boolean onGrid(Instant at, Duration timeframe) {
    return at.getNano() == 0 && Math.floorMod(at.getEpochSecond(), timeframe.getSeconds()) == 0;
  }

  /**
   * Returns the first row whose timestamp is off a timeframe's grid.
   *
   * @param time timestamps
   * @param timeframe the bar length, a whole number of seconds
   * @return the row, or -1 if every timestamp is on the grid
   */
  public static int firstOffGrid(InstantColumn time, Duration timeframe) {
    for (int row = 0; row < time.size(); row++) {
      Instant at = time.get(row);
      if (at != null && !onGrid(at, timeframe)) {
        return row;
      }
    }
    return -1;
  }

  /**
   * Counts the timestamps off a timeframe's grid.
   *
   * @param time timestamps
   * @param timeframe the bar length, a whole number of seconds
   * @return how many are off the grid
   */
  public static int countOffGrid(InstantColumn time, Duration timeframe) {
    int count = 0;
    for (int row = 0; row < time.size(); row++) {
      Instant at = time.get(row);
      if (at != null && !onGrid(at, timeframe)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Returns the timeframe label of a gap, as {@link Bars#timeframe} parses it: {@code 1d}, {@code
   * 4h}, {@code 15m}, {@code 30s}.
   *
   * @param gap a positive whole number of seconds
   * @return the label in the largest unit that divides it
   * @throws IllegalArgumentException if the gap is not a positive whole number of seconds, or too
   *     long for a timeframe
   */
  public static String label(Duration gap) {
    if (gap.isNegative() || gap.isZero() || gap.getNano() != 0) {
      throw new IllegalArgumentException(
          "bars "
              + describe(gap)
              + " apart have no timeframe: a timeframe is a whole number of seconds, at least 1s");
    }
    long s = gap.getSeconds();
    String label =
        s % 86_400 == 0
            ? s / 86_400 + "d"
            : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    Bars.timeframe(label);
    return label;
  }

  /**
   * Describes a gap in words: {@code 1 day}, {@code 15 minutes}, {@code 30 seconds}.
   *
   * @param gap the gap
   * @return the words
   */
  public static String describe(Duration gap) {
    if (gap.getNano() != 0 || gap.isNegative() || gap.isZero()) {
      return gap.toString();
    }
    long s = gap.getSeconds();
    if (s % 86_400 == 0) {
      return plural(s / 86_400, "day");
    } else if (s % 3_600 == 0) {
      return plural(s / 3_600, "hour");
    } else if (s % 60 == 0) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
