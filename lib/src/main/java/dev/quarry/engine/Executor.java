package dev.quarry.engine;

/**
 * Turns decisions into orders and fills, and keeps the account.
 *
 * @param <E> the event type it reacts to
 */
public interface Executor<E extends Event> extends EventTask<E> {}
