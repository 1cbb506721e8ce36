package dev.quarry.engine;

/**
 * Everything that travels on the {@link EventBus}. The hierarchy is closed: each kind of event has
 * its own channel, and a task can switch over the kinds exhaustively.
 *
 * <ul>
 *   <li>{@link MarketData}: raw data from connectors to the aggregator;
 *   <li>{@link Bar}: a normalised bar from the aggregator, in time order across symbols;
 *   <li>{@link EndOfData}: the aggregator has sent its last bar;
 *   <li>{@link Signal}: a strategy's decision on a bar, for the executors;
 *   <li>{@link Order}: an order as an executor settled it;
 *   <li>{@link Fill}: an order filled;
 *   <li>{@link Shutdown}: the engine is stopping.
 * </ul>
 */
public sealed interface Event permits MarketData, Bar, EndOfData, Signal, Order, Fill, Shutdown {}
