package dev.quarry.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Typed publish/subscribe between the engine's tasks: one bounded channel per event type, and
 * broadcast — every subscriber of a type receives every event of that type, in publication order,
 * through its own queue of the channel's capacity.
 *
 * <p>Back-pressure is explicit: when a subscriber's queue is full, a publish on a {@code BLOCK}
 * channel waits (counted as blocked, with the time waited) and one on a {@code REJECT} channel
 * throws {@link BackPressureException} (counted as rejected). No event is ever dropped silently;
 * events published while a channel has no subscriber are counted as unrouted.
 *
 * <pre>{@code
 * EventBus bus = EventBus.of(
 *     new ChannelConfig(Bar.class, 1000, "market data", Overflow.BLOCK),
 *     new ChannelConfig(Shutdown.class, 10, "shutdown", Overflow.BLOCK));
 * }</pre>
 *
 * <p>In the simulated mode everything runs on one thread, so a publish cannot wait for another
 * thread to make room: the scheduler registers a drain that delivers waiting events to their tasks,
 * and a full queue calls it before giving up with a clear error.
 */
public final class EventBus {
  private final Map<Class<? extends Event>, Channel> channels = new LinkedHashMap<>();

  /**
   * The channels again, for the publish path: an open-addressing table on the types' identity
   * hashes, a power of two at least four times the channel count (one probe, as a rule).
   */
  private final Class<?>[] slotType;

  private final Channel[] slotChannel;

  private boolean simulated;
  private final LongAdder offered = new LongAdder();
  private long offeredSimulated;
  private Predicate<Subscription<?>> drain = full -> false;

  /**
   * Simulated: a subscriber's task, which handles an event at once if it can take it now ({@link
   * Subscription}'s {@code handler}).
   */
  interface Direct {
    /** True if the task handled the event (so it is not queued). */
    boolean deliverNow(Event event);
  }

  private EventBus(List<ChannelConfig> configs) {
    for (ChannelConfig config : configs) {
      if (channels.put(config.type(), new Channel(config)) != null) {
        throw new IllegalArgumentException(
            "two channels for " + config.type().getSimpleName() + "; configure each type once");
      }
    }
    int size = Integer.highestOneBit(Math.max(4, channels.size() * 4) - 1) << 1;
    slotType = new Class<?>[size];
    slotChannel = new Channel[size];
    for (Channel c : channels.values()) {
      int i = System.identityHashCode(c.config.type()) & (size - 1);
      while (slotType[i] != null) {
        i = (i + 1) & (size - 1);
      }
      slotType[i] = c.config.type();
      slotChannel[i] = c;
    }
  }

  /**
   * A bus with these channels.
   *
   * @param configs one per event type
   * @return the bus
   * @throws IllegalArgumentException if a type has two channels
   */
  public static EventBus of(ChannelConfig... configs) {
    return new EventBus(List.of(configs));
  }

  /**
   * A bus with a blocking channel for every event type: 4,096 for raw bars, trades, bars and
   * signals, 1,024 for orders and fills, 64 for the others.
   *
   * @return the bus
   */
  public static EventBus withDefaults() {
    return withDefaults(4096);
  }

  /**
   * A bus with a blocking channel for every event type: {@code marketCapacity} for raw bars,
   * trades, bars and signals, 1,024 for orders and fills, 64 for the others.
   *
   * @param marketCapacity capacity of the busy channels, at least 1
   * @return the bus
   */
  public static EventBus withDefaults(int marketCapacity) {
    return withDefaults(marketCapacity, 16);
  }

  /**
   * A bus as {@link #withDefaults(int)}, sized for {@code connectors} connectors: a simulated
   * engine whose connectors each publish a bar batch per step and a done mark at the end needs room
   * for one of each per connector before the aggregator runs, so the bar-batch channel holds four
   * per connector and the done channel one (at least 64 each).
   *
   * @param marketCapacity capacity of the busy channels, at least 1
   * @param connectors how many connectors publish, at least 0
   * @return the bus
   */
  public static EventBus withDefaults(int marketCapacity, int connectors) {
    ChannelConfig.Overflow block = ChannelConfig.Overflow.BLOCK;
    int busy = marketCapacity;
    int batches = Math.max(64, 4 * connectors);
    int done = Math.max(64, connectors);
    return of(
        new ChannelConfig(MarketData.RawBar.class, busy, "raw bars from connectors", block),
        new ChannelConfig(MarketData.BarBatch.class, batches, "batches of raw bars", block),
        new ChannelConfig(MarketData.Trade.class, busy, "raw trades from connectors", block),
        new ChannelConfig(MarketData.SourceDone.class, done, "connectors that are done", block),
        new ChannelConfig(Bar.class, busy, "bars from the aggregator", block),
        new ChannelConfig(EndOfData.class, 64, "end of the data", block),
        new ChannelConfig(Signal.class, busy, "strategies' decisions per bar", block),
        new ChannelConfig(Order.class, 1024, "orders settled by executors", block),
        new ChannelConfig(Fill.class, 1024, "fills", block),
        new ChannelConfig(Shutdown.class, 64, "engine shutdown", block));
  }

