package dev.quarry.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.ChannelConfig.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {
  private static Bar bar(long seq) {
    return new Bar(seq, "BTC-USD", seq * 60_000, 1, 2, 0.5, 1.5, 10, (seq + 1) * 60_000);
  }

  private static EventBus bus(int capacity, Overflow overflow) {
    return EventBus.of(
        new ChannelConfig(Bar.class, capacity, "bars", overflow),
        new ChannelConfig(Shutdown.class, 4, "shutdown", Overflow.BLOCK));
  }

  private static ChannelStats stats(EventBus bus, String type) {
    return bus.stats().stream().filter(s -> s.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void everySubscriberGetsEveryEventInOrder() {
    EventBus bus = bus(16, Overflow.BLOCK);
    Subscription<Bar> a = bus.subscribe(Bar.class, "strategy-a");
    Subscription<Bar> b = bus.subscribe(Bar.class, "strategy-b");
    for (long i = 0; i < 10; i++) {
      bus.publish(bar(i));
    }
    for (Subscription<Bar> s : List.of(a, b)) {
      for (long i = 0; i < 10; i++) {
        assertEquals(i, s.poll().seq(), s.subscriber());
      }
      assertNull(s.poll());
    }
    ChannelStats bars = stats(bus, "Bar");
    assertEquals(10, bars.published());
    assertEquals(20, bars.delivered());
    assertEquals(10, bars.maxWaiting());
    assertEquals(2, bars.subscribers());
  }

  @Test
  void aTypeWithoutAChannelIsRefusedNamingTheChannels() {
    EventBus bus = bus(4, Overflow.BLOCK);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.publish(new EndOfData(3)));
    assertTrue(
        e.getMessage().contains("no channel for EndOfData; it has [Bar, Shutdown]"),
        e.getMessage());
  }

  @Test
  void eventsWithoutSubscribersAreCountedAsUnrouted() {
    EventBus bus = bus(4, Overflow.BLOCK);
    bus.publish(new Shutdown("test"));
    assertEquals(1, stats(bus, "Shutdown").unrouted());
  }

  @Test
  void aFullRejectChannelRefusesLoudlyAndKeepsWhatItHas() {
    EventBus bus = bus(3, Overflow.REJECT);
    Subscription<Bar> slow = bus.subscribe(Bar.class, "slow");
    for (long i = 0; i < 3; i++) {
      bus.publish(bar(i));
    }
    BackPressureException e = assertThrows(BackPressureException.class, () -> bus.publish(bar(3)));
    assertTrue(e.getMessage().contains("subscriber 'slow' has 3 events waiting"), e.getMessage());
    assertEquals(1, stats(bus, "Bar").rejected());
    assertEquals(3, slow.waiting());
    assertEquals(0, slow.poll().seq());
  }

  @Test
  void aRejectChannelDeliversToEverySubscriberOrToNoneSoARetryNeverDuplicates() {
    EventBus bus = bus(3, Overflow.REJECT);
    Subscription<Bar> fast = bus.subscribe(Bar.class, "fast");
    Subscription<Bar> slow = bus.subscribe(Bar.class, "slow");
    for (long i = 0; i < 3; i++) {
      bus.publish(bar(i));
    }
    for (long i = 0; i < 3; i++) {
      assertEquals(i, fast.poll().seq()); // fast has room again, slow is full
    }
    BackPressureException e = assertThrows(BackPressureException.class, () -> bus.publish(bar(3)));
    assertTrue(e.getMessage().contains("subscriber 'slow'"), e.getMessage());
    assertNull(fast.poll(), "the refused event reached no subscriber");
    assertEquals(0, slow.poll().seq());
    bus.publish(bar(3)); // the retry, now that slow has room
    assertEquals(3, fast.poll().seq());
    assertNull(fast.poll(), "delivered once");
    assertEquals(
        List.of(1L, 2L, 3L), List.of(slow.poll().seq(), slow.poll().seq(), slow.poll().seq()));
    assertNull(slow.poll());
    assertEquals(1, stats(bus, "Bar").rejected());
  }

  @Test
  void aBlockingChannelMakesTheProducerWaitForASlowConsumerAndLosesNothing() throws Exception {
    EventBus bus = bus(4, Overflow.BLOCK);
    Subscription<Bar> slow = bus.subscribe(Bar.class, "slow");
    int n = 2_000;
    List<Long> received = new ArrayList<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                while (received.size() < n) {
                  Bar b = slow.poll(10, TimeUnit.SECONDS);
                  if (b == null) {
                    return;
                  }
                  received.add(b.seq());
                  if (received.size() % 100 == 0) {
                    Thread.sleep(1); // slower than the producer
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    consumer.start();
    for (long i = 0; i < n; i++) {
      bus.publish(bar(i));
    }
    consumer.join(30_000);
    assertEquals(n, received.size());
    for (int i = 0; i < n; i++) {
      assertEquals(i, received.get(i));
    }
    ChannelStats bars = stats(bus, "Bar");
    assertTrue(bars.blocked() > 0, "the producer never had to wait: " + bars);
    assertEquals(n, bars.delivered());
    assertEquals(4, bars.maxWaiting());
  }

  @Test
  void inSimulatedModeAFullQueueIsDrainedByTheSchedulerOrFailsClearly() {
    EventBus bus = bus(2, Overflow.BLOCK);
    List<Long> handled = new ArrayList<>();
    Subscription<?>[] holder = new Subscription<?>[1];
    bus.simulate(
        full -> {
          Object e = full.poll();
          if (e == null) {
            return false;
          }
          handled.add(((Bar) e).seq());
          return true;
        });
    @SuppressWarnings("unchecked") // the holder keeps the one Bar subscription
    Subscription<Bar> s = (Subscription<Bar>) (holder[0] = bus.subscribe(Bar.class, "sim"));
    for (long i = 0; i < 5; i++) {
      bus.publish(bar(i));
    }
    assertEquals(List.of(0L, 1L, 2L), handled);
    assertEquals(3, s.poll().seq());
    assertEquals(4, s.poll().seq());
    assertEquals(3, stats(bus, "Bar").blocked());

    EventBus stuck = bus(1, Overflow.BLOCK);
    stuck.simulate(full -> false);
    stuck.subscribe(Bar.class, "stuck");
    stuck.publish(bar(0));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> stuck.publish(bar(1)));
    assertTrue(e.getMessage().contains("can deliver nothing more"), e.getMessage());
  }

  @Test
  void channelsAreConfiguredOnceWithARealCapacity() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EventBus.of(
                new ChannelConfig(Bar.class, 4, "a", Overflow.BLOCK),
                new ChannelConfig(Bar.class, 8, "b", Overflow.BLOCK)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ChannelConfig(Bar.class, 0, "bars", Overflow.BLOCK));
    assertTrue(e.getMessage().contains("capacity 0"), e.getMessage());
  }
}
