package dev.quarry.engine;

/**
 * A task that produces work on its own: connectors read data, the aggregator merges it. The
 * scheduler calls {@link #execute} again and again until it returns {@link Progress#DONE}: live, in
 * a loop on the task's thread; simulated, in turn with the other background tasks, delivering every
 * event published in between.
 */
public interface BackgroundTask extends Task {
  /** What an execution step says about the task. */
  enum Progress {
    /** Call again. */
    MORE,
    /** Finished: do not call again. */
    DONE
  }

  /**
   * Does one step of work (such as reading and publishing a few bars).
   *
   * @param context the task's context, to publish events
   * @return whether there is more to do
   * @throws Exception to stop the engine; the scheduler reports it with the task's name
   */
  Progress execute(TaskContext context) throws Exception;
}