  /**
   * Switches to single-threaded mailboxes and plain counters; before any subscription. {@code
   * drainOnce} is asked to take one event out of a full subscription, and says whether it did; a
   * subscription's {@code handler}, if set, is offered each event first while its queue is empty.
   */
  synchronized void simulate(Predicate<Subscription<?>> drainOnce) {
    for (Channel channel : channels.values()) {
      if (channel.subscriptions.length > 0) {
        throw new IllegalStateException("the bus already has subscribers; switch modes first");
      }
    }
    simulated = true;
    drain = Objects.requireNonNull(drainOnce, "drainOnce");
  }

  /**
   * Subscribes to a type.
   *
   * @param type the event type
   * @param subscriber who subscribes, for statistics and errors
   * @param <E> the event type
   * @return the subscription
   * @throws IllegalArgumentException naming the configured channels if the type has none
   */
  public synchronized <E extends Event> Subscription<E> subscribe(
      Class<E> type, String subscriber) {
    Channel channel = channel(type);
    int capacity = channel.config.capacity();
    Subscription<E> s =
        new Subscription<>(
            type, subscriber, simulated ? Mailbox.simulated(capacity) : Mailbox.live(capacity));
    List<Subscription<?>> more = new ArrayList<>(List.of(channel.subscriptions));
    more.add(s);
    channel.subscriptions = more.toArray(Subscription<?>[]::new);
    return s;
  }

  /**
   * Publishes an event to every subscriber of its type.
   *
   * @param event the event
   * @throws IllegalArgumentException if its type has no channel
   * @throws BackPressureException if a subscriber of a {@code REJECT} channel is full
   * @throws IllegalStateException in simulated mode, if a queue stays full after draining
   */
  public void publish(Event event) {
    Channel channel = channel(event.getClass());
    Subscription<?>[] subscriptions = channel.subscriptions;
    if (simulated && subscriptions.length == 1) {
      // The common case, kept small enough to compile into the publisher: one subscriber, idle.
      Subscription<?> s = subscriptions[0];
      Mailbox mailbox = s.mailbox;
      if (mailbox.size == 0 && s.handler != null && s.handler.deliverNow(event)) {
        channel.publishedSimulated++;
        offeredSimulated++;
        mailbox.passedThrough();
        return;
      }
    }
    if (channel.config.overflow() == ChannelConfig.Overflow.REJECT && subscriptions.length > 1) {
      publishAllOrNothing(channel, subscriptions, event);
      return;
    }
    if (simulated) {
      publishSimulated(channel, subscriptions, event);
      return;
    }
    {
      channel.published.increment();
      if (subscriptions.length == 0) {
        channel.unrouted.increment();
      }
    }
    for (Subscription<?> s : subscriptions) {
      if (!s.mailbox.offer(event)) {
        full(channel, s, event);
      }
      if (simulated) {
        offeredSimulated++;
      } else {
        offered.increment();
      }
    }
  }

  /**
   * One thread: plain counters, no atomic instruction per event; an event task that is idle and has
   * nothing waiting handles the event at once (its queue would hand it over next anyway), so events
   * do not go through queues in the common case. Each subscriber still gets its events in
   * publication order.
   */
  private void publishSimulated(Channel channel, Subscription<?>[] subscriptions, Event event) {
    channel.publishedSimulated++;
    if (subscriptions.length == 0) {
      channel.unroutedSimulated++;
    }
    for (Subscription<?> s : subscriptions) {
      offeredSimulated++;
      Mailbox mailbox = s.mailbox;
      if (mailbox.size == 0 && s.handler != null && s.handler.deliverNow(event)) {
        mailbox.passedThrough();
      } else if (!mailbox.offer(event)) {
        full(channel, s, event);
      }
    }
  }

