package dev.quarry.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a store and dies (halts, as SIGKILL would: no finally block, no shutdown hook) just before
 * the {@code k}-th file operation of the opening, for {@link LayoutMigrationTest}. Prints the
 * number of operations and exits 0 if it got through them all.
 */
final class LayoutMigrationCrashMain {
  /** The exit status of a child that halted itself. */
  static final int HALTED = 137;

  private LayoutMigrationCrashMain() {}

  /**
   * Runs the child.
   *
   * @param args the store root and {@code k} (1-based)
   */
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    int k = Integer.parseInt(args[1]);
    AtomicInteger seen = new AtomicInteger();
    StoreFaults haltAtK =
        (operation, file) -> {
          if (seen.incrementAndGet() == k) {
            Runtime.getRuntime().halt(HALTED);
          }
        };
    BarStore.open(root, Clock.systemUTC(), haltAtK);
    System.out.println(seen.get());
  }
}
