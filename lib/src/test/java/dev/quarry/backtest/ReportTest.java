package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;

class ReportTest {
  private static final String HTML = Report.html(SampleResults.sample());

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** The page without the inlined ECharts script (whose license comments name URLs). */
  private static String withoutLibrary(String html) {
    String script = Report.echarts();
    assertEquals(1, count(html, script));
    String element = Report.libraryElement(script);
    assertEquals(1, count(html, element));
    return html.replace(element, "");
  }

  @Test
  void thePriceChartMarksEveryTradeAtItsExactTimeAndPrice() {
    BacktestResult r =
        Backtest.of("BTC-USD", dev.quarry.store.RealBars.minutes())
            .strategy(new dev.quarry.samples.SmaCross(10, 50))
            .run();
    String html = Report.html(r);
    Matcher m = Pattern.compile("\"longEntries\":\\[(.*?)\\]\\],").matcher(html);
    assertTrue(m.find(), "the price chart's entries");
    String[] points = m.group(1).split("\\],\\[");
    assertEquals(r.trades().rowCount(), points.length, "one marker per trade");
    Instant first = r.trades().instantColumn("entry_time").get(0);
    double price = r.trades().doubleColumn("entry_price").get(0);
    assertEquals("[" + first.toEpochMilli() + "," + ReportCharts.number(price, 10), points[0]);
  }

  @Test
  void thePageIsSelfContained() {
    assertTrue(HTML.startsWith("<!DOCTYPE html>\n"));
    String page = withoutLibrary(HTML);
    for (String external :
        new String[] {"http://", "https://", "src=", "href=", "<link", "@import", "url("}) {
      assertFalse(page.contains(external), external);
    }
    // Even inside the library: nothing loads a script, a style sheet or a resource by address.
    assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?https?:").matcher(HTML).find());
    assertFalse(HTML.contains("<script src"));
    assertFalse(HTML.contains("<link"));
    assertEquals(1, count(HTML, "<style>"));
    // the library, the data as JSON, the code drawing the charts
    assertEquals(3, count(HTML, "<script"));
    assertEquals(3, count(HTML, "</script>"));
    assertEquals(1, count(HTML, "<script type=\"application/json\" class=\"quarry-report-data\">"));
  }

  @Test
  void theEchartsScriptIsReadFromTheClassPathOnce() {
    String script = Report.echarts();
    assertTrue(script.length() > 500_000, script.length() + " characters");
    assertTrue(script.contains("Apache License"));
    assertTrue(script == Report.echarts(), "cached");
    assertTrue(Report.ECHARTS.endsWith("/echarts/5.3.1/dist/echarts.min.js"), Report.ECHARTS);
  }

  @Test
  void theTitleNamesStrategyAndSymbol() {
    assertTrue(HTML.contains("<title>Backtest: sma-cross on BTC-USD</title>"));
    assertTrue(HTML.contains("<h1>Backtest: sma-cross on BTC-USD</h1>"));
  }

  @Test
  void everyTextIsEscaped() {
    String html =
        withoutLibrary(Report.html(SampleResults.sample("<script>alert(1)</script>", 100)));
    assertFalse(html.contains("<script>alert"));
    assertFalse(html.contains("alert(1)</script>"));
    assertEquals(1, count(html, "<script>\n"), "only the script drawing the charts");
    assertTrue(
        html.contains("<h1>Backtest: &lt;script&gt;alert(1)&lt;/script&gt; on BTC-USD</h1>"));
    assertTrue(
        html.contains("<tr><th>Strategy</th><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>"));
  }

  @Test
  void theSettingsAreListedInTheirOrder() {
    assertTrue(
        HTML.contains(
            "<tr><th>Strategy</th><td>sma-cross</td></tr>\n"
                + "<tr><th>Symbol</th><td>BTC-USD</td></tr>\n"
                + "<tr><th>Fast</th><td>10</td></tr>\n"),
        HTML);
  }

