package dev.quarry.engine;

/**
 * Everything that travels on the {@link EventBus}. The hierarchy is closed: each kind of event has
 * its own channel, and a task can switch over the kinds exhaustively.
 *
 * <ul>
 *   <li>{@link MarketData}: raw data from connectors to the aggregator;
 *   <li>{@link Bar}: a normalised bar from the aggregator, in time order across symbols;
 *   <li>{@link EndOfData}: the aggregator has sent its last bar;
 *   <li>{@link Shutdown}: the engine is stopping.
 * </ul>
 */
public sealed interface Event permits MarketData, Bar, EndOfData, Shutdown {}
