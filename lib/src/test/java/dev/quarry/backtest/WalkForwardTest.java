package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.Bar;
import dev.quarry.engine.EngineException;
import dev.quarry.samples.SampleStrategies;
import dev.quarry.stats.Folds;
import dev.quarry.store.RealBars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Walk-forward over the real sample's 6.7 days of minute bars (2013-11-25 00:00 to 12-01 16:02):
 * train 2 days, test 1 day gives four folds, the fifth test slice (12-01, partial) being dropped.
 */
class WalkForwardTest {
  private static final Table MINUTES = RealBars.minutes();
  private static final Map<String, List<String>> AXES = new LinkedHashMap<>();

  static {
    AXES.put("fast", List.of("5", "10"));
    AXES.put("slow", List.of("30", "50"));
  }

  @TempDir Path tmp;

  /** A strategy that records the first and last bar it saw, then trades as sma-cross. */
  private static final class Spy extends BarStrategy {
    final BarStrategy inner;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    Spy(Map<String, String> params) {
      super("spy", 1);
      inner = SampleStrategies.create("sma-cross", params);
    }

    @Override
    public int warmUp() {
      return inner.warmUp();
    }

    @Override
    protected void onBar(Bar bar, Orders orders) {
      first = Math.min(first, bar.time());
      last = Math.max(last, bar.time());
      inner.onBar(bar, orders);
    }
  }

  private static Instant t(String text) {
    return Instant.parse(text);
  }

  @Test
  void selectionSeesOnlyItsTrainSliceAndTheTestOrdersOnlyInTheTestSlice() {
    List<Spy> made = new ArrayList<>();
    WalkForwardResult wf =
        Backtest.of("BTC-USD", MINUTES)
            .walkForward(
                Folds.parse("train=2d,test=1d"),
                p -> {
                  Spy s = new Spy(p);
                  made.add(s);
                  return s;
                },
                AXES,
                "total_return");
    Table folds = wf.folds();
    assertEquals(4, folds.rowCount(), folds.print());
    assertEquals(4 * 5, made.size(), "four trials and one test run per fold");
    for (int f = 0; f < 4; f++) {
      Instant trainStart = folds.instantColumn("train_start").get(f);
      Instant trainEnd = folds.instantColumn("train_end").get(f);
      Instant testStart = folds.instantColumn("test_start").get(f);
      Instant testEnd = folds.instantColumn("test_end").get(f);
      assertEquals(t("2013-11-25T00:00:00Z").plusSeconds(86_400L * f), trainStart);
      assertEquals(trainStart.plusSeconds(2 * 86_400), trainEnd);
      assertEquals(trainEnd, testStart);
      assertEquals(testStart.plusSeconds(86_400), testEnd);
      for (int trial = 0; trial < 4; trial++) {
        Spy s = made.get(f * 5 + trial);
        assertTrue(s.first >= trainStart.toEpochMilli(), "fold " + (f + 1) + " trial " + trial);
        assertTrue(s.last < trainEnd.toEpochMilli(), "selection saw a bar of its test slice");
      }
      Spy test = made.get(f * 5 + 4);
      assertTrue(test.last < testEnd.toEpochMilli());
      assertTrue(test.first < testStart.toEpochMilli(), "the test run warms up before its slice");
    }
    Table orders = wf.outOfSample().orders();
    assertTrue(orders.rowCount() > 0);
    Instant firstTest = folds.instantColumn("test_start").get(0);
    for (Instant time : orders.instantColumn("time")) {
      assertTrue(!time.isBefore(firstTest), "an order before the first test slice: " + time);
    }
  }

