package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.engine.Bar;
import dev.quarry.engine.EngineException;
import dev.quarry.engine.Event;
import dev.quarry.engine.MarketData;
import dev.quarry.engine.StoreReplayConnector;
import dev.quarry.engine.Subscription;
import dev.quarry.engine.TaskContext;
import dev.quarry.samples.SmaCross;
import dev.quarry.samples.TrendFilteredSmaCross;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.StoreException;
import dev.quarry.store.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * A backtest over a store's datasets read a month at a time ({@link Backtest#bars(BarStore,
 * DatasetId, Instant, Instant)}) gives what the same backtest over the tables {@code store.read}
 * returns gives, bit for bit: every bar in the same merged order, the same trades, orders, equity
 * and metrics.
 */
class StreamedBacktestTest {
  private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2024-07-01T00:00:00Z");
  private static final DatasetId A = new DatasetId("test", "15m", "AAA");
  private static final DatasetId B = new DatasetId("test", "15m", "BBB");
  private static final DatasetId C = new DatasetId("test", "1h", "CCC");

  @TempDir static Path root;
  private static BarStore store;

  @BeforeAll
  static void store() {
    store = BarStore.open(root);
    // AAA: four months from mid-January; BBB: from late February with March 5–25 missing;
    // CCC: hourly bars over the whole half year, ending in the middle of a day.
    store.write(
        A,
        walk(Instant.parse("2024-01-10T03:00:00Z"), Duration.ofMinutes(15), 11_000, 1, null),
        WriteOptions.defaults());
    store.write(
        B,
        walk(
            Instant.parse("2024-02-20T00:00:00Z"),
            Duration.ofMinutes(15),
            9_000,
            2,
            new Instant[] {
              Instant.parse("2024-03-05T00:00:00Z"), Instant.parse("2024-03-25T00:00:00Z")
            }),
        WriteOptions.defaults());
    store.write(
        C,
        walk(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 4_357, 3, null),
        WriteOptions.defaults());
  }

  /** A random walk obeying the OHLCV rules, without the bars in {@code [gap[0], gap[1])}. */
  private static Table walk(Instant start, Duration step, int count, long seed, Instant[] gap) {
    Table bars = Bars.empty("walk");
    Random random = new Random(seed);
    double price = 100;
    for (int i = 0; i < count; i++) {
      Instant t = start.plus(step.multipliedBy(i));
      double open = price;
      double close = Math.max(1, open + random.nextGaussian() * 0.3);
      price = close;
      if (gap != null && !t.isBefore(gap[0]) && t.isBefore(gap[1])) {
        continue;
      }
      bars.instantColumn(Bars.TIMESTAMP).append(t);
      bars.doubleColumn(Bars.OPEN).append(open);
      bars.doubleColumn(Bars.HIGH).append(Math.max(open, close) + random.nextDouble() * 0.2);
      bars.doubleColumn(Bars.LOW).append(Math.min(open, close) - random.nextDouble() * 0.2);
      bars.doubleColumn(Bars.CLOSE).append(close);
      bars.doubleColumn(Bars.VOLUME).append(random.nextDouble() * 10);
    }
    return bars;
  }

  /** Records every bar it sees, including the series it subscribes to. */
  private static final class Recorder extends BarStrategy {
    final List<Bar> seen = new ArrayList<>();

    Recorder() {
      super("recorder", 2);
      on("AAA", "2h");
      on("AAA", "7d"); // buckets start on Thursdays, so some span two months
      on("BBB", "1d");
    }

    @Override
    protected void onBar(Bar bar, Orders orders) {
      seen.add(bar);
    }
  }

  private static Backtest streamed(Instant from, Instant to) {
    return Backtest.of(store, A, from, to).bars(store, B, from, to).bars(store, C, from, to);
  }

  private static Backtest inMemory(Instant from, Instant to) {
    return Backtest.of("AAA", store.read(A, from, to), Duration.ofMinutes(15))
        .bars("BBB", store.read(B, from, to), Duration.ofMinutes(15))
        .bars("CCC", store.read(C, from, to), Duration.ofHours(1));
  }

  @Test
  void everyBarArrivesInTheSameOrderAsFromTheTablesWithResampledSeriesAcrossMonths() {
    for (Instant[] range :
        new Instant[][] {
          {FROM, TO},
          {Instant.parse("2024-02-14T10:30:00Z"), Instant.parse("2024-05-02T17:45:00Z")}
        }) {
      Recorder fromStore = new Recorder();
      streamed(range[0], range[1]).strategy(fromStore).run();
      Recorder fromTables = new Recorder();
      inMemory(range[0], range[1]).strategy(fromTables).run();
      assertEquals(fromTables.seen.size(), fromStore.seen.size(), "bars seen");
      assertEquals(fromTables.seen, fromStore.seen, "every bar, its sequence number and its end");
      assertTrue(
          fromStore.seen.stream().anyMatch(b -> b.symbol().equals("AAA@7d")), "weekly bars fed");
    }
  }

