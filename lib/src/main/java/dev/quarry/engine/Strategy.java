package dev.quarry.engine;

/**
 * Turns events (bars) into decisions.
 *
 * @param <E> the event type it reacts to
 */
public interface Strategy<E extends Event> extends EventTask<E> {}
