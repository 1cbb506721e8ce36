package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Orders;
import dev.quarry.backtest.StrategyLoader;
import dev.quarry.cli.ExecutionOptions;
import dev.quarry.engine.Bar;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * SPEC section 15: the grid on Spark equals the local grid bit for bit — every metric of every run,
 * and each symbol's ranking — and what cannot reach executors is refused with advice.
 */
class SparkGridTest {
  static final List<String> SYMBOLS = List.of("AAA-USD", "BBB-USD");
  static final Instant FROM = Instant.parse("2024-01-30T00:00:00Z");
  static final List<String> EXECUTION = List.of("--fee-bps", "10", "--slippage-bps", "2");

  @TempDir static Path root;
  static SparkSession spark;
  static BarStore store;

  @BeforeAll
  static void start() {
    store = TestStores.store(root, SYMBOLS, FROM, 3 * 24 * 60);
    spark = TestStores.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SparkGrid grid() {
    return SparkGrid.on(spark)
        .store(root)
        .dataset(TestStores.PROVIDER, TestStores.TIMEFRAME)
        .strategy("sma-cross")
        .param("direction", "both")
        .grid("fast", "5", "10", "20")
        .grid("slow", "30", "60")
        .grid("stop-loss", "1%", "3%")
        .execution(EXECUTION)
        .rankBy("sharpe")
        .trialsPerTask(5);
  }

  @Test
  void everyRunAndRankingEqualsTheLocalGridBitForBit() {
    List<Row> rows = grid().run().collectAsList();

    assertEquals(SYMBOLS.size() * 12, rows.size());
    for (String symbol : SYMBOLS) {
      Table local = localGrid(symbol);
      List<Row> mine = rows.stream().filter(r -> r.getString(0).equals(symbol)).toList();
      assertEquals(local.rowCount(), mine.size(), symbol);
      for (int r = 0; r < local.rowCount(); r++) {
        Row row = mine.get(r);
        assertEquals(r + 1, row.getInt(1), "rank");
        for (Column<?> column : local.columns()) {
          Object expected = column.get(r);
          Object actual = row.get(row.fieldIndex(column.name()));
          if (column.type() == ColumnType.DOUBLE) {
            assertEquals(
                Double.doubleToRawLongBits((Double) expected),
                Double.doubleToRawLongBits((Double) actual),
                symbol
                    + " rank "
                    + (r + 1)
                    + " "
                    + column.name()
                    + ": "
                    + expected
                    + " vs "
                    + actual);
          } else {
            assertEquals(column.getString(r), String.valueOf(actual), symbol + " " + column.name());
          }
        }
      }
    }
  }

  @Test
  void aWalkForwardPerSymbolEqualsTheLocalWalkForwardBitForBit() {
    List<Row> rows =
        SparkGrid.on(spark)
            .store(root)
            .dataset(TestStores.PROVIDER, TestStores.TIMEFRAME)
            .strategy("sma-cross")
            .grid("fast", "5", "10")
            .grid("slow", "30", "60")
            .execution(EXECUTION)
            .rankBy("sharpe")
            .walkForward("train=1d,test=12h")
            .run()
            .collectAsList();

    for (String symbol : SYMBOLS) {
      Map<String, List<String>> axes = new LinkedHashMap<>();
      axes.put("fast", List.of("5", "10"));
      axes.put("slow", List.of("30", "60"));
      dev.quarry.backtest.WalkForwardResult local =
          dev.quarry.backtest.Backtest.of(
                  symbol,
                  store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, symbol)),
                  java.time.Duration.ofMinutes(1))
              .settings(ExecutionOptions.parse(EXECUTION).settings())
              .walkForward(
                  dev.quarry.stats.Folds.parse("train=1d,test=12h"),
                  p -> BacktestGrid.strategy("sma-cross", p),
                  axes,
                  "sharpe");
      Table folds = local.folds();
      List<Row> mine = rows.stream().filter(r -> r.getString(0).equals(symbol)).toList();
      assertEquals(folds.rowCount(), mine.size(), symbol);
      assertTrue(folds.rowCount() >= 3, "folds: " + folds.rowCount());
      for (int r = 0; r < folds.rowCount(); r++) {
        Row row = mine.get(r);
        for (Column<?> column : folds.columns()) {
          Object actual = row.get(row.fieldIndex(column.name()));
          if (column.type() == ColumnType.DOUBLE) {
            assertEquals(
                Double.doubleToRawLongBits(folds.doubleColumn(column.name()).getDouble(r)),
                Double.doubleToRawLongBits((Double) actual),
                symbol + " fold " + r + " " + column.name());
          } else {
            assertEquals(column.get(r), actual, symbol + " fold " + r + " " + column.name());
          }
        }
        assertEquals(
            Double.doubleToRawLongBits(local.efficiency()),
            Double.doubleToRawLongBits(row.getDouble(row.fieldIndex("efficiency"))));
        assertEquals(
            Double.doubleToRawLongBits(local.outOfSample().metrics().totalReturn()),
            Double.doubleToRawLongBits(row.getDouble(row.fieldIndex("oos_total_return"))));
      }
    }
  }

  @Test
  void aWalkForwardCannotTryExitsOnTheGrid() {
    QuarrySparkException e =
        assertThrows(
            QuarrySparkException.class, () -> grid().walkForward("train=1d,test=12h").run());
    assertTrue(e.getMessage().contains("a walk-forward cannot try exits yet"), e.getMessage());
  }

  @Test
  void theResultHasAStableSchema() {
    Dataset<Row> runs = grid().symbols("AAA-USD").run();
    List<String> columns = List.of(runs.columns());

    assertEquals(
        List.of("symbol", "rank", "trial", "fast", "slow", "stop-loss"), columns.subList(0, 6));
    assertTrue(columns.containsAll(BacktestGrid.RANKABLE), columns.toString());
    assertEquals("double", runs.schema().apply("sharpe").dataType().typeName());
  }

  @Test
  void aStrategyFromAJavaFileIsCompiledByTheTasks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("EveryN.java");
    Files.writeString(
        file,
        """
        package demo;

        import dev.quarry.backtest.*;
        import dev.quarry.engine.Bar;
        import java.util.Map;

        public class EveryN extends BarStrategy {
          private final int every;

          public EveryN(Map<String, String> params) {
            super("every-n");
            every = Integer.parseInt(params.getOrDefault("every", "10"));
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {
            if (bar.seq() % every == 0) {
              if (bar.seq() % (2 * every) == 0) orders.buy(); else orders.sell();
            }
          }
        }
        """);
    List<Row> rows =
        SparkGrid.on(spark)
            .store(root)
            .dataset(TestStores.PROVIDER, TestStores.TIMEFRAME)
            .symbols("BBB-USD")
            .strategyFile(file)
            .grid("every", "60", "240")
            .run()
            .collectAsList();

    Table local =
        BacktestGrid.run(
            store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, "BBB-USD")),
            "BBB-USD",
            file.toString(),
            Map.of(),
            ExecutionOptions.parse(List.of()).settings(),
            Map.of("every", List.of("60", "240")),
            "total_return");
    assertEquals(2, rows.size());
    for (int r = 0; r < 2; r++) {
      assertEquals(local.column("every").getString(r), rows.get(r).getString(3));
      assertEquals(
          local.doubleColumn("total_return").getDouble(r),
          rows.get(r).getDouble(rows.get(r).fieldIndex("total_return")));
    }
  }

  /** A strategy defined like a notebook cell's: JShell puts cell classes in package REPL. */
  @Test
  void aClassFromANotebookCellALambdaOrALocalClassIsRefusedWithAdvice() {
    BarStrategy cell =
        StrategyLoader.loadSource(
            "$JShell$12$Cell.java",
            """
            package REPL;

            import dev.quarry.backtest.*;
            import dev.quarry.engine.Bar;

            public class $JShell$12$Cell extends BarStrategy {
              public $JShell$12$Cell() { super("cell"); }

              @Override
              protected void onBar(Bar bar, Orders orders) {}
            }
            """,
            Map.of());
    class Local extends BarStrategy {
      Local() {
        super("local");
      }

      @Override
      protected void onBar(Bar bar, Orders orders) {}
    }
    BarStrategy anonymous =
        new BarStrategy("anonymous") {
          @Override
          protected void onBar(Bar bar, Orders orders) {}
        };

    List<String> messages = new ArrayList<>();
    for (Class<? extends BarStrategy> type :
        List.of(cell.getClass(), Local.class, anonymous.getClass())) {
      QuarrySparkException e =
          assertThrows(QuarrySparkException.class, () -> grid().strategy(type));
      assertTrue(
          e.getMessage().contains("strategyFile(Path.of(\"MyStrategy.java\"))"), e.getMessage());
      messages.add(e.getMessage());
    }
    assertTrue(messages.get(0).contains("defined in a notebook cell"), messages.get(0));
    assertTrue(messages.get(1).contains("anonymous or local class"), messages.get(1));
    assertTrue(messages.get(2).contains("anonymous or local class"), messages.get(2));
    Runnable lambda = () -> {};
    assertTrue(SparkGrid.unreachable(lambda.getClass()).contains("lambda"));
  }

  @Test
  void badGridsFailOnTheDriverBeforeAnyTask() {
    QuarrySparkException metric =
        assertThrows(QuarrySparkException.class, () -> grid().rankBy("luck").run());
    assertTrue(metric.getMessage().contains("cannot rank by 'luck'"), metric.getMessage());
    QuarrySparkException symbol =
        assertThrows(QuarrySparkException.class, () -> grid().symbols("ZZZ-USD").run());
    assertTrue(
        symbol.getMessage().contains("no dataset testvendor/1m/ZZZ-USD"), symbol.getMessage());
    QuarrySparkException option =
        assertThrows(
            QuarrySparkException.class, () -> grid().execution(List.of("--fee-bps", "lots")));
    assertTrue(option.getMessage().contains("--fee-bps"), option.getMessage());
  }

  private static Table localGrid(String symbol) {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    axes.put("fast", List.of("5", "10", "20"));
    axes.put("slow", List.of("30", "60"));
    axes.put("stop-loss", List.of("1%", "3%"));
    return BacktestGrid.run(
        store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, symbol)),
        symbol,
        "sma-cross",
        Map.of("direction", "both"),
        ExecutionOptions.parse(EXECUTION).settings(),
        axes,
        "sharpe");
  }
}
