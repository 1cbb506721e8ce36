package dev.quarry.stats;

import java.time.Instant;

/**
 * One walk-forward fold: a train range followed directly by a test range, each inclusive of its
 * start and exclusive of its end.
 *
 * @param number 1 for the first fold, in time order
 * @param trainStart first instant of the train range
 * @param trainEnd end of the train range (exclusive), equal to {@code testStart}
 * @param testStart first instant of the test range
 * @param testEnd end of the test range (exclusive)
 */
public record Fold(
    int number, Instant trainStart, Instant trainEnd, Instant testStart, Instant testEnd) {
  /** Checks the ranges are non-empty and adjacent. */
  public Fold {
    if (number < 1
        || !trainStart.isBefore(trainEnd)
        || !trainEnd.equals(testStart)
        || !testStart.isBefore(testEnd)) {
      throw new IllegalArgumentException(
          "fold "
              + number
              + " train ["
              + trainStart
              + ", "
              + trainEnd
              + ") test ["
              + testStart
              + ", "
              + testEnd
              + "): folds are numbered from 1, ranges are non-empty, the test follows the train");
    }
  }
}
