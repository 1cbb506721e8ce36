package dev.quarry.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the encoded pieces in memory; they become visible through {@link #artifact()} only on
 * commit, as a file would. For tests, and for notebooks that want the bytes rather than a file.
 *
 * @param <E> the encoded type
 */
public class InMemorySink<E> extends BatchSink<E> {
  private final List<E> pending = new ArrayList<>();
  private List<E> committed;

  /** An empty sink. */
  public InMemorySink() {}

  /**
   * The committed pieces, in write order.
   *
   * @return the pieces
   * @throws IllegalStateException if nothing was committed
   */
  public List<E> artifact() {
    if (committed == null) {
      throw new IllegalStateException(
          name() + " holds no artifact: it is " + state() + " and was never committed");
    }
    return committed;
  }

  /**
   * Whether an artifact was committed.
   *
   * @return true after a commit
   */
  public boolean hasArtifact() {
    return committed != null;
  }

  @Override
  protected void doOpen() {}

  @Override
  protected void doWrite(E data) {
    pending.add(data);
  }

  @Override
  protected void doCommit() {
    committed = List.copyOf(pending);
  }

  @Override
  protected void doRollback() {
    pending.clear();
  }

  @Override
  protected void cleanupAfterError() {
    pending.clear();
  }
}
