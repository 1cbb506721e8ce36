package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
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

  @Test
  void batchSmaAndRsiAreBitForBitTheStreamingValues() {
    Random random = new Random(5);
    double[] closes = new double[10_000];
    double price = 100;
    for (int i = 0; i < closes.length; i++) {
      price += Math.round(random.nextGaussian() * 50) / 100.0;
      closes[i] = price;
    }
    double[] sma = Indicators.sma(closes, 10);
    double[] rsi = Indicators.rsi(closes, 14);
    Sma streamingSma = new Sma(10);
    Rsi streamingRsi = new Rsi(14);
    for (int i = 0; i < closes.length; i++) {
      assertEquals(streamingSma.update(closes[i]), sma[i], "SMA at bar " + i);
      assertEquals(streamingRsi.update(closes[i]), rsi[i], "RSI at bar " + i);
    }
  }

  @Test
  void batchIndicatorsRejectBadWindowsAndNamesTheBadClose() {
    double[] closes = {1, 2, Double.NaN};
    assertEquals(
        "SMA window must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> Indicators.sma(closes, 0)).getMessage());
    assertEquals(
        "RSI window must be at least 1, got -1",
        assertThrows(IllegalArgumentException.class, () -> Indicators.rsi(closes, -1))
            .getMessage());
    assertEquals(
        "SMA(2): close at bar 2 (0-based) is NaN; closes must be finite",
        assertThrows(IllegalArgumentException.class, () -> Indicators.sma(closes, 2)).getMessage());
    assertEquals(
        "RSI(2): close at bar 2 (0-based) is NaN; closes must be finite",
        assertThrows(IllegalArgumentException.class, () -> Indicators.rsi(closes, 2)).getMessage());
  }

  @Test
  void aStreamingCrossoverGivesTheCrossesOfTheSmaArraysBarByBar() {
    Random random = new Random(7);
    double[] closes = new double[5_000];
    double price = 100;
    for (int i = 0; i < closes.length; i++) {
      price += random.nextGaussian();
      closes[i] = i % 97 == 0 ? closes[Math.max(0, i - 1)] : price; // some flat steps: ties
    }
    int[] expected = Indicators.crosses(Indicators.sma(closes, 5), Indicators.sma(closes, 20));
    Crossover crossover = new Crossover(5, 20);
    int[] actual = new int[closes.length];
    for (int i = 0; i < closes.length; i++) {
      actual[i] = crossover.update(closes[i]);
    }
    assertArrayEquals(expected, actual);
  }
}
