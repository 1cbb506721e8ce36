package dev.quarry.samples;

import dev.quarry.backtest.BarStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The sample strategies by name, with their parameters and defaults, as {@code backtest --strategy
 * NAME --param k=v} and the notebooks use them.
 *
 * <pre>
 * sma-cross           fast=10 slow=50 direction=long {@link SmaCross}
 * rsi-reversion       period=14 lower=30 upper=70 {@link RsiReversion}
 * momentum-rotation   lookback=60                {@link MomentumRotation}
 * trend-sma           fast=10 slow=50 trend=20 timeframe=1h {@link TrendFilteredSmaCross}
 * rebalance           weight=0.5 every=60        {@link Rebalance}
 * </pre>
 */
public final class SampleStrategies {
  private record Entry(
      Map<String, String> defaults, Function<Map<String, String>, BarStrategy> make) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    ENTRIES.put(
        "sma-cross",
        new Entry(ordered("fast", "10", "slow", "50", "direction", "long"), SmaCross::new));
    ENTRIES.put(
        "rsi-reversion",
        new Entry(ordered("period", "14", "lower", "30", "upper", "70"), RsiReversion::new));
    ENTRIES.put("momentum-rotation", new Entry(ordered("lookback", "60"), MomentumRotation::new));
    ENTRIES.put(
        "trend-sma",
        new Entry(
            ordered("fast", "10", "slow", "50", "trend", "20", "timeframe", "1h"),
            TrendFilteredSmaCross::new));
    ENTRIES.put("rebalance", new Entry(ordered("weight", "0.5", "every", "60"), Rebalance::new));
  }

  private SampleStrategies() {}

  /**
   * The names, in a fixed order.
   *
   * @return the names
   */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  /**
   * A strategy's parameters and their defaults.
   *
   * @param name the strategy
   * @return parameter → default, in order
   * @throws IllegalArgumentException for an unknown strategy
   */
  public static Map<String, String> defaults(String name) {
    return entry(name).defaults();
  }

  /**
   * Makes a strategy, its parameters being the defaults overridden by {@code params}.
   *
   * @param name the strategy, e.g. {@code sma-cross}
   * @param params parameter → value, e.g. {@code fast → 5}; may be empty
   * @return the strategy
   * @throws IllegalArgumentException for an unknown strategy or parameter, or a bad value
   */
  public static BarStrategy create(String name, Map<String, String> params) {
    return entry(name).make().apply(params);
  }

  /**
   * The parameters a run uses: the defaults overridden by {@code params}, in the defaults' order.
   *
   * @param name the strategy
   * @param params overrides
   * @return every parameter with its value
   * @throws IllegalArgumentException for an unknown strategy or parameter
   */
  public static Map<String, String> resolve(String name, Map<String, String> params) {
    Map<String, String> all = new LinkedHashMap<>(entry(name).defaults());
    for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
      if (!all.containsKey(p.getKey())) {
        throw new IllegalArgumentException(
            "strategy '"
                + name
                + "' has no parameter '"
                + p.getKey()
                + "'; its parameters are "
                + all.keySet());
      }
      all.put(p.getKey(), p.getValue());
    }
    return all;
  }

  private static Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "no sample strategy named '"
              + name
              + "'; the samples are "
              + ENTRIES.keySet()
              + " (or give a class name or a .java file)");
    }
    return e;
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * A whole-number parameter of a resolved parameter map.
   *
   * @param strategy the strategy, for the error
   * @param params the parameters, from {@link #resolve}
   * @param key the parameter
   * @return its value
   * @throws IllegalArgumentException naming the strategy and the parameter
   */
  public static int integer(String strategy, Map<String, String> params, String key) {
    try {
      return Integer.parseInt(params.get(key).trim());
    } catch (NumberFormatException e) {
      throw bad(strategy, params, key, "a whole number");
    }
  }

  /**
   * A numeric parameter of a resolved parameter map.
   *
   * @param strategy the strategy, for the error
   * @param params the parameters, from {@link #resolve}
   * @param key the parameter
   * @return its value, finite
   * @throws IllegalArgumentException naming the strategy and the parameter
   */
  public static double number(String strategy, Map<String, String> params, String key) {
    try {
      double v = Double.parseDouble(params.get(key).trim());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(strategy, params, key, "a finite number");
  }

  private static IllegalArgumentException bad(
      String strategy, Map<String, String> params, String key, String what) {
    return new IllegalArgumentException(
        "parameter " + key + "=" + params.get(key) + " of " + strategy + " is not " + what);
  }
}
