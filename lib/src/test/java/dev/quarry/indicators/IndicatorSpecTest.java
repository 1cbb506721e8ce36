package dev.quarry.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry: every name parses to its class, label and columns; bad text is refused clearly. */
class IndicatorSpecTest {
  /** text, class, label, columns, the wrong argument count to try, the expected-arguments text. */
  static Stream<Arguments> everyName() {
    return Stream.of(
        one("sma:20", Sma.class, "sma_20", "sma:20,3", "1 argument (period)"),
        one("ema:20", Ema.class, "ema_20", "ema", "1 argument (period)"),
        one("wma:10", Wma.class, "wma_10", "wma:", "1 argument (period)"),
        one("dema:10", Dema.class, "dema_10", "dema:1,2", "1 argument (period)"),
        one("tema:10", Tema.class, "tema_10", "tema", "1 argument (period)"),
        one("kama:10", Kama.class, "kama_10", "kama", "1 argument (period)"),
        one("rsi:14", Rsi.class, "rsi_14", "rsi", "1 argument (period)"),
        many(
            "macd:12,26,9",
            Macd.class,
            "macd_12_26_9",
            List.of("macd_12_26_9", "macd_12_26_9_signal", "macd_12_26_9_hist"),
            "macd:12,26",
            "3 arguments (fast,slow,signal)"),
        many(
            "bbands:20,2",
            BollingerBands.class,
            "bbands_20_2",
            List.of("bbands_20_2_upper", "bbands_20_2_middle", "bbands_20_2_lower"),
            "bbands:20",
            "2 or 3 arguments (period,k,kDown)"),
        one("stddev:20", StdDev.class, "stddev_20", "stddev", "1 or 2 arguments (period,factor)"),
        one("roc:10", Roc.class, "roc_10", "roc", "1 argument (period)"),
        one("mom:10", Momentum.class, "mom_10", "mom", "1 argument (period)"),
        one(
            "linregslope:14",
            LinearRegressionSlope.class,
            "linregslope_14",
            "linregslope",
            "1 argument (period)"),
        many(
            "stochrsi:14,5,3",
            StochasticRsi.class,
            "stochrsi_14_5_3",
            List.of("stochrsi_14_5_3_k", "stochrsi_14_5_3_d"),
            "stochrsi:14",
            "3 arguments (period,k,d)"),
        one("atr:14", Atr.class, "atr_14", "atr", "1 argument (period)"),
        one("natr:14", Natr.class, "natr_14", "natr", "1 argument (period)"),
        one("trange", TrueRange.class, "trange", "trange:1", "0 arguments"),
        many(
            "stoch:14,3,3",
            Stochastic.class,
            "stoch_14_3_3",
            List.of("stoch_14_3_3_k", "stoch_14_3_3_d"),
            "stoch:14,3",
            "3 arguments (fastK,slowK,slowD)"),
        one("willr:14", WilliamsR.class, "willr_14", "willr", "1 argument (period)"),
        one("cci:20", Cci.class, "cci_20", "cci", "1 argument (period)"),
        many(
            "adx:14",
            Adx.class,
            "adx_14",
            List.of("adx_14", "adx_14_plus_di", "adx_14_minus_di"),
            "adx",
            "1 argument (period)"),
        many(
            "aroon:25",
            Aroon.class,
            "aroon_25",
            List.of("aroon_25_up", "aroon_25_down", "aroon_25_osc"),
            "aroon",
            "1 argument (period)"),
        one("mfi:14", Mfi.class, "mfi_14", "mfi", "1 argument (period)"),
        one("obv", Obv.class, "obv", "obv:3", "0 arguments"),
        one(
            "sar",
            ParabolicSar.class,
            "sar",
            "sar:0.02",
            "0 or 2 arguments (acceleration,maximum)"),
        one(
            "sar:0.02,0.2",
            ParabolicSar.class,
            "sar_0.02_0.2",
            "sar:0.02,0.2,1",
            "0 or 2 arguments (acceleration,maximum)"),
        many(
            "donchian:20",
            Donchian.class,
            "donchian_20",
            List.of("donchian_20_upper", "donchian_20_middle", "donchian_20_lower"),
            "donchian",
            "1 argument (period)"),
        many(
            "keltner:20,2",
            Keltner.class,
            "keltner_20_2",
            List.of("keltner_20_2_upper", "keltner_20_2_middle", "keltner_20_2_lower"),
            "keltner:20",
            "2 arguments (period,multiplier)"),
        one("vwap:20", Vwap.class, "vwap_20", "vwap", "1 argument (period)"));
  }

  private static Arguments one(
      String text, Class<?> type, String label, String wrongCount, String expected) {
    return many(text, type, label, List.of(label), wrongCount, expected);
  }

