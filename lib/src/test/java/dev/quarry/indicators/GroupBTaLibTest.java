package dev.quarry.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tictactec.ta.lib.Core;
import com.tictactec.ta.lib.MAType;
import com.tictactec.ta.lib.MInteger;
import com.tictactec.ta.lib.RetCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Group B indicators against TA-Lib's Java port, value by value at every index TA-Lib outputs and
 * {@code NaN} before, on random bars and on real AAPL daily bars.
 */
class GroupBTaLibTest {
  private static final Core CORE = new Core();

  /** OHLCV columns. */
  record Bars(
      String name, double[] open, double[] high, double[] low, double[] close, double[] volume) {
    int size() {
      return close.length;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A TA-Lib call filling one output array; returns the return code. */
  @FunctionalInterface
  interface TaLibCall {
    RetCode call(MInteger begin, MInteger length, double[] out);
  }

  static Stream<Bars> series() {
    return Stream.of(randomBars(1, 700), randomBars(42, 400), randomBars(2026, 1200), apple());
  }

  /**
   * A seeded random walk: high ≥ max(open, close), low ≤ min(open, close), about one close in eight
   * equal to the previous, one volume in eight zero, and a few runs of identical flat bars (no
   * range, no change, often no volume), some long enough (up to 90 bars) for Wilder sums to decay
   * below TA-Lib's 1e-8 zero, to reach the zero-denominator rules.
   */
  static Bars randomBars(long seed, int size) {
    Random random = new Random(seed);
    double[] open = new double[size];
    double[] high = new double[size];
    double[] low = new double[size];
    double[] close = new double[size];
    double[] volume = new double[size];
    double price = 50 + random.nextDouble() * 100;
    for (int i = 0; i < size; i++) {
      if (i > 0 && random.nextInt(60) == 0) {
        int run = 1 + random.nextInt(random.nextInt(4) == 0 ? 90 : 25);
        for (int j = 0; j < run && i < size; j++, i++) {
          open[i] = close[i - 1];
          high[i] = close[i - 1];
          low[i] = close[i - 1];
          close[i] = close[i - 1];
          volume[i] = random.nextBoolean() ? 0 : volume[i - 1];
        }
        i--;
        continue;
      }
      double o = price;
      double c =
          i > 0 && random.nextInt(8) == 0
              ? close[i - 1]
              : price * (1 + random.nextGaussian() * 0.02);
      price = c;
      open[i] = o;
      close[i] = c;
      high[i] = Math.max(o, c) * (1 + (random.nextInt(10) == 0 ? 0 : random.nextDouble() * 0.015));
      low[i] = Math.min(o, c) * (1 - (random.nextInt(10) == 0 ? 0 : random.nextDouble() * 0.015));
      volume[i] = random.nextInt(8) == 0 ? 0 : Math.floor(1000 + random.nextDouble() * 1e6);
    }
    return new Bars("random(seed " + seed + ", " + size + " bars)", open, high, low, close, volume);
  }

  /** ta4j-examples' AAPL daily bars from 2013-01-02; header date,open,high,low,close,volume. */
  static Bars apple() {
    List<double[]> rows = new ArrayList<>();
    try (InputStream in =
            GroupBTaLibTest.class
                .getClassLoader()
                .getResourceAsStream("appleinc_bars_from_20130101_usd.csv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      assertEquals("date,open,high,low,close,volume", header);
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        rows.add(
            new double[] {
              Double.parseDouble(cells[1]),
              Double.parseDouble(cells[2]),
              Double.parseDouble(cells[3]),
              Double.parseDouble(cells[4]),
              Double.parseDouble(cells[5])
            });
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    int size = rows.size();
    assertTrue(size > 200, "AAPL bars: " + size);
    double[][] columns = new double[5][size];
    for (int i = 0; i < size; i++) {
      for (int c = 0; c < 5; c++) {
        columns[c][i] = rows.get(i)[c];
      }
    }
    return new Bars(
        "AAPL daily (" + size + " bars)",
        columns[0],
        columns[1],
        columns[2],
        columns[3],
        columns[4]);
  }

  /** Feeds every bar; outputs[o][i] is value(o) after bar i. */
  static double[][] run(Indicator indicator, Bars bars) {
    int outputs = indicator.outputNames().length;
    double[][] values = new double[outputs][bars.size()];
    for (int i = 0; i < bars.size(); i++) {
      double first =
          indicator.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
      assertEquals(i + 1, indicator.bars());
      for (int o = 0; o < outputs; o++) {
        values[o][i] = indicator.value(o);
      }
      assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(values[0][i]));
      assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(indicator.value()));
    }
    return values;
  }

  /** Compares a series with TA-Lib's output for it; returns TA-Lib's outBegIdx. */
  static int compare(String label, double[] actual, TaLibCall call) {
    int size = actual.length;
    double[] expected = new double[size];
    MInteger begin = new MInteger();
    MInteger length = new MInteger();
    assertEquals(RetCode.Success, call.call(begin, length, expected), label);
    assertTrue(length.value > 0, label + ": TA-Lib gave no output");
    assertEquals(size, begin.value + length.value, label + ": TA-Lib outputs up to the last bar");
    for (int i = 0; i < size; i++) {
      if (i < begin.value) {
        assertTrue(
            Double.isNaN(actual[i]), label + ": NaN expected at bar " + i + ", got " + actual[i]);
      } else {
        double want = expected[i - begin.value];
        assertClose(want, actual[i], label + " at bar " + i);
      }
    }
    return begin.value;
  }

  static void assertClose(double want, double got, String label) {
    double tolerance = Math.max(Math.abs(want) * 1e-9, 1e-9);
    assertEquals(want, got, tolerance, label);
  }

  @ParameterizedTest
  @MethodSource("series")
  void natr(Bars bars) {
    for (int period : new int[] {1, 2, 5, 14, 30}) {
      Natr natr = new Natr(period);
      double[][] values = run(natr, bars);
      int begin =
          compare(
              "NATR(" + period + ") " + bars,
              values[0],
              (b, n, out) ->
                  CORE.natr(
                      0, bars.size() - 1, bars.high, bars.low, bars.close, period, b, n, out));
      assertEquals(begin, natr.lookback());
      assertEquals(CORE.natrLookback(period), natr.lookback());
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void stochastic(Bars bars) {
    int[][] parameters = {{5, 3, 3}, {14, 3, 3}, {1, 1, 1}, {9, 1, 4}, {21, 5, 2}, {3, 7, 1}};
    for (int[] p : parameters) {
      Stochastic stoch = new Stochastic(p[0], p[1], p[2]);
      double[][] values = run(stoch, bars);
      double[] k = new double[bars.size()];
      double[] d = new double[bars.size()];
      MInteger begin = new MInteger();
      MInteger length = new MInteger();
      CORE.stoch(
          0,
          bars.size() - 1,
          bars.high,
          bars.low,
          bars.close,
          p[0],
          p[1],
          MAType.Sma,
          p[2],
          MAType.Sma,
          begin,
          length,
          k,
          d);
      String label = "STOCH(" + p[0] + "," + p[1] + "," + p[2] + ") " + bars;
      compare(label + " k", values[0], copy(begin, length, k));
      compare(label + " d", values[1], copy(begin, length, d));
      assertEquals(begin.value, stoch.lookback(), label);
      assertEquals(CORE.stochLookback(p[0], p[1], MAType.Sma, p[2], MAType.Sma), stoch.lookback());
    }
  }

  /** Replays an already computed TA-Lib result as a call, for functions with several outputs. */
  static TaLibCall copy(MInteger begin, MInteger length, double[] result) {
    return (b, n, out) -> {
      b.value = begin.value;
      n.value = length.value;
      System.arraycopy(result, 0, out, 0, length.value);
      return RetCode.Success;
    };
  }

  @ParameterizedTest
  @MethodSource("series")
  void williamsR(Bars bars) {
    for (int period : new int[] {2, 3, 14, 30}) {
      WilliamsR willr = new WilliamsR(period);
      double[][] values = run(willr, bars);
      int begin =
          compare(
              "WILLR(" + period + ") " + bars,
              values[0],
              (b, n, out) ->
                  CORE.willR(
                      0, bars.size() - 1, bars.high, bars.low, bars.close, period, b, n, out));
      assertEquals(begin, willr.lookback());
      assertEquals(CORE.willRLookback(period), willr.lookback());
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void cci(Bars bars) {
    for (int period : new int[] {2, 5, 14, 20}) {
      Cci cci = new Cci(period);
      double[][] values = run(cci, bars);
      int begin =
          compare(
              "CCI(" + period + ") " + bars,
              values[0],
              (b, n, out) ->
                  CORE.cci(0, bars.size() - 1, bars.high, bars.low, bars.close, period, b, n, out));
      assertEquals(begin, cci.lookback());
      assertEquals(CORE.cciLookback(period), cci.lookback());
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void adxAndItsDirectionalIndicatorsEachFromTheirOwnLookback(Bars bars) {
    for (int period : new int[] {2, 3, 14, 30}) {
      Adx adx = new Adx(period);
      double[][] values = run(adx, bars);
      int last = bars.size() - 1;
      String label = "(" + period + ") " + bars;
      int adxBegin =
          compare(
              "ADX" + label,
              values[0],
              (b, n, out) -> CORE.adx(0, last, bars.high, bars.low, bars.close, period, b, n, out));
      int plusBegin =
          compare(
              "PLUS_DI" + label,
              values[1],
              (b, n, out) ->
                  CORE.plusDI(0, last, bars.high, bars.low, bars.close, period, b, n, out));
      int minusBegin =
          compare(
              "MINUS_DI" + label,
              values[2],
              (b, n, out) ->
                  CORE.minusDI(0, last, bars.high, bars.low, bars.close, period, b, n, out));
      assertEquals(adxBegin, adx.lookback());
      assertEquals(CORE.adxLookback(period), adx.lookback());
      assertEquals(plusBegin, adx.diLookback());
      assertEquals(minusBegin, adx.diLookback());
      assertEquals(CORE.plusDILookback(period), adx.diLookback());
      assertEquals(CORE.minusDILookback(period), adx.diLookback());
      assertEquals(values[1][last], adx.plusDi(), 0);
      assertEquals(values[2][last], adx.minusDi(), 0);
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void aroonAndItsOscillator(Bars bars) {
    for (int period : new int[] {2, 3, 14, 25}) {
      Aroon aroon = new Aroon(period);
      double[][] values = run(aroon, bars);
      int last = bars.size() - 1;
      double[] down = new double[bars.size()];
      double[] up = new double[bars.size()];
      MInteger begin = new MInteger();
      MInteger length = new MInteger();
      CORE.aroon(0, last, bars.high, bars.low, period, begin, length, down, up);
      String label = "(" + period + ") " + bars;
      compare("AROON up" + label, values[0], copy(begin, length, up));
      compare("AROON down" + label, values[1], copy(begin, length, down));
      int oscBegin =
          compare(
              "AROONOSC" + label,
              values[2],
              (b, n, out) -> CORE.aroonOsc(0, last, bars.high, bars.low, period, b, n, out));
      assertEquals(begin.value, aroon.lookback());
      assertEquals(oscBegin, aroon.lookback());
      assertEquals(CORE.aroonLookback(period), aroon.lookback());
      assertEquals(CORE.aroonOscLookback(period), aroon.lookback());
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void mfi(Bars bars) {
    for (int period : new int[] {2, 3, 14, 30}) {
      Mfi mfi = new Mfi(period);
      double[][] values = run(mfi, bars);
      int begin =
          compare(
              "MFI(" + period + ") " + bars,
              values[0],
              (b, n, out) ->
                  CORE.mfi(
                      0,
                      bars.size() - 1,
                      bars.high,
                      bars.low,
                      bars.close,
                      bars.volume,
                      period,
                      b,
                      n,
                      out));
      assertEquals(begin, mfi.lookback());
      assertEquals(CORE.mfiLookback(period), mfi.lookback());
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void obv(Bars bars) {
    Obv obv = new Obv();
    double[][] values = run(obv, bars);
    int begin =
        compare(
            "OBV " + bars,
            values[0],
            (b, n, out) -> CORE.obv(0, bars.size() - 1, bars.close, bars.volume, b, n, out));
    assertEquals(begin, obv.lookback());
    assertEquals(CORE.obvLookback(), obv.lookback());
    assertEquals(bars.volume[0], values[0][0], 0);
  }

  @ParameterizedTest
  @MethodSource("series")
  void parabolicSar(Bars bars) {
    double[][] parameters = {{0.02, 0.2}, {0.01, 0.1}, {0.05, 0.5}, {0.02, 0.02}, {0.1, 0.3}};
    for (double[] p : parameters) {
      ParabolicSar sar = new ParabolicSar(p[0], p[1]);
      double[][] values = run(sar, bars);
      int begin =
          compare(
              "SAR(" + p[0] + "," + p[1] + ") " + bars,
              values[0],
              (b, n, out) ->
                  CORE.sar(0, bars.size() - 1, bars.high, bars.low, p[0], p[1], b, n, out));
      assertEquals(begin, sar.lookback());
      assertEquals(CORE.sarLookback(p[0], p[1]), sar.lookback());
    }
    assertArrayEquals(run(new ParabolicSar(0.02, 0.2), bars)[0], run(new ParabolicSar(), bars)[0]);
  }

  @Test
  void parabolicSarStartsShortOnlyWhenBarOneHasTheLargerDownwardMove() {
    ParabolicSar down = new ParabolicSar();
    assertTrue(Double.isNaN(down.update(10, 11, 9, 10, 0)));
    // diffM = 9 − 8 = 1 > diffP = 10.5 − 11: short, SAR starts at high(0).
    assertEquals(11.0, down.update(9, 10.5, 8, 8.5, 0), 0);
    ParabolicSar up = new ParabolicSar();
    up.update(10, 11, 9, 10, 0);
    // diffM = 9 − 9.5 < 0: long, SAR starts at low(0).
    assertEquals(9.0, up.update(10, 12, 9.5, 11, 0), 0);
    ParabolicSar tie = new ParabolicSar();
    tie.update(10, 11, 9, 10, 0);
    // diffM = diffP = 0.5: long (TA-Lib needs diffM > diffP for short), SAR low(0) = 9; bar 1's low
    // 8.5 is below it, so it reverses at once: max(EP, high(1)) = 11.5.
    assertEquals(11.5, tie.update(10, 11.5, 8.5, 9, 0), 0);
    // The same three starts, and TA-Lib agrees on each.
    double[][][] starts = {
      {{11, 10.5, 10.8}, {9, 8, 8.2}}, {{11, 12, 12.5}, {9, 9.5, 10}}, {{11, 11.5, 11}, {9, 8.5, 8}}
    };
    for (double[][] start : starts) {
      double[] high = start[0];
      double[] low = start[1];
      double[] close = new double[high.length];
      Bars bars = new Bars("SAR start", close, high, low, close, new double[high.length]);
      compare(
          "SAR start " + java.util.Arrays.toString(high) + " " + java.util.Arrays.toString(low),
          run(new ParabolicSar(), bars)[0],
          (b, n, out) -> CORE.sar(0, high.length - 1, high, low, 0.02, 0.2, b, n, out));
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void donchianBandsAreTaLibsMaxOfHighsAndMinOfLows(Bars bars) {
    for (int period : new int[] {2, 3, 20, 55}) {
      Donchian channel = new Donchian(period);
      double[][] values = run(channel, bars);
      int last = bars.size() - 1;
      String label = "(" + period + ") " + bars;
      int upperBegin =
          compare(
              "Donchian upper vs MAX" + label,
              values[0],
              (b, n, out) -> CORE.max(0, last, bars.high, period, b, n, out));
      int lowerBegin =
          compare(
              "Donchian lower vs MIN" + label,
              values[2],
              (b, n, out) -> CORE.min(0, last, bars.low, period, b, n, out));
      for (int i = 0; i < bars.size(); i++) {
        if (i < upperBegin) {
          assertTrue(Double.isNaN(values[1][i]));
        } else {
          assertEquals((values[0][i] + values[2][i]) / 2, values[1][i], 0, "middle" + label);
        }
      }
      assertEquals(upperBegin, channel.lookback());
      assertEquals(lowerBegin, channel.lookback());
      assertEquals(CORE.maxLookback(period), channel.lookback());
      assertEquals(CORE.minLookback(period), channel.lookback());
    }
    Donchian one = new Donchian(1);
    double[][] values = run(one, bars);
    assertArrayEquals(bars.high, values[0], 0);
    assertArrayEquals(bars.low, values[2], 0);
  }

  @ParameterizedTest
  @MethodSource("series")
  void keltnerIsEmaOfCloseAndAtrBandsDefinedNaively(Bars bars) {
    double[][] parameters = {{20, 2}, {10, 1.5}, {2, 1}, {14, 0}};
    for (double[] p : parameters) {
      int period = (int) p[0];
      double m = p[1];
      Keltner channel = new Keltner(period, m);
      double[][] values = run(channel, bars);
      int size = bars.size();
      // Naive: EMA seeded by the mean of the first n closes; ATR = mean of TR(1..n), then Wilder.
      double[] ema = new double[size];
      double[] atr = new double[size];
      double sum = 0;
      for (int i = 0; i < period; i++) {
        sum += bars.close[i];
      }
      ema[period - 1] = sum / period;
      for (int i = period; i < size; i++) {
        ema[i] = ema[i - 1] + (2.0 / (period + 1)) * (bars.close[i] - ema[i - 1]);
      }
      double trSum = 0;
      for (int i = 1; i <= period; i++) {
        trSum += trueRange(bars, i);
      }
      atr[period] = trSum / period;
      for (int i = period + 1; i < size; i++) {
        atr[i] = (atr[i - 1] * (period - 1) + trueRange(bars, i)) / period;
      }
      String label = "Keltner(" + period + "," + m + ") " + bars;
      for (int i = 0; i < size; i++) {
        if (i < period) {
          for (int o = 0; o < 3; o++) {
            assertTrue(Double.isNaN(values[o][i]), label + " NaN at bar " + i);
          }
        } else {
          assertClose(ema[i] + m * atr[i], values[0][i], label + " upper at bar " + i);
          assertClose(ema[i], values[1][i], label + " middle at bar " + i);
          assertClose(ema[i] - m * atr[i], values[2][i], label + " lower at bar " + i);
        }
      }
      assertEquals(period, channel.lookback());
      // The middle band is TA-Lib's EMA, the width TA-Lib's ATR.
      double[] expectedEma = new double[size];
      MInteger begin = new MInteger();
      MInteger length = new MInteger();
      CORE.ema(0, size - 1, bars.close, period, begin, length, expectedEma);
      for (int i = period; i < size; i++) {
        assertClose(
            expectedEma[i - begin.value], values[1][i], label + " middle vs TA_EMA at " + i);
      }
      assertEquals(
          Math.max(CORE.emaLookback(period), CORE.atrLookback(period)), channel.lookback());
    }
  }

  static double trueRange(Bars bars, int i) {
    double previous = bars.close[i - 1];
    return Math.max(
        bars.high[i] - bars.low[i],
        Math.max(Math.abs(bars.high[i] - previous), Math.abs(bars.low[i] - previous)));
  }

  @ParameterizedTest
  @MethodSource("series")
  void vwapIsTheNaiveRollingVolumeWeightedTypicalPrice(Bars bars) {
    for (int period : new int[] {1, 2, 5, 20, 50}) {
      Vwap vwap = new Vwap(period);
      double[][] values = run(vwap, bars);
      String label = "VWAP(" + period + ") " + bars;
      int zeroVolumeWindows = 0;
      for (int i = 0; i < bars.size(); i++) {
        if (i < period - 1) {
          assertTrue(Double.isNaN(values[0][i]), label + " NaN at bar " + i);
          continue;
        }
        double weighted = 0;
        double volume = 0;
        for (int j = i - period + 1; j <= i; j++) {
          weighted += (bars.high[j] + bars.low[j] + bars.close[j]) / 3 * bars.volume[j];
          volume += bars.volume[j];
        }
        if (volume == 0) {
          zeroVolumeWindows++;
          assertTrue(Double.isNaN(values[0][i]), label + " NaN with no volume at bar " + i);
        } else {
          assertClose(weighted / volume, values[0][i], label + " at bar " + i);
        }
      }
      assertEquals(period - 1, vwap.lookback());
      if (period <= 2 && bars.name().startsWith("random")) {
        assertTrue(zeroVolumeWindows > 0, label + ": the data reach the no-volume rule");
      }
    }
  }

  @Test
  void randomBarsReachTheEdgeCases() {
    Bars bars = randomBars(1, 700);
    int equalCloses = 0;
    int zeroVolumes = 0;
    int flatBars = 0;
    for (int i = 0; i < bars.size(); i++) {
      assertTrue(bars.high[i] >= Math.max(bars.open[i], bars.close[i]));
      assertTrue(bars.low[i] <= Math.min(bars.open[i], bars.close[i]));
      if (i > 0 && bars.close[i] == bars.close[i - 1]) {
        equalCloses++;
      }
      if (bars.volume[i] == 0) {
        zeroVolumes++;
      }
      if (bars.high[i] == bars.low[i]) {
        flatBars++;
      }
    }
    assertTrue(equalCloses > 20, "equal closes " + equalCloses);
    assertTrue(zeroVolumes > 20, "zero volumes " + zeroVolumes);
    assertTrue(flatBars > 5, "flat bars " + flatBars);
  }

  @Test
  void natrIsZeroAtAZeroCloseWhereTaLibOverwritesItsFirstValueInstead() {
    Natr natr = new Natr(2);
    double[][] bars = {{10, 9, 9.5}, {11, 10, 10.5}, {12, 11, 11.5}, {1, 0, 0}, {13, 12, 12.5}};
    double[] values = new double[bars.length];
    for (int i = 0; i < bars.length; i++) {
      values[i] = natr.update(bars[i][0], bars[i][1], bars[i][2]);
    }
    assertTrue(Double.isNaN(values[1]));
    assertEquals((1.5 + 1.5) / 2 / 11.5 * 100, values[2], 1e-12);
    assertEquals(0.0, values[3], 0);
    assertTrue(values[4] > 0);
  }

  @Test
  void vwapIsNanWhileItsWindowHasNoVolumeAndRecoversAfter() {
    Vwap vwap = new Vwap(3);
    vwap.update(0, 12, 9, 9, 100.5);
    vwap.update(0, 12, 9, 9, 0.25);
    assertEquals(10.0, vwap.update(0, 12, 9, 9, 0), 1e-12);
    assertEquals(10.0, vwap.update(0, 13, 10, 10, 0), 1e-12); // window still has 0.25
    assertTrue(Double.isNaN(vwap.update(0, 13, 10, 10, 0)));
    assertTrue(Double.isNaN(vwap.update(0, 13, 10, 10, 0)));
    assertEquals(20.0, vwap.update(0, 21, 19, 20, 3), 1e-12);
    assertEquals((20.0 * 3 + 11 * 1) / 4, vwap.update(0, 12, 10, 11, 1), 1e-12);
  }

  @Test
  void outputNames() {
    assertArrayEquals(new String[] {"k", "d"}, new Stochastic(14, 3, 3).outputNames());
    assertArrayEquals(new String[] {"", "plus_di", "minus_di"}, new Adx(14).outputNames());
    assertArrayEquals(new String[] {"up", "down", "osc"}, new Aroon(14).outputNames());
    assertArrayEquals(new String[] {"upper", "middle", "lower"}, new Donchian(20).outputNames());
    assertArrayEquals(new String[] {"upper", "middle", "lower"}, new Keltner(20, 2).outputNames());
    for (Indicator single :
        new Indicator[] {
          new Natr(14),
          new WilliamsR(14),
          new Cci(20),
          new Mfi(14),
          new Obv(),
          new ParabolicSar(),
          new Vwap(20)
        }) {
      assertArrayEquals(new String[] {""}, single.outputNames());
      assertThrows(IndexOutOfBoundsException.class, () -> single.value(1));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> new Adx(14).value(3));
    assertThrows(IndexOutOfBoundsException.class, () -> new Stochastic(5, 3, 3).value(2));
    assertThrows(IndexOutOfBoundsException.class, () -> new Aroon(5).value(-1));
  }

  @Test
  void parameterErrorsNameTheIndicatorParameterValueAndRange() {
    assertRefused("Natr period must be in 1..100000, got 0", () -> new Natr(0));
    assertRefused("Stochastic fastK must be in 1..100000, got 0", () -> new Stochastic(0, 3, 3));
    assertRefused("Stochastic slowK must be in 1..100000, got -1", () -> new Stochastic(5, -1, 3));
    assertRefused(
        "Stochastic slowD must be in 1..100000, got 100001", () -> new Stochastic(5, 3, 100_001));
    assertRefused("WilliamsR period must be in 2..100000, got 1", () -> new WilliamsR(1));
    assertRefused("Cci period must be in 2..100000, got 1", () -> new Cci(1));
    assertRefused("Adx period must be in 2..100000, got 1", () -> new Adx(1));
    assertRefused("Aroon period must be in 2..100000, got 1", () -> new Aroon(1));
    assertRefused("Mfi period must be in 2..100000, got 1", () -> new Mfi(1));
    assertRefused("Donchian period must be in 1..100000, got 0", () -> new Donchian(0));
    assertRefused("Keltner period must be in 2..100000, got 1", () -> new Keltner(1, 2));
    assertRefused(
        "Keltner multiplier must be a finite number ≥ 0, got -1.0", () -> new Keltner(20, -1));
    assertRefused(
        "Keltner multiplier must be a finite number ≥ 0, got NaN",
        () -> new Keltner(20, Double.NaN));
    assertRefused("Vwap period must be in 1..100000, got 0", () -> new Vwap(0));
    assertRefused(
        "ParabolicSar acceleration must be a finite number ≥ 0, got -0.02",
        () -> new ParabolicSar(-0.02, 0.2));
    assertRefused(
        "ParabolicSar maximum must be a finite number ≥ 0, got Infinity",
        () -> new ParabolicSar(0.02, Double.POSITIVE_INFINITY));
    assertRefused(
        "ParabolicSar acceleration must be in 0..maximum (0.2), got 0.3",
        () -> new ParabolicSar(0.3, 0.2));
  }

  static void assertRefused(String message, Executable constructor) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, constructor);
    assertEquals(message, e.getMessage());
  }

  @Test
  void rollingExtremesStayCorrectOnLongMonotoneRunsAndPlateaus() {
    // Rising, falling and flat runs fill and drain the deques completely; checked naively.
    double[] series = new double[400];
    for (int i = 0; i < series.length; i++) {
      int phase = i / 100;
      series[i] = phase == 0 ? i : phase == 1 ? 200 - i : phase == 2 ? 50 : (i % 3) * 10.0;
    }
    for (int period : new int[] {1, 2, 7, 150}) {
      Donchian donchian = new Donchian(period);
      for (int i = 0; i < series.length; i++) {
        donchian.update(0, series[i], series[i], series[i], 1);
        if (i >= period - 1) {
          double max = Double.NEGATIVE_INFINITY;
          double min = Double.POSITIVE_INFINITY;
          for (int j = i - period + 1; j <= i; j++) {
            max = Math.max(max, series[j]);
            min = Math.min(min, series[j]);
          }
          assertEquals(max, donchian.value(0), 0, "max(" + period + ") at " + i);
          assertEquals(min, donchian.value(2), 0, "min(" + period + ") at " + i);
        }
      }
    }
  }

  @Test
  void updatesAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Bars bars = randomBars(5, 5000);
    Indicator[] indicators = {
      new Natr(14), new Stochastic(14, 3, 3), new WilliamsR(14), new Cci(20), new Adx(14),
      new Aroon(25), new Mfi(14), new Obv(), new ParabolicSar(), new Donchian(20),
      new Keltner(20, 2), new Vwap(20)
    };
    long thread = Thread.currentThread().getId();
    for (Indicator indicator : indicators) {
      feed(indicator, bars, 0, 1000);
      long before = threads.getThreadAllocatedBytes(thread);
      feed(indicator, bars, 1000, bars.size());
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      assertTrue(
          allocated < 1024,
          indicator.getClass().getSimpleName() + " allocated " + allocated + " bytes in 4000 bars");
    }
  }

  static void feed(Indicator indicator, Bars bars, int from, int to) {
    for (int i = from; i < to; i++) {
      indicator.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
    }
  }
}
