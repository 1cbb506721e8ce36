package dev.quarry.backtest;

import dev.quarry.notebook.Html;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * The report's chart sections: each writes its heading and an empty {@code <div class="chart">} (or
 * a sentence when there is nothing to draw) into the page, and its data into the report's JSON
 * object; {@link #INIT} draws them with ECharts when the page runs.
 */
final class ReportCharts {
  private ReportCharts() {}

  /**
   * Draws the charts of the report the script sits in: reads the JSON data next to it, then one
   * ECharts instance (SVG renderer, no animation) per chart div.
   */
  static final String INIT =
      """
      (function () {
        var me = document.currentScript;
        var all = document.querySelectorAll('.quarry-report');
        var root = me ? me.parentElement : all[all.length - 1];
        var data = JSON.parse(root.querySelector('script.quarry-report-data').textContent);
        window.quarryReports = (window.quarryReports || 0) + 1;
        var group = 'quarry-report-' + window.quarryReports;
        function chart(name, option) {
          var el = root.querySelector('div.chart[data-chart="' + name + '"]');
          if (!el) { return null; }
          var c = echarts.init(el, null, {renderer: 'svg'});
          option.animation = false;
          c.setOption(option);
          window.addEventListener('resize', function () { c.resize(); });
          return c;
        }
        function pct(v) { return (v === null || v === undefined) ? '' : v.toFixed(2) + ' %'; }
        var grid = {left: 80, right: 24, top: 36, bottom: 64};
        var zoom = [{type: 'inside'}, {type: 'slider', height: 18, bottom: 8}];
        var linked = [];
        if (data.equity) {
          var series = [{name: 'Strategy', type: 'line', data: data.equity.strategy,
            showSymbol: false, lineStyle: {width: 1.2}, color: '#1f77b4'}];
          if (data.equity.buyAndHold) {
            series.push({name: 'Buy and hold', type: 'line', data: data.equity.buyAndHold,
              showSymbol: false, lineStyle: {width: 1, type: 'dashed'}, color: '#888'});
          }
          linked.push(chart('equity', {tooltip: {trigger: 'axis'}, legend: {top: 4}, grid: grid,
            xAxis: {type: 'time'}, yAxis: {type: 'value', scale: true}, dataZoom: zoom,
            series: series}));
        }
        if (data.drawdown) {
          linked.push(chart('drawdown', {tooltip: {trigger: 'axis', valueFormatter: pct},
            grid: grid, xAxis: {type: 'time'},
            yAxis: {type: 'value', max: 0, axisLabel: {formatter: '{value} %'}}, dataZoom: zoom,
            series: [{name: 'Drawdown', type: 'line', data: data.drawdown, showSymbol: false,
              color: '#c0392b', lineStyle: {width: 1}, areaStyle: {color: '#f4a6a6'}}]}));
        }
        if (data.price) {
          var pr = data.price;
          linked.push(chart('price', {tooltip: {trigger: 'axis'}, legend: {top: 4}, grid: grid,
            xAxis: {type: 'time'}, yAxis: {type: 'value', scale: true}, dataZoom: zoom,
            series: [
              {name: pr.symbol, type: 'line', data: pr.close, showSymbol: false,
                lineStyle: {width: 1}, color: '#555'},
              {name: 'Long entry', type: 'scatter', data: pr.longEntries, symbol: 'triangle',
                symbolSize: 8, color: '#27ae60'},
              {name: 'Short entry', type: 'scatter', data: pr.shortEntries,
                symbol: 'triangle', symbolRotate: 180, symbolSize: 8, color: '#c0392b'},
              {name: 'Exit', type: 'scatter', data: pr.exits, symbol: 'circle', symbolSize: 5,
                color: '#2c3e50'}]}));
        }
        linked = linked.filter(function (c) { return c; });
        if (linked.length > 1) {
          linked.forEach(function (c) { c.group = group; });
          echarts.connect(group);
        }
        if (data.calendar) {
          var cal = data.calendar;
          var m = 0.01;
          cal.cells.forEach(function (c) { m = Math.max(m, Math.abs(c[2])); });
          chart('calendar', {tooltip: {formatter: function (p) {
              return cal.rows[p.value[1]] + ' ' + cal.columns[p.value[0]] + ': ' + pct(p.value[2]);
            }},
            grid: {left: 80, right: 24, top: 8, bottom: 56},
            xAxis: {type: 'category', data: cal.columns, splitArea: {show: true}},
            yAxis: {type: 'category', data: cal.rows, inverse: true, splitArea: {show: true}},
            visualMap: {min: -m, max: m, calculable: false, orient: 'horizontal', left: 'center',
              bottom: 0, itemHeight: 120, formatter: function (v) { return pct(v); },
              inRange: {color: ['#c0392b', '#f7f7f7', '#27ae60']}},
            series: [{type: 'heatmap', data: cal.cells,
              label: {show: !cal.daily, fontSize: 10,
                formatter: function (p) { return p.value[2].toFixed(1); }}}]});
        }
        if (data.tradeReturns) {
          var h = data.tradeReturns;
          chart('trade-returns', {tooltip: {trigger: 'axis'},
            grid: {left: 80, right: 24, top: 16, bottom: 56},
            xAxis: {type: 'category', data: h.labels, name: 'return (%)', nameLocation: 'middle',
              nameGap: 32},
            yAxis: {type: 'value', minInterval: 1, name: 'trades'},
            series: [{name: 'Trades', type: 'bar', data: h.counts, barCategoryGap: '4%',
              color: '#1f77b4'}]});
        }
        if (data.gridHeatmap) {
          var g = data.gridHeatmap;
          var lo = Infinity, hi = -Infinity;
          g.cells.forEach(function (c) {
            if (c[2] !== null) { lo = Math.min(lo, c[2]); hi = Math.max(hi, c[2]); }
          });
          if (lo === Infinity) { lo = 0; hi = 1; }
          if (lo === hi) { hi = lo + 1e-9; }
          var colors = ['#c0392b', '#f7f7f7', '#27ae60'];
          chart('grid-heatmap', {tooltip: {formatter: function (p) {
              return g.xName + '=' + g.x[p.value[0]] + ', ' + g.yName + '=' + g.y[p.value[1]]
                + ': ' + (p.value[2] === null ? '–' : p.value[2].toPrecision(4));
            }},
            grid: {left: 80, right: 24, top: 8, bottom: 72},
            xAxis: {type: 'category', data: g.x, name: g.xName, nameLocation: 'middle',
              nameGap: 28, splitArea: {show: true}},
            yAxis: {type: 'category', data: g.y, name: g.yName, splitArea: {show: true}},
            visualMap: {min: lo, max: hi, orient: 'horizontal', left: 'center', bottom: 0,
              itemHeight: 120, inRange: {color: g.smallerIsBetter ? colors.slice().reverse() : colors}},
            series: [{type: 'heatmap', data: g.cells, label: {show: true, fontSize: 10,
              formatter: function (p) {
                return p.value[2] === null ? '' : p.value[2].toPrecision(3);
              }}}]});
        }
        if (data.sharpe) {
          chart('rolling-sharpe', {tooltip: {trigger: 'axis'}, grid: grid,
            xAxis: {type: 'time'}, yAxis: {type: 'value', scale: true}, dataZoom: zoom,
            series: [{name: 'Rolling Sharpe', type: 'line', data: data.sharpe, showSymbol: false,
              color: '#8e44ad', lineStyle: {width: 1.2},
              markLine: {silent: true, symbol: 'none', data: [{yAxis: 0}],
                lineStyle: {color: '#999'}}}]});
        }
      })();
      """;

  /**
   * The first symbol's closes (downsampled) with every trade's entry and exit as a marker at its
   * exact time and price, so that downsampling never loses a trade.
   */
  static void price(StringBuilder html, StringBuilder data, BacktestResult.Prices p, Table trades) {
    if (p == null || p.time().length == 0) {
      return;
    }
    html.append("<h2>Price and trades: ")
        .append(Html.escape(p.symbol()))
        .append("</h2>\n")
        .append(div("price", 320))
        .append("<p>Triangles: entries (up: long, down: short); dots: exits.</p>\n");
    key(data, "price").append("{\"symbol\":");
    string(data, p.symbol());
    data.append(",\"close\":");
    series(data, p.time(), p.close(), 1);
    StringBuilder longs = new StringBuilder("[");
    StringBuilder shorts = new StringBuilder("[");
    StringBuilder exits = new StringBuilder("[");
    for (int i = 0; i < trades.rowCount(); i++) {
      if (!p.symbol().equals(trades.stringColumn("symbol").get(i))) {
        continue;
      }
      StringBuilder entry = "short".equals(trades.stringColumn("side").get(i)) ? shorts : longs;
      point(
          entry,
          trades.instantColumn("entry_time").get(i),
          trades.doubleColumn("entry_price").get(i));
      if (!trades.instantColumn("exit_time").isMissing(i)) {
        point(
            exits,
            trades.instantColumn("exit_time").get(i),
            trades.doubleColumn("exit_price").get(i));
      }
    }
    data.append(",\"longEntries\":").append(longs).append(']');
    data.append(",\"shortEntries\":").append(shorts).append(']');
    data.append(",\"exits\":").append(exits).append("]}");
  }

  private static void point(StringBuilder points, Instant time, double price) {
    points
        .append(points.length() == 1 ? "[" : ",[")
        .append(time.toEpochMilli())
        .append(',')
        .append(number(price, 10))
        .append(']');
  }

  static void equity(
      StringBuilder html, StringBuilder data, long[] x, double[] equity, Metrics.Inputs inputs) {
    html.append("<h2>Equity</h2>\n");
    if (ReportChart.downsample(x, equity, 1).length == 0) {
      html.append("<p>No equity to draw.</p>\n");
      return;
    }
    String note = "";
    key(data, "equity").append("{\"strategy\":");
    series(data, x, equity, 1);
    Metrics.Curve curve = inputs == null ? null : inputs.curve();
    if (curve != null && curve.buyAndHold() != null && curve.n() > 0) {
      int n = curve.n();
      double[] b = curve.buyAndHold();
      double[] held = new double[n];
      for (int i = 0; i < n; i++) {
        held[i] = b[0] > 0 ? b[i] / b[0] * inputs.initialCash() : Double.NaN;
      }
      if (ReportChart.downsample(Arrays.copyOf(curve.time(), n), held, 1).length > 0) {
        data.append(",\"buyAndHold\":");
        series(data, Arrays.copyOf(curve.time(), n), held, 1);
        note =
            "<p>The dashed line: buy and hold of the run's symbols (equal weights), from the"
                + " initial cash.</p>\n";
      }
    }
    data.append('}');
    html.append(div("equity", 340)).append(note);
  }

  static void drawdown(StringBuilder html, StringBuilder data, long[] x, double[] equity) {
    html.append("<h2>Drawdown</h2>\n");
    double[] dd = ReportChart.drawdowns(equity);
    if (ReportChart.downsample(x, dd, 1).length == 0) {
      html.append("<p>No equity to draw.</p>\n");
      return;
    }
    key(data, "drawdown");
    series(data, x, dd, 100);
    html.append(div("drawdown", 220));
    List<ReportChart.Period> worst = ReportChart.worstDrawdowns(x, equity, 5);
    if (worst.isEmpty()) {
      html.append("<p>The equity never fell below a previous high.</p>\n");
      return;
    }
    html.append("<h3>The five worst drawdowns</h3>\n<table class=\"drawdowns\">\n")
        .append("<tr><th>Depth</th><th>Start</th><th>Trough</th><th>Recovery</th>")
        .append("<th>Length</th></tr>\n");
    for (ReportChart.Period p : worst) {
      String length = Report.duration((p.end() - p.start()) / 1000.0);
      html.append("<tr><td class=\"n\">")
          .append(Html.escape(Report.percent(p.depth())))
          .append("</td><td>")
          .append(Instant.ofEpochMilli(p.start()))
          .append("</td><td>")
          .append(Instant.ofEpochMilli(p.trough()))
          .append("</td><td>")
          .append(p.recovered() ? Instant.ofEpochMilli(p.recovery()).toString() : "not recovered")
          .append("</td><td class=\"n\">")
          .append(Html.escape(p.recovered() ? length : length + " so far"))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  static void calendar(StringBuilder html, StringBuilder data, long[] x, double[] equity) {
    ReportChart.Calendar c = ReportChart.calendar(x, equity);
    if (c == null || c.cells().isEmpty()) {
      return;
    }
    html.append(c.daily() ? "<h2>Daily returns</h2>\n" : "<h2>Monthly returns</h2>\n");
    key(data, "calendar").append("{\"daily\":").append(c.daily()).append(",\"rows\":");
    strings(data, c.rows());
    data.append(",\"columns\":");
    strings(data, c.columns());
    data.append(",\"cells\":[");
    for (int i = 0; i < c.cells().size(); i++) {
      double[] cell = c.cells().get(i);
      data.append(i == 0 ? "[" : ",[")
          .append((int) cell[0])
          .append(',')
          .append((int) cell[1])
          .append(',')
          .append(number(cell[2] * 100, 4))
          .append(']');
    }
    data.append("]}");
    html.append(div("calendar", Math.max(140, 28 * c.rows().size() + 80)));
    html.append("<p>Each cell: the return of the ")
        .append(c.daily() ? "day" : "month")
        .append(" in percent (UTC).</p>\n");
  }

  static void tradeReturns(StringBuilder html, StringBuilder data, Table trades) {
    html.append("<h2>Trade returns</h2>\n");
    InstantColumn exit = trades.instantColumn("exit_time");
    DoubleColumn pnl = trades.doubleColumn("pnl");
    DoubleColumn quantity = trades.doubleColumn("quantity");
    DoubleColumn price = trades.doubleColumn("entry_price");
    double[] returns = new double[trades.rowCount()];
    for (int r = 0; r < returns.length; r++) {
      double value = Math.abs(quantity.getDouble(r) * price.getDouble(r));
      boolean closed = !exit.isMissing(r) && !pnl.isMissing(r);
      returns[r] = closed && value > 0 ? pnl.getDouble(r) / value * 100 : Double.NaN;
    }
    double[][] h = ReportChart.histogram(returns);
    if (h == null) {
      html.append("<p>No closed trade.</p>\n");
      return;
    }
    key(data, "tradeReturns").append("{\"labels\":[");
    double[] edges = h[0];
    for (int b = 0; b < h[1].length; b++) {
      data.append(b == 0 ? "" : ",")
          .append('"')
          .append(String.format(Locale.ROOT, "%.2f", edges[b]))
          .append(" to ")
          .append(String.format(Locale.ROOT, "%.2f", edges[b + 1]))
          .append('"');
    }
    data.append("],\"counts\":[");
    for (int b = 0; b < h[1].length; b++) {
      data.append(b == 0 ? "" : ",").append((long) h[1][b]);
    }
    data.append("]}");
    html.append(div("trade-returns", 260));
    html.append(
        "<p>Closed trades by return: pnl (after fees) over the entry value, in percent.</p>\n");
  }

  static void rollingSharpe(StringBuilder html, StringBuilder data, long[] x, double[] equity) {
    int window = ReportChart.sharpeWindow(x.length);
    double[] sharpe = ReportChart.rollingSharpe(x, equity, window);
    if (ReportChart.downsample(x, sharpe, 1).length == 0) {
      return;
    }
    html.append("<h2>Rolling Sharpe</h2>\n");
    key(data, "sharpe");
    series(data, x, sharpe, 1);
    html.append(div("rolling-sharpe", 240))
        .append("<p>The Sharpe ratio of the last ")
        .append(String.format(Locale.ROOT, "%,d", window))
        .append(" rows' returns (a tenth of the curve, at least ")
        .append(ReportChart.MIN_SHARPE_WINDOW)
        .append(" rows), annualised as in the metrics.</p>\n");
  }

  private static String div(String name, int height) {
    return "<div class=\"chart\" data-chart=\""
        + name
        + "\" style=\"height:"
        + height
        + "px\"></div>\n";
  }

  private static StringBuilder key(StringBuilder data, String name) {
    if (data.length() > 1) {
      data.append(',');
    }
    return data.append('"').append(name).append("\":");
  }

  /** [[epoch millis, value × scale], …], downsampled. */
  private static void series(StringBuilder data, long[] x, double[] y, double scale) {
    int[] rows = ReportChart.downsample(x, y, ReportChart.BUCKETS);
    data.append('[');
    for (int i = 0; i < rows.length; i++) {
      data.append(i == 0 ? "[" : ",[")
          .append(x[rows[i]])
          .append(',')
          .append(number(y[rows[i]] * scale, 8))
          .append(']');
    }
    data.append(']');
  }

  private static void strings(StringBuilder data, List<String> values) {
    data.append('[');
    for (int i = 0; i < values.size(); i++) {
      data.append(i == 0 ? "\"" : ",\"").append(values.get(i)).append('"');
    }
    data.append(']');
  }

  /** A finite number with at most {@code digits} significant digits, as JSON; else null. */
  static String number(double value, int digits) {
    if (!Double.isFinite(value)) {
      return "null";
    }
    BigDecimal d = BigDecimal.valueOf(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    String text = d.stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }

  /**
   * A heat map of the ranking metric over a grid's two parameters: one cell per trial, the
   * parameters' values in numeric order when they are numbers.
   */
  static void gridHeatmap(StringBuilder html, StringBuilder data, GridRun grid) {
    List<String> params = grid.parameters();
    Table ranked = grid.ranked();
    if (params.size() != 2 || !ranked.containsColumn(grid.rankBy())) {
      return;
    }
    List<String> xs = distinct(ranked, params.get(0));
    List<String> ys = distinct(ranked, params.get(1));
    html.append("<h2>")
        .append(Html.escape(grid.rankBy()))
        .append(" over ")
        .append(Html.escape(params.get(0)))
        .append(" and ")
        .append(Html.escape(params.get(1)))
        .append("</h2>\n")
        .append(div("grid-heatmap", 120 + 36 * ys.size()));
    key(data, "gridHeatmap").append("{\"xName\":");
    string(data, params.get(0));
    data.append(",\"yName\":");
    string(data, params.get(1));
    data.append(",\"x\":[");
    for (int i = 0; i < xs.size(); i++) {
      data.append(i == 0 ? "" : ",");
      string(data, xs.get(i));
    }
    data.append("],\"y\":[");
    for (int i = 0; i < ys.size(); i++) {
      data.append(i == 0 ? "" : ",");
      string(data, ys.get(i));
    }
    data.append(']');
    data.append(",\"smallerIsBetter\":")
        .append(Metrics.smallerIsBetter(grid.rankBy()))
        .append(",\"cells\":[");
    for (int r = 0; r < ranked.rowCount(); r++) {
      double v = ranked.numberColumn(grid.rankBy()).getDouble(r);
      data.append(r == 0 ? "[" : ",[")
          .append(xs.indexOf(ranked.column(params.get(0)).getString(r)))
          .append(',')
          .append(ys.indexOf(ranked.column(params.get(1)).getString(r)))
          .append(',')
          .append(number(v, 8))
          .append(']');
    }
    data.append("]}");
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  private static void string(StringBuilder data, String value) {
    data.append('"');
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        data.append('\\').append(c);
      } else if (c < 0x20 || c == '<') {
        data.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        data.append(c);
      }
    }
    data.append('"');
  }

  private static List<String> distinct(Table t, String column) {
    List<String> values =
        new java.util.ArrayList<>(
            new java.util.LinkedHashSet<>(t.column(column).asStringColumn().asList()));
    try {
      values.sort(java.util.Comparator.comparingDouble(Double::parseDouble));
    } catch (NumberFormatException e) {
      java.util.Collections.sort(values);
    }
    return values;
  }
}
