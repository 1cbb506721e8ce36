package dev.quarry.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.FillTiming;
import dev.quarry.backtest.RunFolder;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.RealBars;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Backtest runs recorded in a real SQLite file, listed, found and read back with their trades. */
class RunHistoryTest {
  @TempDir Path dir;

  private static BacktestResult run(int fast, int slow, FillTiming fill) {
    return Backtest.of("BTC-USD", RealBars.minutes())
        .strategy(new SmaCross(fast, slow))
        .fill(fill)
        .feeBps(10)
        .describe("parameters", "fast=" + fast + ", slow=" + slow)
        .describe("dataset", "bitstamp/1m/BTC-USD")
        .run();
  }

  @Test
  void runsAreRecordedWithTheirTradesAndSurviveReopening() {
    Path db = dir.resolve("quarry.db");
    BacktestResult first = run(10, 50, FillTiming.CLOSE);
    BacktestResult second = run(20, 100, FillTiming.NEXT_OPEN);
    Path folder = RunFolder.write(first, dir.resolve("runs/20260101-000000-sma-cross"));
    try (RunHistory history = RunHistory.open(db)) {
      BacktestRun a = history.record("20260101-000000-sma-cross", folder, first);
      BacktestRun b = history.record("20260101-000001-sma-cross", dir.resolve("b"), second);
      assertEquals(1, a.id());
      assertEquals(2, b.id());
      assertTrue(a.createdAt() != null && !a.createdAt().isAfter(Instant.now()));
    }
    try (RunHistory history = RunHistory.open(db)) {
      List<BacktestRun> all = history.list();
      assertEquals(2, all.size());
      BacktestRun a = all.get(0);
      assertEquals("sma-cross", a.strategy());
      assertEquals("fast=10, slow=50", a.parameters());
      assertEquals("bitstamp/1m/BTC-USD", a.dataset());
      assertEquals("close", a.fill());
      assertEquals(10.0, a.feeBps());
      assertEquals(first.metrics().totalReturn(), a.totalReturn());
      assertEquals(first.metrics().maxDrawdown(), a.maxDrawdown());
      assertEquals(first.metrics().tradeCount(), a.tradeCount());
      assertEquals(first.metrics().buyAndHoldReturn(), a.buyAndHoldReturn());
      assertEquals(first.metrics().excessReturn(), a.excessReturn());
      assertEquals(first.metrics().costs().total(), a.totalCosts());
      assertEquals(first.metrics().start(), a.firstBar());
      assertEquals(folder.toString(), a.folder());
      assertEquals("next-open", all.get(1).fill());

      assertEquals(a, history.find("1").orElseThrow());
      assertEquals(a, history.find("20260101-000000-sma-cross").orElseThrow());
      assertTrue(history.find("99").isEmpty());
      assertTrue(history.find("nope").isEmpty());

      Table trades = first.trades();
      List<RunTrade> recorded = history.tradesOf(1);
      assertEquals(trades.rowCount(), recorded.size());
      for (int i = 0; i < recorded.size(); i++) {
        RunTrade t = recorded.get(i);
        assertEquals(trades.instantColumn("entry_time").get(i), t.entryTime());
        assertEquals(trades.doubleColumn("entry_price").getDouble(i), t.entryPrice());
        assertEquals(trades.doubleColumn("quantity").getDouble(i), t.quantity());
        assertEquals(trades.doubleColumn("pnl").getDouble(i), t.pnl());
        if (trades.instantColumn("exit_time").isMissing(i)) {
          assertNull(t.exitTime());
          assertNull(t.exitPrice());
        } else {
          assertEquals(trades.instantColumn("exit_time").get(i), t.exitTime());
        }
      }
      assertEquals(second.metrics().tradeCount(), history.tradesOf(2).size());

      Table runs = history.runs();
      assertEquals(2, runs.rowCount());
      assertEquals(List.of(1L, 2L), runs.longColumn("run").asList());
      assertEquals(first.metrics().totalReturn(), runs.doubleColumn("total_return").getDouble(0));
    }
  }

  @Test
  void aRunFolderWithoutARecordIsListedAsUnrecordedAndARecordedOneIsNot() throws Exception {
    BacktestResult result =
        Backtest.of("BTC-USD", RealBars.minutes().first(500)).strategy(new SmaCross(5, 20)).run();
    Path runs = dir.resolve("runs");
    Path db = dir.resolve("history.db");
    try (RunHistory history = RunHistory.open(db)) {
      Instant now = Instant.parse("2026-12-05T10:00:00Z");
      Path recorded =
          RunFolder.writeNew(
              result,
              runs,
              "sma-cross",
              now,
              d -> history.record(d.getFileName().toString(), d, result));
      Path stopped = RunFolder.writeNew(result, runs, "sma-cross", now); // killed before recording
      assertEquals(List.of(stopped), history.unrecorded(runs));
      assertTrue(history.find(recorded.getFileName().toString()).isPresent());
      assertEquals(
          history.find(recorded.getFileName().toString()).orElseThrow().tradeCount(),
          history
              .tradesOf(history.find(recorded.getFileName().toString()).orElseThrow().id())
              .size());
    }
  }
}
