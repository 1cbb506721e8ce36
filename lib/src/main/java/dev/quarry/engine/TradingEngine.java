package dev.quarry.engine;

import java.time.Duration;
import java.util.List;

/**
 * Connectors, one aggregator, strategies and executors running over an {@link EventBus}; built by
 * {@link TradingEngineBuilder}. Simulated, {@link #start()} runs the whole replay and returns;
 * live, it starts the threads and returns at once.
 */
public final class TradingEngine {
  private final EventBus bus;
  private final Scheduler scheduler;

  TradingEngine(EventBus bus, Scheduler scheduler) {
    this.bus = bus;
    this.scheduler = scheduler;
  }

  /**
   * Live or simulated.
   *
   * @return the mode
   */
  public Scheduler.Mode mode() {
    return scheduler.mode();
  }

  /**
   * Starts the engine (simulated: runs it to the end).
   *
   * @throws EngineException naming the task if one fails
   */
  public void start() {
    scheduler.start();
  }

  /**
   * Waits until the connectors are done and every event has been handled.
   *
   * @param timeout how long to wait at most
   * @return false on time-out
   * @throws EngineException naming the task if one failed
   * @throws InterruptedException if interrupted
   */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    return scheduler.awaitCompletion(timeout);
  }

  /**
   * Stops gracefully, draining events in flight, within 30 seconds.
   *
   * @throws EngineException naming the task if one failed
   * @throws InterruptedException if interrupted
   */
  public void shutdown() throws InterruptedException {
    scheduler.shutdown(Duration.ofSeconds(30));
  }

  /**
   * The bus's statistics, one row per channel.
   *
   * @return the statistics
   */
  public List<ChannelStats> stats() {
    return bus.stats();
  }
}
