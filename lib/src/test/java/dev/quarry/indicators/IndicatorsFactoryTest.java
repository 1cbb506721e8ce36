package dev.quarry.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quarry.bars.Indicators;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The streaming factories of {@link Indicators}: one per registry name, same values as the spec.
 */
class IndicatorsFactoryTest {
  private static Map<String, Supplier<Indicator>> factories() {
    Map<String, Supplier<Indicator>> all = new LinkedHashMap<>();
    all.put("sma:10", () -> Indicators.sma(10));
    all.put("ema:10", () -> Indicators.ema(10));
    all.put("wma:10", () -> Indicators.wma(10));
    all.put("dema:10", () -> Indicators.dema(10));
    all.put("tema:10", () -> Indicators.tema(10));
    all.put("kama:10", () -> Indicators.kama(10));
    all.put("rsi:14", () -> Indicators.rsi(14));
    all.put("macd:12,26,9", () -> Indicators.macd(12, 26, 9));
    all.put("bbands:20,2", () -> Indicators.bbands(20, 2));
    all.put("stddev:20", () -> Indicators.stddev(20));
    all.put("roc:10", () -> Indicators.roc(10));
    all.put("mom:10", () -> Indicators.mom(10));
    all.put("linregslope:14", () -> Indicators.linregslope(14));
    all.put("stochrsi:14,5,3", () -> Indicators.stochrsi(14, 5, 3));
    all.put("atr:14", () -> Indicators.atr(14));
    all.put("natr:14", () -> Indicators.natr(14));
    all.put("trange", Indicators::trange);
    all.put("stoch:14,3,3", () -> Indicators.stoch(14, 3, 3));
    all.put("willr:14", () -> Indicators.willr(14));
    all.put("cci:14", () -> Indicators.cci(14));
    all.put("adx:14", () -> Indicators.adx(14));
    all.put("aroon:14", () -> Indicators.aroon(14));
    all.put("mfi:14", () -> Indicators.mfi(14));
    all.put("obv", Indicators::obv);
    all.put("sar", Indicators::sar);
    all.put("sar:0.01,0.1", () -> Indicators.sar(0.01, 0.1));
    all.put("donchian:20", () -> Indicators.donchian(20));
    all.put("keltner:20,2", () -> Indicators.keltner(20, 2));
    all.put("vwap:20", () -> Indicators.vwap(20));
    return all;
  }

  @Test
  void onePerNameWithTheSpecsValues() {
    Map<String, Supplier<Indicator>> all = factories();
    assertEquals(
        IndicatorSpec.names().size(),
        all.keySet().stream().map(k -> k.split(":")[0]).distinct().count());
    for (Map.Entry<String, Supplier<Indicator>> e : all.entrySet()) {
      Indicator fromFactory = e.getValue().get();
      assertNotSame(fromFactory, e.getValue().get(), "fresh each call");
      Indicator fromSpec = IndicatorSpec.parse(e.getKey()).create();
      assertEquals(fromSpec.getClass(), fromFactory.getClass(), e.getKey());
      assertEquals(fromSpec.lookback(), fromFactory.lookback(), e.getKey());
      double price = 50;
      for (int i = 0; i < 120; i++) {
        price += Math.sin(i * 0.7) + 0.1;
        double h = price + 1 + (i % 3);
        double l = price - 1 - (i % 2);
        fromFactory.update(price - 0.2, h, l, price, 5 + i % 4);
        fromSpec.update(price - 0.2, h, l, price, 5 + i % 4);
        for (int o = 0; o < fromSpec.outputNames().length; o++) {
          assertEquals(fromSpec.value(o), fromFactory.value(o), e.getKey() + " at " + i);
        }
      }
    }
  }

  @Test
  void typedAsTheirClasses() {
    Ema ema = Indicators.ema(20);
    Macd macd = Indicators.macd(12, 26, 9);
    BollingerBands bands = Indicators.bbands(20, 2);
    Sma sma = Indicators.sma(20);
    Rsi rsi = Indicators.rsi(14);
    assertEquals(19, ema.lookback());
    assertEquals(33, macd.lookback());
    assertEquals(19, bands.lookback());
    assertEquals(19, sma.lookback());
    assertEquals(14, rsi.lookback());
    assertThrows(IllegalArgumentException.class, () -> Indicators.ema(1));
    // The array helpers are still there.
    assertEquals(3, Indicators.sma(new double[] {1, 2, 3}, 2).length);
  }
}