  @Test
  void theStitchedCurveChainsTheTestRunsReturnsAndTheirEfficiencyIsTheCagrRatio() {
    Backtest base = Backtest.of("BTC-USD", MINUTES).feeBps(5);
    WalkForwardResult wf =
        base.walkForward(
            Folds.parse("train=2d,test=1d"),
            p -> SampleStrategies.create("sma-cross", p),
            AXES,
            "sharpe");
    Table folds = wf.folds();
    double expected = 10_000;
    List<Double> stitchedReturns = new ArrayList<>();
    for (int f = 0; f < folds.rowCount(); f++) {
      String[] params = folds.stringColumn("params").get(f).split(",");
      Map<String, String> p = new LinkedHashMap<>();
      for (String kv : params) {
        p.put(kv.split("=")[0], kv.split("=")[1]);
      }
      BacktestResult alone =
          base.slice(t("2013-11-01T00:00:00Z"), folds.instantColumn("test_end").get(f))
              .tradeFrom(folds.instantColumn("test_start").get(f))
              .strategy(SampleStrategies.create("sma-cross", p))
              .run();
      double[] e = alone.totalEquity().doubleColumn("equity").asDoubleArray();
      stitchedReturns.add(e[0] / 10_000 - 1);
      for (int i = 1; i < e.length; i++) {
        stitchedReturns.add(e[i] / e[i - 1] - 1);
      }
      expected *= e[e.length - 1] / 10_000;
      assertEquals(
          alone.metrics().sharpe(), folds.doubleColumn("out_of_sample").get(f), 1e-12, "fold " + f);
    }
    double[] stitched = wf.outOfSample().totalEquity().doubleColumn("equity").asDoubleArray();
    assertEquals(stitchedReturns.size(), stitched.length);
    double previous = 10_000;
    for (int i = 0; i < stitched.length; i++) {
      assertEquals(stitchedReturns.get(i), stitched[i] / previous - 1, 1e-9, "row " + i);
      previous = stitched[i];
    }
    Metrics m = wf.outOfSample().metrics();
    assertEquals(expected, m.finalEquity(), 1e-6);
    double tested = folds.rowCount() * 86_400_000.0;
    double year = 365.25 * 86_400_000;
    assertEquals(m.totalReturn() * year / tested, wf.outOfSampleAnnualReturn(), 1e-12);
    assertEquals(
        wf.inSampleAnnualReturn() > 0
            ? wf.outOfSampleAnnualReturn() / wf.inSampleAnnualReturn()
            : Double.NaN,
        wf.efficiency(),
        1e-12);
    assertEquals(
        wf.outOfSample().trades().doubleColumn("pnl").sum(), m.finalEquity() - 10_000, 1e-6);
  }

