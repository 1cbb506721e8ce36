package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.RealBars;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The report in a real browser: headless Chromium opens the page from a file, with every host name
 * mapped to nowhere, and the test reads back the DOM it built ({@code --dump-dom}), its console
 * ({@code --enable-logging=stderr}) and its network log ({@code --log-net-log}); a screenshot of
 * each page lands in {@code target/report-browser/}. Each chart must hold the SVG that ECharts drew
 * (a blank chart fails), the console must show no error and no ECharts warning, and the page must
 * ask for nothing over the network. Skipped when no {@code chromium} is on the PATH (CI installs
 * Debian's).
 */
class ReportBrowserTest {
  private static final Path OUT = Path.of("target", "report-browser");

  /** Prepended to the page the browser opens: console errors and warnings show in its log. */
  private static final String CONSOLE_HOOK =
      "<script>(function(){var e=console.error,w=console.warn;"
          + "console.error=function(){console.log('ERROR:CONSOLE '+Array.prototype.join.call("
          + "arguments,' '));e.apply(console,arguments);};"
          + "console.warn=function(){console.log('WARN:CONSOLE '+Array.prototype.join.call("
          + "arguments,' '));w.apply(console,arguments);};})();</script>\n";

  private static Path chromium;

  @TempDir Path tmp;

  @BeforeAll
  static void findChromium() {
    chromium = onPath("chromium", "chromium-browser", "google-chrome");
    assumeTrue(
        chromium != null,
        "no chromium on the PATH: the browser test is skipped (apt-get install chromium)");
  }

  private static Path onPath(String... names) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** What the browser made of a page. */
  record Page(String dom, List<String> problems, List<String> requests) {}

  private Page open(String name, String html) throws Exception {
    Files.createDirectories(OUT);
    Path file = OUT.resolve(name + ".html").toAbsolutePath();
    Files.writeString(file, html, StandardCharsets.UTF_8);
    Path hooked = OUT.resolve(name + ".checked.html").toAbsolutePath();
    String withHook =
        html.contains("<head>")
            ? html.replaceFirst("<head>", "<head>\n" + Matcher.quoteReplacement(CONSOLE_HOOK))
            : CONSOLE_HOOK + html;
    Files.writeString(hooked, withHook, StandardCharsets.UTF_8);
    Path netLog = tmp.resolve(name + "-net.json");
    String dom = run(hooked, netLog, "--dump-dom", tmp.resolve(name + ".log"));
    run(
        hooked,
        tmp.resolve(name + "-net2.json"),
        "--screenshot=" + OUT.resolve(name + ".png").toAbsolutePath(),
        tmp.resolve(name + "-screenshot.log"));
    List<String> problems = new ArrayList<>();
    for (String line : Files.readAllLines(tmp.resolve(name + ".log"), StandardCharsets.UTF_8)) {
      if (line.contains("Uncaught")
          || line.contains("ERROR:CONSOLE")
          || line.contains("[ECharts]")
          || line.contains("net::ERR")) {
        problems.add(line);
      }
    }
    return new Page(dom, problems, pageRequests(netLog));
  }

  /** Runs chromium on the file; returns its stdout, its stderr in {@code log}. */
  private String run(Path file, Path netLog, String action, Path log) throws Exception {
    List<String> command =
        List.of(
            chromium.toString(),
            "--headless=new",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--user-data-dir=" + tmp.resolve("profile"),
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--log-net-log=" + netLog,
            "--window-size=1000,4000",
            "--virtual-time-budget=5000",
            action,
            file.toUri().toString());
    Path stdout = tmp.resolve("stdout");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(log.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish within 120 s: " + Files.readString(log));
    }
    assertEquals(0, process.exitValue(), () -> "chromium failed: " + read(log));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The http(s) URLs the page (loaded from a file) asked for, from Chromium's network log. */
  private static List<String> pageRequests(Path netLog) throws IOException {
    JsonNode log = new ObjectMapper().readTree(netLog.toFile());
    List<String> urls = new ArrayList<>();
    for (JsonNode event : log.path("events")) {
      JsonNode params = event.path("params");
      String url = params.path("url").asText("");
      String isolation = params.path("network_isolation_key").asText("");
      if (url.matches("(?i)(https?|wss?)://.*") && isolation.startsWith("file://")) {
        urls.add(url);
      }
    }
    return urls;
  }

  /** Each chart div's part of the DOM, up to the next heading, paragraph or table. */
  private static String chartDom(String dom, String chart) {
    int at = dom.indexOf("data-chart=\"" + chart + "\"");
    assertTrue(at > 0, "no chart div " + chart);
    int end = dom.length();
    for (String next : new String[] {"<h2>", "<h3>", "<p>", "<table"}) {
      int i = dom.indexOf(next, at);
      if (i > 0) {
        end = Math.min(end, i);
      }
    }
    return dom.substring(at, end);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static final Pattern PATH_D = Pattern.compile("<path[^>]* d=\"([^\"]*)\"");

  /** The chart was drawn: an SVG with paths, one of them a long line or many shapes. */
  private static void assertDrawn(String dom, String chart, int minLongestPath) {
    String part = chartDom(dom, chart);
    assertTrue(part.contains("<svg"), chart + ": no SVG, the chart was not drawn: " + part);
    int longest = 0;
    Matcher d = PATH_D.matcher(part);
    while (d.find()) {
      longest = Math.max(longest, d.group(1).length());
    }
    assertTrue(count(part, "<path") >= 3, chart + ": " + count(part, "<path") + " paths");
    assertTrue(
        longest >= minLongestPath, chart + ": the longest path has " + longest + " characters");
  }

  private static void assertClean(Page page) {
    assertEquals(List.of(), page.problems(), "console errors or warnings");
    assertEquals(List.of(), page.requests(), "network requests");
  }

  @Test
  void aRealBacktestsReportDrawsEveryChartOfflineWithoutErrors() throws Exception {
    BacktestResult result =
        Backtest.of("BTC-USD", RealBars.minutes()).strategy(new SmaCross(10, 50)).feeBps(10).run();
    String html = Report.html(result);
    assertTrue(html.contains("\"buyAndHold\":[["), "a simulated run draws buy and hold");
    Page page = open("real", html);
    assertClean(page);
    assertDrawn(page.dom(), "equity", 2_000);
    assertDrawn(page.dom(), "drawdown", 2_000);
    assertDrawn(page.dom(), "calendar", 10);
    assertDrawn(page.dom(), "trade-returns", 10);
    assertDrawn(page.dom(), "rolling-sharpe", 2_000);
    assertDrawn(page.dom(), "price", 2_000);
    assertTrue(page.dom().contains(">Buy and hold<"), "the legend names buy and hold");
    assertTrue(page.dom().contains(">Long entry<"), "the price chart's legend");
    assertEquals(6, count(page.dom(), "_echarts_instance_="));
  }

  @Test
  void aGridsReportDrawsItsHeatMapAndAWalkForwardsItsStitchedRun() throws Exception {
    java.util.Map<String, java.util.List<String>> axes = new java.util.LinkedHashMap<>();
    axes.put("fast", java.util.List.of("5", "10", "20"));
    axes.put("slow", java.util.List.of("30", "50"));
    Table bars = RealBars.minutes();
    GridRun grid =
        dev.quarry.samples.BacktestGrid.runAll(
            java.util.Map.of("BTC-USD", bars),
            "sma-cross",
            java.util.Map.of(),
            ExecutionSettings.defaults(),
            axes,
            "sharpe");
    Path gridDir = grid.write(tmp.resolve("grid"));
    Page page = open("grid", Files.readString(gridDir.resolve(RunFolder.REPORT_HTML)));
    assertClean(page);
    assertDrawn(page.dom(), "grid-heatmap", 10);
    assertTrue(page.dom().contains("PBO "), "the overfitting line");

    WalkForwardResult wf =
        Backtest.of("BTC-USD", bars)
            .walkForward(
                dev.quarry.stats.Folds.parse("train=2d,test=1d"),
                p -> dev.quarry.samples.SampleStrategies.create("sma-cross", p),
                axes,
                "sharpe");
    Path wfDir = wf.write(tmp.resolve("wf"));
    Page wfPage = open("walk-forward", Files.readString(wfDir.resolve(RunFolder.REPORT_HTML)));
    assertClean(wfPage);
    assertTrue(wfPage.dom().contains("train_start"), "the fold table");
    assertDrawn(wfPage.dom(), "equity", 300);
  }

  @Test
  void theSampleResultsReportDrawsEveryChart() throws Exception {
    Page page = open("sample", Report.html(SampleResults.sample()));
    assertClean(page);
    for (String chart : new String[] {"equity", "drawdown", "rolling-sharpe"}) {
      assertDrawn(page.dom(), chart, 300);
    }
    assertDrawn(page.dom(), "calendar", 10);
    assertDrawn(page.dom(), "trade-returns", 10);
  }

  /** A classic Jupyter page has RequireJS: the script must still define the global echarts. */
  @Test
  void theChartsAreDrawnBesideAnAmdLoader() throws Exception {
    String html =
        Report.html(SampleResults.sample())
            .replace(
                "<head>",
                "<head>\n<script>window.define = function () { throw new Error('AMD loader used'); };"
                    + " window.define.amd = {};</script>");
    Page page = open("amd", html);
    assertClean(page);
    assertDrawn(page.dom(), "equity", 300);
  }

  /** The checks themselves: a broken page and a page reaching out are caught. */
  @Test
  void aScriptErrorABlankChartAndANetworkRequestAreCaught() throws Exception {
    String html = Report.html(SampleResults.sample());
    String broken =
        html.replace("<h2>Settings</h2>", "<img src=\"http://example.com/x.png\"><h2>Settings</h2>")
            .replace("if (data.drawdown) {", "if (data.drawdown) { throw new Error('kaput');")
            .replace("if (data.equity) {", "console.error('boom'); if (data.equity) {");
    assertFalse(broken.equals(html));
    Page page = open("broken", broken);
    assertTrue(
        page.problems().stream().anyMatch(l -> l.contains("Uncaught") && l.contains("kaput")),
        page.problems().toString());
    assertTrue(
        page.problems().stream().anyMatch(l -> l.contains("ERROR:CONSOLE boom")),
        page.problems().toString());
    assertEquals(List.of("http://example.com/x.png"), page.requests().stream().distinct().toList());
    assertDrawn(page.dom(), "equity", 300);
    assertFalse(chartDom(page.dom(), "drawdown").contains("<svg"), "drawdown left blank");
  }
}
