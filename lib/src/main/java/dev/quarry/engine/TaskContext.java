package dev.quarry.engine;

/** What a task may do besides its own work: publish events, and see whether the engine stops. */
public interface TaskContext {
  /**
   * Publishes an event on the bus.
   *
   * @param event the event
   */
  void publish(Event event);

  /**
   * Whether the engine is shutting down; a long {@code execute} step should return soon.
   *
   * @return true once shutdown has begun
   */
  boolean stopping();
}