  /**
   * A {@code REJECT} channel with several subscribers delivers to all of them or to none, so a
   * publisher that retries after a {@link BackPressureException} never duplicates an event. Room is
   * checked in every subscriber first, under the channel's lock: only publishers of this channel
   * add to its subscribers' queues and they take that lock, while consumers only make room, so the
   * offers that follow cannot fail.
   */
  private void publishAllOrNothing(Channel channel, Subscription<?>[] subscriptions, Event event) {
    synchronized (channel) {
      for (Subscription<?> s : subscriptions) {
        if (s.mailbox.size() == s.mailbox.ring.length) {
          full(channel, s, event); // throws: nobody has the event yet
        }
      }
      if (simulated) {
        publishSimulated(channel, subscriptions, event);
        return;
      }
      channel.published.increment();
      for (Subscription<?> s : subscriptions) {
        if (!s.mailbox.offer(event)) {
          throw new IllegalStateException(
              "channel '"
                  + channel.config.description()
                  + "': subscriber '"
                  + s.subscriber()
                  + "' had room and then did not; only this channel's publishers add to it");
        }
        offered.increment();
      }
    }
  }

  /** Events delivered to subscribers so far, over all channels. */
  long offered() {
    return offered.sum() + offeredSimulated;
  }

  private void full(Channel channel, Subscription<?> s, Event event) {
    if (channel.config.overflow() == ChannelConfig.Overflow.REJECT) {
      channel.rejected.increment();
      throw new BackPressureException(
          "channel '"
              + channel.config.description()
              + "' ("
              + channel.config.type().getSimpleName()
              + "): subscriber '"
              + s.subscriber()
              + "' has "
              + channel.config.capacity()
              + " events waiting; slow down the publisher, speed up the subscriber or raise the"
              + " capacity");
    }
    channel.blocked.increment();
    long start = System.nanoTime();
    try {
      if (simulated) {
        while (!s.mailbox.offer(event)) {
          if (!drain.test(s)) {
            throw new IllegalStateException(
                "channel '"
                    + channel.config.description()
                    + "' is full for subscriber '"
                    + s.subscriber()
                    + "' and the simulated scheduler can deliver nothing more; raise its capacity");
          }
        }
      } else {
        s.mailbox.put(event);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for room in channel '" + channel.config.description() + "'",
          e);
    } finally {
      channel.blockedNanos.addAndGet(System.nanoTime() - start);
    }
  }

  /**
   * Whether a type has a channel.
   *
   * @param type the event type
   * @return true if it has one
   */
  public boolean hasChannel(Class<? extends Event> type) {
    return channels.containsKey(type);
  }

  /**
   * Statistics of every channel, in configuration order.
   *
   * @return one row per channel
   */
  public synchronized List<ChannelStats> stats() {
    List<ChannelStats> rows = new ArrayList<>();
    for (Channel c : channels.values()) {
      long delivered = 0;
      int maxWaiting = 0;
      for (Subscription<?> s : c.subscriptions) {
        long[] counts = s.mailbox.counts();
        delivered += counts[0];
        maxWaiting = Math.max(maxWaiting, (int) counts[1]);
      }
      rows.add(
          new ChannelStats(
              c.config.description(),
              c.config.type().getSimpleName(),
              c.config.capacity(),
              c.subscriptions.length,
              c.published.sum() + c.publishedSimulated,
              delivered,
              c.blocked.sum(),
              c.blockedNanos.get(),
              c.rejected.sum(),
              c.unrouted.sum() + c.unroutedSimulated,
              maxWaiting));
    }
    return rows;
  }

  private Channel channel(Class<?> type) {
    Class<?>[] types = slotType;
    int mask = types.length - 1;
    for (int i = System.identityHashCode(type) & mask; types[i] != null; i = (i + 1) & mask) {
      if (types[i] == type) {
        return slotChannel[i];
      }
    }
    List<String> known = new ArrayList<>();
    channels.keySet().forEach(k -> known.add(k.getSimpleName()));
    throw new IllegalArgumentException(
        "the event bus has no channel for "
            + type.getSimpleName()
            + "; it has "
            + known
            + ". Add a ChannelConfig for it");
  }

  private static final class Channel {
    final ChannelConfig config;
    volatile Subscription<?>[] subscriptions = new Subscription<?>[0];
    final LongAdder published = new LongAdder();
    final LongAdder blocked = new LongAdder();
    final AtomicLong blockedNanos = new AtomicLong();
    final LongAdder rejected = new LongAdder();
    final LongAdder unrouted = new LongAdder();
    long publishedSimulated;
    long unroutedSimulated;

    Channel(ChannelConfig config) {
      this.config = config;
    }
  }
}
