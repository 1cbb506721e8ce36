package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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

  @Test
  void thePageIsSelfContained() {
    assertTrue(HTML.startsWith("<!DOCTYPE html>\n"));
    for (String external :
        new String[] {"http://", "https://", "src=", "<script", "@import", "url("}) {
      assertFalse(HTML.contains(external), external);
    }
    assertEquals(1, count(HTML, "<style>"));
  }

  @Test
  void theTitleNamesStrategyAndSymbol() {
    assertTrue(HTML.contains("<title>Backtest: sma-cross on BTC-USD</title>"));
    assertTrue(HTML.contains("<h1>Backtest: sma-cross on BTC-USD</h1>"));
  }

  @Test
  void everyTextIsEscaped() {
    String html = Report.html(SampleResults.sample("<script>alert(1)</script>", 100));
    assertFalse(html.contains("<script>"));
    assertFalse(html.contains("alert(1)</script>"));
    assertTrue(
        html.contains("<h1>Backtest: &lt;script&gt;alert(1)&lt;/script&gt; on BTC-USD</h1>"));
    assertTrue(
        html.contains("<tr><th>strategy</th><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>"));
  }

  @Test
  void theSettingsAreListedInTheirOrder() {
    assertTrue(
        HTML.contains(
            "<tr><th>strategy</th><td>sma-cross</td></tr>\n"
                + "<tr><th>symbol</th><td>BTC-USD</td></tr>\n"
                + "<tr><th>fast</th><td>10</td></tr>\n"),
        HTML);
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

  @Test
  void theEquityAndDrawdownChartsAreInlineSvg() {
    assertEquals(2, count(HTML, "<svg "));
    assertEquals(2, count(HTML, "</svg>"));
    assertTrue(
        HTML.indexOf("<title>Equity curve</title>") < HTML.indexOf("<title>Drawdown</title>"));
    assertEquals(1, count(HTML, "<polyline "));
    assertEquals(1, count(HTML, "<polygon "));
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
  }

  @Test
  void theSameResultGivesTheSamePage() {
    assertArrayEquals(
        HTML.getBytes(StandardCharsets.UTF_8),
        Report.html(SampleResults.sample()).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMillionRowCurveGivesAReportUnder300Kilobytes() {
    String html = Report.html(SampleResults.sample("sma-cross", 1_000_000));
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes < 300 * 1024, bytes + " bytes");
    Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(html);
    assertTrue(points.find());
    int drawn = points.group(1).trim().split(" ").length;
    assertTrue(drawn > 500 && drawn <= 2 * ReportChart.WIDTH + 2, drawn + " points");
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
