package dev.quarry.backtest;

import dev.quarry.notebook.Html;
import dev.quarry.notebook.HtmlRenderable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A backtest's report as one self-contained HTML page, its charts drawn by Apache ECharts (its
 * minified script, from the {@code org.webjars.npm:echarts} jar, is inlined into the page, which
 * therefore opens offline and makes no network request; about 1 MB): a title (strategy and symbol
 * from the settings), the headline, the settings, the metrics for humans, the equity curve (with
 * equal-weight buy and hold of the run's symbols scaled to the initial cash, when the result keeps
 * what its metrics came from), the underwater drawdown with a table of the five worst drawdowns,
 * monthly returns as a heat map (daily returns when the run spans less than two months), the
 * distribution of the closed trades' returns (pnl over entry value), the rolling Sharpe ratio (over
 * a tenth of the curve's rows, at least {@value ReportChart#MIN_SHARPE_WINDOW}, annualised as the
 * metrics are), and every trade in a scrolling table. The charts' data sits in the page as JSON;
 * they are drawn with ECharts' SVG renderer. Every text is HTML-escaped; the same result gives the
 * same page (numbers in {@link Locale#ROOT}, no time of generation).
 *
 * <p>Under the title, the first fact: how buy and hold of the run's symbols did beside the strategy
 * ({@code BTC-USD rose 12.34 % while the strategy lost 5.67 % (excess return -18.01 %).}). The
 * metrics ({@link Metrics}) come in groups: returns, risk, trades, costs, then the run.
 *
 * <p>Formats: returns, volatility, alpha, drawdown, win rate and exposure as percentages with two
 * decimals ({@code 12.34 %}), ratios (Sharpe, Sortino, Calmar, beta, profit factor, payoff ratio,
 * turnover) with two decimals, money with two decimals and thousands separators, durations in days,
 * hours, minutes and seconds ({@link #duration}); a missing figure (null or NaN) is {@code –}. In
 * the trade list, quantities have six significant digits, prices two to four decimals. Each chart
 * line keeps, per bucket of time, its lowest and highest point (at most 2,000 points), so a curve
 * of a million rows still gives a page of some tens of kilobytes besides the script.
 *
 * <pre>{@code
 * Files.writeString(Path.of("report.html"), Report.html(result));
 * Report.renderable(result)   // as the last value of a notebook cell
 * }</pre>
 */
public final class Report {
  private static final String MISSING = "–";

  /** Where the ECharts WebJar keeps its minified script. */
  static final String ECHARTS =
      "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";

  private static volatile String echartsScript;

  static final String STYLE =
      "<style>"
          + ".quarry-report{font-family:system-ui,sans-serif;color:#222;max-width:980px}"
          + ".quarry-report h1{font-size:1.4em}.quarry-report h2{font-size:1.1em;margin-top:1.4em}"
          + ".quarry-report h3{font-size:1em;margin:1em 0 .3em}"
          + ".quarry-report p.headline{font-size:1.1em;font-weight:600}"
          + ".quarry-report table{border-collapse:collapse;font-size:.9em}"
          + ".quarry-report th,.quarry-report td{border:1px solid #ddd;padding:2px 8px}"
          + ".quarry-report th{background:#f4f4f4;text-align:left}"
          + ".quarry-report td.n{text-align:right;font-variant-numeric:tabular-nums}"
          + ".quarry-report div.chart{width:100%;height:300px}"
          + ".quarry-report div.trade-list{max-height:420px;overflow:auto}"
          + ".quarry-report div.trade-list th{position:sticky;top:0}"
          + ".quarry-report table.trades td,.quarry-report table.trades th{white-space:nowrap}"
          + "</style>";

  private Report() {}

  /**
   * The report as a complete HTML page.
   *
   * @param result the backtest's result
   * @return the page, starting {@code <!DOCTYPE html>}
   */
  public static String html(BacktestResult result) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + Html.escape(title(result.settings()))
        + "</title>\n</head>\n<body>\n"
        + fragment(result)
        + "</body>\n</html>\n";
  }

  /**
   * The report as an HTML fragment (its style scoped to the class {@code quarry-report}), for
   * embedding in a page or a notebook; it carries the ECharts script and draws its charts when the
   * page runs it.
   *
   * @param result the backtest's result
   * @return the fragment, one {@code <div>}
   */
  public static String fragment(BacktestResult result) {
    Objects.requireNonNull(result, "result");
    String script = echarts();
    StringBuilder html = new StringBuilder(script.length() + 256 * 1024);
    StringBuilder data = new StringBuilder(128 * 1024).append('{');
    html.append("<div class=\"quarry-report\">\n").append(STYLE).append('\n');
    html.append("<h1>").append(Html.escape(title(result.settings()))).append("</h1>\n");
    String headline = headline(result.settings(), result.metrics());
    if (headline != null) {
      html.append("<p class=\"headline\">").append(Html.escape(headline)).append("</p>\n");
    }
    html.append("<h2>Settings</h2>\n");
    settings(html, result.settings());
    html.append("<h2>Metrics</h2>\n");
    metrics(html, result.metrics());
    Table total = result.totalEquity();
    long[] times = ReportChart.millis(total.instantColumn("timestamp"));
    double[] equity = ReportChart.values(total.doubleColumn("equity"));
    ReportCharts.equity(html, data, times, equity, result.inputs());
    ReportCharts.price(html, data, result.prices(), result.trades());
    ReportCharts.drawdown(html, data, times, equity);
    ReportCharts.calendar(html, data, times, equity);
    ReportCharts.tradeReturns(html, data, result.trades());
    ReportCharts.rollingSharpe(html, data, times, equity);
    trades(html, result.trades());
    data.append('}');
    html.append(libraryElement(script));
    html.append("<script type=\"application/json\" class=\"quarry-report-data\">")
        .append(data)
        .append("</script>\n");
    html.append("<script>\n").append(ReportCharts.INIT).append("</script>\n");
    return html.append("</div>\n").toString();
  }

  /**
   * The ECharts script as the page's {@code <script>} element. Its UMD header would register it
   * with an AMD loader where the page has one (a classic Jupyter notebook has RequireJS) instead of
   * as the global {@code echarts}: {@code define}, {@code exports} and {@code module} are hidden
   * from it.
   */
  static String libraryElement(String script) {
    return "<script>\n(function (define, exports, module) {\n"
        + script
        + "\n}).call(window);\n</script>\n";
  }

  /** The ECharts script, read from the class path once. */
  static String echarts() {
    String script = echartsScript;
    if (script == null) {
      try (InputStream in = Report.class.getClassLoader().getResourceAsStream(ECHARTS)) {
        if (in == null) {
          throw new IllegalStateException(
              "The report's charts need Apache ECharts, "
                  + ECHARTS
                  + ", on the class path (the jar org.webjars.npm:echarts:"
                  + echartsVersion()
                  + ", a dependency of Quarry): it is missing");
        }
        script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ECHARTS, e);
      }
      if (script.contains("</script")) {
        throw new IllegalStateException(ECHARTS + " contains </script and cannot be inlined");
      }
      echartsScript = script;
    }
    return script;
  }

  private static String echartsVersion() {
    return "5.3.1";
  }

  /**
   * The report as a notebook value: a cell ending in it shows the {@link #fragment}.
   *
   * @param result the backtest's result
   * @return the renderable
   */
  public static HtmlRenderable renderable(BacktestResult result) {
    Objects.requireNonNull(result, "result");
    return () -> fragment(result);
  }

  /** "Backtest: strategy on symbol", with what the settings name. */
  static String title(Map<String, String> settings) {
    String strategy = settings.get("strategy");
    String symbol = settings.get("symbol");
    if (symbol == null) {
      symbol = settings.get("symbols");
    }
    String title = "Backtest";
    if (strategy != null) {
      title += ": " + strategy;
    }
    if (symbol != null) {
      title += (strategy == null ? ": " : " on ") + symbol;
    }
    return title;
  }

  private static void settings(StringBuilder html, Map<String, String> settings) {
    html.append("<table class=\"settings\">\n");
    for (Map.Entry<String, String> e : settings.entrySet()) {
      row(html, settingName(e.getKey()), settingValue(e.getKey(), e.getValue()));
    }
    html.append("</table>\n");
  }

  /** A setting's name in words; an unknown one as it is. */
  static String settingName(String key) {
    return switch (key) {
      case "fill" -> "Fills";
      case "fee_bps" -> "Commission";
      case "slippage_bps" -> "Slippage";
      case "initial_cash" -> "Initial cash";
      case "sizing" -> "Sizing";
      case "fee_per_unit" -> "Commission per unit";
      case "fee_minimum" -> "Least per-unit commission";
      case "fee_per_order" -> "Commission per order";
      case "half_spread_bps" -> "Half-spread";
      case "long_only" -> "Sides";
      case "leverage" -> "Leverage";
      case "borrow_bps" -> "Borrow fee";
      case "whole_units" -> "Units";
      case "exits" -> "Exits on every new position";
      case "walk_forward" -> "Walk-forward";
      case "rank_by" -> "Ranked by";
      default -> key.isEmpty()
          ? key
          : Character.toUpperCase(key.charAt(0)) + key.substring(1).replace('_', ' ');
    };
  }

  /** A setting's value in words, with its unit; an unknown one as it is. */
  static String settingValue(String key, String value) {
    return switch (key) {
      case "fill" -> value.equals("close")
          ? "at the close of the bar a strategy decides on"
          : value.equals("next-open") ? "at the open of the next bar" : value;
      case "fee_bps", "slippage_bps", "half_spread_bps" -> plainNumber(value) + " bps of each fill";
      case "borrow_bps" -> plainNumber(value) + " bps a year of short value";
      case "initial_cash" -> money(Double.parseDouble(value));
      case "sizing" -> sizingInWords(value);
      case "long_only" -> "long only (short sales rejected)";
      case "leverage" -> "gross exposure up to " + plainNumber(value) + " × equity";
      case "whole_units" -> "whole units only";
      default -> value;
    };
  }

  private static String sizingInWords(String label) {
    int colon = label.indexOf(':');
    if (colon < 0) {
      return label;
    }
    String v = plainNumber(label.substring(colon + 1));
    return switch (label.substring(0, colon)) {
      case "fraction" -> "each buy spends " + v + " × equity (at most the buying power)";
      case "quantity" -> "each buy is " + v + " units";
      case "target" -> "each buy brings the position to " + v + " × equity";
      case "risk" -> "each buy risks " + v + " × equity down to its stop-loss";
      default -> label;
    };
  }

  private static String plainNumber(String text) {
    try {
      double v = Double.parseDouble(text);
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  /**
   * The first fact: how buy and hold of the run's symbols did beside the strategy, e.g. "BTC-USD
   * rose 12.34 % while the strategy lost 5.67 % (excess return -18.01 %)."; null without bars.
   */
  static String headline(Map<String, String> settings, Metrics m) {
    if (Double.isNaN(m.buyAndHoldReturn())) {
      return null;
    }
    String symbols = settings.get("symbol");
    if (symbols == null) {
      symbols = settings.get("symbols");
    }
    String held;
    if (symbols == null || symbols.isBlank()) {
      held = "Buy and hold of the run's symbols";
    } else if (symbols.contains(",")) {
      held = "Buy and hold of " + symbols + " (equal weights)";
    } else {
      held = symbols;
    }
    return held
        + (m.buyAndHoldReturn() < 0 ? " fell " : " rose ")
        + percent(Math.abs(m.buyAndHoldReturn()))
        + " while the strategy "
        + (m.totalReturn() < 0 ? "lost " : "gained ")
        + percent(Math.abs(m.totalReturn()))
        + " (excess return "
        + signedPercent(m.excessReturn())
        + ").";
  }

  private static void metrics(StringBuilder html, Metrics m) {
    html.append("<h3>Returns</h3>\n<table class=\"metrics returns\">\n");
    row(html, "Total return", percent(m.totalReturn()));
    row(html, "CAGR", percent(m.cagr()));
    row(html, "Buy and hold return", percent(m.buyAndHoldReturn()));
    row(html, "Excess return", percent(m.excessReturn()));
    row(html, "Volatility (annualised)", percent(m.volatility()));
    row(html, "Sharpe", fixed(m.sharpe(), 2));
    row(html, "Sortino", fixed(m.sortino(), 2));
    row(html, "Calmar", fixed(m.calmar(), 2));
    row(html, "Alpha (annualised)", percent(m.alpha()));
    row(html, "Beta", fixed(m.beta(), 2));
    html.append("</table>\n<h3>Risk</h3>\n<table class=\"metrics risk\">\n");
    row(html, "Max drawdown", percent(m.maxDrawdown()));
    row(html, "Max drawdown duration", duration(m.maxDrawdownDuration()));
    html.append("</table>\n<h3>Trades</h3>\n<table class=\"metrics trades\">\n");
    row(html, "Win rate", percent(m.winRate()));
    row(html, "Trades", Integer.toString(m.tradeCount()));
    row(html, "Open trades", Integer.toString(m.openTrades()));
    row(html, "Profit factor", fixed(m.profitFactor(), 2));
    row(html, "Expectancy", money(m.expectancy()));
    row(html, "Average win", money(m.averageWin()));
    row(html, "Average loss", money(m.averageLoss()));
    row(html, "Payoff ratio", fixed(m.payoffRatio(), 2));
    row(html, "Average holding time", duration(m.averageHoldingTime()));
    row(html, "Exposure", percent(m.exposure()));
    row(html, "Turnover", fixed(m.turnover(), 2) + (Double.isNaN(m.turnover()) ? "" : " ×"));
    html.append("</table>\n<h3>Costs</h3>\n<table class=\"metrics costs\">\n");
    Metrics.CostTotals c = m.costs();
    row(
        html,
        "Costs",
        money(c.total())
            + " (fees "
            + money(c.fees())
            + ", slippage "
            + money(c.slippage())
            + ", borrow "
            + money(c.borrow())
            + ")");
    row(
        html,
        "Exits decided by the pessimistic rule",
        Integer.toString(m.pessimisticExits())
            + " (a bar reached both the stop and the take-profit; the stop was filled)");
    html.append("</table>\n<h3>Run</h3>\n<table class=\"metrics run\">\n");
    row(html, "Initial cash", money(m.initialCash()));
    row(html, "Final equity", money(m.finalEquity()));
    row(html, "Bars", String.format(Locale.ROOT, "%,d", m.bars()));
    row(html, "Start", m.start() == null ? MISSING : m.start().toString());
    row(html, "End", m.end() == null ? MISSING : m.end().toString());
    html.append("</table>\n");
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><th>")
        .append(Html.escape(name))
        .append("</th><td>")
        .append(Html.escape(value))
        .append("</td></tr>\n");
  }

  private static void trades(StringBuilder html, Table trades) {
    int count = trades.rowCount();
    long open = trades.instantColumn("exit_time").countMissing();
    html.append("<h2>Trades</h2>\n<p>")
        .append(count)
        .append(count == 1 ? " trade" : " trades")
        .append(", ")
        .append(open)
        .append(" still open.</p>\n");
    if (count == 0) {
      return;
    }
    html.append("<div class=\"trade-list\">\n<table class=\"trades\">\n<tr>");
    for (String name : trades.columnNames()) {
      html.append("<th>").append(Html.escape(name)).append("</th>");
    }
    html.append("</tr>\n");
    for (int r = 0; r < count; r++) {
      html.append("<tr>");
      for (Column<?> column : trades.columns()) {
        boolean number = column.type().equals(ColumnType.DOUBLE);
        html.append(number ? "<td class=\"n\">" : "<td>")
            .append(Html.escape(cell(column, r)))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n</div>\n");
  }

  private static String cell(Column<?> column, int row) {
    if (column.isMissing(row)) {
      return MISSING;
    }
    if (column instanceof DoubleColumn d) {
      double v = d.getDouble(row);
      String name = column.name();
      if (name.equals("quantity")) {
        return significant(v, 6);
      }
      if (name.endsWith("price")) {
        return price(v);
      }
      return money(v);
    }
    if (column instanceof InstantColumn t) {
      Instant instant = t.get(row);
      return instant.toString();
    }
    return column.getString(row);
  }

  /** A number with at most {@code digits} significant digits, no trailing zeros. */
  static String significant(double value, int digits) {
    if (!Double.isFinite(value)) {
      return fixed(value, 0);
    }
    String text =
        BigDecimal.valueOf(value)
            .round(new MathContext(digits))
            .stripTrailingZeros()
            .toPlainString();
    return text.equals("-0") ? "0" : text;
  }

  /** A price: four decimals, trailing zeros dropped down to two ({@code 95.25}, {@code 0.1234}). */
  static String price(double value) {
    if (!Double.isFinite(value)) {
      return fixed(value, 0);
    }
    BigDecimal d =
        BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    if (d.scale() < 2) {
      d = d.setScale(2, RoundingMode.UNNECESSARY);
    }
    return String.format(Locale.ROOT, "%,." + d.scale() + "f", d);
  }

  /** A fraction as a percentage with two decimals, such as {@code 12.34 %}. */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? MISSING : fixed(fraction * 100, 2) + " %";
  }

  /** A fraction as a signed percentage, such as {@code +12.34 %} or {@code -5.00 %}. */
  static String signedPercent(double fraction) {
    return (fraction > 0 ? "+" : "") + percent(fraction);
  }

  /**
   * Seconds for humans, rounded to the second: {@code 45 s}, {@code 12 min 05 s}, {@code 3 h 02
   * min}, {@code 4 d 06 h}; {@code –} for NaN.
   */
  static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return MISSING;
    }
    if (Double.isInfinite(seconds)) {
      return fixed(seconds, 0);
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%,d d %02d h", s / 86_400, s % 86_400 / 3600);
  }

  /** Money: two decimals and thousands separators. */
  static String money(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.2f", value) : fixed(value, 2);
  }

  /** A number with {@code decimals} decimals; {@code –} for NaN. */
  static String fixed(double value, int decimals) {
    if (Double.isNaN(value)) {
      return MISSING;
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
