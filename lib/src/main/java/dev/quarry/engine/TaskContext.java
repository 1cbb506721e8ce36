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
   * Subscribes the task to a type, for background tasks that read events (the aggregator reads the
   * connectors' data); event tasks get theirs from {@link EventTask#subscribedEvent()}. Call it in
   * {@link Task#initialize}, so that no event is missed.
   *
   * @param type the event type
   * @param <E> the event type
   * @return the subscription, named after the task
   */
  <E extends Event> Subscription<E> subscribe(Class<E> type);

  /**
   * Whether the engine is shutting down; a long {@code execute} step should return soon.
   *
   * @return true once shutdown has begun
   */
  boolean stopping();
}
