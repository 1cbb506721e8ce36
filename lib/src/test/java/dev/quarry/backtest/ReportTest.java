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
