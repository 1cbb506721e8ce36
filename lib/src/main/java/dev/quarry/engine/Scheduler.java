package dev.quarry.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs background tasks and event tasks over an {@link EventBus}, live or simulated.
 *
 * <ul>
 *   <li><b>Live</b>: {@link #start()} initializes every task, then runs each background task in a
 *       loop on its own thread and each event task on its own thread, taking events from its
 *       subscription. {@link #awaitCompletion} waits until every background task is done and every
 *       published event has been handled; {@link #shutdown} stops the background tasks, lets the
 *       event tasks drain what is in flight, and calls every task's {@code shutdown}.
 *   <li><b>Simulated</b>: everything on the calling thread, deterministically. {@link #start()}
 *       initializes every task, then steps the background tasks in registration order. An event
 *       published to an event task that is idle with nothing waiting is handled at once, inside the
 *       publish (depth first, so events need no queue in the common case); otherwise it waits in
 *       the task's queue, and after each step every waiting event is delivered (tasks in
 *       registration order, each task's events in publication order) until none waits. It returns
 *       when every background task is done. The same inputs always give the same sequence of calls.
 * </ul>
 *
 * <p>A task that throws stops the engine: the other tasks stop, pending events are not handled,
 * every task's {@code shutdown} still runs, and {@code start}, {@code awaitCompletion} or {@code
 * shutdown} throws an {@link EngineException} naming the task and the phase.
 */
public final class Scheduler {
  /** How tasks run. */
  public enum Mode {
    /** Threads. */
    LIVE,
    /** One thread, deterministic. */
    SIMULATED
  }

  private enum State {
    NEW,
    STARTED,
    STOPPED
  }

  private final EventBus bus;
  private final Mode mode;
  private final List<BackgroundTask> background = new ArrayList<>();
  private final List<Worker<?>> workers = new ArrayList<>();
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicReference<EngineException> failure = new AtomicReference<>();
  private volatile boolean stopping;
  private int backgroundRunning;
  private State state = State.NEW;
  private boolean tasksShutDown;

  /** Simulated: the tasks run (after every initialize, before any shutdown). */
  private boolean running;

  private Scheduler(EventBus bus, Mode mode) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.mode = mode;
    if (mode == Mode.SIMULATED) {
      bus.simulate(this::drain);
    }
  }

  /**
   * A scheduler running tasks on threads.
   *
   * @param bus the bus, without subscribers yet
   * @return the scheduler
   */
  public static Scheduler live(EventBus bus) {
    return new Scheduler(bus, Mode.LIVE);
  }

  /**
   * A scheduler running tasks on the calling thread, deterministically.
   *
   * @param bus the bus, without subscribers yet
   * @return the scheduler
   */
  public static Scheduler simulated(EventBus bus) {
    return new Scheduler(bus, Mode.SIMULATED);
  }

  /**
   * The mode.
   *
   * @return live or simulated
   */
  public Mode mode() {
    return mode;
  }

  /**
   * Registers a background task; before {@link #start()}.
   *
   * @param task the task
   * @return its id, in registration order from 0
   */
  public synchronized int registerBackgroundTask(BackgroundTask task) {
    requireNew("registerBackgroundTask");
    background.add(Objects.requireNonNull(task, "task"));
    return background.size() + workers.size() - 1;
  }

  /**
   * Registers an event task and subscribes it to its event type; before {@link #start()}.
   *
   * @param task the task
   * @param <E> its event type
   * @return its id, in registration order from 0
   */
  public synchronized <E extends Event> int registerEventTask(EventTask<E> task) {
    requireNew("registerEventTask");
    Objects.requireNonNull(task, "task");
    Worker<E> worker = new Worker<>(this, task, bus.subscribe(task.subscribedEvent(), task.name()));
    if (mode == Mode.SIMULATED) {
      worker.subscription.handler = worker;
    }
    workers.add(worker);
    return background.size() + workers.size() - 1;
  }

  /**
   * Initializes every task and starts them; simulated, runs them to completion.
   *
   * @throws EngineException naming the task if one fails
   */
  public void start() {
    synchronized (this) {
      requireNew("start");
      state = State.STARTED;
    }
    for (Task task : tasks()) {
      if (!call(task, "initialize", () -> task.initialize(context(task)))) {
        stopping = true;
        shutdownTasks();
        throw failure.get();
      }
    }
    if (mode == Mode.SIMULATED) {
      simulate();
      rethrow();
    } else {
      startThreads();
    }
  }

  /**
   * Live: waits until every background task is done and every published event is handled, or a task
   * fails. Simulated: returns at once ({@link #start()} already ran everything).
   *
   * @param timeout how long to wait at most
   * @return true if the work is complete, false on time-out
   * @throws EngineException naming the task if one failed
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!quiescent()) {
      rethrow();
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    rethrow();
    return true;
  }

  /**
   * Stops gracefully: background tasks stop after their current step, event tasks handle what is in
   * flight, then every task's {@code shutdown} runs, in registration order.
   *
   * @param timeout how long to wait for the threads to finish
   * @throws EngineException naming the task if one failed (also earlier, while running), or if the
   *     threads did not finish in time
   * @throws InterruptedException if interrupted while waiting
   */
  public void shutdown(Duration timeout) throws InterruptedException {
    synchronized (this) {
      if (state == State.STOPPED) {
        rethrow();
        return;
      }
      state = State.STOPPED;
    }
    stopping = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> stuck = new ArrayList<>();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        stuck.add(t.getName());
        t.interrupt();
      }
    }
    shutdownTasks();
    if (!stuck.isEmpty()) {
      failure.compareAndSet(
          null,
          new EngineException(
              "tasks did not stop within " + timeout + ": " + stuck + "; they were interrupted",
              null));
    }
    rethrow();
  }

  private void simulate() {
    running = true;
    List<BackgroundTask> active = new ArrayList<>(background);
    while (!active.isEmpty() && failure.get() == null) {
      for (int i = 0; i < active.size() && failure.get() == null; i++) {
        BackgroundTask task = active.get(i);
        BackgroundTask.Progress[] progress = {BackgroundTask.Progress.DONE};
        call(task, "execute", () -> progress[0] = task.execute(context(task)));
        deliverAll();
        if (progress[0] == BackgroundTask.Progress.DONE) {
          active.remove(i--);
        }
      }
    }
    deliverAll();
    running = false;
    shutdownTasks();
  }

  /** Simulated: delivers waiting events until none waits (or a task fails). */
  private void deliverAll() {
    while (failure.get() == null && deliverOne()) {
      // each call delivers one event
    }
  }

  /** Simulated: delivers the oldest event of the first task with one waiting; false if none. */
  private boolean deliverOne() {
    for (Worker<?> w : workers) {
      if (!w.active && w.deliverNext(this)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Simulated: makes room in a full queue by delivering its oldest event to its task, unless that
   * task is the one publishing (it cannot handle an event in the middle of handling one).
   */
  private boolean drain(Subscription<?> full) {
    for (Worker<?> w : workers) {
      if (w.subscription == full) {
        return failure.get() == null && !w.active && w.deliverNext(this);
      }
    }
    return false;
  }

  private void startThreads() {
    backgroundRunning = background.size();
    for (BackgroundTask task : background) {
      threads.add(
          new Thread(
              () -> {
                try {
                  while (!stopping && failure.get() == null) {
                    BackgroundTask.Progress[] p = {BackgroundTask.Progress.DONE};
                    if (!call(task, "execute", () -> p[0] = task.execute(context(task)))
                        || p[0] == BackgroundTask.Progress.DONE) {
                      return;
                    }
                  }
                } finally {
                  synchronized (this) {
                    backgroundRunning--;
                  }
                }
              },
              "quarry-" + task.name()));
    }
    for (Worker<?> w : workers) {
      threads.add(new Thread(() -> w.loop(this), "quarry-" + w.task.name()));
    }
    threads.forEach(Thread::start);
  }

  /** Live: every background task done, every delivered event handled, nothing published since. */
  private boolean quiescent() {
    if (mode == Mode.SIMULATED) {
      return true;
    }
    synchronized (this) {
      if (backgroundRunning > 0) {
        return false;
      }
    }
    long before = bus.offered();
    for (Worker<?> w : workers) {
      if (w.busy()) {
        return false;
      }
    }
    return before == bus.offered();
  }

  /** Calls every task's {@code shutdown}, once (simulated runs call it at the end of start). */
  private void shutdownTasks() {
    synchronized (this) {
      if (tasksShutDown) {
        return;
      }
      tasksShutDown = true;
    }
    for (Task task : tasks()) {
      call(task, "shutdown", () -> task.shutdown(context(task)));
    }
  }

  private List<Task> tasks() {
    List<Task> all = new ArrayList<>(background);
    workers.forEach(w -> all.add(w.task));
    return all;
  }

  /** Runs a task's method; records the first failure and returns false on any. */
  private boolean call(Task task, String phase, ThrowingRunnable body) {
    try {
      body.run();
      return true;
    } catch (Exception | Error e) {
      fail(task, phase, e);
      return false;
    }
  }

  /** Records the first failure and stops the engine. */
  private void fail(Task task, String phase, Throwable e) {
    failure.compareAndSet(
        null,
        new EngineException(
            "task '" + task.name() + "' failed in " + phase + ": " + e + "; the engine stopped",
            e));
    stopping = true;
    // Live: wake the other threads, which may wait for room in a queue nobody empties now.
    for (Thread t : threads) {
      if (t != Thread.currentThread()) {
        t.interrupt();
      }
    }
  }

  private void rethrow() {
    EngineException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  private void requireNew(String call) {
    if (state != State.NEW) {
      throw new IllegalStateException(call + "() is allowed only before start()");
    }
  }

  private TaskContext context(Task task) {
    return new TaskContext() {
      @Override
      public void publish(Event event) {
        bus.publish(event);
      }

      @Override
      public <E extends Event> Subscription<E> subscribe(Class<E> type) {
        return bus.subscribe(type, task.name());
      }

      @Override
      public boolean stopping() {
        return stopping;
      }
    };
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** An event task with its subscription and, live, the count of events it handled. */
  private static final class Worker<E extends Event> implements EventBus.Direct {
    final Scheduler scheduler;
    final EventTask<E> task;
    final Subscription<E> subscription;

    /**
     * Live: events handled, for {@link #busy()}. The simulated mode does not count (nothing asks
     * whether a task is busy there), which spares two volatile writes, each a fence, per bar.
     */
    volatile long handled;

    private TaskContext context;

    /** Simulated: the task is handling an event (so it cannot be handed another one). */
    boolean active;

    Worker(Scheduler scheduler, EventTask<E> task, Subscription<E> subscription) {
      this.scheduler = scheduler;
      this.task = task;
      this.subscription = subscription;
    }

    /**
     * Simulated: an idle event task handles a just-published event at once, unless the engine is
     * still initializing or has failed; false if it cannot.
     */
    @Override
    @SuppressWarnings("unchecked") // the bus hands a subscription only events of its exact type
    public boolean deliverNow(Event event) {
      Scheduler s = scheduler;
      if (active || !s.running || s.failure.get() != null) {
        return false;
      }
      run(s, (E) event);
      return true;
    }

    /** Simulated: hands the task its next event; false if none waits. No allocation per event. */
    boolean deliverNext(Scheduler s) {
      E event = subscription.poll();
      if (event == null) {
        return false;
      }
      run(s, event);
      return true;
    }

    private void run(Scheduler s, E event) {
      if (context == null) {
        context = s.context(task);
      }
      active = true;
      try {
        task.handleEvent(event, context);
      } catch (Exception | Error e) {
        s.fail(task, "handleEvent", e);
      } finally {
        active = false;
      }
    }

    void loop(Scheduler s) {
      TaskContext context = s.context(task);
      try {
        while (s.failure.get() == null) {
          E event = subscription.poll(5, TimeUnit.MILLISECONDS);
          if (event == null) {
            if (s.stopping && s.quiescent()) {
              return; // stopping, and every event in flight has been handled
            }
            continue;
          }
          try {
            if (!s.call(task, "handleEvent", () -> task.handleEvent(event, context))) {
              return;
            }
          } finally {
            handled++;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Events were delivered to it that it has not finished handling. */
    boolean busy() {
      return subscription.delivered() != handled;
    }
  }
}