  @Test
  void anchoredFoldsKeepTheirTrainStartAndTheFolderHoldsFoldsCsv() throws IOException {
    WalkForwardResult wf =
        Backtest.of("BTC-USD", MINUTES)
            .walkForward(
                Folds.parse("train=2d,test=1d,anchored"),
                p -> SampleStrategies.create("sma-cross", p),
                AXES,
                "total_return");
    Table folds = wf.folds();
    for (int f = 0; f < folds.rowCount(); f++) {
      assertEquals(t("2013-11-25T00:00:00Z"), folds.instantColumn("train_start").get(f));
    }
    Path dir = wf.write(tmp.resolve("wf"));
    List<String> lines = Files.readAllLines(dir.resolve(WalkForwardResult.FOLDS_CSV));
    assertEquals(
        "fold,train_start,train_end,test_start,test_end,params,in_sample,out_of_sample",
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "1,2013-11-25T00:00:00Z,2013-11-27T00:00:00Z,2013-11-27T00:00:00Z,"
                    + "2013-11-28T00:00:00Z,\"fast="),
        lines.get(1));
    for (String f : List.of("trades.csv", "orders.csv", "equity.parquet", "metrics.json")) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
  }

  @Test
  void aWalkForwardOnThreeThreadsGivesTheSameFoldsRunAndFilesAsOnOne() throws IOException {
    // Eleven folds of nine trials: 99 trials and 11 test runs, queued on three threads at once.
    Map<String, List<String>> axes = new LinkedHashMap<>();
    axes.put("fast", List.of("3", "5", "10"));
    axes.put("slow", List.of("20", "30", "50"));
    Folds folds = Folds.parse("train=1d,test=12h");
    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    Function<Map<String, String>, BarStrategy> strategies =
        p -> {
          threadNames.add(Thread.currentThread().getName());
          return SampleStrategies.create("sma-cross", p);
        };
    WalkForwardResult one =
        Backtest.of("BTC-USD", MINUTES).feeBps(5).walkForward(folds, strategies, axes, "sharpe", 1);
    threadNames.clear();
    WalkForwardResult three =
        Backtest.of("BTC-USD", MINUTES).feeBps(5).walkForward(folds, strategies, axes, "sharpe", 3);
    assertEquals(3, threadNames.size(), "the trials ran on three threads: " + threadNames);

    Table a = one.folds();
    Table b = three.folds();
    assertEquals(11, a.rowCount(), a.printAll());
    assertEquals(a.printAll(), b.printAll());
    assertEquals(a.stringColumn("params").asList(), b.stringColumn("params").asList());
    for (String c : List.of("in_sample", "out_of_sample")) {
      assertArrayEquals(a.doubleColumn(c).asDoubleArray(), b.doubleColumn(c).asDoubleArray(), 0, c);
    }
    assertTrue(a.stringColumn("params").asSet().size() > 1, "the folds chose different parameters");
    assertEquals(one.inSampleAnnualReturn(), three.inSampleAnnualReturn(), 0);
    assertEquals(one.outOfSampleAnnualReturn(), three.outOfSampleAnnualReturn(), 0);
    assertEquals(one.efficiency(), three.efficiency(), 0);
    assertEquals(one.summary(), three.summary());
    assertEquals(one.outOfSample().metrics(), three.outOfSample().metrics());
    assertEquals(one.outOfSample().settings(), three.outOfSample().settings());
    for (String c : List.of("equity", "cash", "position")) {
      assertArrayEquals(
          one.outOfSample().totalEquity().doubleColumn(c).asDoubleArray(),
          three.outOfSample().totalEquity().doubleColumn(c).asDoubleArray(),
          0,
          c);
    }
    assertEquals(one.outOfSample().trades().printAll(), three.outOfSample().trades().printAll());
    assertEquals(one.outOfSample().orders().printAll(), three.outOfSample().orders().printAll());

    Path dirOne = one.write(tmp.resolve("one"));
    Path dirThree = three.write(tmp.resolve("three"));
    List<String> files;
    try (java.util.stream.Stream<Path> listed = Files.list(dirOne)) {
      files = listed.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertTrue(files.contains(WalkForwardResult.FOLDS_CSV), files.toString());
    assertTrue(files.contains("equity.parquet") && files.contains("report.html"), files.toString());
    for (String f : files) {
      assertArrayEquals(
          Files.readAllBytes(dirOne.resolve(f)), Files.readAllBytes(dirThree.resolve(f)), f);
    }
  }

  @Test
  void aStrategyThatPeeksFailsTheWalkForwardOnSeveralThreadsToo() {
    EngineException e =
        assertThrows(
            EngineException.class,
            () ->
                Backtest.of("BTC-USD", MINUTES)
                    .walkForward(
                        Folds.parse("train=2d,test=1d"),
                        p -> BarStrategy.of("peek", (bar, history, orders) -> history.close(-1)),
                        Map.of("x", List.of("1", "2", "3")),
                        "total_return",
                        3));
    assertTrue(e.getCause() instanceof LookAheadException, String.valueOf(e.getCause()));
  }

  @Test
  void aWalkForwardWithoutAxesOrThreadsIsRefused() {
    Backtest base = Backtest.of("BTC-USD", MINUTES);
    Folds folds = Folds.parse("train=2d,test=1d");
    Function<Map<String, String>, BarStrategy> strategies =
        p -> SampleStrategies.create("sma-cross", p);
    IllegalArgumentException noAxis =
        assertThrows(
            IllegalArgumentException.class,
            () -> base.walkForward(folds, strategies, Map.of(), "sharpe", 2));
    assertTrue(noAxis.getMessage().contains("at least one parameter"), noAxis.getMessage());
    IllegalArgumentException noValue =
        assertThrows(
            IllegalArgumentException.class,
            () -> base.walkForward(folds, strategies, Map.of("fast", List.of()), "sharpe", 2));
    assertTrue(noValue.getMessage().contains("'fast' has no values"), noValue.getMessage());
    IllegalArgumentException noThread =
        assertThrows(
            IllegalArgumentException.class,
            () -> base.walkForward(folds, strategies, AXES, "sharpe", 0));
    assertTrue(noThread.getMessage().contains("at least 1 thread"), noThread.getMessage());
  }

  @Test
  void aStrategyThatPeeksFailsTheWalkForward() {
    EngineException e =
        assertThrows(
            EngineException.class,
            () ->
                Backtest.of("BTC-USD", MINUTES)
                    .walkForward(
                        Folds.parse("train=2d,test=1d"),
                        p -> BarStrategy.of("peek", (bar, history, orders) -> history.close(-1)),
                        Map.of("x", List.of("1")),
                        "total_return"));
    assertTrue(e.getCause() instanceof LookAheadException, String.valueOf(e.getCause()));
  }

  @Test
  void aMetricThatIsNotOneIsRefusedWithTheList() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Backtest.of("BTC-USD", MINUTES)
                    .walkForward(
                        Folds.parse("train=2d,test=1d"),
                        p -> SampleStrategies.create("sma-cross", p),
                        AXES,
                        "profit"));
    assertTrue(e.getMessage().contains("cannot rank by 'profit'"), e.getMessage());
  }
}