  @Test
  void theSettingsReadInWords() {
    assertEquals("Fills", Report.settingName("fill"));
    assertEquals("at the open of the next bar", Report.settingValue("fill", "next-open"));
    assertEquals("10 bps of each fill", Report.settingValue("fee_bps", "10.0"));
    assertEquals(
        "each buy spends 1 × equity (at most the buying power)",
        Report.settingValue("sizing", "fraction:1.0"));
    assertEquals("Initial cash", Report.settingName("initial_cash"));
    assertEquals("10,000.00", Report.settingValue("initial_cash", "10000.0"));
  }

  @Test
  void theMetricsAreFormattedForHumans() {
    assertTrue(HTML.contains("<tr><th>Total return</th><td>0.07 %</td></tr>"), HTML);
    assertTrue(HTML.contains("<tr><th>CAGR</th><td>–</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Sharpe</th><td>1.23</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Max drawdown</th><td>0.88 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Win rate</th><td>50.00 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Exposure</th><td>66.00 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Initial cash</th><td>10,000.00</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Final equity</th><td>10,007.31</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Start</th><td>2024-01-01T00:00:00Z</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Buy and hold return</th><td>5.12 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Excess return</th><td>-5.05 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Volatility (annualised)</th><td>18.34 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Sortino</th><td>2.50</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Calmar</th><td>–</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Alpha (annualised)</th><td>-12.50 %</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Beta</th><td>0.75</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Max drawdown duration</th><td>1 h 30 min</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Profit factor</th><td>1.50</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Expectancy</th><td>1.75</td></tr>"), HTML);
    assertTrue(HTML.contains("<tr><th>Average win</th><td>9.93</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Average loss</th><td>-6.62</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Payoff ratio</th><td>1.50</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Average holding time</th><td>20 min 30 s</td></tr>"));
    assertTrue(HTML.contains("<tr><th>Turnover</th><td>2.04 ×</td></tr>"));
  }

  @Test
  void theMetricsComeInGroups() {
    int returns = HTML.indexOf("<h3>Returns</h3>");
    int risk = HTML.indexOf("<h3>Risk</h3>");
    int trades = HTML.indexOf("<h3>Trades</h3>");
    int costs = HTML.indexOf("<h3>Costs</h3>");
    int run = HTML.indexOf("<h3>Run</h3>");
    assertTrue(0 < returns && returns < risk && risk < trades && trades < costs && costs < run);
    assertTrue(returns < HTML.indexOf("<th>Sortino</th>"));
    assertTrue(HTML.indexOf("<th>Sortino</th>") < risk);
    assertTrue(risk < HTML.indexOf("<th>Max drawdown duration</th>"));
    assertTrue(HTML.indexOf("<th>Max drawdown duration</th>") < trades);
    assertTrue(trades < HTML.indexOf("<th>Turnover</th>"));
    assertTrue(HTML.indexOf("<th>Turnover</th>") < costs);
    assertTrue(run < HTML.indexOf("<th>Final equity</th>"));
  }

  @Test
  void buyAndHoldBesideTheStrategyIsTheFirstLineUnderTheTitle() {
    assertTrue(
        HTML.contains(
            "<h1>Backtest: sma-cross on BTC-USD</h1>\n<p class=\"headline\">BTC-USD rose 5.12 %"
                + " while the strategy gained 0.07 % (excess return -5.05 %).</p>\n"),
        HTML);
    Metrics lost =
        new Metrics(
            -0.1,
            Double.NaN,
            0.25,
            -0.35,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            Metrics.CostTotals.NONE,
            0,
            1,
            1,
            1,
            null,
            null);
    assertEquals(
        "BTC-USD rose 25.00 % while the strategy lost 10.00 % (excess return -35.00 %).",
        Report.headline(java.util.Map.of("symbol", "BTC-USD"), lost));
    assertEquals(
        "Buy and hold of BTC-USD, ETH-USD (equal weights) rose 25.00 % while the strategy lost"
            + " 10.00 % (excess return -35.00 %).",
        Report.headline(java.util.Map.of("symbols", "BTC-USD, ETH-USD"), lost));
    Metrics noBars =
        new Metrics(
            0,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            Metrics.CostTotals.NONE,
            0,
            1,
            1,
            0,
            null,
            null);
    assertEquals(null, Report.headline(java.util.Map.of("symbol", "BTC-USD"), noBars));
  }

