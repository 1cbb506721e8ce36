package dev.quarry.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tictactec.ta.lib.Core;
import com.tictactec.ta.lib.MAType;
import com.tictactec.ta.lib.MInteger;
import com.tictactec.ta.lib.RetCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Group A indicators (close-based) against TA-Lib's Java port, value by value at every index TA-Lib
 * outputs, and NaN before.
 */
class GroupATaLibTest {
  private static final Core CORE = new Core();

  /** One TA-Lib call over closes 0..end: fills out, returns the code. */
  private interface Reference {
    RetCode run(int end, double[] in, MInteger begin, MInteger length, double[][] out);
  }

  /** The series every case runs on. */
  private static Map<String, double[]> series() throws IOException {
    Map<String, double[]> all = new LinkedHashMap<>();
    Random random = new Random(20240607);
    double[] walk = new double[1500];
    double price = 100;
    for (int i = 0; i < walk.length; i++) {
      price *= 1 + random.nextGaussian() * 0.01;
      walk[i] = price;
    }
    all.put("random walk", walk);
    // Ticks of 0.01 with many unchanged closes and flat stretches (at the start, so that RSI's
    // averages start at 0, and in the middle): equal values, zero moves.
    double[] ticks = new double[800];
    long cents = 5000;
    for (int i = 0; i < ticks.length; i++) {
      if ((i >= 40 && i < 300) || i >= 360) {
        int step = random.nextInt(7) - 3;
        cents += random.nextDouble() < 0.4 ? 0 : step;
      }
      ticks[i] = cents / 100.0;
    }
    all.put("ticks with flat runs", ticks);
    // FX-like: moves of 1e-5 around 1.1, where TA-Lib's variance threshold (1e-8) bites.
    double[] fx = new double[600];
    long pips = 110_000;
    for (int i = 0; i < fx.length; i++) {
      pips += random.nextInt(21) - 10;
      fx[i] = pips / 100_000.0;
    }
    all.put("fx", fx);
    all.put("AAPL daily closes", appleCloses());
    return all;
  }

  /** Real AAPL daily closes from 2013 (ta4j-examples' resource). */
  private static double[] appleCloses() throws IOException {
    try (InputStream in =
        GroupATaLibTest.class.getResourceAsStream("/appleinc_bars_from_20130101_usd.csv")) {
      assertTrue(in != null, "appleinc_bars_from_20130101_usd.csv on the test class path");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      assertEquals("date,open,high,low,close,volume", header);
      List<Double> closes = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          closes.add(Double.parseDouble(line.split(",")[4]));
        }
      }
      assertTrue(closes.size() > 200, "AAPL closes: " + closes.size());
      return closes.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  /**
   * Feeds closes to a fresh indicator (through the five-argument update, other fields NaN to show
   * they are ignored) and compares every output with TA-Lib's.
   */
  private static void check(
      String label, Supplier<Indicator> make, int outputs, int taLookback, Reference reference)
      throws IOException {
    for (Map.Entry<String, double[]> entry : series().entrySet()) {
      double[] closes = entry.getValue();
      String where = label + " on " + entry.getKey();
      double[][] expected = new double[outputs][closes.length];
      MInteger begin = new MInteger();
      MInteger length = new MInteger();
      assertEquals(
          RetCode.Success,
          reference.run(closes.length - 1, closes, begin, length, expected),
          where);
      assertEquals(closes.length - begin.value, length.value, where + ": TA-Lib's output count");
      Indicator indicator = make.get();
      assertEquals(taLookback, indicator.lookback(), where + ": lookback vs TA-Lib's xxxLookback");
      assertEquals(begin.value, indicator.lookback(), where + ": lookback vs TA-Lib's outBegIdx");
      assertEquals(outputs, indicator.outputNames().length, where + ": outputs");
      Indicator closeOnly = make.get();
      for (int i = 0; i < closes.length; i++) {
        double first = indicator.update(Double.NaN, Double.NaN, Double.NaN, closes[i], Double.NaN);
        double viaClose = updateClose(closeOnly, closes[i]);
        assertEquals(i + 1, indicator.bars(), where);
        assertEquals(
            Double.doubleToLongBits(first), Double.doubleToLongBits(viaClose), where + " bar " + i);
        assertEquals(
            Double.doubleToLongBits(first),
            Double.doubleToLongBits(indicator.value()),
            where + " bar " + i);
        for (int o = 0; o < outputs; o++) {
          double value = indicator.value(o);
          if (i < begin.value) {
            assertTrue(Double.isNaN(value), where + " output " + o + " bar " + i + ": " + value);
          } else {
            double want = expected[o][i - begin.value];
            double tolerance = 1e-9 * Math.max(Math.abs(want), 1.0);
            assertEquals(want, value, tolerance, where + " output " + o + " bar " + i);
          }
        }
      }
    }
  }

