package dev.quarry.engine;

/**
 * What the {@link Scheduler} runs. Lifecycle: {@link #initialize} once, then {@link
 * BackgroundTask#execute} or {@link EventTask#handleEvent} as often as needed, then {@link
 * #shutdown} once. A task never knows whether it runs live (on its own thread) or simulated (all
 * tasks on one thread, deterministically).
 */
public interface Task {
  /**
   * The task's name, for reports and errors.
   *
   * @return the name; by default the class's simple name
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  /**
   * Prepares the task before anything runs.
   *
   * @param context the task's context
   * @throws Exception to stop the engine before it starts
   */
  default void initialize(TaskContext context) throws Exception {}

  /**
   * Releases what the task holds, after the last event it will see.
   *
   * @param context the task's context
   * @throws Exception reported, but the other tasks still shut down
   */
  default void shutdown(TaskContext context) throws Exception {}
}