  @Test
  void durationsReadAsDaysHoursMinutesAndSeconds() {
    assertEquals("–", Report.duration(Double.NaN));
    assertEquals("0 s", Report.duration(0));
    assertEquals("59 s", Report.duration(59.4));
    assertEquals("1 min 00 s", Report.duration(59.6));
    assertEquals("2 h 05 min", Report.duration(2 * 3600 + 5 * 60 + 59));
    assertEquals("3 d 04 h", Report.duration(3 * 86_400 + 4 * 3600 + 120));
  }

  private static String data(String html) {
    Matcher m =
        Pattern.compile(
                "<script type=\"application/json\" class=\"quarry-report-data\">(.*?)</script>")
            .matcher(html);
    assertTrue(m.find());
    return m.group(1);
  }

  @Test
  void theChartsAreEchartsDivsInTheirOrderWithTheirDataAsJson() {
    String[] charts = {"equity", "drawdown", "calendar", "trade-returns", "rolling-sharpe"};
    int last = -1;
    for (String chart : charts) {
      int at = HTML.indexOf("<div class=\"chart\" data-chart=\"" + chart + "\"");
      assertTrue(at > last, chart);
      last = at;
    }
    assertEquals(charts.length, count(HTML, "<div class=\"chart\""));
    assertTrue(HTML.indexOf("<h2>Equity</h2>") < HTML.indexOf("<h2>Drawdown</h2>"));
    assertTrue(HTML.contains("<h2>Daily returns</h2>"), "100 minutes span less than two months");
    assertTrue(HTML.contains("echarts.init(el, null, {renderer: 'svg'})"));
    String json = data(HTML);
    assertTrue(json.startsWith("{\"equity\":{\"strategy\":[[1704067200000,10000],"), json);
    assertTrue(json.contains("\"drawdown\":[[1704067200000,0],"), json);
    assertTrue(json.contains("\"calendar\":{\"daily\":true,\"rows\":[\"2024-01\"]"), json);
    // the two closed trades: +9.79 % (4.895 / 50) and -0.66 % (-0.895 / 135.625)
    assertTrue(json.contains("\"tradeReturns\":{\"labels\":[\"-0.66 to 1.43\","), json);
    assertTrue(json.contains("\"counts\":[1,0,0,0,1]"), json);
    assertTrue(json.contains("\"sharpe\":[["), json);
    // a result built from ready tables keeps no buy-and-hold values: no line
    assertFalse(json.contains("buyAndHold"));
  }

  @Test
  void anEmptyOrOneRowCurveGivesAPageWithoutItsCharts() {
    String empty = Report.html(SampleResults.sample("sma-cross", 0));
    assertEquals(2, count(empty, "<p>No equity to draw.</p>"));
    assertEquals(1, count(empty, "<div class=\"chart\""), "only the trade returns");
    assertTrue(data(empty).startsWith("{\"tradeReturns\":"), data(empty));
    String one = Report.html(SampleResults.sample("sma-cross", 1));
    assertTrue(one.contains("<p>The equity never fell below a previous high.</p>"));
    assertTrue(one.contains("<div class=\"chart\" data-chart=\"equity\""));
    assertFalse(one.contains("data-chart=\"rolling-sharpe\""));
  }

