package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class IndicatorsTest {
  @Test
  void smaExistsFromTheNthBarOnAndAveragesTheLastNCloses() {
    double nan = Double.NaN;
    assertArrayEquals(
        new double[] {nan, nan, 2, 3, 4}, Indicators.sma(new double[] {1, 2, 3, 4, 5}, 3));
  }

  @Test
  void crossNeedsBothBarsDefinedAndTreatsEqualityAsNotAbove() {
    double nan = Double.NaN;
    double[] fast = {nan, 1, 2, 2, 3, 1, 1};
    double[] slow = {1, 2, 2, 2, 2, 2, 1};
    // bar 2: fast == slow is not above; bar 4: 3 > 2 after 2 <= 2 → up; bar 5: 1 < 2 after 3 >= 2 →
    // down;
    // bar 6: 1 == 1 is not below.
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, -1, 0}, Indicators.crosses(fast, slow));
  }
}
