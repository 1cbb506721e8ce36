package dev.quarry.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cross-process exclusive locks on lock files, with a time-out.
 *
 * <p>A {@link FileLock} belongs to the whole JVM (a second lock of the same file from the same JVM
 * fails rather than waits), so threads of one process first take an in-process lock per file, then
 * the file lock. The operating system releases a file lock when its process dies, so a killed
 * writer never leaves a dataset locked.
 */
final class FileLocks {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 10;

  private FileLocks() {}

  /** A held lock; closing releases it. */
  static final class Held implements AutoCloseable {
    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private Held(ReentrantLock local, FileChannel channel, FileLock lock) {
      this.local = local;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // Closing the channel releases the lock in any case; nothing is left to undo.
      } finally {
        local.unlock();
      }
    }
  }

  /**
   * Takes the lock, waiting at most {@code timeout}.
   *
   * @param lockFile the lock file (created if missing)
   * @param timeout how long to wait for another holder
   * @param what what the lock protects, for the time-out message
   * @return the held lock
   * @throws StoreException on time-out or I/O failure
   */
  static Held acquire(Path lockFile, Duration timeout, String what) {
    Path key = lockFile.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + timeout.toNanos();
    ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw timedOut(what, timeout, "another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the lock on " + what, e);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new Held(local, channel, lock);
        }
        if (System.nanoTime() >= deadline) {
          throw timedOut(what, timeout, "another process");
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      local.unlock();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("cannot lock " + what + " (" + key + "): " + e.getMessage(), e);
    }
  }

  private static StoreException timedOut(String what, Duration timeout, String holder) {
    return new StoreException(
        "timed out after "
            + timeout.toMillis()
            + " ms waiting for "
            + holder
            + " to finish writing "
            + what
            + "; retry later, or raise lockTimeout (ingest --lock-timeout)");
  }
}