  private static Arguments many(
      String text,
      Class<?> type,
      String label,
      List<String> columns,
      String wrongCount,
      String expected) {
    return Arguments.of(text, type, label, columns, wrongCount, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyName")
  void parsesEveryName(
      String text,
      Class<?> type,
      String label,
      List<String> columns,
      String wrongCount,
      String expected) {
    IndicatorSpec spec = IndicatorSpec.parse(text);
    assertEquals(label, spec.label());
    assertEquals(text.split(":")[0], spec.name());
    assertEquals(columns, spec.columns());
    Indicator a = spec.create();
    Indicator b = spec.create();
    assertInstanceOf(type, a);
    assertNotSame(a, b, "create() gives a fresh indicator each time");
    assertEquals(0, a.bars());
    assertEquals(columns.size(), a.outputNames().length);
    assertEquals(spec, IndicatorSpec.parse(spec.toString()), "toString parses back");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndicatorSpec.parse(wrongCount));
    String name = spec.name();
    assertTrue(
        e.getMessage().startsWith(name + " takes " + expected + ", got "), () -> e.getMessage());
    assertTrue(e.getMessage().endsWith(" in '" + wrongCount + "'"), e::getMessage);
  }

  @Test
  void coversEveryIndicatorClassOfThePackageOnce() {
    Set<Class<?>> seen = new LinkedHashSet<>();
    everyName().forEach(a -> seen.add((Class<?>) a.get()[1]));
    assertEquals(28, seen.size());
    assertEquals(28, IndicatorSpec.names().size());
    assertEquals(
        List.of(
            "sma",
            "ema",
            "wma",
            "dema",
            "tema",
            "kama",
            "rsi",
            "macd",
            "bbands",
            "stddev",
            "roc",
            "mom",
            "linregslope",
            "stochrsi",
            "atr",
            "natr",
            "trange",
            "stoch",
            "willr",
            "cci",
            "adx",
            "aroon",
            "mfi",
            "obv",
            "sar",
            "donchian",
            "keltner",
            "vwap"),
        IndicatorSpec.names());
    assertEquals(IndicatorSpec.names().size(), IndicatorSpec.usages().size());
    assertTrue(IndicatorSpec.usages().contains("macd:fast,slow,signal"));
    assertTrue(IndicatorSpec.usages().contains("sar[:acceleration,maximum]"));
    assertTrue(IndicatorSpec.usages().contains("bbands:period,k[,kDown]"));
    assertTrue(IndicatorSpec.usages().contains("obv"));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndicatorSpec.parse("rsx:14"));
    assertEquals(
        "unknown indicator 'rsx'; known: " + String.join(", ", IndicatorSpec.names()),
        e.getMessage());
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> IndicatorSpec.parse(":14"));
    assertTrue(empty.getMessage().startsWith("no indicator name in ':14'; known: sma, "));
  }

  @Test
  void wrongArgumentCountNamesTheParameters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndicatorSpec.parse("macd:12,26"));
    assertEquals(
        "macd takes 3 arguments (fast,slow,signal), got 2 in 'macd:12,26'", e.getMessage());
  }

  @Test
  void badNumbersAndRangesNameTheText() {
    assertEquals(
        "rsi period must be a number, got 'x' in 'rsi:x'; rsi takes 1 argument (period)",
        message("rsi:x"));
    assertEquals(
        "macd slow is empty in 'macd:12,,9'; macd takes 3 arguments (fast,slow,signal)",
        message("macd:12,,9"));
    assertEquals("rsi period must be a whole number, got 14.5 in 'rsi:14.5'", message("rsi:14.5"));
    assertEquals(
        "RSI period must be at least 2 and at most 100000, got 1 in 'rsi:1'", message("rsi:1"));
    assertTrue(message("sar:0.3,0.2").endsWith(" in 'sar:0.3,0.2'"));
    assertTrue(message("keltner:20,-1").contains("multiplier"));
  }

  @Test
  void readsLooseTextAndWritesPlainLabels() {
    IndicatorSpec spec = IndicatorSpec.parse("  BBands : 20 , 2.0 ");
    assertEquals("bbands", spec.name());
    assertEquals(List.of(20.0, 2.0), spec.args());
    assertEquals("bbands_20_2", spec.label());
    assertEquals("bbands:20,2", spec.toString());
    assertEquals("rsi_14", IndicatorSpec.parse("rsi:14.0").label());
    assertEquals("bbands_20_2.5_1.5", IndicatorSpec.parse("bbands:20,2.5,1.5").label());
    assertEquals("stddev_20_2", IndicatorSpec.parse("stddev:20,2").label());
    assertEquals("sar", IndicatorSpec.parse("sar:").label());
    assertEquals(IndicatorSpec.parse("macd:12,26,9"), IndicatorSpec.of("macd", 12, 26, 9));
    assertEquals(IndicatorSpec.parse("sar:0.02,0.2"), IndicatorSpec.of("sar", 0.02, 0.2));
  }

  @Test
  void theConstructorChecksTooAndTakesACustomLabel() {
    IndicatorSpec fast = new IndicatorSpec("ema", List.of(10.0), "fast");
    assertEquals(List.of("fast"), fast.columns());
    assertThrows(
        IllegalArgumentException.class, () -> new IndicatorSpec("rsx", List.of(14.0), "x"));
    assertThrows(IllegalArgumentException.class, () -> new IndicatorSpec("rsi", List.of(), "rsi"));
    assertThrows(
        IllegalArgumentException.class, () -> new IndicatorSpec("rsi", List.of(14.5), "rsi"));
    assertThrows(
        IllegalArgumentException.class, () -> new IndicatorSpec("rsi", List.of(14.0), " "));
  }

  @Test
  void createGivesTheSameValuesAsTheConstructor() {
    Indicator fromSpec = IndicatorSpec.parse("macd:12,26,9").create();
    Macd direct = new Macd(12, 26, 9);
    double price = 100;
    for (int i = 0; i < 200; i++) {
      price += Math.sin(i * 0.3);
      fromSpec.update(price, price + 1, price - 1, price, 10);
      direct.update(price, price + 1, price - 1, price, 10);
      for (int o = 0; o < 3; o++) {
        assertEquals(direct.value(o), fromSpec.value(o));
      }
    }
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> IndicatorSpec.parse(text))
        .getMessage();
  }
}
