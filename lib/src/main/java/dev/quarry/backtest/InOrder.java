package dev.quarry.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs independent tasks on a number of threads and hands their results back in the tasks' order,
 * so that whatever is built from them is the same at any thread count.
 *
 * <ol>
 *   <li>one thread: the tasks run one after the other on the caller's thread;
 *   <li>more: they are queued, in order, on a pool of that many daemon threads (never more threads
 *       than tasks); the caller waits for each in order;
 *   <li>a failure: no task that has not started yet starts (a failing task usually fails in every
 *       combination, and waiting for the others only delays the message); the tasks already running
 *       finish, and the first failure in the tasks' order among the tasks that ran is thrown as it
 *       was (a runtime exception or an error), whichever thread met it.
 * </ol>
 */
final class InOrder {
  private InOrder() {}

  /**
   * Runs the tasks.
   *
   * @param tasks the tasks, independent of each other
   * @param threads how many run at once, at least 1
   * @param name the threads' name prefix, e.g. {@code quarry-walk-forward}
   * @return their results, in the tasks' order
   * @throws IllegalArgumentException if {@code threads < 1}
   * @throws IllegalStateException if the caller is interrupted while it waits
   */
  static <R> List<R> run(List<? extends Supplier<? extends R>> tasks, int threads, String name) {
    if (threads < 1) {
      throw new IllegalArgumentException("tasks run on at least 1 thread, got " + threads);
    }
    List<R> results = new ArrayList<>(tasks.size());
    if (threads == 1 || tasks.size() <= 1) {
      tasks.forEach(task -> results.add(task.get()));
      return results;
    }
    AtomicInteger counter = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, tasks.size()),
            r -> {
              Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    AtomicBoolean failed = new AtomicBoolean();
    try {
      List<Future<R>> futures = new ArrayList<>(tasks.size());
      for (Supplier<? extends R> task : tasks) {
        futures.add(pool.submit(() -> start(task, failed)));
      }
      Throwable failure = null;
      for (Future<R> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof SkippedException) && failure == null) {
            failure = e.getCause();
          }
        }
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure != null) {
        throw new IllegalStateException("a task failed: " + failure, failure);
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " tasks", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static <R> R start(Supplier<? extends R> task, AtomicBoolean failed) {
    if (failed.get()) {
      // Another task failed: the caller throws that failure, not this skip.
      throw new SkippedException();
    }
    try {
      return task.get();
    } catch (RuntimeException | Error e) {
      failed.set(true);
      throw e;
    }
  }

  /** A task not started because another failed first; never reaches the caller. */
  private static final class SkippedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SkippedException() {
      super("skipped: another task failed", null, false, false);
    }
  }
}
