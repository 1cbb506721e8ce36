package dev.quarry.engine;

import java.util.Objects;

/**
 * One channel of the {@link EventBus}: the event type it carries, how many events each subscriber
 * may have waiting, what it is for, and what a publisher does when a subscriber is full.
 *
 * @param type the event type (the exact class of the events)
 * @param capacity events each subscriber may have waiting, at least 1
 * @param description what the channel carries, for statistics and errors
 * @param overflow what a publish does when a subscriber's queue is full
 */
public record ChannelConfig(
    Class<? extends Event> type, int capacity, String description, Overflow overflow) {
  /** What a publish does when a subscriber's queue is full. Never a silent drop. */
  public enum Overflow {
    /** Wait until the subscriber takes an event (counted as a blocked publish). */
    BLOCK,
    /** Refuse the event with a {@link BackPressureException} (counted as rejected). */
    REJECT
  }

  /** Checks the fields. */
  public ChannelConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(overflow, "overflow");
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "channel " + type.getSimpleName() + " has capacity " + capacity + "; give at least 1");
    }
  }
}
