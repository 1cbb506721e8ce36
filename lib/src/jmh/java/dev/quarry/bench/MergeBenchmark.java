package dev.quarry.bench;

import dev.quarry.engine.Bar;
import dev.quarry.engine.ChannelConfig;
import dev.quarry.engine.EventBus;
import dev.quarry.engine.Executor;
import dev.quarry.engine.MergingAggregator;
import dev.quarry.engine.ReplayConnector;
import dev.quarry.engine.Signal;
import dev.quarry.engine.Strategy;
import dev.quarry.engine.TaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

/**
 * Issue 17, many sources: a universe of {@code sources} symbols of one-minute bars, {@value #TOTAL}
 * bars in all, merged by the {@link MergingAggregator} in the simulated engine and counted by a
 * strategy that does nothing else (its executor ignores the signals it never gets). Every symbol's
 * bars share their times, so every close is a tie broken by declaration order. Scores are merged
 * bars per second; set-up checks that every bar came once, in order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(MergeBenchmark.TOTAL)
@Fork(1)
@Warmup(iterations = 4, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class MergeBenchmark {
  static final int TOTAL = 1_000_000;

  @Param({"1", "10", "100"})
  public int sources;

  private final List<Table> tables = new ArrayList<>();

  @Setup
  public void setUp() {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < sources; i++) {
      tables.add(MinuteBars.walk("s" + i, start, TOTAL / sources, 42 + i));
    }
    Checks.count(TOTAL, merge(), "bars merged");
  }

  @Benchmark
  public long merge() {
    // The batch channel holds a batch per source: the connectors step before the aggregator.
    EventBus bus =
        EventBus.of(
            channel(dev.quarry.engine.MarketData.RawBar.class, 64),
            channel(dev.quarry.engine.MarketData.BarBatch.class, Math.max(64, 2 * sources)),
            channel(dev.quarry.engine.MarketData.SourceDone.class, Math.max(64, 2 * sources)),
            channel(Bar.class, 4096),
            channel(dev.quarry.engine.EndOfData.class, 64),
            channel(Signal.class, 64));
    dev.quarry.engine.TradingEngineBuilder builder =
        new dev.quarry.engine.TradingEngineBuilder(bus).simulated();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < sources; i++) {
      ReplayConnector c = new ReplayConnector("replay " + i, "S" + i, tables.get(i), 1024);
      names.add(c.name());
      builder.withConnector(c);
    }
    Counter counter = new Counter();
    builder
        .withAggregator(new MergingAggregator(Duration.ofMinutes(1), names))
        .withStrategy(counter)
        .withExecutor(new Ignore())
        .build()
        .start();
    return counter.next;
  }

  private static ChannelConfig channel(Class<? extends dev.quarry.engine.Event> type, int size) {
    return new ChannelConfig(type, size, type.getSimpleName(), ChannelConfig.Overflow.BLOCK);
  }

  /** Counts the bars, checking that they come once each, in order. */
  static final class Counter implements Strategy<Bar> {
    long next;

    @Override
    public Class<Bar> subscribedEvent() {
      return Bar.class;
    }

    @Override
    public void handleEvent(Bar bar, TaskContext context) {
      if (bar.seq() != next++) {
        throw new IllegalStateException("bar #" + bar.seq() + " came as #" + (next - 1));
      }
    }
  }

  /** An executor for the engine's checks; it gets no signal. */
  static final class Ignore implements Executor<Signal> {
    @Override
    public Class<Signal> subscribedEvent() {
      return Signal.class;
    }

    @Override
    public void handleEvent(Signal signal, TaskContext context) {}
  }
}
