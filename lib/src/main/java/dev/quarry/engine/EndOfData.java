package dev.quarry.engine;

/**
 * The aggregator has published its last bar.
 *
 * @param bars how many bars it published
 */
public record EndOfData(long bars) implements Event {}
