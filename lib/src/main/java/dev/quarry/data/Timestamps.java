package dev.quarry.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses the timestamps found in bar and trade CSV files (SPEC section 8).
 *
 * <ul>
 *   <li>ISO-8601 instants with a zone or offset: {@code 2013-11-25T00:00:00Z}, {@code
 *       2013-11-25T01:00:00+01:00};
 *   <li>ISO-8601 date-times without one, read as UTC: {@code 2013-11-25T00:00:00} or {@code
 *       2013-11-25 00:00:00};
 *   <li>dates, read as UTC midnight: {@code 2013-11-25};
 *   <li>epoch seconds ({@code 1385337600}, decimals allowed) or epoch milliseconds ({@code
 *       1385337600000}): a whole number of 12 or more digits is taken as milliseconds (seconds that
 *       large are after the year 5138).
 * </ul>
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * Parses one timestamp.
   *
   * @param text the cell's text
   * @return the instant
   * @throws IllegalArgumentException if the text is none of the accepted forms
   */
  public static Instant parse(String text) {
    String value = text == null ? "" : text.trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty timestamp");
    }
    char first = value.charAt(0);
    if (Character.isDigit(first) && value.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return epoch(value);
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      String iso = value.replace(' ', 'T');
      if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
        return OffsetDateTime.parse(iso).toInstant();
      }
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "cannot read '"
              + text
              + "' as a timestamp; use ISO-8601 (2013-11-25T00:00:00Z, 2013-11-25 00:00:00,"
              + " 2013-11-25) or epoch seconds or milliseconds",
          e);
    }
  }

  private static Instant epoch(String value) {
    try {
      BigDecimal seconds = new BigDecimal(value);
      if (value.indexOf('.') < 0 && value.length() >= 12) {
        seconds = seconds.movePointLeft(3);
      }
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      long nanos =
          seconds
              .subtract(whole)
              .movePointRight(9)
              .setScale(0, RoundingMode.HALF_EVEN)
              .longValueExact();
      return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
      throw new IllegalArgumentException(
          "cannot read '" + value + "' as epoch seconds or milliseconds", e);
    }
  }
}
