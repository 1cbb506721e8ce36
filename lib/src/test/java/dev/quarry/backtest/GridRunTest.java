package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.samples.BacktestGrid;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.ParquetTables;
import dev.quarry.store.RealBars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class GridRunTest {
  private static final Table MINUTES = RealBars.minutes().first(3000);

  @TempDir Path tmp;

  private static GridRun grid() {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    axes.put("fast", List.of("5", "10"));
    axes.put("slow", List.of("30", "50"));
    return BacktestGrid.runAll(
        Map.of("BTC-USD", MINUTES),
        "sma-cross",
        Map.of(),
        ExecutionSettings.defaults(),
        axes,
        "total_return");
  }

  @Test
  void aGridOnSeveralThreadsGivesTheSameRankingAndReturnsAsOnOne() {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    axes.put("fast", List.of("5", "10", "20"));
    axes.put("slow", List.of("30", "50"));
    GridRun one =
        BacktestGrid.runAll(
            Map.of("BTC-USD", MINUTES),
            "sma-cross",
            Map.of(),
            ExecutionSettings.defaults(),
            axes,
            "sharpe",
            1);
    GridRun three =
        BacktestGrid.runAll(
            Map.of("BTC-USD", MINUTES),
            "sma-cross",
            Map.of(),
            ExecutionSettings.defaults(),
            axes,
            "sharpe",
            3);
    assertEquals(one.ranked().printAll(), three.ranked().printAll());
    assertEquals(one.trials(), three.trials());
    for (int i = 0; i < one.trials().size(); i++) {
      assertArrayEquals(one.returns(i), three.returns(i), 0);
    }
    assertEquals(one.overfitting(), three.overfitting());
  }

  @Test
  void everyTrialKeepsThePerBarReturnsOfItsOwnRun() {
    GridRun grid = grid();
    assertEquals(4, grid.trials().size());
    Table ranked = grid.ranked();
    assertTrue(ranked.containsColumn("total_costs") && ranked.containsColumn("slippage_costs"));
    assertTrue(!ranked.containsColumn("start") && !ranked.containsColumn("costs.fees"));
    assertEquals(MINUTES.rowCount() - 1, grid.bars());
    for (int rank = 0; rank < 4; rank++) {
      String name = grid.trials().get(rank);
      Table row = grid.ranked();
      assertEquals(
          name,
          "fast="
              + row.column("fast").getString(rank)
              + ",slow="
              + row.column("slow").getString(rank));
      int fast = Integer.parseInt(row.column("fast").getString(rank));
      int slow = Integer.parseInt(row.column("slow").getString(rank));
      double[] equity =
          Backtest.of("BTC-USD", MINUTES)
              .strategy(new SmaCross(fast, slow))
              .run()
              .totalEquity()
              .doubleColumn("equity")
              .asDoubleArray();
      double[] expected = new double[equity.length - 1];
      for (int i = 1; i < equity.length; i++) {
        expected[i - 1] = equity[i] / equity[i - 1] - 1;
      }
      assertArrayEquals(expected, grid.returns(rank), 0, name);
    }
  }

  @Test
  void theOverfittingFiguresAreThoseOfTheStatsOnTheKeptReturns() {
    GridRun grid = grid().pboBlocks(4);
    Overfitting o = grid.overfitting();
    double[][] returns = new double[4][];
    double[] sharpes = new double[4];
    for (int i = 0; i < 4; i++) {
      returns[i] = grid.returns(i);
      sharpes[i] = dev.quarry.stats.SharpeStats.sharpe(returns[i]);
    }
    dev.quarry.stats.SharpeStats.Moments best = dev.quarry.stats.SharpeStats.moments(returns[0]);
    double v = dev.quarry.stats.SharpeStats.variance(sharpes);
    assertEquals(best.psr(0), o.psr(), 0);
    assertEquals(best.dsr(4, v), o.dsr(), 0);
    assertEquals(dev.quarry.stats.Pbo.ofColumns(returns, 4).pbo(), o.pbo(), 0);
    assertEquals(4, o.pboBlocks());
    assertEquals(grid.trials().get(0), o.selected());
  }

  @Test
  void theGridFolderHoldsTheRankingTheReturnsAndAReport() throws IOException {
    GridRun grid = grid();
    Path dir = grid.write(tmp.resolve("grid"));
    List<String> gridCsv = Files.readAllLines(dir.resolve(GridRun.GRID_CSV));
    assertEquals(5, gridCsv.size());
    assertTrue(gridCsv.get(0).startsWith("fast,slow,"), gridCsv.get(0));
    Table returns = ParquetTables.read(dir.resolve(GridRun.RETURNS_PARQUET));
    assertEquals("timestamp", returns.columnNames().get(0));
    assertEquals(grid.trials(), returns.columnNames().subList(1, 5));
    assertEquals(grid.bars(), returns.rowCount());
    assertArrayEquals(grid.returns(2), returns.doubleColumn(3).asDoubleArray(), 0);
    String json = Files.readString(dir.resolve(GridRun.OVERFITTING_JSON));
    Overfitting o = grid.overfitting();
    assertTrue(json.startsWith("{\n  \"trials\": 4,\n  \"bars\": " + grid.bars() + ",\n"), json);
    assertTrue(json.contains("\"pbo_blocks\": 16"), json);
    assertTrue(json.contains("\"trial\": \"" + grid.trials().get(0) + "\""), json);
    assertTrue(o.pbo() >= 0 && o.pbo() <= 1, o.toString());
    assertTrue(o.dsr() <= o.psr(), "deflating never raises the probability: " + o);
    String html = Files.readString(dir.resolve(RunFolder.REPORT_HTML));
    assertTrue(html.contains("PBO "), html);
    assertTrue(html.contains("<h1>Grid: 4 trials of sma-cross</h1>"), html);
    assertTrue(
        !java.util.regex.Pattern.compile("(src|href)=\"?https?:").matcher(html).find(),
        "the page loads nothing from the network");
    assertTrue(html.contains("data-chart=\"grid-heatmap\""), "two parameters: a heat map");
  }
}
