package dev.quarry.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Metrics;
import dev.quarry.backtest.Report;
import dev.quarry.bars.Bars;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class NotebookTest {
  private static Metrics metrics() {
    return new Metrics(
        0.1234,
        2.5,
        0.05,
        0.0734,
        0.42,
        1.5,
        2.25,
        Double.NaN,
        0.01,
        0.9,
        0.2,
        90_061,
        0.5,
        4,
        1,
        1.75,
        12.5,
        30,
        -10,
        3,
        3725,
        0.573,
        12.3456,
        new Metrics.CostTotals(1, 2, 0),
        0,
        10_000,
        11_234,
        9_399,
        Instant.parse("2013-11-25T00:00:00Z"),
        Instant.parse("2013-12-01T16:02:00Z"));
  }

  private static Map<Class<?>, Notebook.Renderer> byType() {
    return Notebook.renderers().stream()
        .collect(Collectors.toMap(Notebook.Renderer::type, Function.identity()));
  }

  @Test
  void installReturnsNothingSoTheCellShowsNoValue() throws Exception {
    Method install = Notebook.class.getMethod("install");
    assertEquals(void.class, install.getReturnType());
    Notebook.install(); // no kernel here: does nothing
    assertFalse(Notebook.installed());
  }

  @Test
  void metricsRenderFormattedAsTheCliPrintsThem() {
    String html = byType().get(Metrics.class).html().apply(metrics());
    assertTrue(
        html.contains(
            "<td style=\"text-align:left\">total return</td><td style=\"text-align:right\">12.34 %</td>"),
        html);
    assertTrue(html.contains(">Sharpe</td><td style=\"text-align:right\">1.50</td>"), html);
    assertTrue(html.contains(">Calmar</td><td style=\"text-align:right\">–</td>"), html);
    assertTrue(
        html.contains(">max drawdown</td><td style=\"text-align:right\">20.00 %</td>"), html);
    assertTrue(
        html.contains(">longest under water</td><td style=\"text-align:right\">1d 1h</td>"), html);
    assertTrue(html.contains(">trades</td><td style=\"text-align:right\">4 (1 open)</td>"), html);
    assertTrue(html.contains(">average hold</td><td style=\"text-align:right\">1h 2m</td>"), html);
    assertTrue(
        html.contains(">final equity</td><td style=\"text-align:right\">11,234.00</td>"), html);
    assertTrue(
        html.contains(
            ">costs</td><td style=\"text-align:right\">3.00 (fees 1.00, slippage 2.00, borrow 0.00)</td>"),
        html);
    assertTrue(html.startsWith("<div class=\"quarry-scroll\" style=\"overflow-x:auto"), html);
    String text = byType().get(Metrics.class).text().apply(metrics());
    assertTrue(text.contains("  total return        12.34 %\n"), text);
    assertTrue(text.contains("  turnover            12.35×\n"), text);
  }

  @Test
  void wideTablesScrollSideways() {
    Table wide = Table.create("wide");
    for (int i = 0; i < 40; i++) {
      wide.addColumns(StringColumn.create("column number " + i, List.of("a value")));
    }
    String html = byType().get(Table.class).html().apply(wide);
    assertTrue(
        html.contains(
            "<div class=\"quarry-scroll\" style=\"overflow-x:auto;max-width:100%\"><table class=\"quarry-table\">"),
        html);
    assertTrue(html.endsWith("</table></div>"), html);
    String summary = Summaries.html(wide);
    assertTrue(summary.contains("overflow-x:auto"), summary);
  }

  @Test
  void aBacktestResultRendersItsReport() {
    int n = 120;
    Table bars = Bars.empty("BTC-USD");
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      double p = 100 + 10 * Math.sin(i / 10.0);
      bars.instantColumn(Bars.TIMESTAMP).append(t0.plusSeconds(60L * i));
      ((DoubleColumn) bars.column(Bars.OPEN)).append(p);
      ((DoubleColumn) bars.column(Bars.HIGH)).append(p + 1);
      ((DoubleColumn) bars.column(Bars.LOW)).append(p - 1);
      ((DoubleColumn) bars.column(Bars.CLOSE)).append(p);
      ((DoubleColumn) bars.column(Bars.VOLUME)).append(1);
    }
    BarStrategy strategy =
        BarStrategy.of(
            "test",
            (bar, history, orders) -> {
              if (history.size() == 10) {
                orders.buy();
              } else if (history.size() == 60) {
                orders.close();
              }
            });
    BacktestResult result = Backtest.of("BTC-USD", bars).strategy(strategy).run();
    Notebook.Renderer r = byType().get(BacktestResult.class);
    assertEquals(Report.fragment(result), r.html().apply(result));
    String text = r.text().apply(result);
    assertTrue(text.startsWith(result.headline() + "\n"), text);
    assertTrue(text.contains("  total return "), text);
  }
}
