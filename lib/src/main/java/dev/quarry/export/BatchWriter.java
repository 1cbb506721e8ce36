package dev.quarry.export;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives a {@link BatchWriterCore} and a {@link BatchSink} through their lifecycles in the only
 * correct order, with optional validators on the formatted and on the encoded data.
 *
 * <pre>
 * NEW ─start→ ACTIVE ─write→ ACTIVE ─commit→ COMMITTED ─close→ CLOSED
 *                └─────close (rollback)──────────────────────→ CLOSED
 * NEW ─close→ CLOSED;   any failure → ERROR (terminal; core and sink cleaned up)
 * </pre>
 *
 * <p>{@code start()}: core onStart, sink open. {@code write(f)}: validate f, encode it piece by
 * piece ({@link BatchWriterCore#onEncodeParts}), each piece validated and written to the sink as
 * soon as it is encoded, so a core that encodes in pieces needs memory for one piece only. {@code
 * commit()}: core onEnd (its last piece goes through the encoded validators and to the sink), sink
 * commit. {@code close()}: after a commit, releases the sink; before one, rolls it back so nothing
 * is published. A writer is an {@link AutoCloseable}:
 *
 * <pre>{@code
 * try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(core, sink)) {
 *   writer.start();
 *   writer.write(table);
 *   writer.commit();
 * }
 * }</pre>
 *
 * @param <F> the formatted type
 * @param <E> the encoded type
 */
public final class BatchWriter<F, E> implements AutoCloseable {
  /** The states of a writer. */
  public enum State {
    /** Created. */
    NEW,
    /** Core started and sink open. */
    ACTIVE,
    /** The artifact is published. */
    COMMITTED,
    /** Resources released. */
    CLOSED,
    /** Failed; terminal. */
    ERROR
  }

  private final BatchWriterCore<F, E> core;
  private final BatchSink<E> sink;
  private final List<Validator<? super F>> formattedValidators;
  private final List<Validator<? super E>> encodedValidators;
  private State state = State.NEW;

  /**
   * A writer without validators.
   *
   * @param core the encoder, in state NEW
   * @param sink the sink, in state NEW
   */
  public BatchWriter(BatchWriterCore<F, E> core, BatchSink<E> sink) {
    this(core, sink, List.of(), List.of());
  }

  /**
   * A writer with validators.
   *
   * @param core the encoder, in state NEW
   * @param sink the sink, in state NEW
   * @param formattedValidators applied in order to each formatted batch before encoding
   * @param encodedValidators applied in order to each encoded piece before the sink gets it
   */
  public BatchWriter(
      BatchWriterCore<F, E> core,
      BatchSink<E> sink,
      List<? extends Validator<? super F>> formattedValidators,
      List<? extends Validator<? super E>> encodedValidators) {
    this.core = Objects.requireNonNull(core, "core");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.formattedValidators = List.copyOf(formattedValidators);
    this.encodedValidators = List.copyOf(encodedValidators);
  }

  /**
   * The current state.
   *
   * @return the state
   */
  public State state() {
    return state;
  }

  /**
   * How errors name this writer.
   *
   * @return {@code BatchWriter(core → sink)}
   */
  public String name() {
    return "BatchWriter(" + core.name() + " → " + sink.name() + ")";
  }

  /**
   * How errors name the sink, which describes the artifact.
   *
   * @return the sink's name
   */
  public String sinkName() {
    return sink.name();
  }

  /**
   * The bytes the sink wrote, if it counts them.
   *
   * @return the count, or -1
   */
  public long bytesWritten() {
    return sink.bytesWritten();
  }

  /**
   * Starts the core and opens the sink: NEW → ACTIVE.
   *
   * @throws ExportError stage LIFECYCLE if not NEW, or the failing stage (START, OPEN)
   */
  public void start() {
    if (state != State.NEW) {
      throw ExportError.illegal(name(), state, "start()", "only in state NEW");
    }
    guarded(
        () -> {
          core.onStart();
          sink.open();
        });
    state = State.ACTIVE;
  }

  /**
   * Validates, encodes and writes one formatted batch: ACTIVE → ACTIVE.
   *
   * @param formatted the batch
   * @throws ExportError stage LIFECYCLE if not ACTIVE, or the failing stage (VALIDATE_FORMATTED,
   *     ENCODE, VALIDATE_ENCODED, WRITE)
   */
  public void write(F formatted) {
    requireActive("write()");
    guarded(
        () -> {
          validate(ExportStage.VALIDATE_FORMATTED, formattedValidators, formatted);
          core.onEncodeParts(formatted, this::send);
        });
  }

  /**
   * Finishes the encoding and commits the sink: ACTIVE → COMMITTED.
   *
   * @throws ExportError stage LIFECYCLE if not ACTIVE, or the failing stage (ENCODE,
   *     VALIDATE_ENCODED, WRITE, COMMIT); nothing is published then
   */
  public void commit() {
    requireActive("commit()");
    guarded(
        () -> {
          Optional<E> tail = core.onEnd();
          if (tail.isPresent()) {
            send(tail.get());
          }
          sink.commit();
        });
    state = State.COMMITTED;
  }

  /**
   * Closes: after a commit releases the sink; while ACTIVE rolls it back (nothing is published) and
   * abandons the core; in NEW, CLOSED or ERROR does nothing more.
   *
   * @throws ExportError stage CLOSE if the sink cannot release or roll back
   */
  @Override
  public void close() {
    switch (state) {
      case NEW -> state = State.CLOSED;
      case ACTIVE -> {
        core.fail();
        state = State.CLOSED;
        try {
          sink.close();
        } catch (ExportError e) {
          state = State.ERROR;
          throw e;
        }
      }
      case COMMITTED -> {
        state = State.CLOSED;
        sink.close();
      }
      case CLOSED, ERROR -> {
        // nothing left to do
      }
    }
  }

  private void send(E encoded) {
    validate(ExportStage.VALIDATE_ENCODED, encodedValidators, encoded);
    sink.write(encoded);
  }

  private <T> void validate(ExportStage stage, List<Validator<? super T>> validators, T value) {
    for (int i = 0; i < validators.size(); i++) {
      try {
        validators.get(i).check(value);
      } catch (Exception e) {
        String which =
            (stage == ExportStage.VALIDATE_FORMATTED ? "formatted-data" : "encoded-data")
                + " validator "
                + (i + 1)
                + " of "
                + validators.size()
                + named(validators.get(i));
        throw new ExportError(stage, name(), which + " refused it: " + e.getMessage(), e);
      }
    }
  }

  /** A validator's class name in parentheses, unless it is a lambda or anonymous. */
  private static String named(Validator<?> validator) {
    Class<?> type = validator.getClass();
    if (type.isSynthetic() || type.isHidden() || type.isAnonymousClass()) {
      return "";
    }
    return " (" + type.getSimpleName() + ")";
  }

  /** Runs a step; on any failure moves this writer, its core and its sink to ERROR. */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      abandon();
      throw ExportError.wrap(ExportStage.WRITE, name(), e);
    } catch (Error e) {
      abandon();
      throw e;
    }
  }

  private void abandon() {
    state = State.ERROR;
    core.fail();
    sink.fail();
  }

  private void requireActive(String call) {
    if (state != State.ACTIVE) {
      throw ExportError.illegal(name(), state, call, "only in state ACTIVE");
    }
  }
}