  @Test
  void theFiveWorstDrawdownsAreListed() {
    assertTrue(
        HTML.contains(
            "<tr><th>Depth</th><th>Start</th><th>Trough</th><th>Recovery</th>"
                + "<th>Length</th></tr>\n"),
        HTML);
    int table = HTML.indexOf("<table class=\"drawdowns\">");
    String rows = HTML.substring(table, HTML.indexOf("</table>", table));
    assertTrue(count(rows, "<tr><td") >= 1 && count(rows, "<tr><td") <= 5, rows);
    long[] x = {0, 1000, 2000, 3000, 4000, 5000, 6000};
    double[] eq = {100, 120, 90, 130, 117, 125, 110};
    var worst = ReportChart.worstDrawdowns(x, eq, 5);
    assertEquals(2, worst.size());
    assertEquals(new ReportChart.Period(1000, 2000, 3000, -0.25, 3000), worst.get(0));
    assertEquals(3000, worst.get(1).start());
    assertEquals(6000, worst.get(1).trough());
    assertFalse(worst.get(1).recovered());
    assertEquals(110 / 130.0 - 1, worst.get(1).depth(), 1e-12);
  }

  @Test
  void monthlyReturnsChainFromMonthEndToMonthEnd() {
    long jan = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    long janEnd = Instant.parse("2024-01-31T00:00:00Z").toEpochMilli();
    long feb = Instant.parse("2024-02-15T00:00:00Z").toEpochMilli();
    long may = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli();
    long next = Instant.parse("2025-01-02T00:00:00Z").toEpochMilli();
    var c =
        ReportChart.calendar(
            new long[] {jan, janEnd, feb, may, next}, new double[] {100, 110, 99, 108.9, 54.45});
    assertFalse(c.daily());
    assertEquals(java.util.List.of("2024", "2025"), c.rows());
    assertEquals(12, c.columns().size());
    assertEquals(4, c.cells().size());
    assertArrayEquals(new double[] {0, 0, 0.1}, c.cells().get(0), 1e-12);
    assertArrayEquals(new double[] {1, 0, -0.1}, c.cells().get(1), 1e-12);
    assertArrayEquals(new double[] {4, 0, 0.1}, c.cells().get(2), 1e-12);
    assertArrayEquals(new double[] {0, 1, -0.5}, c.cells().get(3), 1e-12);
  }