  @Test
  void tradesOrdersEquityAndMetricsAreTheTablesRunsBitForBit() {
    BacktestResult s =
        streamed(FROM, TO)
            .strategy(new SmaCross(10, 50))
            .strategy(new TrendFilteredSmaCross(5, 20, 10, "4h"))
            .sizing(Sizing.fractionOfEquity(0.2))
            .feeBps(5)
            .run();
    BacktestResult m =
        inMemory(FROM, TO)
            .strategy(new SmaCross(10, 50))
            .strategy(new TrendFilteredSmaCross(5, 20, 10, "4h"))
            .sizing(Sizing.fractionOfEquity(0.2))
            .feeBps(5)
            .run();
    assertTrue(m.trades().rowCount() > 100, "enough trades to compare: " + m.trades().rowCount());
    assertEquals(TestBars.csv(m.trades()), TestBars.csv(s.trades()), "trades");
    assertEquals(TestBars.csv(m.orders()), TestBars.csv(s.orders()), "orders");
    assertEquals(TestBars.csv(m.equity()), TestBars.csv(s.equity()), "equity");
    assertEquals(m.metrics().asMap(), s.metrics().asMap(), "metrics");
    assertEquals(m.settings(), s.settings(), "settings");
    BacktestResult.Prices mp = m.prices();
    BacktestResult.Prices sp = s.prices();
    assertEquals(mp.symbol(), sp.symbol());
    assertTrue(java.util.Arrays.equals(mp.time(), sp.time()), "the report's price times");
    assertTrue(java.util.Arrays.equals(mp.close(), sp.close()), "the report's closes");
  }

  @Test
  void onThreadsTheStoredRunIsTheSimulatedOne() {
    BacktestResult live =
        streamed(FROM, TO)
            .strategy(new SmaCross(10, 50))
            .sizing(Sizing.fractionOfEquity(0.3))
            .live()
            .run();
    BacktestResult simulated =
        inMemory(FROM, TO)
            .strategy(new SmaCross(10, 50))
            .sizing(Sizing.fractionOfEquity(0.3))
            .run();
    assertEquals(TestBars.csv(simulated.trades()), TestBars.csv(live.trades()), "trades");
    assertEquals(TestBars.csv(simulated.equity()), TestBars.csv(live.equity()), "equity");
    assertEquals("live", live.settings().get("mode"));
  }

  @Test
  void aWalkForwardOverStoredBarsIsTheOneOverTheTables() {
    java.util.Map<String, List<String>> axes =
        java.util.Map.of("fast", List.of("5", "10"), "slow", List.of("30"));
    dev.quarry.stats.Folds folds = dev.quarry.stats.Folds.parse("train=20d,test=10d");
    WalkForwardResult s =
        Backtest.of(store, A, FROM, TO).walkForward(folds, p -> new SmaCross(p), axes, "sharpe");
    WalkForwardResult m =
        Backtest.of("AAA", store.read(A, FROM, TO), Duration.ofMinutes(15))
            .walkForward(folds, p -> new SmaCross(p), axes, "sharpe");
    assertEquals(TestBars.csv(m.folds()), TestBars.csv(s.folds()));
    assertEquals(m.outOfSample().metrics().asMap(), s.outOfSample().metrics().asMap());
  }

  @Test
  void theConnectorResamplesAsBarsResampleDoesOverTheWholeRange() {
    for (String tf : new String[] {"30m", "1h", "3h", "1d", "2d", "7d"}) {
      for (Instant[] range :
          new Instant[][] {
            {FROM, TO},
            {Instant.parse("2024-01-31T22:00:00Z"), Instant.parse("2024-03-01T00:00:00Z")},
            {Instant.parse("2024-02-03T05:00:00Z"), Instant.parse("2024-04-18T13:00:00Z")}
          }) {
        StoreReplayConnector c =
            StoreReplayConnector.resampled(
                "r", "BBB@" + tf, store, B, range[0], range[1], Bars.timeframe(tf), 100);
        Table expected =
            Bars.resample(
                store.read(B, range[0], range[1]), Duration.ofMinutes(15), Bars.timeframe(tf));
        assertEquals(
            TestBars.csv(expected),
            TestBars.csv(replay(c)),
            tf + " over " + range[0] + ".." + range[1]);
      }
    }
  }

