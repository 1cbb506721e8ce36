package dev.quarry.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ReplayAndMergeTest {
  @TempDir Path dir;

  /** Bars every {@code stepMinutes} from {@code startMinute} (minutes after 2024-01-01). */
  static Table bars(int startMinute, int stepMinutes, int n, double base) {
    Table t = Bars.empty("bars");
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      double p = base + i;
      t.instantColumn(Bars.TIMESTAMP)
          .append(start.plusSeconds(60L * (startMinute + i * stepMinutes)));
      t.doubleColumn(Bars.OPEN).append(p);
      t.doubleColumn(Bars.HIGH).append(p + 1);
      t.doubleColumn(Bars.LOW).append(p - 1);
      t.doubleColumn(Bars.CLOSE).append(p + 0.5);
      t.doubleColumn(Bars.VOLUME).append(1);
    }
    return t;
  }

  /** Records every bar as "symbol@minute#seq". */
  static final class Tape implements Strategy<Bar> {
    final List<String> bars = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Class<Bar> subscribedEvent() {
      return Bar.class;
    }

    @Override
    public void handleEvent(Bar bar, TaskContext context) {
      bars.add(bar.symbol() + "@" + (bar.time() - 1_704_067_200_000L) / 60_000 + "#" + bar.seq());
    }
  }

  static final class End implements Executor<EndOfData> {
    long bars = -1;

    @Override
    public Class<EndOfData> subscribedEvent() {
      return EndOfData.class;
    }

    @Override
    public void handleEvent(EndOfData event, TaskContext context) {
      bars = event.bars();
    }
  }

  private static List<String> run(boolean simulated, int perStep) throws InterruptedException {
    Tape tape = new Tape();
    End end = new End();
    TradingEngineBuilder builder = new TradingEngineBuilder(EventBus.withDefaults());
    if (simulated) {
      builder.simulated();
    }
    TradingEngine engine =
        builder
            .withConnector(new ReplayConnector("btc", "BTC-USD", bars(0, 2, 50, 100), perStep))
            .withConnector(new ReplayConnector("eth", "ETH-USD", bars(1, 3, 40, 10), perStep))
            .withAggregator(new MergingAggregator(Duration.ofMinutes(1), List.of("btc", "eth")))
            .withStrategy(tape)
            .withExecutor(end)
            .build();
    engine.start();
    assertTrue(engine.awaitCompletion(Duration.ofSeconds(30)));
    engine.shutdown();
    assertEquals(90, end.bars);
    return new ArrayList<>(tape.bars);
  }

  @Test
  void barsOfSeveralConnectorsComeOutInTimeOrderTiesInConnectorOrder() throws Exception {
    List<String> tape = run(true, 7);
    assertEquals(90, tape.size());
    // btc at minutes 0, 2, 4, ...; eth at 1, 4, 7, ...: minute 4 has both, btc first.
    assertEquals(
        List.of("BTC-USD@0#0", "ETH-USD@1#1", "BTC-USD@2#2", "BTC-USD@4#3", "ETH-USD@4#4"),
        tape.subList(0, 5));
    for (int i = 1; i < tape.size(); i++) {
      int previous = Integer.parseInt(tape.get(i - 1).replaceAll(".*@(\\d+)#.*", "$1"));
      int current = Integer.parseInt(tape.get(i).replaceAll(".*@(\\d+)#.*", "$1"));
      assertTrue(previous <= current, tape.get(i - 1) + " before " + tape.get(i));
    }
    assertEquals(tape, run(true, 1), "the step size changes nothing");
    assertEquals(tape, run(false, 5), "live gives the same stream");
  }

  @Test
  void aBadBarStopsTheEngineNamingConnectorSymbolAndTime() {
    Table broken = bars(0, 1, 10, 100);
    broken.doubleColumn(Bars.HIGH).set(4, 50.0);
    Tape tape = new Tape();
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults())
            .simulated()
            .withConnector(new ReplayConnector("btc", "BTC-USD", broken, 3))
            .withAggregator(new MergingAggregator(Duration.ofMinutes(1), List.of("btc")))
            .withStrategy(tape)
            .withExecutor(new End())
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    // The bad bar is the second of the second batch: the bars before it went out, it did not.
    assertEquals(List.of("BTC-USD@0#0", "BTC-USD@1#1", "BTC-USD@2#2", "BTC-USD@3#3"), tape.bars);
    assertTrue(
        e.getMessage().contains("task 'MergingAggregator' failed in execute"), e.getMessage());
    assertTrue(
        e.getMessage().contains("bar of BTC-USD at 2024-01-01T00:04:00Z from connector 'btc'"),
        e.getMessage());
  }

  @Test
  void aReplayNeedsBarsInTimeOrder() {
    Table t = bars(0, 1, 3, 100);
    Table swapped = t.inRange(1, 2).append(t.inRange(0, 1)).append(t.inRange(2, 3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ReplayConnector("x", "X", swapped, 1));
    assertTrue(
        e.getMessage().contains("not in strictly increasing time order at row 1"), e.getMessage());
  }

  @Test
  void aReplayReadsARangeOfTheStore() throws Exception {
    BarStore store = BarStore.open(dir.resolve("store"));
    DatasetId id = new DatasetId("test", "1m", "BTC-USD");
    store.write(id, bars(0, 1, 120, 100), WriteOptions.defaults());
    ReplayConnector replay =
        ReplayConnector.fromStore(
            store,
            id,
            Instant.parse("2024-01-01T00:30:00Z"),
            Instant.parse("2024-01-01T01:00:00Z"));
    assertEquals(30, replay.size());
    assertEquals("test/1m/BTC-USD", replay.name());
  }

  @Test
  void aBarClosingTooFarFrom1970ForTheMergeToOrderIsRefusedNamingItsConnector() {
    // Two sources of one timeframe: a bar's place is packed in a long as (end × 1 + 0) × 2 + rank.
    long far = Long.MAX_VALUE / 2;
    Connector odd =
        new Connector() {
          private boolean sent;

          @Override
          public String name() {
            return "odd";
          }

          @Override
          public Progress execute(TaskContext context) {
            if (!sent) {
              sent = true;
              context.publish(new MarketData.RawBar("odd", "ODD", far, 1, 1, 1, 1, 1));
              return Progress.MORE;
            }
            context.publish(new MarketData.SourceDone("odd"));
            return Progress.DONE;
          }
        };
    TradingEngine engine =
        new TradingEngineBuilder(EventBus.withDefaults())
            .simulated()
            .withConnector(new ReplayConnector("btc", "BTC-USD", bars(0, 1, 10, 100), 4))
            .withConnector(odd)
            .withAggregator(new MergingAggregator(Duration.ofMinutes(1), List.of("btc", "odd")))
            .withStrategy(new Tape())
            .withExecutor(new End())
            .build();
    EngineException e = assertThrows(EngineException.class, engine::start);
    assertTrue(
        e.getMessage().contains("a bar from connector 'odd' closes at " + (far + 60_000)),
        e.getMessage());
    assertTrue(e.getMessage().contains("too far from it to merge 2 sources"), e.getMessage());
  }

  /** Publishes its bars one {@link MarketData.RawBar} at a time, as a hand-written feed might. */
  static final class OneByOne implements Connector {
    private final String name;
    private final String symbol;
    private final Table bars;
    private int next;

    OneByOne(String name, String symbol, Table bars) {
      this.name = name;
      this.symbol = symbol;
      this.bars = bars;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Progress execute(TaskContext context) {
      if (next == bars.rowCount()) {
        context.publish(new MarketData.SourceDone(name));
        return Progress.DONE;
      }
      int i = next++;
      context.publish(
          new MarketData.RawBar(
              name,
              symbol,
              bars.instantColumn(Bars.TIMESTAMP).get(i).toEpochMilli(),
              bars.doubleColumn(Bars.OPEN).getDouble(i),
              bars.doubleColumn(Bars.HIGH).getDouble(i),
              bars.doubleColumn(Bars.LOW).getDouble(i),
              bars.doubleColumn(Bars.CLOSE).getDouble(i),
              bars.doubleColumn(Bars.VOLUME).getDouble(i)));
      return Progress.MORE;
    }
  }

  @Test
  void batchesAndSingleRawBarsMergeInExactTimeOrderAcrossManyConnectors() throws Exception {
    for (boolean simulated : new boolean[] {true, false}) {
      Tape tape = new Tape();
      End end = new End();
      TradingEngineBuilder builder = new TradingEngineBuilder(EventBus.withDefaults());
      if (simulated) {
        builder.simulated();
      }
      List<String> names = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        // 8 batch connectors x 10,000 bars, interleaved minute by minute, 1,024 bars per step
        ReplayConnector r = new ReplayConnector("r" + c, "S" + c, bars(c, 9, 10_000, c), 1024);
        names.add(r.name());
        builder.withConnector(r);
      }
      builder.withConnector(new OneByOne("single", "ONE", bars(8, 9, 500, 50)));
      names.add("single");
      TradingEngine engine =
          builder
              .withAggregator(new MergingAggregator(Duration.ofMinutes(1), names))
              .withStrategy(tape)
              .withExecutor(end)
              .build();
      engine.start();
      assertTrue(engine.awaitCompletion(java.time.Duration.ofMinutes(2)));
      engine.shutdown();
      assertEquals(80_500, tape.bars.size(), simulated ? "simulated" : "live");
      assertEquals(80_500, end.bars);
      long previous = -1;
      for (int k = 0; k < tape.bars.size(); k++) {
        String b = tape.bars.get(k);
        long minute = Long.parseLong(b.substring(b.indexOf('@') + 1, b.indexOf('#')));
        assertTrue(minute > previous, "time order at " + k + ": " + b);
        assertTrue(b.endsWith("#" + k), "sequence at " + k + ": " + b);
        previous = minute;
      }
      assertTrue(tape.bars.contains("ONE@8#8"), "the single-bar connector's first bar is merged");
    }
  }
}
