package dev.quarry.indicators;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An indicator named by text, {@code NAME} or {@code NAME:ARGS} (SPEC §13): {@code rsi:14}, {@code
 * macd:12,26,9}, {@code bbands:20,2}, {@code sar} — what {@code export --indicator} and {@link
 * IndicatorColumns} take. {@link #create()} gives a fresh {@link Indicator} each time; the label is
 * the name and the arguments joined by {@code _} ({@code rsi_14}, {@code macd_12_26_9}, {@code
 * bbands_20_2}), and each output's column is the label followed by {@code _} and the output's name
 * when that is not empty ({@link #columns()}: {@code macd_12_26_9}, {@code macd_12_26_9_signal},
 * {@code macd_12_26_9_hist}).
 *
 * <p>The names and their arguments (whole numbers for periods; reals for factors):
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><th>name</th><th>arguments</th><th>class</th><th>outputs</th></tr>
 *   <tr><td>sma, ema, wma, dema, tema, kama</td><td>period</td><td>{@link Sma}, {@link Ema},
 *       {@link Wma}, {@link Dema}, {@link Tema}, {@link Kama}</td><td>one</td></tr>
 *   <tr><td>rsi</td><td>period</td><td>{@link Rsi}</td><td>one</td></tr>
 *   <tr><td>macd</td><td>fast,slow,signal</td><td>{@link Macd}</td><td>line, signal,
 *       hist</td></tr>
 *   <tr><td>bbands</td><td>period,k[,kDown]</td><td>{@link BollingerBands}</td><td>upper, middle,
 *       lower</td></tr>
 *   <tr><td>stddev</td><td>period[,factor]</td><td>{@link StdDev}</td><td>one</td></tr>
 *   <tr><td>roc, mom, linregslope</td><td>period</td><td>{@link Roc}, {@link Momentum}, {@link
 *       LinearRegressionSlope}</td><td>one</td></tr>
 *   <tr><td>stochrsi</td><td>period,k,d</td><td>{@link StochasticRsi}</td><td>k, d</td></tr>
 *   <tr><td>atr, natr</td><td>period</td><td>{@link Atr}, {@link Natr}</td><td>one</td></tr>
 *   <tr><td>trange</td><td>none</td><td>{@link TrueRange}</td><td>one</td></tr>
 *   <tr><td>stoch</td><td>fastK,slowK,slowD</td><td>{@link Stochastic}</td><td>k, d</td></tr>
 *   <tr><td>willr, cci</td><td>period</td><td>{@link WilliamsR}, {@link Cci}</td><td>one</td></tr>
 *   <tr><td>adx</td><td>period</td><td>{@link Adx}</td><td>adx, plus_di, minus_di</td></tr>
 *   <tr><td>aroon</td><td>period</td><td>{@link Aroon}</td><td>up, down, osc</td></tr>
 *   <tr><td>mfi</td><td>period</td><td>{@link Mfi}</td><td>one</td></tr>
 *   <tr><td>obv</td><td>none</td><td>{@link Obv}</td><td>one</td></tr>
 *   <tr><td>sar</td><td>none, or acceleration,maximum</td><td>{@link ParabolicSar}</td>
 *       <td>one</td></tr>
 *   <tr><td>donchian</td><td>period</td><td>{@link Donchian}</td><td>upper, middle, lower</td></tr>
 *   <tr><td>keltner</td><td>period,multiplier</td><td>{@link Keltner}</td><td>upper, middle,
 *       lower</td></tr>
 *   <tr><td>vwap</td><td>period</td><td>{@link Vwap}</td><td>one</td></tr>
 * </table>
 *
 * <p>Names are read case-insensitively and kept in lower case; spaces around the name and the
 * arguments are ignored. Numbers in the label are written plainly without trailing zeros ({@code
 * bbands:20,2.0} has label {@code bbands_20_2}, {@code sar:0.02,0.2} has {@code sar_0.02_0.2}).
 *
 * @param name the indicator's name, lower case, one of {@link #names()}
 * @param args its arguments, in order
 * @param label the prefix of its columns
 */
public record IndicatorSpec(String name, List<Double> args, String label) {
  /** One name: its parameters, how many may be left out, and how to build it. */
  private record Definition(
      String name,
      List<String> parameters,
      int required,
      int wholeParameters,
      Function<double[], Indicator> factory) {
    /** The accepted argument counts, e.g. "3 arguments" or "0 or 2 arguments". */
    String counts() {
      int all = parameters.size();
      String plural = all == 1 ? " argument" : " arguments";
      if (required == all) {
        return all + plural;
      }
      return required + " or " + all + plural;
    }

    /** Usage, e.g. {@code macd:fast,slow,signal}, or {@code sar[:acceleration,maximum]}. */
    String usage() {
      if (parameters.isEmpty()) {
        return name;
      }
      if (required == 0) {
        return name + "[:" + String.join(",", parameters) + "]";
      }
      StringBuilder s = new StringBuilder(name).append(':');
      for (int i = 0; i < parameters.size(); i++) {
        if (i == required) {
          s.append('[');
        }
        if (i > 0) {
          s.append(',');
        }
        s.append(parameters.get(i));
      }
      return required < parameters.size() ? s.append(']').toString() : s.toString();
    }
  }

  private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

  static {
    period("sma", p -> new Sma(p));
    period("ema", p -> new Ema(p));
    period("wma", p -> new Wma(p));
    period("dema", p -> new Dema(p));
    period("tema", p -> new Tema(p));
    period("kama", p -> new Kama(p));
    period("rsi", p -> new Rsi(p));
    define(
        "macd",
        List.of("fast", "slow", "signal"),
        3,
        3,
        a -> new Macd((int) a[0], (int) a[1], (int) a[2]));
    define(
        "bbands",
        List.of("period", "k", "kDown"),
        2,
        1,
        a -> new BollingerBands((int) a[0], a[1], a.length > 2 ? a[2] : a[1]));
    define(
        "stddev",
        List.of("period", "factor"),
        1,
        1,
        a -> new StdDev((int) a[0], a.length > 1 ? a[1] : 1.0));
    period("roc", p -> new Roc(p));
    period("mom", p -> new Momentum(p));
    period("linregslope", p -> new LinearRegressionSlope(p));
    define(
        "stochrsi",
        List.of("period", "k", "d"),
        3,
        3,
        a -> new StochasticRsi((int) a[0], (int) a[1], (int) a[2]));
    period("atr", p -> new Atr(p));
    period("natr", p -> new Natr(p));
    define("trange", List.of(), 0, 0, a -> new TrueRange());
    define(
        "stoch",
        List.of("fastK", "slowK", "slowD"),
        3,
        3,
        a -> new Stochastic((int) a[0], (int) a[1], (int) a[2]));
    period("willr", p -> new WilliamsR(p));
    period("cci", p -> new Cci(p));
    period("adx", p -> new Adx(p));
    period("aroon", p -> new Aroon(p));
    period("mfi", p -> new Mfi(p));
    define("obv", List.of(), 0, 0, a -> new Obv());
    define(
        "sar",
        List.of("acceleration", "maximum"),
        0,
        0,
        a -> a.length == 0 ? new ParabolicSar() : new ParabolicSar(a[0], a[1]));
    period("donchian", p -> new Donchian(p));
    define("keltner", List.of("period", "multiplier"), 2, 1, a -> new Keltner((int) a[0], a[1]));
    period("vwap", p -> new Vwap(p));
  }

  private static void period(String name, java.util.function.IntFunction<Indicator> factory) {
    define(name, List.of("period"), 1, 1, a -> factory.apply((int) a[0]));
  }

  private static void define(
      String name,
      List<String> parameters,
      int required,
      int whole,
      Function<double[], Indicator> factory) {
    DEFINITIONS.put(name, new Definition(name, parameters, required, whole, factory));
  }

  /**
   * Checks the name, the number of arguments and that the whole-number ones are whole (the
   * indicator's own ranges are checked by {@link #create()}, and by {@link #parse}).
   *
   * @throws IllegalArgumentException if the name is unknown, the count is wrong, an argument is not
   *     a finite number or a period is not whole, or the label is blank
   */
  public IndicatorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(label, "label");
    args = List.copyOf(args);
    Definition d = definition(name, name);
    String text = text(name, args);
    checkCount(d, args.size(), text);
    for (int i = 0; i < args.size(); i++) {
      double a = args.get(i);
      if (!Double.isFinite(a)) {
        throw new IllegalArgumentException(
            name + " " + d.parameters().get(i) + " must be a finite number, got " + a);
      }
      if (i < d.wholeParameters() && a != Math.rint(a)) {
        throw new IllegalArgumentException(
            name
                + " "
                + d.parameters().get(i)
                + " must be a whole number, got "
                + plain(a)
                + " in '"
                + text
                + "'");
      }
    }
    if (label.isBlank()) {
      throw new IllegalArgumentException("the label of '" + text + "' is blank");
    }
  }

  /**
   * Reads {@code NAME} or {@code NAME:ARG,ARG…}, and checks the arguments by building the indicator
   * once.
   *
   * @param text e.g. {@code rsi:14}, {@code macd:12,26,9}, {@code sar}
   * @return the spec, labelled {@code name_arg_arg…} ({@code rsi_14})
   * @throws IllegalArgumentException naming the text: unknown name (listing the known ones), wrong
   *     number of arguments (giving the expected ones), an argument that is not a number, or one
   *     the indicator refuses
   */
  public static IndicatorSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    int colon = trimmed.indexOf(':');
    String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip();
    name = name.toLowerCase(Locale.ROOT);
    Definition d = definition(name, text);
    List<Double> args = new ArrayList<>();
    List<String> labelParts = new ArrayList<>();
    if (colon >= 0) {
      String[] parts = trimmed.substring(colon + 1).split(",", -1);
      if (parts.length == 1 && parts[0].isBlank()) {
        parts = new String[0];
      }
      checkCount(d, parts.length, text);
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].strip();
        String parameter = d.parameters().get(i);
        BigDecimal number;
        try {
          number = new BigDecimal(part);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              name
                  + " "
                  + parameter
                  + (part.isEmpty() ? " is empty" : " must be a number, got '" + part + "'")
                  + " in '"
                  + text
                  + "'; "
                  + name
                  + " takes "
                  + d.counts()
                  + " ("
                  + String.join(",", d.parameters())
                  + ")",
              e);
        }
        double value = number.doubleValue();
        if (i < d.wholeParameters() && number.stripTrailingZeros().scale() > 0) {
          throw new IllegalArgumentException(
              name
                  + " "
                  + parameter
                  + " must be a whole number, got "
                  + part
                  + " in '"
                  + text
                  + "'");
        }
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(
              name + " " + parameter + " is out of range, got " + part + " in '" + text + "'");
        }
        args.add(value);
        labelParts.add(number.stripTrailingZeros().toPlainString());
      }
    } else {
      checkCount(d, 0, text);
    }
    StringBuilder label = new StringBuilder(name);
    labelParts.forEach(p -> label.append('_').append(p));
    IndicatorSpec spec = new IndicatorSpec(name, args, label.toString());
    spec.create(text); // the indicator's own range checks, now rather than at the first bar
    return spec;
  }

  /**
   * A spec from a name and arguments, labelled like {@link #parse} would ({@code of("rsi", 14)} is
   * {@code rsi:14}).
   *
   * @param name the name, e.g. {@code rsi}
   * @param args the arguments
   * @return the spec
   * @throws IllegalArgumentException as {@link #parse} does
   */
  public static IndicatorSpec of(String name, double... args) {
    StringBuilder text = new StringBuilder(name);
    for (int i = 0; i < args.length; i++) {
      text.append(i == 0 ? ':' : ',').append(plain(args[i]));
    }
    return parse(text.toString());
  }

  /**
   * A fresh indicator with no bars yet.
   *
   * @return the indicator
   * @throws IllegalArgumentException if the indicator refuses the arguments (the message names the
   *     spec)
   */
  public Indicator create() {
    return create(text(name, args));
  }

  private Indicator create(String text) {
    double[] a = new double[args.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = args.get(i);
    }
    try {
      return DEFINITIONS.get(name).factory().apply(a);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in '" + text + "'", e);
    }
  }

  /**
   * The columns of the outputs, in output order: the label, followed by {@code _} and the output's
   * name when that is not empty ({@code bbands_20_2_upper}; {@code rsi_14}).
   *
   * @return the column names
   */
  public List<String> columns() {
    String[] outputs = create().outputNames();
    List<String> columns = new ArrayList<>(outputs.length);
    for (String output : outputs) {
      columns.add(output.isEmpty() ? label : label + "_" + output);
    }
    return List.copyOf(columns);
  }

  /**
   * The spec as text, {@code name} or {@code name:arg,arg…}, which {@link #parse} reads back.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return text(name, args);
  }

  /**
   * The known names, in the order of the table above.
   *
   * @return the names
   */
  public static List<String> names() {
    return List.copyOf(DEFINITIONS.keySet());
  }

  /**
   * The usage of every name, e.g. {@code rsi:period}, {@code macd:fast,slow,signal}, {@code
   * sar[:acceleration,maximum]}.
   *
   * @return one entry per name, in the order of {@link #names()}
   */
  public static List<String> usages() {
    return DEFINITIONS.values().stream().map(Definition::usage).toList();
  }

  private static Definition definition(String name, String text) {
    Definition d = DEFINITIONS.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          (name.isEmpty()
                  ? "no indicator name in '" + text + "'"
                  : "unknown indicator '" + name + "'")
              + "; known: "
              + String.join(", ", DEFINITIONS.keySet()));
    }
    return d;
  }

  private static void checkCount(Definition d, int count, String text) {
    int all = d.parameters().size();
    if (count != all && count != d.required()) {
      throw new IllegalArgumentException(
          d.name()
              + " takes "
              + d.counts()
              + (all == 0 ? "" : " (" + String.join(",", d.parameters()) + ")")
              + ", got "
              + count
              + " in '"
              + text
              + "'");
    }
  }

  private static String text(String name, List<Double> args) {
    StringBuilder s = new StringBuilder(name);
    for (int i = 0; i < args.size(); i++) {
      s.append(i == 0 ? ':' : ',').append(plain(args.get(i)));
    }
    return s.toString();
  }

  private static String plain(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