  @Test
  void theRollingSharpeNeedsAFullWindowOfReturns() {
    long[] x = new long[30];
    double[] eq = new double[30];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 86_400_000L;
      eq[i] = 100 * (1 + 0.01 * i) + (i % 2) * 0.5;
    }
    double[] s = ReportChart.rollingSharpe(x, eq, 20);
    for (int i = 0; i < 20; i++) {
      assertTrue(Double.isNaN(s[i]), "row " + i);
    }
    for (int i = 20; i < 30; i++) {
      assertTrue(s[i] > 0, "row " + i + ": " + s[i]);
    }
    assertEquals(20, ReportChart.sharpeWindow(100));
    assertEquals(1000, ReportChart.sharpeWindow(10_000));
  }

  @Test
  void theTradesAreCountedAndListedWithMissingExitFieldsAsADash() {
    assertTrue(HTML.contains("<p>3 trades, 1 still open.</p>"), HTML);
    assertTrue(
        HTML.contains(
            "<tr><td>2024-01-01T01:30:00Z</td><td>–</td><td>long</td><td class=\"n\">2</td>"
                + "<td class=\"n\">95.25</td><td class=\"n\">–</td><td class=\"n\">0.19</td>"
                + "<td class=\"n\">3.31</td><td>sample</td><td>BTC-USD</td><td>open</td></tr>"),
        HTML);
    assertTrue(
        HTML.contains(
            "<tr><td>2024-01-01T00:20:00Z</td><td>2024-01-01T00:35:00Z</td><td>short</td>"
                + "<td class=\"n\">1.25</td><td class=\"n\">108.50</td>"
                + "<td class=\"n\">109.00</td><td class=\"n\">0.27</td>"
                + "<td class=\"n\">-0.90</td><td>sample</td><td>BTC-USD</td>"
                + "<td>stop-loss</td></tr>"),
        HTML);
  }

  @Test
  void everyTradeIsListedInAScrollingTable() {
    assertTrue(Report.STYLE.contains("div.trade-list{max-height:420px;overflow:auto}"));
    int list = HTML.indexOf("<div class=\"trade-list\">\n<table class=\"trades\">\n");
    assertTrue(list > 0);
    String table = HTML.substring(list, HTML.indexOf("</table>", list));
    assertTrue(table.contains("<th>strategy</th>") && table.contains("<th>exit_reason</th>"));
    assertEquals(3, count(table, "<tr><td>"));
    var trades = SampleResults.trades();
    for (int i = 0; i < 120; i++) {
      trades.append(SampleResults.trades().dropRange(2, 3));
    }
    var many =
        new BacktestResult(
            SampleResults.sample().settings(),
            trades,
            SampleResults.orders("x"),
            SampleResults.equity(100),
            SampleResults.metrics(100));
    String html = Report.html(many);
    assertTrue(html.contains("<p>243 trades, 1 still open.</p>"), html);
    assertEquals(243, count(html, "<tr><td>2024-"));
  }

  @Test
  void tradeNumbersHaveSensiblePrecision() {
    assertEquals("0.123457", Report.significant(0.1234567, 6));
    assertEquals("12345.7", Report.significant(12345.67, 6));
    assertEquals("2", Report.significant(2.0, 6));
    assertEquals("95.25", Report.price(95.25));
    assertEquals("100.00", Report.price(100));
    assertEquals("0.1235", Report.price(0.123456));
    assertEquals("43,210.50", Report.price(43210.5));
  }

  @Test
  void theSameResultGivesTheSamePage() {
    assertArrayEquals(
        HTML.getBytes(StandardCharsets.UTF_8),
        Report.html(SampleResults.sample()).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMillionRowCurveGivesAReportUnder300KilobytesBesideTheLibrary() {
    String html = withoutLibrary(Report.html(SampleResults.sample("sma-cross", 1_000_000)));
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes < 300 * 1024, bytes + " bytes");
    String json = data(html);
    Matcher equity = Pattern.compile("\"equity\":\\{\"strategy\":\\[(.*?)\\]\\]").matcher(json);
    assertTrue(equity.find());
    int drawn = count(equity.group(1), "[");
    assertTrue(drawn > 500 && drawn <= 2_000, drawn + " points");
    assertTrue(json.contains("\"calendar\":{\"daily\":false,\"rows\":[\"2024\",\"2025\"]"));
  }

  @Test
  void downsamplingKeepsTheEndsAndEachBucketsLowestAndHighestPointInOrder() {
    long[] x = {0, 1, 2, 3, 4, 5, 6, 7};
    double[] y = {5, 9, 1, 4, 3, Double.NaN, 8, 2};
    // two buckets: [0, 4) and [4, 7]; the NaN row is skipped
    assertArrayEquals(new int[] {0, 1, 2, 6, 7}, ReportChart.downsample(x, y, 2));
    double[] flat = {3, 1, 2, 9, 4, 5, 6, 7};
    // the first and the last row are kept even where they are neither low nor high
    assertArrayEquals(new int[] {0, 1, 3, 4, 7}, ReportChart.downsample(x, flat, 2));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 6, 7}, ReportChart.downsample(x, y, 100));
  }

  @Test
  void theDrawdownIsMeasuredFromTheRunningPeak() {
    double[] dd = ReportChart.drawdowns(DoubleColumn.create("equity", 100, 120, 90, 130, 117));
    assertArrayEquals(new double[] {0, 0, -0.25, 0, -0.1}, dd, 1e-12);
  }

  @Test
  void theRenderableShowsTheFragmentForNotebooks() {
    String fragment = Report.renderable(SampleResults.sample()).toHtml();
    assertTrue(fragment.startsWith("<div class=\"quarry-report\">"));
    assertTrue(HTML.contains(fragment));
  }
}
