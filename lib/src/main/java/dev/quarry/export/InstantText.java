package dev.quarry.export;

import java.time.Instant;

/**
 * {@link Instant#toString()}'s text (ISO-8601 in UTC, {@code 2013-11-25T10:00:00Z}; a fraction of
 * 3, 6 or 9 digits only when non-zero) written into a reused {@code char[]} rather than through
 * {@code DateTimeFormatter}, which dominates the cost of a timestamp column. Years 0 to 9999 only;
 * {@link #format} returns -1 for others, which then take {@code Instant.toString()}. Keeps the date
 * of the last call, since rows of bars share it. Not thread-safe: one per column being encoded.
 */
final class InstantText {
  private static final long SECONDS_PER_DAY = 86_400;

  /** The text of the last {@link #format} call, in its first {@code length} chars. */
  final char[] chars = new char[30];

  private long day = Long.MIN_VALUE;
  private boolean dayValid;

  /**
   * Writes the instant's text into {@link #chars}.
   *
   * @param instant the instant
   * @return the text's length, or -1 if the year is outside 0 to 9999 (nothing written)
   */
  int format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
    if (epochDay != day) {
      day = epochDay;
      dayValid = date(epochDay);
    }
    if (!dayValid) {
      return -1;
    }
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    chars[10] = 'T';
    two(11, secondOfDay / 3600);
    chars[13] = ':';
    two(14, secondOfDay / 60 % 60);
    chars[16] = ':';
    two(17, secondOfDay % 60);
    int at = 19;
    int nano = instant.getNano();
    if (nano != 0) {
      chars[at++] = '.';
      int digits;
      int value;
      if (nano % 1_000_000 == 0) {
        digits = 3;
        value = nano / 1_000_000;
      } else if (nano % 1_000 == 0) {
        digits = 6;
        value = nano / 1_000;
      } else {
        digits = 9;
        value = nano;
      }
      for (int i = at + digits - 1; i >= at; i--) {
        chars[i] = (char) ('0' + value % 10);
        value /= 10;
      }
      at += digits;
    }
    chars[at++] = 'Z';
    return at;
  }

  /** Writes yyyy-MM-dd; false outside years 0 to 9999 (the civil-from-days algorithm). */
  private boolean date(long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return false;
    }
    two(0, (int) (year / 100));
    two(2, (int) (year % 100));
    chars[4] = '-';
    two(5, month);
    chars[7] = '-';
    two(8, dayOfMonth);
    return true;
  }

  private void two(int at, int value) {
    chars[at] = (char) ('0' + value / 10);
    chars[at + 1] = (char) ('0' + value % 10);
  }
}
