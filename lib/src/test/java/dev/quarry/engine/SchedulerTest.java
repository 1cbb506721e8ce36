package dev.quarry.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.ChannelConfig.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  /** Publishes bars 0..n-1, {@code perStep} per step, then EndOfData (n < 0: forever). */
  static final class Replay implements BackgroundTask {
    final List<String> log;
    final long n;
    final int perStep;
    long next;

    Replay(List<String> log, long n, int perStep) {
      this.log = log;
      this.n = n;
      this.perStep = perStep;
    }

    @Override
    public void initialize(TaskContext context) {
      log.add("replay.initialize");
    }

    @Override
    public Progress execute(TaskContext context) {
      for (int i = 0; i < perStep && (n < 0 || next < n); i++, next++) {
        context.publish(
            new Bar(next, "BTC-USD", next * 60_000, 1, 2, 0.5, 1.5, 1, (next + 1) * 60_000));
      }
      if (n >= 0 && next >= n) {
        context.publish(new EndOfData(n));
        return Progress.DONE;
      }
      return Progress.MORE;
    }

    @Override
    public void shutdown(TaskContext context) {
      log.add("replay.shutdown");
    }
  }

  /** Records bars; publishes a Shutdown event for every tenth bar (an event from an event task). */
  static final class Recorder implements EventTask<Bar> {
    final String name;
    final List<String> log;
    final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    final long failAt;
    final long sleepEvery;

    Recorder(String name, List<String> log, long failAt, long sleepEvery) {
      this.name = name;
      this.log = log;
      this.failAt = failAt;
      this.sleepEvery = sleepEvery;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Class<Bar> subscribedEvent() {
      return Bar.class;
    }

    @Override
    public void initialize(TaskContext context) {
      log.add(name + ".initialize");
    }

    @Override
    public void handleEvent(Bar bar, TaskContext context) throws Exception {
      if (bar.seq() == failAt) {
        throw new IllegalStateException("bar " + bar.seq() + " is not welcome");
      }
      if (sleepEvery > 0 && bar.seq() % sleepEvery == 0) {
        Thread.sleep(1);
      }
      seen.add(bar.seq());
      if (log.size() < 200) {
        log.add(name + ".bar " + bar.seq());
      }
      if (bar.seq() % 10 == 0) {
        context.publish(new Shutdown("tick " + bar.seq()));
      }
    }

    @Override
    public void shutdown(TaskContext context) {
      log.add(name + ".shutdown");
    }
  }

  /** Records the events of another event task. */
  static final class Ticks implements EventTask<Shutdown> {
    final List<String> log;
    int count;

    Ticks(List<String> log) {
      this.log = log;
    }

    @Override
    public Class<Shutdown> subscribedEvent() {
      return Shutdown.class;
    }

    @Override
    public void handleEvent(Shutdown event, TaskContext context) {
      count++;
      if (log.size() < 200) {
        log.add("ticks " + event.reason());
      }
    }
  }

  private static EventBus bus(int capacity) {
    return EventBus.of(
        new ChannelConfig(Bar.class, capacity, "bars", Overflow.BLOCK),
        new ChannelConfig(EndOfData.class, 4, "end", Overflow.BLOCK),
        new ChannelConfig(Shutdown.class, capacity, "ticks", Overflow.BLOCK));
  }

  private static List<String> simulate(int perStep) {
    List<String> log = new ArrayList<>();
    Scheduler s = Scheduler.simulated(bus(4));
    s.registerBackgroundTask(new Replay(log, 25, perStep));
    s.registerEventTask(new Recorder("a", log, -1, 0));
    s.registerEventTask(new Recorder("b", log, -1, 0));
    s.registerEventTask(new Ticks(log));
    s.start();
    return log;
  }

  @Test
  void simulatedRunsEverythingOnOneThreadInAFixedOrder() {
    List<String> log = simulate(1);
    assertEquals(
        List.of(
            "replay.initialize",
            "a.initialize",
            "b.initialize",
            "a.bar 0", // a publishes a tick, which the idle ticks task handles at once
            "ticks tick 0",
            "b.bar 0",
            "ticks tick 0",
            "a.bar 1",
            "b.bar 1",
            "a.bar 2"),
        log.subList(0, 10));
    assertEquals(
        List.of("replay.shutdown", "a.shutdown", "b.shutdown"),
        log.subList(log.size() - 3, log.size()));
    assertEquals(log, simulate(1), "the same run twice gives the same sequence of calls");
  }

  @Test
  void simulatedDrainsFullQueuesInsteadOfBlocking() {
    List<String> log = simulate(7); // 7 bars per step into queues of 4
    long bars = log.stream().filter(l -> l.startsWith("a.bar")).count();
    assertEquals(25, bars);
  }

  @Test
  void aFailingTaskStopsTheSimulationNamingItAndEveryTaskStillShutsDown() {
    List<String> log = new ArrayList<>();
    Scheduler s = Scheduler.simulated(bus(4));
    s.registerBackgroundTask(new Replay(log, 100, 1));
    Recorder picky = new Recorder("picky", log, 7, 0);
    s.registerEventTask(picky);
    EngineException e = assertThrows(EngineException.class, s::start);
    assertTrue(e.getMessage().contains("task 'picky' failed in handleEvent"), e.getMessage());
    assertTrue(e.getMessage().contains("bar 7 is not welcome"), e.getMessage());
    assertEquals(7, picky.seen.size());
    assertTrue(log.containsAll(List.of("replay.shutdown", "picky.shutdown")), log.toString());
  }

  @Test
  void liveDeliversEveryEventInOrderToASlowConsumerThroughASmallQueue() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    EventBus bus = bus(8);
    Scheduler s = Scheduler.live(bus);
    s.registerBackgroundTask(new Replay(log, 5_000, 16));
    Recorder slow = new Recorder("slow", log, -1, 250);
    Ticks ticks = new Ticks(log);
    s.registerEventTask(slow);
    s.registerEventTask(ticks);
    s.start();
    assertTrue(s.awaitCompletion(Duration.ofSeconds(60)));
    s.shutdown(Duration.ofSeconds(10));
    assertEquals(5_000, slow.seen.size());
    for (int i = 0; i < 5_000; i++) {
      assertEquals(i, slow.seen.get(i));
    }
    assertEquals(500, ticks.count);
    ChannelStats bars = bus.stats().get(0);
    assertTrue(bars.blocked() > 0, "the replay never waited: " + bars);
    assertEquals(5_000, bars.delivered());
  }

  @Test
  void aFailingLiveTaskStopsTheEngineWithoutHanging() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          List<String> log = Collections.synchronizedList(new ArrayList<>());
          Scheduler s = Scheduler.live(bus(8));
          s.registerBackgroundTask(new Replay(log, -1, 16)); // never ends by itself
          s.registerEventTask(new Recorder("picky", log, 1_000, 0));
          s.start();
          EngineException e =
              assertThrows(EngineException.class, () -> s.awaitCompletion(Duration.ofSeconds(20)));
          assertTrue(e.getMessage().contains("task 'picky' failed in handleEvent"), e.getMessage());
          assertThrows(EngineException.class, () -> s.shutdown(Duration.ofSeconds(10)));
          assertTrue(log.containsAll(List.of("replay.shutdown", "picky.shutdown")), log.toString());
        });
  }

  @Test
  void liveShutdownWhileEventsAreInFlightHandlesEveryDeliveredEvent() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    EventBus bus = bus(64);
    Scheduler s = Scheduler.live(bus);
    s.registerBackgroundTask(new Replay(log, -1, 8)); // an endless feed
    Recorder recorder = new Recorder("recorder", log, -1, 100);
    s.registerEventTask(recorder);
    s.start();
    while (recorder.seen.size() < 500) {
      Thread.sleep(1);
    }
    s.shutdown(Duration.ofSeconds(10));
    ChannelStats bars = bus.stats().get(0);
    assertEquals(bars.published(), recorder.seen.size(), "every published bar was handled");
    assertEquals(bars.published(), bars.delivered());
    assertTrue(log.containsAll(List.of("replay.shutdown", "recorder.shutdown")), log.toString());
  }

  @Test
  void tasksRegisterOnlyBeforeStart() {
    Scheduler s = Scheduler.simulated(bus(4));
    s.registerBackgroundTask(new Replay(new ArrayList<>(), 1, 1));
    s.start();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> s.registerEventTask(new Ticks(new ArrayList<>())));
    assertTrue(e.getMessage().contains("only before start()"), e.getMessage());
  }
}
