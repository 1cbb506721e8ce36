package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowSumTest {
  /** Bit-exact comparison: assertEquals(double, double) tells 0.0 from -0.0. */
  private static void assertSumIs(double expected, WindowSum sum) {
    assertEquals(expected, sum.sum());
  }

  @Test
  void cancellationThatAPlainSumLosesIsExact() {
    WindowSum w = new WindowSum(3);
    w.add(1e16);
    w.add(1);
    w.add(-1e16);
    assertEquals(0.0, 1e16 + 1 - 1e16);
    assertSumIs(1.0, w);
    w.add(2); // drops 1e16: 1 - 1e16 + 2 = -9999999999999997, a tie between ...996 and ...998
    assertSumIs(-9999999999999996.0, w);
  }

  @Test
  void halfWayCaseAcrossPartialsRoundsLikeFsum() {
    // math.fsum([1e-16, 1, 1e16]) == 1.0000000000000002e16: 1e16 + 1 is a tie, the 1e-16 breaks it.
    WindowSum w = new WindowSum(3);
    w.add(1e-16);
    w.add(1);
    w.add(1e16);
    assertSumIs(1.0000000000000002e16, w);
    // Without the tie breaker, the tie rounds to even: fsum([1, 1e16, 0]) == 1e16.
    w.add(0);
    assertSumIs(1e16, w);
  }

  @Test
  void sumBeforeTheWindowIsFullCoversTheValuesHeld() {
    WindowSum w = new WindowSum(4);
    assertSumIs(0.0, w);
    assertFalse(w.full());
    w.add(0.1);
    w.add(0.2);
    assertFalse(w.full());
    assertSumIs(new BigDecimal(0.1).add(new BigDecimal(0.2)).doubleValue(), w);
    w.add(0.3);
    w.add(0.4);
    assertTrue(w.full());
    assertEquals(4, w.window());
  }

  @Test
  void negativeZerosAndCancellingValuesSumToPositiveZero() {
    WindowSum w = new WindowSum(2);
    w.add(-0.0);
    w.add(-0.0);
    assertSumIs(0.0, w);
    w.add(-5e-324);
    w.add(5e-324);
    assertSumIs(0.0, w);
    w.add(-0.0);
    assertSumIs(5e-324, w);
  }

  @Test
  void matchesTheCorrectlyRoundedBigDecimalSumOver100kWindows() {
    Random random = new Random(20240517);
    long windows = 0;
    while (windows < 100_000) {
      int n = 1 + random.nextInt(random.nextBoolean() ? 4 : 60);
      int kind = random.nextInt(7);
      WindowSum w = new WindowSum(n);
      ArrayDeque<Double> held = new ArrayDeque<>();
      BigDecimal exact = BigDecimal.ZERO;
      int steps = n + random.nextInt(3 * n + 20);
      for (int step = 0; step < steps; step++) {
        double x = nasty(random, kind);
        w.add(x);
        held.addLast(x);
        exact = exact.add(new BigDecimal(x));
        if (held.size() > n) {
          exact = exact.subtract(new BigDecimal(held.removeFirst()));
        }
        double expected = exact.doubleValue();
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(w.sum())) {
          throw new AssertionError(
              "window " + held + " (n=" + n + "): sum " + w.sum() + ", exact " + expected);
        }
        windows++;
      }
    }
  }

  /** Values chosen to stress an inexact sum: cancellation, ties, wide magnitude ranges. */
  private static double nasty(Random random, int kind) {
    double sign = random.nextBoolean() ? 1 : -1;
    switch (kind) {
      case 0: // 1e16 + 1 - 1e16 and relatives
        return sign * new double[] {1e16, 1, 1e-16, 2, 0.5, 1e16 + 2}[random.nextInt(6)];
      case 1: // many equal values with few decimals, mostly positive (prices)
        return random.nextInt(10) == 0
            ? -0.1
            : new double[] {0.1, 0.2, 0.3, 100.1, 100.1, 100.1}[random.nextInt(6)];
      case 2: // any magnitude in 2^-80 .. 2^80, full 53-bit mantissas
        return sign * Math.scalb(1 + random.nextDouble(), random.nextInt(161) - 80);
      case 3: // ties: powers of two 53 and 106 binades apart, and negative zeros
        return random.nextInt(5) == 0
            ? -0.0
            : sign * Math.scalb(1.0, new int[] {0, -53, -54, -106, 53}[random.nextInt(5)]);
      case 4: // random-walk prices
        return 100 + Math.round(random.nextGaussian() * 1e4) / 100.0;
      case 5: // extremes: tiny subnormals next to huge values
        return sign * new double[] {5e-324, 1e-310, 1e300, 1e-300, 1}[random.nextInt(5)];
      default: // integers around 2^53, where the double grid has spacing 2
        return sign * (9007199254740992.0 + 2 * random.nextInt(8) - random.nextInt(3));
    }
  }

  @Test
  void staysExactAfterMillionsOfUpdatesOfFlatPrices() {
    // A running sum over the same closes drifts; the exact window sum of n equal closes p is
    // fsum(n × p), the BigDecimal product rounded once, whatever came before.
    Random random = new Random(7);
    int n = 50;
    WindowSum w = new WindowSum(n);
    double running = 0;
    ArrayDeque<Double> held = new ArrayDeque<>();
    for (int i = 0; i < 1_000_000; i++) {
      double x = 100 + Math.round(random.nextGaussian() * 1e4) / 100.0;
      w.add(x);
      held.addLast(x);
      running += x;
      if (held.size() > n) {
        running -= held.removeFirst();
      }
    }
    double price = 100.1;
    for (int i = 0; i < n; i++) {
      w.add(price);
      running += price;
      running -= held.removeFirst();
    }
    double fsum = new BigDecimal(price).multiply(BigDecimal.valueOf(n)).doubleValue();
    assertSumIs(fsum, w);
    assertEquals(price, w.sum() / n);
    assertTrue(running / n != price, "running sum has drifted: " + running / n);
  }

  @Test
  void rejectsABadWindowAndNonFiniteValuesSayingWhichOne() {
    IllegalArgumentException window =
        assertThrows(IllegalArgumentException.class, () -> new WindowSum(0));
    assertEquals("WindowSum window must be at least 1, got 0", window.getMessage());
    WindowSum w = new WindowSum(2);
    w.add(1);
    w.add(2);
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> w.add(Double.NaN));
    assertEquals(
        "WindowSum(2): value #2 (0-based) is NaN; only finite values can be summed exactly",
        nan.getMessage());
    IllegalArgumentException inf =
        assertThrows(IllegalArgumentException.class, () -> w.add(Double.NEGATIVE_INFINITY));
    assertEquals(
        "WindowSum(2): value #2 (0-based) is -Infinity; only finite values can be summed exactly",
        inf.getMessage());
    assertSumIs(3.0, w);
  }

  @Test
  void overflowOfTheExactSumFailsAndLeavesTheWindowUnusable() {
    WindowSum w = new WindowSum(3);
    w.add(Double.MAX_VALUE);
    ArithmeticException overflow =
        assertThrows(ArithmeticException.class, () -> w.add(Double.MAX_VALUE));
    assertEquals(
        "WindowSum(3): exact sum overflows the double range at value #1 (0-based); scale the"
            + " values down",
        overflow.getMessage());
    IllegalStateException after = assertThrows(IllegalStateException.class, w::sum);
    assertEquals("WindowSum(3) overflowed earlier and holds no valid sum", after.getMessage());
  }
}
