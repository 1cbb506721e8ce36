package dev.quarry.export;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Step two of an export: encodes formatted data into what a sink persists ({@code FormattedT →
 * EncodedT}). No I/O, and deterministic: the same input gives the same encoding.
 *
 * <p>Lifecycle, enforced by the final public methods:
 *
 * <pre>
 * NEW ─onStart→ STARTED ─onEncode→ ENCODED ─onEncode→ ENCODED ─onEnd→ ENDED
 *                  └───────────────onEnd─────────────────────────────→ ENDED
 * any state but ENDED ─fail→ ERROR (terminal)
 * </pre>
 *
 * <p>Subclasses implement five hooks: {@link #doStart} (prepare buffers), {@link #doEncode} (encode
 * one batch; a core that can encode a batch piece by piece also overrides {@link #doEncodeParts},
 * which {@link #onEncodeParts} calls, so memory stays bounded by a piece), {@link #doFinish} (after
 * at least one batch) or {@link #doFinishEmpty} (when no batch came) — both may return a last piece
 * of encoding, such as a JSON array's closing bracket — and {@link #cleanupAfterError}, which must
 * not throw. A failing hook moves the core to ERROR after calling {@code cleanupAfterError}; any
 * call in the wrong state is an {@link ExportError} of stage {@link ExportStage#LIFECYCLE} that
 * names the state and the call.
 *
 * @param <F> the formatted type
 * @param <E> the encoded type
 */
public abstract class BatchWriterCore<F, E> extends ExportComponent {
  /** The states of a writer core. */
  public enum State {
    /** Created. */
    NEW,
    /** Ready to encode. */
    STARTED,
    /** At least one batch encoded. */
    ENCODED,
    /** Finished; the encoding is complete. */
    ENDED,
    /** Failed; terminal. */
    ERROR
  }

  private State state = State.NEW;

  /** For subclasses. */
  protected BatchWriterCore() {}

  /**
   * A stateless core from a function, for inline declarations: each batch is encoded on its own.
   *
   * @param encode the encoding; must not do I/O
   * @param <F> the formatted type
   * @param <E> the encoded type
   * @return the core
   */
  public static <F, E> BatchWriterCore<F, E> of(Function<? super F, ? extends E> encode) {
    Objects.requireNonNull(encode, "encode");
    return new BatchWriterCore<>() {
      @Override
      protected E doEncode(F data) {
        return encode.apply(data);
      }

      @Override
      public String name() {
        return "inline writer core";
      }
    };
  }

  /**
   * The current state.
   *
   * @return the state
   */
  public final State state() {
    return state;
  }

  /**
   * Starts the core: NEW → STARTED.
   *
   * @throws ExportError stage LIFECYCLE if not NEW, or START if {@link #doStart} fails
   */
  public final void onStart() {
    require(State.NEW, "onStart()", "only in state NEW");
    try {
      doStart();
    } catch (RuntimeException e) {
      throw failWith(ExportStage.START, e);
    }
    state = State.STARTED;
  }

  /**
   * Encodes one batch: STARTED or ENCODED → ENCODED.
   *
   * @param data the formatted batch
   * @return its encoding
   * @throws ExportError stage LIFECYCLE if not STARTED or ENCODED, or ENCODE if {@link #doEncode}
   *     fails or returns null
   */
  public final E onEncode(F data) {
    if (state != State.STARTED && state != State.ENCODED) {
      throw ExportError.illegal(name(), state, "onEncode()", "only in states STARTED and ENCODED");
    }
    E encoded;
    try {
      encoded = doEncode(Objects.requireNonNull(data, "the formatted data is null"));
      Objects.requireNonNull(encoded, "doEncode returned null");
    } catch (RuntimeException e) {
      throw failWith(ExportStage.ENCODE, e);
    }
    state = State.ENCODED;
    return encoded;
  }

  /**
   * Encodes one batch piece by piece, handing each piece to {@code parts} as soon as it is ready:
   * STARTED or ENCODED → ENCODED. The pieces, in order, are the bytes {@link #onEncode} returns for
   * the same batch; a core that does not override {@link #doEncodeParts} gives one piece.
   *
   * @param data the formatted batch
   * @param parts receives each piece; what it throws is rethrown as it is, after the core has moved
   *     to ERROR
   * @throws ExportError stage LIFECYCLE if not STARTED or ENCODED, or ENCODE if the hook fails or
   *     gives a null piece
   */
  public final void onEncodeParts(F data, Consumer<? super E> parts) {
    if (state != State.STARTED && state != State.ENCODED) {
      throw ExportError.illegal(
          name(), state, "onEncodeParts()", "only in states STARTED and ENCODED");
    }
    Objects.requireNonNull(parts, "parts");
    Downstream<E> downstream = new Downstream<>(parts);
    try {
      doEncodeParts(Objects.requireNonNull(data, "the formatted data is null"), downstream);
    } catch (RuntimeException e) {
      if (e == downstream.failure) {
        fail();
        throw e;
      }
      throw failWith(ExportStage.ENCODE, e);
    }
    state = State.ENCODED;
  }

  /** Passes pieces on, remembering a failure of the receiver so it is not taken for the core's. */
  private static final class Downstream<E> implements Consumer<E> {
    private final Consumer<? super E> parts;
    private RuntimeException failure;

    Downstream(Consumer<? super E> parts) {
      this.parts = parts;
    }

    @Override
    public void accept(E piece) {
      Objects.requireNonNull(piece, "doEncodeParts gave a null piece");
      try {
        parts.accept(piece);
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
  }

  /**
   * Finishes the encoding: STARTED or ENCODED → ENDED.
   *
   * @return the last piece of encoding, if the format has one
   * @throws ExportError stage LIFECYCLE if not STARTED or ENCODED, or ENCODE if the finishing hook
   *     fails
   */
  public final Optional<E> onEnd() {
    if (state != State.STARTED && state != State.ENCODED) {
      throw ExportError.illegal(name(), state, "onEnd()", "only in states STARTED and ENCODED");
    }
    E tail;
    try {
      tail = state == State.STARTED ? doFinishEmpty() : doFinish();
    } catch (RuntimeException e) {
      throw failWith(ExportStage.ENCODE, e);
    }
    state = State.ENDED;
    return Optional.ofNullable(tail);
  }

  /**
   * Moves the core to ERROR after a failure elsewhere, calling {@link #cleanupAfterError} once.
   * Never throws; does nothing if the core has ENDED or already failed.
   */
  public final void fail() {
    if (state == State.ENDED || state == State.ERROR) {
      return;
    }
    state = State.ERROR;
    try {
      cleanupAfterError();
    } catch (RuntimeException ignored) {
      // cleanupAfterError must not throw; a broken one cannot make a failure worse.
    }
  }

  private ExportError failWith(ExportStage stage, RuntimeException e) {
    fail();
    return ExportError.wrap(stage, name(), e);
  }

  private void require(State wanted, String call, String allowed) {
    if (state != wanted) {
      throw ExportError.illegal(name(), state, call, allowed);
    }
  }

  /** Prepares internal state. Default: nothing. */
  protected void doStart() {}

  /**
   * Encodes one batch, without I/O.
   *
   * @param data the formatted batch
   * @return its encoding, never null
   */
  protected abstract E doEncode(F data);

  /**
   * Encodes one batch as a sequence of pieces, without I/O. Default: one piece, {@link #doEncode}.
   *
   * @param data the formatted batch
   * @param parts receives each piece, in order; never give it null
   */
  protected void doEncodeParts(F data, Consumer<? super E> parts) {
    parts.accept(Objects.requireNonNull(doEncode(data), "doEncode returned null"));
  }

  /**
   * Finishes after at least one batch. Default: nothing more to add.
   *
   * @return the last piece of encoding, or null for none
   */
  protected E doFinish() {
    return null;
  }

  /**
   * Finishes when no batch was encoded. Default: nothing to add.
   *
   * @return the encoding of an empty artifact, or null for none
   */
  protected E doFinishEmpty() {
    return null;
  }

  /** Releases what the core holds after a failure. Must not throw. Default: nothing. */
  protected void cleanupAfterError() {}
}