  /** The close-only update of each class (the one-argument method is not on the interface). */
  private static double updateClose(Indicator indicator, double close) {
    if (indicator instanceof Sma) {
      return ((Sma) indicator).update(close);
    } else if (indicator instanceof Ema) {
      return ((Ema) indicator).update(close);
    } else if (indicator instanceof Wma) {
      return ((Wma) indicator).update(close);
    } else if (indicator instanceof Dema) {
      return ((Dema) indicator).update(close);
    } else if (indicator instanceof Tema) {
      return ((Tema) indicator).update(close);
    } else if (indicator instanceof Kama) {
      return ((Kama) indicator).update(close);
    } else if (indicator instanceof Macd) {
      return ((Macd) indicator).update(close);
    } else if (indicator instanceof BollingerBands) {
      return ((BollingerBands) indicator).update(close);
    } else if (indicator instanceof StdDev) {
      return ((StdDev) indicator).update(close);
    } else if (indicator instanceof Roc) {
      return ((Roc) indicator).update(close);
    } else if (indicator instanceof Momentum) {
      return ((Momentum) indicator).update(close);
    } else if (indicator instanceof LinearRegressionSlope) {
      return ((LinearRegressionSlope) indicator).update(close);
    } else if (indicator instanceof Rsi) {
      return ((Rsi) indicator).update(close);
    } else if (indicator instanceof StochasticRsi) {
      return ((StochasticRsi) indicator).update(close);
    }
    throw new AssertionError("not a group A indicator: " + indicator);
  }

