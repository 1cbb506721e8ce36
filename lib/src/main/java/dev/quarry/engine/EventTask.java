package dev.quarry.engine;

/**
 * A task that reacts to events of one type: strategies to bars, executors to signals. Each event of
 * its type is delivered once, in publication order.
 *
 * @param <E> the event type
 */
public interface EventTask<E extends Event> extends Task {
  /**
   * The type of events the task receives.
   *
   * @return the type
   */
  Class<E> subscribedEvent();

  /**
   * Handles one event.
   *
   * @param event the event
   * @param context the task's context, to publish events
   * @throws Exception to stop the engine; the scheduler reports it with the task's name
   */
  void handleEvent(E event, TaskContext context) throws Exception;
}
