package dev.quarry.engine;

/** Acquires data (a replay of stored bars, a feed) and publishes it as {@link MarketData}. */
public interface Connector extends BackgroundTask {}
