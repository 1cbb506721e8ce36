package dev.quarry.export;

import java.util.Objects;

/**
 * Step three of an export, and the only one that does I/O: persists encoded data as one artifact,
 * atomically — the artifact appears complete on {@link #commit()}, or not at all.
 *
 * <p>Lifecycle, enforced by the final public methods:
 *
 * <pre>
 * NEW ─open→ OPENED ─write→ OPENED ─commit→ COMMITTED ─close→ CLOSED
 *               └──────close (rollback: nothing is published)──→ CLOSED
 * NEW ─close→ CLOSED;   COMMITTED ─commit→ COMMITTED (idempotent);   CLOSED ─close→ CLOSED
 * a failing hook, or fail(): → ERROR (terminal; cleanupAfterError has run)
 * </pre>
 *
 * <p>Subclasses implement six hooks: {@link #doOpen} (allocate: temp file, connection; no data
 * yet), {@link #doWrite} (only while OPENED), {@link #doCommit} (the atomic publication: rename,
 * transaction commit; called once), {@link #doRollback} (undo everything not committed; called by
 * {@code close()} without a commit), {@link #finalizeResources} (release after a commit) and {@link
 * #cleanupAfterError} (remove partial artifacts after a failure; must not throw).
 *
 * @param <E> the encoded type
 */
public abstract class BatchSink<E> extends ExportComponent {
  /** The states of a sink. */
  public enum State {
    /** Created. */
    NEW,
    /** Open, accepting writes. */
    OPENED,
    /** The artifact is published. */
    COMMITTED,
    /** Resources released. */
    CLOSED,
    /** Failed; terminal. */
    ERROR
  }

  private State state = State.NEW;

  /** For subclasses. */
  protected BatchSink() {}

  /**
   * The current state.
   *
   * @return the state
   */
  public final State state() {
    return state;
  }

  /**
   * How many bytes the sink has written, if it counts them.
   *
   * @return the count, or -1 if this sink does not count bytes
   */
  public long bytesWritten() {
    return -1;
  }

  /**
   * Opens the sink: NEW → OPENED.
   *
   * @throws ExportError stage LIFECYCLE if not NEW, or OPEN if {@link #doOpen} fails
   */
  public final void open() {
    if (state != State.NEW) {
      throw ExportError.illegal(name(), state, "open()", "only in state NEW");
    }
    try {
      doOpen();
    } catch (Exception e) {
      throw failWith(ExportStage.OPEN, e);
    }
    state = State.OPENED;
  }

  /**
   * Writes encoded data: OPENED → OPENED.
   *
   * @param data the encoded data
   * @throws ExportError stage LIFECYCLE if not OPENED, or WRITE if {@link #doWrite} fails
   */
  public final void write(E data) {
    if (state != State.OPENED) {
      throw ExportError.illegal(name(), state, "write()", "only in state OPENED");
    }
    try {
      doWrite(Objects.requireNonNull(data, "the encoded data is null"));
    } catch (Exception e) {
      throw failWith(ExportStage.WRITE, e);
    }
  }

  /**
   * Publishes the artifact atomically: OPENED → COMMITTED. A second call does nothing.
   *
   * @throws ExportError stage LIFECYCLE if neither OPENED nor COMMITTED, or COMMIT if {@link
   *     #doCommit} fails (nothing is then published)
   */
  public final void commit() {
    if (state == State.COMMITTED) {
      return;
    }
    if (state != State.OPENED) {
      throw ExportError.illegal(name(), state, "commit()", "only in state OPENED (or COMMITTED)");
    }
    try {
      doCommit();
    } catch (Exception e) {
      throw failWith(ExportStage.COMMIT, e);
    }
    state = State.COMMITTED;
  }

  /**
   * Closes the sink: after a commit releases resources; without one rolls back, so nothing is
   * published. A closed sink, or one that failed, stays as it is.
   *
   * @throws ExportError stage CLOSE if releasing or rolling back fails (after a commit the artifact
   *     is complete regardless)
   */
  public final void close() {
    switch (state) {
      case NEW -> state = State.CLOSED;
      case OPENED -> {
        try {
          doRollback();
        } catch (Exception e) {
          throw failWith(ExportStage.CLOSE, e);
        }
        state = State.CLOSED;
      }
      case COMMITTED -> {
        state = State.CLOSED;
        try {
          finalizeResources();
        } catch (Exception e) {
          throw ExportError.wrap(ExportStage.CLOSE, name(), e);
        }
      }
      case CLOSED, ERROR -> {
        // nothing left to do
      }
    }
  }

  /**
   * Moves the sink to ERROR after a failure elsewhere, calling {@link #cleanupAfterError} once.
   * Never throws; does nothing once the sink has committed, closed or failed.
   */
  public final void fail() {
    if (state == State.COMMITTED || state == State.CLOSED || state == State.ERROR) {
      return;
    }
    state = State.ERROR;
    try {
      cleanupAfterError();
    } catch (RuntimeException ignored) {
      // cleanupAfterError must not throw; a broken one cannot make a failure worse.
    }
  }

  private ExportError failWith(ExportStage stage, Exception e) {
    fail();
    return ExportError.wrap(stage, name(), e);
  }

  /**
   * Allocates resources; writes no data.
   *
   * @throws Exception to fail the open
   */
  protected abstract void doOpen() throws Exception;

  /**
   * Writes or buffers encoded data.
   *
   * @param data the encoded data
   * @throws Exception to fail the write
   */
  protected abstract void doWrite(E data) throws Exception;

  /**
   * Publishes the artifact in one atomic step. Called at most once.
   *
   * @throws Exception to fail the commit; nothing may be published then
   */
  protected abstract void doCommit() throws Exception;

  /**
   * Removes everything written but not committed.
   *
   * @throws Exception if it cannot
   */
  protected abstract void doRollback() throws Exception;

  /**
   * Releases resources after a successful commit. Default: nothing.
   *
   * @throws Exception if it cannot
   */
  protected void finalizeResources() throws Exception {}

  /** Removes partial artifacts and releases resources after a failure. Must not throw. */
  protected abstract void cleanupAfterError();
}
