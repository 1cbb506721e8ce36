package dev.quarry.notebook;

import dev.quarry.backtest.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A backtest's {@link Metrics} as the {@code backtest} script prints them, for a notebook: returns
 * and rates in percent, ratios with two decimals, money with thousands separators, durations in
 * their two largest units, {@code –} for an undefined figure.
 */
public final class MetricsHtml {
  private MetricsHtml() {}

  /**
   * The figures as rows of a name and its formatted value, in the order {@code backtest} prints
   * them.
   *
   * @param m the metrics
   * @return {name, value} pairs
   */
  public static List<String[]> rows(Metrics m) {
    List<String[]> rows = new ArrayList<>();
    row(rows, "total return", percent(m.totalReturn()));
    row(rows, "buy and hold", percent(m.buyAndHoldReturn()));
    row(rows, "excess return", percent(m.excessReturn()));
    row(rows, "CAGR", percent(m.cagr()));
    row(rows, "volatility", percent(m.volatility()));
    row(rows, "Sharpe", ratio(m.sharpe()));
    row(rows, "Sortino", ratio(m.sortino()));
    row(rows, "Calmar", ratio(m.calmar()));
    row(rows, "alpha / beta", percent(m.alpha()) + " / " + ratio(m.beta()));
    row(rows, "max drawdown", percent(m.maxDrawdown()));
    row(rows, "longest under water", duration(m.maxDrawdownDuration()));
    row(rows, "win rate", percent(m.winRate()));
    row(
        rows,
        "trades",
        m.tradeCount() + (m.openTrades() > 0 ? " (" + m.openTrades() + " open)" : ""));
    row(rows, "profit factor", ratio(m.profitFactor()));
    row(rows, "expectancy", money(m.expectancy()));
    row(rows, "average win / loss", money(m.averageWin()) + " / " + money(m.averageLoss()));
    row(rows, "payoff", ratio(m.payoffRatio()));
    row(rows, "average hold", duration(m.averageHoldingTime()));
    row(rows, "exposure", percent(m.exposure()));
    row(rows, "turnover", ratio(m.turnover()) + "×");
    Metrics.CostTotals c = m.costs();
    row(
        rows,
        "costs",
        c.total() > 0
            ? money(c.total())
                + " (fees "
                + money(c.fees())
                + ", slippage "
                + money(c.slippage())
                + ", borrow "
                + money(c.borrow())
                + ")"
            : money(0));
    if (m.pessimisticExits() > 0) {
      row(rows, "pessimistic exits", Integer.toString(m.pessimisticExits()));
    }
    row(rows, "initial cash", money(m.initialCash()));
    row(rows, "final equity", money(m.finalEquity()));
    row(
        rows,
        "bars",
        String.format(Locale.ROOT, "%,d", m.bars())
            + (m.start() == null ? "" : ", " + m.start() + " → " + m.end()));
    return rows;
  }

  /**
   * The figures as an HTML table of two columns, metric and value.
   *
   * @param m the metrics
   * @return an HTML fragment
   */
  public static String html(Metrics m) {
    StringBuilder html =
        new StringBuilder(Summaries.SCROLL_OPEN)
            .append("<table class=\"quarry-table quarry-metrics\"><thead><tr><th>metric</th>")
            .append("<th>value</th></tr></thead><tbody>");
    for (String[] r : rows(m)) {
      html.append("<tr><td style=\"text-align:left\">")
          .append(Html.escape(r[0]))
          .append("</td><td style=\"text-align:right\">")
          .append(Html.escape(r[1]))
          .append("</td></tr>");
    }
    return html.append("</tbody></table></div>").toString();
  }

  /**
   * The figures as plain text, one per line, aligned as {@code backtest} prints them.
   *
   * @param m the metrics
   * @return the text, ending in a newline
   */
  public static String text(Metrics m) {
    StringBuilder out = new StringBuilder();
    for (String[] r : rows(m)) {
      out.append(String.format(Locale.ROOT, "  %-19s %s%n", r[0], r[1]));
    }
    return out.toString();
  }

  private static void row(List<String[]> rows, String name, String value) {
    rows.add(new String[] {name, value});
  }

  static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String money(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.2f", v);
  }

  /** Seconds as the two largest units: 4d 0h, 33m 57s. */
  static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return "–";
    }
    long s = Math.round(seconds);
    if (s >= 86_400) {
      return (s / 86_400) + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return (s / 3600) + "h " + (s % 3600) / 60 + "m";
    }
    return (s / 60) + "m " + (s % 60) + "s";
  }
}
