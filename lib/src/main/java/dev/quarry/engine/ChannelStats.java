package dev.quarry.engine;

/**
 * What went through one channel.
 *
 * @param description the channel's description
 * @param type the event type's simple name
 * @param capacity events each subscriber may have waiting
 * @param subscribers how many subscribers it has
 * @param published events published
 * @param delivered events taken by subscribers (one event counts once per subscriber)
 * @param blocked publishes that had to wait for room
 * @param blockedNanos time spent waiting for room
 * @param rejected publishes refused by a full subscriber ({@code REJECT} channels)
 * @param unrouted events published while the channel had no subscriber
 * @param maxWaiting the most events that ever waited for one subscriber
 */
public record ChannelStats(
    String description,
    String type,
    int capacity,
    int subscribers,
    long published,
    long delivered,
    long blocked,
    long blockedNanos,
    long rejected,
    long unrouted,
    int maxWaiting) {}
