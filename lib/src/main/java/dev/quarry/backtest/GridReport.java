package dev.quarry.backtest;

import dev.quarry.notebook.Html;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * A grid's report as one self-contained HTML page: what ran, what of it is luck (PSR, DSR, PBO), a
 * heat map of the ranking metric over the grid's parameters when there are two (drawn by the
 * inlined ECharts script, as {@link Report}'s charts), and the trials ranked with their parameters
 * and key metrics. No external reference; the same grid gives the same page.
 */
final class GridReport {
  private static final String[] KEY_METRICS = {
    "total_return", "sharpe", "max_drawdown", "win_rate", "trade_count", "exposure"
  };

  private GridReport() {}

  static String html(GridRun grid) {
    String title = "Grid: " + grid.trials().size() + " trials of " + grid.strategy();
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(Html.escape(title))
        .append("</title>\n</head>\n<body>\n<div class=\"quarry-report\">\n")
        .append(Report.STYLE)
        .append("\n<h1>")
        .append(Html.escape(title))
        .append("</h1>\n<p>Ranked by ")
        .append(Html.escape(grid.rankBy()))
        .append(", best first; ")
        .append(String.format(Locale.ROOT, "%,d", grid.bars()))
        .append(" per-bar returns per trial in returns.parquet.</p>\n<p><b>")
        .append(Html.escape(grid.overfitting().summary()))
        .append("</b><br>")
        .append(Html.escape(Overfitting.meaning()))
        .append("</p>\n");
    StringBuilder data = new StringBuilder("{");
    ReportCharts.gridHeatmap(html, data, grid);
    html.append("<h2>Ranking</h2>\n");
    ranking(html, grid.ranked(), grid.parameters());
    if (data.length() > 1) {
      html.append(Report.libraryElement(Report.echarts()))
          .append("<script type=\"application/json\" class=\"quarry-report-data\">")
          .append(data.append('}'))
          .append("</script>\n<script>\n")
          .append(ReportCharts.INIT)
          .append("</script>\n");
    }
    return html.append("</div>\n</body>\n</html>\n").toString();
  }

  private static void ranking(StringBuilder html, Table ranked, java.util.List<String> parameters) {
    html.append("<table>\n<tr><th>rank</th>");
    for (String p : parameters) {
      html.append("<th>").append(Html.escape(p)).append("</th>");
    }
    for (String m : KEY_METRICS) {
      html.append("<th>").append(m).append("</th>");
    }
    html.append("</tr>\n");
    for (int r = 0; r < ranked.rowCount(); r++) {
      html.append("<tr><td class=\"n\">").append(r + 1).append("</td>");
      for (String p : parameters) {
        html.append("<td>").append(Html.escape(ranked.column(p).getString(r))).append("</td>");
      }
      for (String m : KEY_METRICS) {
        html.append("<td class=\"n\">")
            .append(ranked.containsColumn(m) ? format(m, ranked.column(m).getString(r)) : "–")
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static String format(String metric, String value) {
    double v;
    try {
      v = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Html.escape(value);
    }
    if (Double.isNaN(v)) {
      return "–";
    }
    return switch (metric) {
      case "total_return", "max_drawdown", "win_rate", "exposure" -> String.format(
          Locale.ROOT, "%.2f %%", v * 100);
      case "trade_count" -> String.format(Locale.ROOT, "%,d", (long) v);
      default -> String.format(Locale.ROOT, "%.2f", v);
    };
  }
}
