package dev.quarry.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  private static final Instant MIDNIGHT = Instant.parse("2013-11-25T00:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // ISO-8601 with a zone or offset
        "2013-11-25T00:00:00Z           | 2013-11-25T00:00:00Z",
        "2013-11-25T01:00:00+01:00      | 2013-11-25T00:00:00Z",
        "2013-11-24T19:00:00-05:00      | 2013-11-25T00:00:00Z",
        "2013-11-25T00:00:00.250Z       | 2013-11-25T00:00:00.250Z",
        "2013-11-25 00:00:00Z           | 2013-11-25T00:00:00Z",
        // local date-times, read as UTC, with T or a space
        "2013-11-25T00:00:00            | 2013-11-25T00:00:00Z",
        "2013-11-25 00:00:00            | 2013-11-25T00:00:00Z",
        "2013-11-25T12:34               | 2013-11-25T12:34:00Z",
        "2013-11-25 12:34:56.789        | 2013-11-25T12:34:56.789Z",
        // dates: UTC midnight
        "2013-11-25                     | 2013-11-25T00:00:00Z",
        // epoch seconds, with and without decimals
        "1385337600                     | 2013-11-25T00:00:00Z",
        "1385337600.5                   | 2013-11-25T00:00:00.500Z",
        "1385337600.000001              | 2013-11-25T00:00:00.000001Z",
        "0                              | 1970-01-01T00:00:00Z",
        // epoch milliseconds (a whole number of 12 or more digits)
        "1385337600000                  | 2013-11-25T00:00:00Z",
        "1385337600123                  | 2013-11-25T00:00:00.123Z",
        "100000000000                   | 1973-03-03T09:46:40Z",
      })
  void acceptsEveryDocumentedForm(String text, String expected) {
    assertEquals(Instant.parse(expected), Timestamps.parse(text));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals(MIDNIGHT, Timestamps.parse("  2013-11-25T00:00:00Z\t"));
    assertEquals(MIDNIGHT, Timestamps.parse(" 1385337600 "));
  }

  @Test
  void elevenDigitsAreStillSeconds() {
    // 99999999999 s is in the year 5138; one more digit switches to milliseconds.
    assertEquals(Instant.ofEpochSecond(99_999_999_999L), Timestamps.parse("99999999999"));
  }

  @Test
  void decimalsKeepSecondsEvenWhenLong() {
    assertEquals(Instant.parse("2013-11-25T00:00:00.5Z"), Timestamps.parse("1385337600.500000000"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "yesterday",
        "2013/11/25",
        "2013-13-01",
        "2013-11-25T25:00:00",
        "2013-11-25T00:00:00+25:00",
        "2013-11-25X00:00:00",
        "-1385337600",
        "1e9",
        "0x10",
        "1385337600,5",
      })
  void rejectsOtherTextNamingIt(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1.2.3", "1385337600..5", "25.11.2013"})
  void rejectsMalformedEpochNumbersNamingThem(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("epoch"), e.getMessage());
  }

  @Test
  void rejectsEpochValuesOutOfRange() {
    String huge = "9".repeat(40);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(huge));
    assertTrue(e.getMessage().contains(huge), e.getMessage());
  }

  @Test
  void rejectsEmptyAndNull() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(""))
            .getMessage()
            .contains("empty"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("   "))
            .getMessage()
            .contains("empty"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(null))
            .getMessage()
            .contains("empty"));
  }

  @Test
  void rejectionSuggestsTheAcceptedForms() {
    String message =
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("soon")).getMessage();
    assertTrue(message.contains("ISO-8601"), message);
    assertTrue(message.contains("epoch"), message);
  }
}
