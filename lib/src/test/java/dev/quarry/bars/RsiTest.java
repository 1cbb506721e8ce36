package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RsiTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void followsWilderOnAHandComputedSeries() {
    // RSI(3) of closes 10, 11, 10.5, 12, 11, 11.5:
    // changes (bars 1..5): +1, -0.5, +1.5, -1, +0.5
    // gains: 1, 0, 1.5, 0, 0.5; losses: 0, 0.5, 0, 1, 0
    // bar 3: avgGain = (1 + 0 + 1.5) / 3 = 5/6, avgLoss = (0 + 0.5 + 0) / 3 = 1/6, RS = 5,
    //        RSI = 100 - 100 / 6 = 250/3 = 83.333...
    // bar 4: avgGain = (5/6 × 2 + 0) / 3 = 5/9, avgLoss = (1/6 × 2 + 1) / 3 = 4/9, RS = 5/4,
    //        RSI = 100 - 100 / (9/4) = 100 - 400/9 = 500/9 = 55.555...
    // bar 5: avgGain = (5/9 × 2 + 0.5) / 3 = 29/54, avgLoss = (4/9 × 2 + 0) / 3 = 8/27,
    //        RS = (29/54) / (16/54) = 29/16, RSI = 100 - 100 / (45/16) = 100 - 320/9 = 580/9
    //        = 64.444...
    double[] closes = {10, 11, 10.5, 12, 11, 11.5};
    double[] expected = {
      Double.NaN, Double.NaN, Double.NaN, 83.33333333333333, 55.55555555555556, 64.44444444444444
    };
    Rsi rsi = new Rsi(3);
    for (int i = 0; i < closes.length; i++) {
      assertEquals(expected[i], rsi.update(closes[i]), TOLERANCE, "bar " + i);
    }
    assertEquals(64.44444444444444, rsi.value(), TOLERANCE);
    assertEquals(3, rsi.window());
    assertArrayEqualsWithin(expected, Indicators.rsi(closes, 3));
  }

  @Test
  void isExactlyTheDocumentedFormulaBitForBit() {
    // Bar 4 of the series above, written as Rsi documents it.
    double avgGain = ((1 + 0 + 1.5) / 3 * 2 + 0) / 3;
    double avgLoss = ((0 + 0.5 + 0) / 3 * 2 + 1) / 3;
    Rsi rsi = new Rsi(3);
    double last = Double.NaN;
    for (double close : new double[] {10, 11, 10.5, 12, 11}) {
      last = rsi.update(close);
    }
    assertEquals(100 - 100 / (1 + avgGain / avgLoss), last);
  }

  @Test
  void onlyGainsGive100AndAFlatSeriesGives50() {
    Rsi rising = new Rsi(2);
    Rsi flat = new Rsi(2);
    Rsi falling = new Rsi(2);
    for (int i = 0; i < 10; i++) {
      double up = rising.update(100 + i);
      double level = flat.update(100);
      double down = falling.update(100 - i);
      double expectedUp = i < 2 ? Double.NaN : 100;
      assertEquals(expectedUp, up, "rising, bar " + i);
      assertEquals(i < 2 ? Double.NaN : 50, level, "flat, bar " + i);
      assertEquals(i < 2 ? Double.NaN : 0, down, "falling, bar " + i);
    }
  }

  @Test
  void windowOfOneFollowsTheLastChangeOnly() {
    Rsi rsi = new Rsi(1);
    assertEquals(Double.NaN, rsi.update(5));
    assertEquals(100.0, rsi.update(6));
    assertEquals(0.0, rsi.update(4));
    assertEquals(50.0, rsi.update(4));
  }

  @Test
  void rejectsABadWindowAndNonFiniteClosesSayingWhichBar() {
    IllegalArgumentException window =
        assertThrows(IllegalArgumentException.class, () -> new Rsi(0));
    assertEquals("RSI window must be at least 1, got 0", window.getMessage());
    Rsi rsi = new Rsi(2);
    rsi.update(1);
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> rsi.update(Double.NaN));
    assertEquals(
        "RSI(2): close at bar 1 (0-based) is NaN; closes must be finite", nan.getMessage());
    IllegalArgumentException inf =
        assertThrows(IllegalArgumentException.class, () -> rsi.update(Double.NEGATIVE_INFINITY));
    assertEquals(
        "RSI(2): close at bar 1 (0-based) is -Infinity; closes must be finite", inf.getMessage());
    rsi.update(2);
    assertEquals(100.0, rsi.update(3), "the rejected closes left the RSI unchanged");
  }

  private static void assertArrayEqualsWithin(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE, "bar " + i);
    }
  }
}
