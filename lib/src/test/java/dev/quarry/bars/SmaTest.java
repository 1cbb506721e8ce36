package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmaTest {
  @Test
  void isNaNBeforeTheNthBarThenTheMeanOfTheLastNCloses() {
    Sma sma = new Sma(3);
    assertEquals(Double.NaN, sma.update(1));
    assertEquals(Double.NaN, sma.update(2));
    assertEquals(Double.NaN, sma.value());
    assertEquals(2.0, sma.update(3));
    assertEquals(3.0, sma.update(4));
    assertEquals(3.0, sma.value());
    assertEquals(3, sma.window());
  }

  @Test
  void equalsTheExactSumRoundedOnceThenDividedByN() {
    Random random = new Random(11);
    for (int n : new int[] {1, 2, 10, 50}) {
      double[] closes = new double[20_000];
      double price = 100;
      for (int i = 0; i < closes.length; i++) {
        price += Math.round(random.nextGaussian() * 50) / 100.0;
        closes[i] = i % 1000 < 200 ? 100.1 : price; // flat stretches between random walks
      }
      Sma sma = new Sma(n);
      for (int i = 0; i < closes.length; i++) {
        double expected = Double.NaN;
        if (i >= n - 1) {
          BigDecimal exact = BigDecimal.ZERO;
          for (int k = i - n + 1; k <= i; k++) {
            exact = exact.add(new BigDecimal(closes[k]));
          }
          expected = exact.doubleValue() / n;
        }
        assertEquals(expected, sma.update(closes[i]), "SMA(" + n + ") at bar " + i);
      }
    }
  }

  @Test
  void flatClosesGiveThePriceWhereARunningSumDrifts() {
    // After a long random walk, 50 closes of 100.1: fsum(50 × 100.1) / 50 is exactly 100.1 (both
    // the product rounding and the division happen to be exact enough here), a running sum is not.
    Random random = new Random(3);
    double[] closes = new double[100_050];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = i < 100_000 ? 100 + Math.round(random.nextGaussian() * 1e4) / 100.0 : 100.1;
    }
    int n = 50;
    double[] exact = Indicators.sma(closes, n);
    double running = 0;
    int drifted = 0;
    for (int i = 0; i < closes.length; i++) {
      running += closes[i];
      if (i >= n) {
        running -= closes[i - n];
      }
      if (i >= 100_049 && running / n != 100.1) {
        drifted++;
      }
    }
    assertEquals(100.1, exact[closes.length - 1]);
    assertEquals(1, drifted, "the running-sum SMA at the last bar is " + running / n);
  }

  @Test
  void rejectsABadWindowAndNonFiniteClosesSayingWhichBar() {
    IllegalArgumentException window =
        assertThrows(IllegalArgumentException.class, () -> new Sma(0));
    assertEquals("SMA window must be at least 1, got 0", window.getMessage());
    Sma sma = new Sma(2);
    sma.update(1);
    sma.update(3);
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> sma.update(Double.NaN));
    assertEquals(
        "SMA(2): close at bar 2 (0-based) is NaN; closes must be finite", nan.getMessage());
    IllegalArgumentException inf =
        assertThrows(IllegalArgumentException.class, () -> sma.update(Double.POSITIVE_INFINITY));
    assertEquals(
        "SMA(2): close at bar 2 (0-based) is Infinity; closes must be finite", inf.getMessage());
    assertEquals(2.0, sma.value());
    assertEquals(4.0, sma.update(5), "the rejected closes left the window unchanged");
  }
}
