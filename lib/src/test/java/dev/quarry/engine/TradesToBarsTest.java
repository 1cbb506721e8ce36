package dev.quarry.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.data.CsvFiles;
import dev.quarry.samples.SampleData;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

class TradesToBarsTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static Table realTrades;

  @TempDir Path dir;

  /** The sample's 100,000 real Bitstamp BTC/USD trades of 2013 (ta4j-examples, test scope). */
  static synchronized Table realTrades() throws Exception {
    if (realTrades == null) {
      URL csv = TradesToBarsTest.class.getClassLoader().getResource(SampleData.TRADES_ENTRY);
      assertTrue(csv != null && "jar".equals(csv.getProtocol()), "sample trades: " + csv);
      String jar = csv.getPath().substring(0, csv.getPath().indexOf("!/"));
      realTrades = SampleData.readTrades(Path.of(new URI(jar)), SampleData.TRADES_ENTRY);
    }
    return realTrades;
  }

  /** Trades of one symbol at these seconds after {@link #T0}, priced 100 + i, amount 1. */
  static Table trades(long... seconds) {
    InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
    DoubleColumn price = DoubleColumn.create(Bars.PRICE);
    DoubleColumn amount = DoubleColumn.create(Bars.AMOUNT);
    for (int i = 0; i < seconds.length; i++) {
      time.append(T0.plusSeconds(seconds[i]));
      price.append(100 + i);
      amount.append(1);
    }
    return Table.create("trades", time, price, amount);
  }

  /** Records every bar, and the count the end of data announces. */
  static final class Recorder implements Strategy<Bar> {
    final List<Bar> bars = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Class<Bar> subscribedEvent() {
      return Bar.class;
    }

    @Override
    public void handleEvent(Bar bar, TaskContext context) {
      bars.add(bar);
    }
  }

  /** Publishes the given trades in one step, then says it is done. */
  static final class Feed implements Connector {
    final String name;
    final List<MarketData.Trade> trades;

    Feed(String name, MarketData.Trade... trades) {
      this.name = name;
      this.trades = List.of(trades);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Progress execute(TaskContext context) {
      trades.forEach(context::publish);
      context.publish(new MarketData.SourceDone(name));
      return Progress.DONE;
    }
  }

  private static List<Bar> run(boolean simulated, MergingAggregator merge, Connector... connectors)
      throws InterruptedException {
    Recorder recorder = new Recorder();
    ReplayAndMergeTest.End end = new ReplayAndMergeTest.End();
    TradingEngineBuilder builder = new TradingEngineBuilder(EventBus.withDefaults());
    if (simulated) {
      builder.simulated();
    }
    for (Connector c : connectors) {
      builder.withConnector(c);
    }
    TradingEngine engine =
        builder.withAggregator(merge).withStrategy(recorder).withExecutor(end).build();
    engine.start();
    assertTrue(engine.awaitCompletion(Duration.ofSeconds(60)), "the engine finished in time");
    engine.shutdown();
    List<Bar> bars = new ArrayList<>(recorder.bars);
    assertEquals(bars.size(), end.bars, "EndOfData counts every bar");
    for (int i = 0; i < bars.size(); i++) {
      assertEquals(i, bars.get(i).seq());
    }
    return bars;
  }

  /** The rows of a bar table as "symbol time open/high/low/close/volume". */
  private static List<String> rows(String symbol, Table bars) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < bars.rowCount(); i++) {
      rows.add(
          row(
              symbol,
              bars.instantColumn(Bars.TIMESTAMP).get(i).toEpochMilli(),
              bars.doubleColumn(Bars.OPEN).get(i),
              bars.doubleColumn(Bars.HIGH).get(i),
              bars.doubleColumn(Bars.LOW).get(i),
              bars.doubleColumn(Bars.CLOSE).get(i),
              bars.doubleColumn(Bars.VOLUME).get(i)));
    }
    return rows;
  }

  private static List<String> rows(List<Bar> bars) {
    List<String> rows = new ArrayList<>();
    for (Bar b : bars) {
      rows.add(row(b.symbol(), b.time(), b.open(), b.high(), b.low(), b.close(), b.volume()));
    }
    return rows;
  }

  private static String row(String s, long t, double o, double h, double l, double c, double v) {
    return s + " " + Instant.ofEpochMilli(t) + " " + o + "/" + h + "/" + l + "/" + c + "/" + v;
  }

  /** "symbol@minute" after {@link #T0}. */
  private static List<String> tape(List<Bar> bars) {
    List<String> tape = new ArrayList<>();
    for (Bar b : bars) {
      tape.add(b.symbol() + "@" + (b.time() - T0.toEpochMilli()) / 60_000);
    }
    return tape;
  }

  @Test
  void liveAndSimulatedEnginesBuildTheBarsBarsFromTradesBuildsFromTheRealTrades() throws Exception {
    Table trades = realTrades();
    for (Duration timeframe : List.of(Duration.ofMinutes(1), Duration.ofMinutes(15))) {
      List<String> expected = rows("BTC-USD", Bars.fromTrades(trades, timeframe));
      MergingAggregator simulatedMerge =
          MergingAggregator.builder().trades("bitstamp", timeframe).build();
      List<Bar> simulated =
          run(true, simulatedMerge, new TradeReplayConnector("bitstamp", "BTC-USD", trades, 1000));
      assertEquals(expected, rows(simulated), "simulated, " + timeframe);
      MergingAggregator liveMerge =
          MergingAggregator.builder().trades("bitstamp", timeframe).build();
      List<Bar> live =
          run(false, liveMerge, new TradeReplayConnector("bitstamp", "BTC-USD", trades, 777));
      assertEquals(expected, rows(live), "live, " + timeframe);
    }
  }

  @Test
  void aTradeSourceAndABarSourceMergeInTimeOrderTiesInDeclarationOrder() throws Exception {
    // btc trades build bars at minutes 0, 1, 2, 4 (none at 3); eth bars at minutes 1, 3, 5.
    Table btc = trades(0, 20, 59, 60, 61, 150, 240, 299);
    Table eth = ReplayAndMergeTest.bars(1, 2, 3, 10);
    List<String> expected =
        List.of(
            "BTC-USD@0",
            "ETH-USD@1",
            "BTC-USD@1",
            "BTC-USD@2",
            "ETH-USD@3",
            "BTC-USD@4",
            "ETH-USD@5");
    for (boolean simulated : new boolean[] {true, false}) {
      MergingAggregator merge =
          MergingAggregator.builder()
              .bars("eth", Duration.ofMinutes(1))
              .trades("btc", Duration.ofMinutes(1))
              .build();
      List<Bar> bars =
          run(
              simulated,
              merge,
              new TradeReplayConnector("btc", "BTC-USD", btc, 1),
              new ReplayConnector("eth", "ETH-USD", eth, 1));
      assertEquals(expected, tape(bars), simulated ? "simulated" : "live");
      // the minute-0 bar of btc: trades at 0, 20 and 59 s, priced 100, 101, 102
      assertEquals(row("BTC-USD", T0.toEpochMilli(), 100, 102, 100, 102, 3), rows(bars).get(0));
      // the last, partial bar of btc is flushed when the connector is done
      assertEquals(
          row("BTC-USD", T0.plusSeconds(240).toEpochMilli(), 106, 107, 106, 107, 2),
          rows(bars).get(5));
    }
  }

  @Test
  void barsWaitForATradeSourcesUnfinishedBarWithoutDeadlock() throws Exception {
    // 5,000 minute bars (more than a channel holds) wait for one day bar still being built.
    Table minutes = ReplayAndMergeTest.bars(0, 1, 5000, 100);
    Table day = trades(0, 3600, 86_399, 86_400);
    for (boolean simulated : new boolean[] {true, false}) {
      MergingAggregator merge =
          MergingAggregator.builder()
              .bars("eth", Duration.ofMinutes(1))
              .trades("btc", Duration.ofDays(1))
              .build();
      List<Bar> bars =
          run(
              simulated,
              merge,
              new ReplayConnector("eth", "ETH-USD", minutes, 1000),
              new TradeReplayConnector("btc", "BTC-USD", day, 1));
      assertEquals(5002, bars.size());
      List<String> tape = tape(bars);
      assertEquals(List.of("ETH-USD@0", "ETH-USD@1", "ETH-USD@2"), tape.subList(0, 3));
      // the day bar closes with the minute bar 1439: delivered right after it (the shorter
      // timeframe first on a tie), before the next minute bar
      assertEquals(List.of("ETH-USD@1439", "BTC-USD@0", "ETH-USD@1440"), tape.subList(1439, 1442));
      assertEquals(List.of("ETH-USD@2879", "BTC-USD@1440"), tape.subList(2880, 2882));
    }
  }

  @Test
  void tradesOutOfTimeOrderStopTheEngineNamingConnectorSymbolAndTime() {
    long t = T0.toEpochMilli();
    MergingAggregator merge =
        MergingAggregator.builder().trades("feed", Duration.ofMinutes(1)).build();
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults())
            .simulated()
            .withConnector(
                new Feed(
                    "feed",
                    new MarketData.Trade("feed", "BTC-USD", t + 5_000, 100, 1),
                    new MarketData.Trade("feed", "BTC-USD", t + 4_000, 100, 1)))
            .withAggregator(merge)
            .withStrategy(new Recorder())
            .withExecutor(new ReplayAndMergeTest.End())
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    assertTrue(
        e.getMessage().contains("task 'MergingAggregator' failed in execute"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "trade of BTC-USD at 2024-01-01T00:00:04Z from connector 'feed': out of time"
                    + " order: it follows a later trade at 2024-01-01T00:00:05Z"),
        e.getMessage());
  }

  @Test
  void aNonFiniteTradeStopsTheEngineNamingConnectorSymbolAndTime() {
    long t = T0.toEpochMilli();
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults())
            .simulated()
            .withConnector(
                new Feed("feed", new MarketData.Trade("feed", "BTC-USD", t, Double.NaN, 1)))
            .withAggregator(
                MergingAggregator.builder().trades("feed", Duration.ofMinutes(1)).build())
            .withStrategy(new Recorder())
            .withExecutor(new ReplayAndMergeTest.End())
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    assertTrue(
        e.getMessage()
            .contains(
                "trade of BTC-USD at 2024-01-01T00:00:00Z from connector 'feed': non-finite"
                    + " price/amount (price NaN, amount 1.0)"),
        e.getMessage());
  }

  @Test
  void tradesFromAConnectorTheAggregatorDoesNotMergeStopTheEngine() {
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults())
            .simulated()
            .withConnector(new TradeReplayConnector("btc", "BTC-USD", trades(0, 70), 10))
            .withConnector(new TradeReplayConnector("stray", "XRP-USD", trades(30), 10))
            .withAggregator(
                MergingAggregator.builder()
                    .trades("btc", Duration.ofMinutes(1))
                    .bars("eth", Duration.ofMinutes(1))
                    .build())
            .withStrategy(new Recorder())
            .withExecutor(new ReplayAndMergeTest.End())
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    assertTrue(
        e.getMessage()
            .contains(
                "trade of XRP-USD at 2024-01-01T00:00:30Z from connector 'stray', which this"
                    + " aggregator does not merge; it merges [btc (trades to PT1M bars), eth"
                    + " (PT1M bars)]"),
        e.getMessage());
  }

  @Test
  void tradesFromASourceDeclaredForBarsStopTheEngine() {
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults())
            .simulated()
            .withConnector(new TradeReplayConnector("btc", "BTC-USD", trades(0, 70), 10))
            .withAggregator(
                MergingAggregator.builder()
                    .bars("btc", Duration.ofMinutes(1))
                    .trades("x", Duration.ofHours(1))
                    .build())
            .withStrategy(new Recorder())
            .withExecutor(new ReplayAndMergeTest.End())
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    assertTrue(
        e.getMessage()
            .contains(
                "trade of BTC-USD at 2024-01-01T00:00:00Z from connector 'btc', which is declared"
                    + " a bar source; declare it with trades(name, timeframe)"),
        e.getMessage());
  }

  @Test
  void aTradeSourceIsDeclaredOnceWithAWholeSecondTimeframe() {
    MergingAggregator.Builder builder =
        MergingAggregator.builder().trades("btc", Duration.ofMinutes(1));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class, () -> builder.bars("btc", Duration.ofMinutes(1)));
    assertEquals("source 'btc' is listed twice", twice.getMessage());
    IllegalArgumentException timeframe =
        assertThrows(
            IllegalArgumentException.class, () -> builder.trades("eth", Duration.ofMillis(500)));
    assertEquals(
        "timeframe must be a positive whole number of seconds, got PT0.5S", timeframe.getMessage());
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> MergingAggregator.builder().build());
    assertEquals("an aggregator needs at least one source", none.getMessage());
  }

  @Test
  void aTradesCsvIsReplayedThroughTheProductsCsvParsing() throws Exception {
    Path csv = dir.resolve("btc-trades.csv");
    Files.writeString(
        csv,
        "timestamp,price,amount\n"
            + "2024-01-01T00:00:05Z,100,1\n"
            + "1704067230,101.5,0.5\n" // epoch seconds: 00:00:30
            + "1704067290000,99,2\n" // epoch milliseconds: 00:01:30
            + "2024-01-01 00:03:00,103,1\n");
    TradeReplayConnector replay = TradeReplayConnector.fromCsv(csv, "BTC-USD");
    assertEquals("btc-trades.csv", replay.name());
    assertEquals(4, replay.size());
    List<Bar> bars =
        run(
            true,
            MergingAggregator.builder().trades(replay.name(), Duration.ofMinutes(1)).build(),
            replay);
    assertEquals(
        rows("BTC-USD", Bars.fromTrades(CsvFiles.readTrades(csv, b -> {}), Duration.ofMinutes(1))),
        rows(bars));
    assertEquals(
        List.of(
            row("BTC-USD", T0.toEpochMilli(), 100, 101.5, 100, 101.5, 1.5),
            row("BTC-USD", T0.plusSeconds(60).toEpochMilli(), 99, 99, 99, 99, 2),
            row("BTC-USD", T0.plusSeconds(180).toEpochMilli(), 103, 103, 103, 103, 1)),
        rows(bars));
  }

  @Test
  void aBadTradesCsvGetsTheParsersErrors() throws IOException {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> TradeReplayConnector.fromCsv(dir.resolve("none.csv"), "BTC-USD"));
    assertEquals("no such file: " + dir.resolve("none.csv"), missing.getMessage());
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "timestamp,price,amount\n2024-01-01T00:00:05Z,100,1\nyesterday,1,1\n");
    IllegalArgumentException malformed =
        assertThrows(IllegalArgumentException.class, () -> TradeReplayConnector.fromCsv(bad, "X"));
    assertTrue(
        malformed.getMessage().startsWith("bad.csv, line 3, column timestamp: cannot read"),
        malformed.getMessage());
    Path unordered = dir.resolve("unordered.csv");
    Files.writeString(
        unordered,
        "timestamp,price,amount\n2024-01-01T00:00:05Z,100,1\n2024-01-01T00:00:04Z,1,1\n");
    IllegalArgumentException order =
        assertThrows(
            IllegalArgumentException.class, () -> TradeReplayConnector.fromCsv(unordered, "X"));
    assertEquals(
        "trades of X are not in time order at row 1 (2024-01-01T00:00:04Z after"
            + " 2024-01-01T00:00:05Z)",
        order.getMessage());
  }
}
