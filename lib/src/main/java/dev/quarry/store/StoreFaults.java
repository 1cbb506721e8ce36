package dev.quarry.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A hook called before each file operation of a store write, so tests can make the k-th operation
 * fail (a full disk, an I/O error) and check that nothing stored changes. Production code uses
 * {@link #NONE}.
 */
@FunctionalInterface
interface StoreFaults {
  /** No faults. */
  StoreFaults NONE = (operation, file) -> {};

  /** The kinds of file operation a write performs. */
  enum Operation {
    /** Writing bytes to a new file (a staged partition, the journal, the registry). */
    WRITE,
    /** Renaming or linking a file into place or aside. */
    RENAME,
    /** Deleting a file. */
    DELETE
  }

  /**
   * Called before the operation.
   *
   * @param operation what is about to happen
   * @param file the file it happens to
   * @throws IOException to make the operation fail
   */
  void before(Operation operation, Path file) throws IOException;

  /** Tells whether a failure (or one of its causes) is the file system's "no space left". */
  static boolean diskFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }
}
