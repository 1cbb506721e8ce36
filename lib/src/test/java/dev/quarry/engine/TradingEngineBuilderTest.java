package dev.quarry.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradingEngineBuilderTest {
  /** Publishes raw bars 0..n-1, one per step, then SourceDone. */
  static final class Feed implements Connector {
    private final String name;
    private final int n;
    private int next;

    Feed(String name, int n) {
      this.name = name;
      this.n = n;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Progress execute(TaskContext context) {
      if (next < n) {
        context.publish(new MarketData.RawBar(name, "BTC-USD", next * 60_000L, 1, 2, 0.5, 1.5, 1));
        next++;
        return Progress.MORE;
      }
      context.publish(new MarketData.SourceDone(name));
      return Progress.DONE;
    }
  }

  /** Forwards raw bars as bars, numbering them; done when its one source is. */
  static final class PassThrough implements Aggregator {
    private Subscription<MarketData.RawBar> raw;
    private Subscription<MarketData.SourceDone> done;
    private final String name;
    private long seq;

    PassThrough(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void initialize(TaskContext context) {
      raw = context.subscribe(MarketData.RawBar.class);
      done = context.subscribe(MarketData.SourceDone.class);
    }

    @Override
    public Progress execute(TaskContext context) throws InterruptedException {
      MarketData.RawBar r = raw.poll(1, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (r != null) {
        context.publish(
            new Bar(
                seq++,
                r.symbol(),
                r.time(),
                r.open(),
                r.high(),
                r.low(),
                r.close(),
                r.volume(),
                r.time() + 60_000));
        return Progress.MORE;
      }
      if (done.poll() != null) {
        context.publish(new EndOfData(seq));
        return Progress.DONE;
      }
      return Progress.MORE;
    }
  }

  static final class Watcher implements Strategy<Bar> {
    final List<Long> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Class<Bar> subscribedEvent() {
      return Bar.class;
    }

    @Override
    public void handleEvent(Bar event, TaskContext context) {
      seen.add(event.seq());
    }
  }

  static final class Closer implements Executor<EndOfData> {
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

  @Test
  void buildListsEveryMissingOrExtraComponentAtOnce() {
    EngineException e =
        assertThrows(
            EngineException.class,
            () ->
                new TradingEngineBuilder(EventBus.withDefaults())
                    .withAggregator(new PassThrough("a"))
                    .withAggregator(new PassThrough("b"))
                    .build());
    String m = e.getMessage();
    assertTrue(m.contains("missing component: no Connector"), m);
    assertTrue(
        m.contains("duplicate component: 2 Aggregators (a, b); an engine has exactly one"), m);
    assertTrue(m.contains("missing component: no Strategy"), m);
    assertTrue(m.contains("missing component: no Executor"), m);
  }

  @Test
  void buildRefusesSameNamesAndTypesWithoutAChannel() {
    EventBus bus =
        EventBus.of(new ChannelConfig(Bar.class, 8, "bars", ChannelConfig.Overflow.BLOCK));
    EngineException e =
        assertThrows(
            EngineException.class,
            () ->
                new TradingEngineBuilder(bus)
                    .withConnector(new Feed("same", 1))
                    .withAggregator(new PassThrough("same"))
                    .withStrategy(new Watcher())
                    .withExecutor(new Closer())
                    .build());
    assertTrue(e.getMessage().contains("two tasks are named 'same'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("task 'Closer' subscribes to EndOfData, which has no channel"),
        e.getMessage());
  }

  private static List<Long> run(boolean simulated) throws InterruptedException {
    EventBus bus = EventBus.withDefaults();
    PassThrough aggregator = new PassThrough("merge");
    Watcher watcher = new Watcher();
    Closer closer = new Closer();
    TradingEngineBuilder builder = new TradingEngineBuilder(bus);
    if (simulated) {
      builder.simulated();
    }
    TradingEngine engine =
        builder
            .withConnector(new Feed("feed", 300))
            .withAggregator(aggregator)
            .withStrategy(watcher)
            .withExecutor(closer)
            .build();
    engine.start();
    assertTrue(engine.awaitCompletion(Duration.ofSeconds(30)));
    engine.shutdown();
    assertEquals(300, closer.bars);
    return new ArrayList<>(watcher.seen);
  }

  @Test
  void theSameComponentsRunLiveAndSimulatedWithTheSameResult() throws InterruptedException {
    List<Long> simulated = run(true);
    assertEquals(300, simulated.size());
    assertEquals(simulated, run(false));
  }
}
