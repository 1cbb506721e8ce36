package dev.quarry.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Assembles a {@link TradingEngine}: at least one {@link Connector}, exactly one {@link
 * Aggregator}, at least one {@link Strategy} and at least one {@link Executor}, over an {@link
 * EventBus}, live or simulated.
 *
 * <pre>{@code
 * TradingEngine engine = new TradingEngineBuilder(EventBus.withDefaults())
 *     .simulated()
 *     .withConnector(replay).withAggregator(merge).withStrategy(sma).withExecutor(broker)
 *     .build();
 * }</pre>
 */
public final class TradingEngineBuilder {
  private final EventBus bus;
  private Scheduler.Mode mode = Scheduler.Mode.LIVE;
  private final List<Connector> connectors = new ArrayList<>();
  private final List<Aggregator> aggregators = new ArrayList<>();
  private final List<Strategy<?>> strategies = new ArrayList<>();
  private final List<Executor<?>> executors = new ArrayList<>();

  /**
   * A builder over a bus without subscribers.
   *
   * @param bus the bus
   */
  public TradingEngineBuilder(EventBus bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  /**
   * Runs the engine on one thread, deterministically (the default is live).
   *
   * @return this builder
   */
  public TradingEngineBuilder simulated() {
    mode = Scheduler.Mode.SIMULATED;
    return this;
  }

  /**
   * Runs the engine on threads (the default).
   *
   * @return this builder
   */
  public TradingEngineBuilder live() {
    mode = Scheduler.Mode.LIVE;
    return this;
  }

  /**
   * Adds a connector.
   *
   * @param connector the connector
   * @return this builder
   */
  public TradingEngineBuilder withConnector(Connector connector) {
    connectors.add(Objects.requireNonNull(connector, "connector"));
    return this;
  }

  /**
   * Sets the aggregator.
   *
   * @param aggregator the aggregator
   * @return this builder
   */
  public TradingEngineBuilder withAggregator(Aggregator aggregator) {
    aggregators.add(Objects.requireNonNull(aggregator, "aggregator"));
    return this;
  }

  /**
   * Adds a strategy.
   *
   * @param strategy the strategy
   * @return this builder
   */
  public TradingEngineBuilder withStrategy(Strategy<?> strategy) {
    strategies.add(Objects.requireNonNull(strategy, "strategy"));
    return this;
  }

  /**
   * Adds an executor.
   *
   * @param executor the executor
   * @return this builder
   */
  public TradingEngineBuilder withExecutor(Executor<?> executor) {
    executors.add(Objects.requireNonNull(executor, "executor"));
    return this;
  }

  /**
   * Builds the engine, after checking its components.
   *
   * @return the engine, not started
   * @throws EngineException listing every problem: a missing or extra component, two tasks with the
   *     same name, an event type without a channel
   */
  public TradingEngine build() {
    List<String> problems = new ArrayList<>();
    if (connectors.isEmpty()) {
      problems.add("missing component: no Connector; add one with withConnector(...)");
    }
    if (aggregators.isEmpty()) {
      problems.add("missing component: no Aggregator; set one with withAggregator(...)");
    } else if (aggregators.size() > 1) {
      problems.add(
          "duplicate component: "
              + aggregators.size()
              + " Aggregators ("
              + names(aggregators)
              + "); an engine has exactly one");
    }
    if (strategies.isEmpty()) {
      problems.add("missing component: no Strategy; add one with withStrategy(...)");
    }
    if (executors.isEmpty()) {
      problems.add("missing component: no Executor; add one with withExecutor(...)");
    }
    List<Task> tasks = new ArrayList<>();
    tasks.addAll(connectors);
    tasks.addAll(aggregators);
    tasks.addAll(strategies);
    tasks.addAll(executors);
    Set<String> seen = new HashSet<>();
    for (Task task : tasks) {
      if (!seen.add(task.name())) {
        problems.add("two tasks are named '" + task.name() + "'; give each task its own name()");
      }
    }
    for (Task task : tasks) {
      if (task instanceof EventTask<?> e && !bus.hasChannel(e.subscribedEvent())) {
        problems.add(
            "task '"
                + task.name()
                + "' subscribes to "
                + e.subscribedEvent().getSimpleName()
                + ", which has no channel on the bus; add a ChannelConfig for it");
      }
    }
    if (!problems.isEmpty()) {
      throw new EngineException(
          "cannot build the trading engine:\n  - " + String.join("\n  - ", problems), null);
    }
    Scheduler scheduler =
        mode == Scheduler.Mode.SIMULATED ? Scheduler.simulated(bus) : Scheduler.live(bus);
    connectors.forEach(scheduler::registerBackgroundTask);
    aggregators.forEach(scheduler::registerBackgroundTask);
    strategies.forEach(scheduler::registerEventTask);
    executors.forEach(scheduler::registerEventTask);
    return new TradingEngine(bus, scheduler);
  }

  private static String names(List<? extends Task> tasks) {
    List<String> names = new ArrayList<>();
    tasks.forEach(t -> names.add(t.name()));
    return String.join(", ", names);
  }
}
