package dev.quarry.engine;

import java.util.concurrent.TimeUnit;

/**
 * One subscriber's view of a channel: every event published on the channel after the subscription
 * is delivered to it, in publication order (broadcast: each subscriber gets its own copy of the
 * stream).
 *
 * @param <E> the event type
 */
public final class Subscription<E extends Event> {
  private final Class<E> type;
  private final String subscriber;
  final Mailbox mailbox;

  /** The scheduler's handle on the subscribing task, for simulated direct delivery; or null. */
  EventBus.Direct handler;

  Subscription(Class<E> type, String subscriber, Mailbox mailbox) {
    this.type = type;
    this.subscriber = subscriber;
    this.mailbox = mailbox;
  }

  /**
   * The event type.
   *
   * @return the type
   */
  public Class<E> type() {
    return type;
  }

  /**
   * Who subscribed.
   *
   * @return the subscriber's name
   */
  public String subscriber() {
    return subscriber;
  }

  /**
   * The next event, if one is waiting.
   *
   * @return the event or null
   */
  public E poll() {
    return type.cast(mailbox.poll());
  }

  /**
   * The next event, waiting up to {@code timeout}.
   *
   * @param timeout how long to wait
   * @param unit its unit
   * @return the event, or null if none came
   * @throws InterruptedException if interrupted while waiting
   */
  public E poll(long timeout, TimeUnit unit) throws InterruptedException {
    return type.cast(mailbox.poll(timeout, unit));
  }

  /**
   * How many events were delivered to this subscriber so far (taken or still waiting).
   *
   * @return the count
   */
  public long delivered() {
    return mailbox.counts()[2];
  }

  /**
   * How many events wait.
   *
   * @return the count
   */
  public int waiting() {
    return mailbox.size();
  }
}
