package dev.quarry.engine;

/**
 * Normalises the connectors' {@link MarketData} and merges it into one stream of {@link Bar}s in
 * time order. An engine has exactly one.
 */
public interface Aggregator extends BackgroundTask {}
