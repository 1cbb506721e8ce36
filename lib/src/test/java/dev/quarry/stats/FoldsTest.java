package dev.quarry.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldsTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant day(double d) {
    return START.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
  }

  @Test
  void rollingTrainRangesMoveByTheStepAndThePartialLastTestSliceIsDropped() {
    // [day 0, day 10.5), train 3d, test 2d: tests [3,5) [5,7) [7,9); [9,11) passes the end.
    List<Fold> folds = Folds.parse("train=3d,test=2d").over(START, day(10.5));
    assertEquals(
        List.of(
            new Fold(1, day(0), day(3), day(3), day(5)),
            new Fold(2, day(2), day(5), day(5), day(7)),
            new Fold(3, day(4), day(7), day(7), day(9))),
        folds);
  }

  @Test
  void anchoredTrainRangesAllStartAtTheRangeStart() {
    List<Fold> folds = Folds.parse("train=3d,test=2d,anchored").over(START, day(10.5));
    assertEquals(
        List.of(
            new Fold(1, day(0), day(3), day(3), day(5)),
            new Fold(2, day(0), day(5), day(5), day(7)),
            new Fold(3, day(0), day(7), day(7), day(9))),
        folds);
  }

  @Test
  void aTestSliceEndingExactlyAtTheRangeEndIsKept() {
    List<Fold> folds = Folds.parse("train=3d,test=2d").over(START, day(9));
    assertEquals(3, folds.size());
    assertEquals(day(9), folds.get(2).testEnd());
  }

  @Test
  void aStepLongerThanTheTestLeavesGapsBetweenTestSlices() {
    // step 3d: tests [3,5) [6,8); [9,11) passes day 10.5.
    List<Fold> folds = Folds.parse("train=3d,test=2d,step=3d").over(START, day(10.5));
    assertEquals(
        List.of(
            new Fold(1, day(0), day(3), day(3), day(5)),
            new Fold(2, day(3), day(6), day(6), day(8))),
        folds);
  }

  @Test
  void parsesLengthsInMinutesHoursAndDaysWithTheStepDefaultingToTheTest() {
    assertEquals(
        new Folds(Duration.ofDays(30), Duration.ofHours(12), Duration.ofHours(12), false),
        Folds.parse("train=30d,test=12h"));
    assertEquals(
        new Folds(Duration.ofMinutes(90), Duration.ofMinutes(30), Duration.ofHours(1), true),
        Folds.parse(" train = 90m , test=30m, step=1h ,anchored"));
    assertEquals(
        Folds.of(Duration.ofDays(30), Duration.ofDays(7), false),
        Folds.parse("train=30d,test=7d,rolling"));
  }

  @Test
  void printsAsItParses() {
    for (String text :
        List.of("train=30d,test=7d", "train=90m,test=30m,step=1h,anchored", "train=36h,test=12h")) {
      assertEquals(text, Folds.parse(text).toString());
    }
    assertEquals("train=30d,test=7d", Folds.parse("train=30d,test=7d,step=7d").toString());
  }

  @Test
  void saysHowLongTheDataMustBeWhenNoFoldFits() {
    Folds folds = Folds.parse("train=30d,test=7d");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> folds.over(START, day(6 + 16 / 24.0)));
    assertTrue(
        e.getMessage()
            .startsWith("train=30d,test=7d needs 37 days; the data spans 6 days 16 hours"),
        e.getMessage());
    assertMessage("is empty", () -> folds.over(START, START));
  }

  @Test
  void describesLengthsInWords() {
    assertEquals("1 day 1 hour 30 minutes", Folds.describe(Duration.ofMinutes(24 * 60 + 90)));
    assertEquals("45 seconds", Folds.describe(Duration.ofSeconds(45)));
    assertEquals("0 ms", Folds.describe(Duration.ZERO));
  }

  @Test
  void parseErrorsNameTheBadPart() {
    assertMessage("train='30x' is not a length", () -> Folds.parse("train=30x,test=7d"));
    assertMessage("test='0d' is not a length", () -> Folds.parse("train=30d,test=0d"));
    assertMessage("part 'span=7d'", () -> Folds.parse("train=30d,test=7d,span=7d"));
    assertMessage("part 'train=2d': train is given twice", () -> Folds.parse("train=1d,train=2d"));
    assertMessage("has no test=<length>", () -> Folds.parse("train=30d"));
    assertMessage(
        "part 'rolling': the mode is given twice",
        () -> Folds.parse("train=3d,test=1d,anchored,rolling"));
    assertMessage("part ''", () -> Folds.parse("train=3d,,test=1d"));
    assertMessage(
        "step=1d is shorter than test=7d", () -> Folds.parse("train=30d,test=7d,step=1d"));
  }

  private static void assertMessage(String part, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