  @Test
  void theConnectorReplaysTheRangeInBatchesAndSaysDone() {
    StoreReplayConnector c = StoreReplayConnector.of("a", store, A, FROM, TO, 1000);
    Table replayed = replay(c);
    assertEquals(TestBars.csv(store.read(A, FROM, TO)), TestBars.csv(replayed));
    assertEquals(replayed.rowCount(), c.replayed());
    assertFalse(c.hasBars());
  }

  @Test
  void anEmptyRangeOrAMissingDatasetIsRefusedBeforeTheRun() {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Backtest.of(
                        store,
                        A,
                        Instant.parse("2023-01-01T00:00:00Z"),
                        Instant.parse("2023-06-01T00:00:00Z"))
                    .strategy(new SmaCross(10, 50))
                    .run());
    assertTrue(
        none.getMessage().contains("no bars for AAA in [2023-01-01T00:00:00Z"), none.getMessage());
    assertTrue(none.getMessage().contains("test/15m/AAA"), none.getMessage());
    StoreException missing =
        assertThrows(
            StoreException.class,
            () ->
                Backtest.of(store, new DatasetId("test", "15m", "ZZZ"), FROM, TO)
                    .strategy(new SmaCross(10, 50))
                    .run());
    assertTrue(missing.getMessage().contains("ZZZ"), missing.getMessage());
    IllegalArgumentException backwards =
        assertThrows(IllegalArgumentException.class, () -> Backtest.of(store, A, TO, FROM));
    assertTrue(backwards.getMessage().contains("is not before"), backwards.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Backtest.of(store, A, FROM, TO).bars("AAA", store.read(A), Duration.ofMinutes(15)));
  }

  @Test
  void aMonthCorruptedBeforeTheReplayReachesItStopsTheRunNamingTheConnector(@TempDir Path dir)
      throws IOException {
    BarStore own = BarStore.open(dir);
    own.write(
        A,
        walk(Instant.parse("2024-01-10T03:00:00Z"), Duration.ofMinutes(15), 11_000, 1, null),
        WriteOptions.defaults());
    Path april;
    try (Stream<Path> files = Files.walk(dir)) {
      april =
          files
              .filter(p -> p.toString().contains("month=04") && p.toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(april);
    for (int i = 200; i < 400; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(april, bytes);
    List<Bar> seen = new ArrayList<>();
    BarStrategy recorder =
        new BarStrategy("recorder", 1) {
          @Override
          protected void onBar(Bar bar, Orders orders) {
            seen.add(bar);
          }
        };
    EngineException e =
        assertThrows(
            EngineException.class, () -> Backtest.of(own, A, FROM, TO).strategy(recorder).run());
    assertTrue(e.getMessage().contains("replay AAA"), e.getMessage());
    assertTrue(
        seen.stream()
            .anyMatch(b -> b.time() >= Instant.parse("2024-03-01T00:00:00Z").toEpochMilli()),
        "the months before April were replayed");
  }

  /** Runs a connector alone, collecting its bars. */
  private static Table replay(StoreReplayConnector c) {
    Table out = Bars.empty("replayed");
    List<Event> published = new ArrayList<>();
    TaskContext context =
        new TaskContext() {
          @Override
          public void publish(Event event) {
            published.add(event);
          }

          @Override
          public <E extends Event> Subscription<E> subscribe(Class<E> type) {
            throw new UnsupportedOperationException();
          }

          @Override
          public boolean stopping() {
            return false;
          }
        };
    while (c.execute(context) == dev.quarry.engine.BackgroundTask.Progress.MORE) {
      // each step publishes one batch
    }
    assertTrue(published.get(published.size() - 1) instanceof MarketData.SourceDone);
    for (Event e : published) {
      if (e instanceof MarketData.BarBatch b) {
        for (int i = b.from(); i < b.to(); i++) {
          out.instantColumn(Bars.TIMESTAMP).append(Instant.ofEpochMilli(b.time()[i]));
          out.doubleColumn(Bars.OPEN).append(b.open()[i]);
          out.doubleColumn(Bars.HIGH).append(b.high()[i]);
          out.doubleColumn(Bars.LOW).append(b.low()[i]);
          out.doubleColumn(Bars.CLOSE).append(b.close()[i]);
          out.doubleColumn(Bars.VOLUME).append(b.volume()[i]);
        }
      }
    }
    return out;
  }
}