  @Test
  void smaAgreesWithTaLibSma() throws IOException {
    for (int n : new int[] {2, 5, 20, 50}) {
      check(
          "SMA(" + n + ")",
          () -> new Sma(n),
          1,
          CORE.smaLookback(n),
          (end, in, b, l, out) -> CORE.sma(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void emaAgreesWithTaLibEma() throws IOException {
    for (int n : new int[] {2, 10, 30}) {
      check(
          "EMA(" + n + ")",
          () -> new Ema(n),
          1,
          CORE.emaLookback(n),
          (end, in, b, l, out) -> CORE.ema(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void wmaAgreesWithTaLibWma() throws IOException {
    for (int n : new int[] {2, 9, 30}) {
      check(
          "WMA(" + n + ")",
          () -> new Wma(n),
          1,
          CORE.wmaLookback(n),
          (end, in, b, l, out) -> CORE.wma(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void demaAgreesWithTaLibDema() throws IOException {
    for (int n : new int[] {2, 10, 30}) {
      check(
          "DEMA(" + n + ")",
          () -> new Dema(n),
          1,
          CORE.demaLookback(n),
          (end, in, b, l, out) -> CORE.dema(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void temaAgreesWithTaLibTema() throws IOException {
    for (int n : new int[] {2, 10, 20}) {
      check(
          "TEMA(" + n + ")",
          () -> new Tema(n),
          1,
          CORE.temaLookback(n),
          (end, in, b, l, out) -> CORE.tema(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void kamaAgreesWithTaLibKama() throws IOException {
    for (int n : new int[] {2, 10, 30}) {
      check(
          "KAMA(" + n + ")",
          () -> new Kama(n),
          1,
          CORE.kamaLookback(n),
          (end, in, b, l, out) -> CORE.kama(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void macdAgreesWithTaLibMacd() throws IOException {
    int[][] sets = {{12, 26, 9}, {5, 35, 5}, {26, 12, 9}, {3, 3, 2}, {2, 10, 2}, {8, 17, 2}};
    for (int[] p : sets) {
      check(
          "MACD(" + p[0] + "," + p[1] + "," + p[2] + ")",
          () -> new Macd(p[0], p[1], p[2]),
          3,
          CORE.macdLookback(p[0], p[1], p[2]),
          (end, in, b, l, out) ->
              CORE.macd(0, end, in, p[0], p[1], p[2], b, l, out[0], out[1], out[2]));
    }
  }

  @Test
  void macdWithSignalPeriodOneHasTheLineAsSignal() throws IOException {
    // TA-Lib's port throws for signal period 1 (its EMA lookback of period 1 is -1), so the line
    // is checked against TA-Lib's MACD with signal 2 (the line does not depend on the signal
    // period), from TA-Lib's first output on.
    for (int[] p : new int[][] {{12, 26}, {3, 3}, {2, 10}}) {
      double[] closes = series().get("random walk");
      double[] line = new double[closes.length];
      double[] signal = new double[closes.length];
      double[] hist = new double[closes.length];
      MInteger begin = new MInteger();
      MInteger length = new MInteger();
      CORE.macd(0, closes.length - 1, closes, p[0], p[1], 2, begin, length, line, signal, hist);
      Macd macd = new Macd(p[0], p[1], 1);
      assertEquals(p[1] - 1, macd.lookback());
      assertEquals(begin.value - 1, macd.lookback());
      for (int i = 0; i < closes.length; i++) {
        double value = macd.update(closes[i]);
        if (i < macd.lookback()) {
          assertTrue(Double.isNaN(value), "bar " + i);
          continue;
        }
        assertEquals(value, macd.value(Macd.SIGNAL), 0, "bar " + i);
        assertEquals(0.0, macd.value(Macd.HIST), 0, "bar " + i);
        if (i >= begin.value) {
          double want = line[i - begin.value];
          assertEquals(want, value, 1e-9 * Math.max(Math.abs(want), 1.0), "bar " + i);
        }
      }
    }
  }

  @Test
  void bollingerBandsAgreeWithTaLibBbandsWithSma() throws IOException {
    double[][] sets = {{20, 2, 2}, {5, 1, 1}, {10, 1.5, 2.5}, {14, 1, 2}, {2, 3, 0.5}};
    for (double[] p : sets) {
      int n = (int) p[0];
      check(
          "BBANDS(" + n + "," + p[1] + "," + p[2] + ")",
          () -> new BollingerBands(n, p[1], p[2]),
          3,
          CORE.bbandsLookback(n, p[1], p[2], MAType.Sma),
          (end, in, b, l, out) ->
              CORE.bbands(0, end, in, n, p[1], p[2], MAType.Sma, b, l, out[0], out[1], out[2]));
    }
    check(
        "BBANDS(20, k 2)",
        () -> new BollingerBands(20, 2),
        3,
        CORE.bbandsLookback(20, 2, 2, MAType.Sma),
        (end, in, b, l, out) ->
            CORE.bbands(0, end, in, 20, 2, 2, MAType.Sma, b, l, out[0], out[1], out[2]));
  }

  @Test
  void stdDevAgreesWithTaLibStdDev() throws IOException {
    double[][] sets = {{2, 1}, {10, 1}, {30, 1}, {10, 2.5}};
    for (double[] p : sets) {
      int n = (int) p[0];
      check(
          "STDDEV(" + n + "," + p[1] + ")",
          () -> new StdDev(n, p[1]),
          1,
          CORE.stdDevLookback(n, p[1]),
          (end, in, b, l, out) -> CORE.stdDev(0, end, in, n, p[1], b, l, out[0]));
    }
    check(
        "STDDEV(20)",
        () -> new StdDev(20),
        1,
        CORE.stdDevLookback(20, 1),
        (end, in, b, l, out) -> CORE.stdDev(0, end, in, 20, 1, b, l, out[0]));
  }

  @Test
  void rocAgreesWithTaLibRoc() throws IOException {
    for (int n : new int[] {1, 10, 30}) {
      check(
          "ROC(" + n + ")",
          () -> new Roc(n),
          1,
          CORE.rocLookback(n),
          (end, in, b, l, out) -> CORE.roc(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void momentumAgreesWithTaLibMom() throws IOException {
    for (int n : new int[] {1, 10, 30}) {
      check(
          "MOM(" + n + ")",
          () -> new Momentum(n),
          1,
          CORE.momLookback(n),
          (end, in, b, l, out) -> CORE.mom(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void linearRegressionSlopeAgreesWithTaLibLinearRegSlope() throws IOException {
    for (int n : new int[] {2, 14, 50, 200}) {
      check(
          "LINEARREG_SLOPE(" + n + ")",
          () -> new LinearRegressionSlope(n),
          1,
          CORE.linearRegSlopeLookback(n),
          (end, in, b, l, out) -> CORE.linearRegSlope(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void longPeriodsStayExactWhereTaLibsIntArithmeticOverflows() {
    // TA-Lib's LINEARREG_SLOPE overflows from n = 1025 and its WMA from n = 46341; Quarry's are
    // checked against a direct two-pass computation there.
    Random random = new Random(5);
    double[] closes = new double[60_000];
    double price = 100;
    for (int i = 0; i < closes.length; i++) {
      price *= 1 + random.nextGaussian() * 0.01;
      closes[i] = price;
    }
    int last = closes.length - 1;
    for (int n : new int[] {1025, 5000}) {
      LinearRegressionSlope slope = new LinearRegressionSlope(n);
      double value = Double.NaN;
      for (double close : closes) {
        value = slope.update(close);
      }
      double meanT = (n - 1) / 2.0;
      double meanY = 0;
      for (int j = 0; j < n; j++) {
        meanY += closes[last - n + 1 + j];
      }
      meanY /= n;
      double sxy = 0;
      double sxx = 0;
      for (int j = 0; j < n; j++) {
        double dt = j - meanT;
        sxy += dt * (closes[last - n + 1 + j] - meanY);
        sxx += dt * dt;
      }
      assertEquals(sxy / sxx, value, 1e-9 * Math.abs(sxy / sxx), "slope(" + n + ")");
    }
    int n = 50_000;
    Wma wma = new Wma(n);
    double value = Double.NaN;
    for (double close : closes) {
      value = wma.update(close);
    }
    double weighted = 0;
    for (int j = 0; j < n; j++) {
      weighted += (j + 1.0) * closes[last - n + 1 + j];
    }
    double want = weighted / (n * (n + 1.0) / 2);
    assertEquals(want, value, 1e-9 * want, "WMA(" + n + ")");
  }

  @Test
  void rsiAgreesWithTaLibRsi() throws IOException {
    for (int n : new int[] {2, 14, 30}) {
      check(
          "RSI(" + n + ")",
          () -> new Rsi(n),
          1,
          CORE.rsiLookback(n),
          (end, in, b, l, out) -> CORE.rsi(0, end, in, n, b, l, out[0]));
    }
  }

  @Test
  void stochasticRsiAgreesWithTaLibStochRsiWithSma() throws IOException {
    int[][] sets = {{14, 5, 3}, {14, 14, 1}, {5, 1, 1}, {2, 3, 4}, {21, 9, 5}};
    for (int[] p : sets) {
      check(
          "STOCHRSI(" + p[0] + "," + p[1] + "," + p[2] + ")",
          () -> new StochasticRsi(p[0], p[1], p[2]),
          2,
          CORE.stochRsiLookback(p[0], p[1], p[2], MAType.Sma),
          (end, in, b, l, out) ->
              CORE.stochRsi(0, end, in, p[0], p[1], p[2], MAType.Sma, b, l, out[0], out[1]));
    }
  }

  @Test
  void flatSeriesGiveTaLibsZeros() {
    Rsi rsi = new Rsi(3);
    StdDev sd = new StdDev(3);
    for (int i = 0; i < 5; i++) {
      rsi.update(42);
      sd.update(42);
    }
    assertEquals(0.0, rsi.value(), 0, "TA-Lib's RSI of a flat series is 0, not 50");
    assertEquals(0.0, sd.value(), 0);
    StdDev small = new StdDev(2);
    small.update(1.00000);
    assertEquals(0.0, small.update(1.00010), 0, "sd 5e-5 < 1e-4: TA-Lib gives 0");
    assertEquals(0.0005, small.update(1.00110), 1e-12);
    Roc roc = new Roc(1);
    roc.update(0);
    assertEquals(0.0, roc.update(5), 0, "ROC from a zero close is 0 in TA-Lib");
  }

  @Test
  void updatesDoNotAllocate() {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "per-thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    Indicator[] all = {
      new Sma(20),
      new Ema(20),
      new Wma(20),
      new Dema(20),
      new Tema(20),
      new Kama(10),
      new Macd(12, 26, 9),
      new BollingerBands(20, 2),
      new StdDev(20),
      new Roc(10),
      new Momentum(10),
      new LinearRegressionSlope(14),
      new Rsi(14),
      new StochasticRsi(14, 5, 3)
    };
    Random random = new Random(3);
    double[] closes = new double[50_000];
    double price = 100;
    for (int i = 0; i < closes.length; i++) {
      price *= 1 + random.nextGaussian() * 0.01;
      closes[i] = price;
    }
    double sink = 0;
    for (int round = 0; round < 3; round++) {
      long thread = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(thread);
      for (Indicator indicator : all) {
        for (double close : closes) {
          double value = indicator.update(close, close, close, close, 0);
          sink += Double.isNaN(value) ? 0 : value;
        }
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      if (round == 2) {
        assertTrue(allocated < 4096, "bytes allocated by 700000 updates: " + allocated);
      }
    }
    assertTrue(Double.isFinite(sink));
  }

  @Test
  void outputNamesAndOutputIndices() {
    assertArrayEquals(new String[] {"", "signal", "hist"}, new Macd(12, 26, 9).outputNames());
    assertArrayEquals(
        new String[] {"upper", "middle", "lower"}, new BollingerBands(20, 2).outputNames());
    assertArrayEquals(new String[] {"k", "d"}, new StochasticRsi(14, 5, 3).outputNames());
    assertArrayEquals(new String[] {""}, new Ema(5).outputNames());
    assertThrows(IndexOutOfBoundsException.class, () -> new Macd(12, 26, 9).value(3));
    assertThrows(IndexOutOfBoundsException.class, () -> new BollingerBands(20, 2).value(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> new StochasticRsi(14, 5, 3).value(2));
    assertThrows(IndexOutOfBoundsException.class, () -> new Sma(5).value(1));
    Macd swapped = new Macd(26, 12, 9);
    assertEquals(12, swapped.fastPeriod());
    assertEquals(26, swapped.slowPeriod());
  }

  @Test
  void parametersOutsideTaLibsRangesAreRefused() {
    refuses("SMA period must be at least 2 and at most 100000, got 1", () -> new Sma(1));
    refuses("EMA period must be at least 2 and at most 100000, got 1", () -> new Ema(1));
    refuses("EMA period must be at least 2 and at most 100000, got 100001", () -> new Ema(100_001));
    refuses("WMA period must be at least 2 and at most 100000, got 0", () -> new Wma(0));
    refuses("DEMA period must be at least 2 and at most 100000, got 1", () -> new Dema(1));
    refuses("TEMA period must be at least 2 and at most 100000, got -3", () -> new Tema(-3));
    refuses("KAMA period must be at least 2 and at most 100000, got 1", () -> new Kama(1));
    refuses(
        "MACD fast period must be at least 2 and at most 100000, got 1", () -> new Macd(1, 26, 9));
    refuses(
        "MACD slow period must be at least 2 and at most 100000, got 100001",
        () -> new Macd(12, 100_001, 9));
    refuses(
        "MACD signal period must be at least 1 and at most 100000, got 0",
        () -> new Macd(12, 26, 0));
    refuses(
        "Bollinger bands period must be at least 2 and at most 100000, got 1",
        () -> new BollingerBands(1, 2));
    refuses(
        "Bollinger bands deviations must be finite, got up NaN and down 2.0",
        () -> new BollingerBands(20, Double.NaN, 2));
    refuses("StdDev period must be at least 2 and at most 100000, got 1", () -> new StdDev(1));
    refuses(
        "StdDev factor must be finite, got Infinity",
        () -> new StdDev(5, Double.POSITIVE_INFINITY));
    refuses("ROC period must be at least 1 and at most 100000, got 0", () -> new Roc(0));
    refuses("Momentum period must be at least 1 and at most 100000, got 0", () -> new Momentum(0));
    refuses(
        "Linear regression slope period must be at least 2 and at most 100000, got 1",
        () -> new LinearRegressionSlope(1));
    refuses("RSI period must be at least 2 and at most 100000, got 1", () -> new Rsi(1));
    refuses(
        "Stochastic RSI period must be at least 2 and at most 100000, got 1",
        () -> new StochasticRsi(1, 5, 3));
    refuses(
        "Stochastic RSI %K period must be at least 1 and at most 100000, got 0",
        () -> new StochasticRsi(14, 0, 3));
    refuses(
        "Stochastic RSI %D period must be at least 1 and at most 100000, got 0",
        () -> new StochasticRsi(14, 5, 0));
    // The limits themselves are allowed, as in TA-Lib.
    new Ema(100_000);
    new Roc(1);
    new Momentum(1);
    new Macd(2, 2, 1);
    new StochasticRsi(2, 1, 1);
  }

  private static void refuses(String message, Executable construct) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
    assertEquals(message, e.getMessage());
  }
}
