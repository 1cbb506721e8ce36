package dev.quarry.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tictactec.ta.lib.Core;
import com.tictactec.ta.lib.MInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AtrTest {
  @Test
  void atrAgreesWithTaLibAtEveryIndexItOutputsAndIsNanBefore() {
    Random random = new Random(7);
    int size = 500;
    double[] high = new double[size];
    double[] low = new double[size];
    double[] close = new double[size];
    double price = 100;
    for (int i = 0; i < size; i++) {
      price *= 1 + random.nextGaussian() * 0.01;
      close[i] = price;
      high[i] = price * (1 + random.nextDouble() * 0.01);
      low[i] = price * (1 - random.nextDouble() * 0.01);
    }
    for (int period : new int[] {1, 2, 14, 30}) {
      double[] expected = new double[size];
      MInteger begin = new MInteger();
      MInteger length = new MInteger();
      new Core().atr(0, size - 1, high, low, close, period, begin, length, expected);
      Atr atr = new Atr(period);
      for (int i = 0; i < size; i++) {
        double value = atr.update(high[i], low[i], close[i]);
        if (i < begin.value) {
          assertTrue(Double.isNaN(value), "bar " + i + " before TA-Lib's first value");
        } else {
          double want = expected[i - begin.value];
          assertEquals(want, value, Math.abs(want) * 1e-9, "ATR(" + period + ") at bar " + i);
        }
      }
      assertEquals(atr.lookback(), begin.value, "lookback of ATR(" + period + ")");
    }
  }

  @Test
  void trueRangeUsesThePreviousCloseWhenItIsOutsideTheBar() {
    assertEquals(5.0, TrueRange.of(12, 10, 7), 0);
    assertEquals(4.0, TrueRange.of(12, 10, 14), 0);
    assertEquals(2.0, TrueRange.of(12, 10, 11), 0);
  }
}
