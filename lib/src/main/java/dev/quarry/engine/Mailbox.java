package dev.quarry.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A subscriber's bounded queue of events. Two kinds: {@link #live} for tasks on their own threads
 * (a lock and two conditions), {@link #simulated} for the single-threaded simulated mode (a plain
 * ring, no locks).
 */
abstract class Mailbox {
  final Event[] ring;
  int head;
  int size;

  /** Events taken out, put in, and the most ever waiting (under the mailbox's own lock). */
  long taken;

  long pushed;
  int maxSize;

  Mailbox(int capacity) {
    this.ring = new Event[capacity];
  }

  static Mailbox live(int capacity) {
    return new Live(capacity);
  }

  static Mailbox simulated(int capacity) {
    return new Simulated(capacity);
  }

  /** Adds the event if there is room; false if full. */
  abstract boolean offer(Event e);

  /** Adds the event, waiting for room; true if it had to wait. */
  abstract boolean put(Event e) throws InterruptedException;

  /** The next event, or null if none. */
  abstract Event poll();

  /** The next event, waiting up to the timeout; null if none came. */
  abstract Event poll(long timeout, TimeUnit unit) throws InterruptedException;

  abstract int size();

  /** Events taken out so far, the most ever waiting, and events put in: {taken, max, pushed}. */
  long[] counts() {
    return new long[] {taken, maxSize, pushed};
  }

  /** Simulated: counts an event handed straight to the subscriber's task, as put in and taken. */
  final void passedThrough() {
    pushed++;
    taken++;
  }

  final void push(Event e) {
    int tail = head + size;
    ring[tail >= ring.length ? tail - ring.length : tail] = e;
    size++;
    pushed++;
    if (size > maxSize) {
      maxSize = size;
    }
  }

  final Event pop() {
    Event e = ring[head];
    ring[head] = null;
    if (++head == ring.length) {
      head = 0;
    }
    size--;
    taken++;
    return e;
  }

  private static final class Simulated extends Mailbox {
    Simulated(int capacity) {
      super(capacity);
    }

    @Override
    boolean offer(Event e) {
      if (size == ring.length) {
        return false;
      }
      push(e);
      return true;
    }

    @Override
    boolean put(Event e) {
      throw new IllegalStateException("a simulated mailbox never waits: the scheduler drains it");
    }

    @Override
    Event poll() {
      return size == 0 ? null : pop();
    }

    @Override
    Event poll(long timeout, TimeUnit unit) {
      return poll();
    }

    @Override
    int size() {
      return size;
    }
  }

  private static final class Live extends Mailbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    Live(int capacity) {
      super(capacity);
    }

    @Override
    boolean offer(Event e) {
      lock.lock();
      try {
        if (size == ring.length) {
          return false;
        }
        push(e);
        notEmpty.signal();
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    boolean put(Event e) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        boolean waited = false;
        while (size == ring.length) {
          waited = true;
          notFull.await();
        }
        push(e);
        notEmpty.signal();
        return waited;
      } finally {
        lock.unlock();
      }
    }

    @Override
    Event poll() {
      lock.lock();
      try {
        if (size == 0) {
          return null;
        }
        Event e = pop();
        notFull.signal();
        return e;
      } finally {
        lock.unlock();
      }
    }

    @Override
    Event poll(long timeout, TimeUnit unit) throws InterruptedException {
      long nanos = unit.toNanos(timeout);
      lock.lockInterruptibly();
      try {
        while (size == 0) {
          if (nanos <= 0) {
            return null;
          }
          nanos = notEmpty.awaitNanos(nanos);
        }
        Event e = pop();
        notFull.signal();
        return e;
      } finally {
        lock.unlock();
      }
    }

    @Override
    int size() {
      lock.lock();
      try {
        return size;
      } finally {
        lock.unlock();
      }
    }

    @Override
    long[] counts() {
      lock.lock();
      try {
        return super.counts();
      } finally {
        lock.unlock();
      }
    }
  }
}
