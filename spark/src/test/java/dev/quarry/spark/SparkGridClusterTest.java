package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.cli.ExecutionOptions;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The grid on separate executor JVMs ({@code local-cluster[2,1,1024]}: two workers of one core
 * each, as a cluster runs them), which catches what {@code local[*]} hides: a task that does not
 * serialize, a class executors cannot load, a strategy file compiled against the wrong class path.
 */
class SparkGridClusterTest {
  @TempDir static Path root;
  static SparkSession spark;
  static BarStore store;

  @BeforeAll
  static void start() throws Exception {
    store =
        TestStores.store(
            root,
            List.of("AAA-USD", "BBB-USD"),
            Instant.parse("2024-01-30T00:00:00Z"),
            2 * 24 * 60);
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    spark =
        QuarrySpark.builder("local-cluster[2,1,1024]")
            .config("spark.executor.memory", "512m")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executor.extraJavaOptions", String.join(" ", QuarrySpark.javaOptions()))
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theGridOnExecutorJvmsEqualsTheLocalGridBitForBit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Alternate.java");
    Files.writeString(
        file,
        """
        import dev.quarry.backtest.*;
        import dev.quarry.engine.Bar;
        import java.util.Map;

        public class Alternate extends BarStrategy {
          private final int every;

          public Alternate(Map<String, String> params) {
            super("alternate");
            every = Integer.parseInt(params.get("every"));
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {
            if (bar.seq() % every == 0) {
              if (bar.seq() % (2 * every) == 0) orders.buy(); else orders.sell();
            }
          }
        }
        """);
    for (String strategy : List.of("sma-cross", file.toString())) {
      Map<String, List<String>> axes = new LinkedHashMap<>();
      if (strategy.equals("sma-cross")) {
        axes.put("fast", List.of("5", "10"));
        axes.put("slow", List.of("30", "60"));
      } else {
        axes.put("every", List.of("30", "90", "270"));
      }
      SparkGrid grid =
          SparkGrid.on(spark)
              .store(root)
              .dataset(TestStores.PROVIDER, TestStores.TIMEFRAME)
              .strategy(strategy)
              .execution(List.of("--fee-bps", "5"))
              .rankBy("sharpe")
              .trialsPerTask(1);
      axes.forEach((axis, values) -> grid.grid(axis, values.toArray(String[]::new)));
      List<Row> rows = grid.run().collectAsList();

      for (String symbol : List.of("AAA-USD", "BBB-USD")) {
        Table local =
            BacktestGrid.run(
                store.read(new DatasetId(TestStores.PROVIDER, TestStores.TIMEFRAME, symbol)),
                symbol,
                strategy,
                Map.of(),
                ExecutionOptions.parse(List.of("--fee-bps", "5")).settings(),
                axes,
                "sharpe");
        List<Row> mine = rows.stream().filter(r -> r.getString(0).equals(symbol)).toList();
        assertEquals(local.rowCount(), mine.size());
        for (int r = 0; r < local.rowCount(); r++) {
          for (String metric : BacktestGrid.RANKABLE) {
            Object expected = local.column(metric).get(r);
            Object actual = mine.get(r).get(mine.get(r).fieldIndex(metric));
            String where = strategy + " " + symbol + " rank " + (r + 1) + " " + metric;
            if (expected instanceof Double d) {
              assertEquals(
                  Double.doubleToRawLongBits(d),
                  Double.doubleToRawLongBits((Double) actual),
                  where);
            } else {
              assertEquals(expected, actual, where);
            }
          }
        }
      }
    }
  }

  @Test
  void theTasksRanInOtherJvms() {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long driver = ProcessHandle.current().pid();
    Set<Long> pids =
        new HashSet<>(
            context
                .parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> ProcessHandle.current().pid())
                .collect());
    assertTrue(!pids.contains(driver) && !pids.isEmpty(), "executor pids " + pids);
  }
}
