package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.InstantColumn;

class BarSpacingTest {
  private static InstantColumn times(String... instants) {
    InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
    for (String at : instants) {
      time.append(Instant.parse(at));
    }
    return time;
  }

  @Test
  void theTypicalGapIsTheMostCommonOneSoMissingBarsAndOneStrayBarDoNotMoveIt() {
    InstantColumn time =
        times(
            "2024-01-01T00:00:00Z",
            "2024-01-02T00:00:00Z",
            "2024-01-03T00:00:00Z",
            "2024-01-03T00:01:00Z",
            "2024-01-06T00:00:00Z",
            "2024-01-07T00:00:00Z");
    assertEquals(Optional.of(Duration.ofDays(1)), BarSpacing.typicalGap(time));
    assertEquals(Optional.empty(), BarSpacing.typicalGap(times("2024-01-01T00:00:00Z")));
  }

  @Test
  void labelsUseTheLargestUnitThatDividesTheGap() {
    assertEquals("1d", BarSpacing.label(Duration.ofDays(1)));
    assertEquals("4h", BarSpacing.label(Duration.ofHours(4)));
    assertEquals("90m", BarSpacing.label(Duration.ofMinutes(90)));
    assertEquals("30s", BarSpacing.label(Duration.ofSeconds(30)));
    assertEquals("1 day", BarSpacing.describe(Duration.ofDays(1)));
    assertEquals("15 minutes", BarSpacing.describe(Duration.ofMinutes(15)));
  }

  @Test
  void theGridStartsAtTheEpochSoDaysStartAtMidnightUtc() {
    assertTrue(BarSpacing.onGrid(Instant.parse("2024-01-05T00:00:00Z"), Duration.ofDays(1)));
    assertFalse(BarSpacing.onGrid(Instant.parse("2024-01-05T05:00:00Z"), Duration.ofDays(1)));
    assertTrue(BarSpacing.onGrid(Instant.parse("2024-01-05T05:15:00Z"), Duration.ofMinutes(15)));
    assertFalse(BarSpacing.onGrid(Instant.parse("2024-01-05T05:15:30Z"), Duration.ofMinutes(1)));
  }
}
