package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {
  private final InstantText text = new InstantText();

  private String format(Instant instant) {
    int length = text.format(instant);
    return length < 0 ? null : new String(text.chars, 0, length);
  }

  @Test
  void writesTheTextOfInstantToStringForEdgeCases() {
    for (String iso :
        new String[] {
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59Z",
          "1969-12-31T23:59:59.999999999Z",
          "0000-01-01T00:00:00Z",
          "0000-02-29T12:00:00Z",
          "9999-12-31T23:59:59.999Z",
          "2000-02-29T00:00:00.000001Z",
          "2024-02-29T23:59:59.5Z",
          "2100-03-01T00:00:00.123456789Z",
          "2013-11-25T10:00:00.010Z",
          "2013-11-25T10:00:00.000100Z",
        }) {
      Instant instant = Instant.parse(iso);
      assertEquals(instant.toString(), format(instant), iso);
    }
  }

  @Test
  void writesTheTextOfInstantToStringForRandomInstantsInConsecutiveCalls() {
    Random random = new Random(7);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long seconds = min + (long) (random.nextDouble() * (max - min));
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nano);
      assertEquals(instant.toString(), format(instant));
      Instant next = instant.plusSeconds(60);
      assertEquals(next.toString(), format(next));
    }
  }

  @Test
  void refusesYearsOutsideFourDigitsSoCallersUseInstantToString() {
    assertEquals(null, format(Instant.parse("-0001-12-31T23:59:59Z")));
    assertEquals(null, format(Instant.parse("+10000-01-01T00:00:00Z")));
    assertEquals("1970-01-01T00:00:00Z", format(Instant.EPOCH));
  }
}
