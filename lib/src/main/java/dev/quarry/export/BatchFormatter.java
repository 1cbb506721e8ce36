package dev.quarry.export;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Step one of an export: turns raw items into the structure the writer core encodes ({@code RawT →
 * FormattedT}). Pure: no I/O, the same items give the same result.
 *
 * <p>{@link #format} is the template: it applies the optional raw validator to each item (an error
 * names the item's index), then calls the {@link #doFormat} hook, which subclasses implement. Every
 * error it throws is also traced to the component's logger at level {@code DEBUG}, with its cause.
 *
 * <p>{@link #formatParts} is the streaming template the export service uses: a formatter whose
 * {@link #formatsEachItem} is true formats each raw item as soon as it is read ({@link
 * #doFormatItem}, giving any number of parts), so an export never holds all the items; any other
 * formatter gives one part, {@link #format} of all the items.
 *
 * <pre>{@code
 * class TradeFormatter extends BatchFormatter<Trade, Table> {
 *   protected Table doFormat(List<Trade> trades) { return Trades.toTable(trades); }
 * }
 * BatchFormatter<Trade, Table> inline = BatchFormatter.of(Trades::toTable);
 * }</pre>
 *
 * @param <R> the raw item type
 * @param <F> the formatted type
 */
public abstract class BatchFormatter<R, F> extends ExportComponent {
  private Validator<? super R> rawValidator;

  /** A formatter without a raw validator. */
  protected BatchFormatter() {}

  /**
   * A formatter from a function, for inline declarations.
   *
   * @param format the transformation; must not do I/O
   * @param <R> the raw item type
   * @param <F> the formatted type
   * @return the formatter
   */
  public static <R, F> BatchFormatter<R, F> of(Function<? super List<R>, ? extends F> format) {
    Objects.requireNonNull(format, "format");
    return new BatchFormatter<>() {
      @Override
      protected F doFormat(List<R> items) {
        return format.apply(items);
      }

      @Override
      public String name() {
        return "inline formatter";
      }
    };
  }

  /**
   * Sets the validator applied to each raw item before formatting.
   *
   * @param validator the validator; null for none
   * @return this formatter
   */
  public final BatchFormatter<R, F> withRawValidator(Validator<? super R> validator) {
    this.rawValidator = validator;
    return this;
  }

  /**
   * Validates every item, then formats them.
   *
   * @param raw the raw items
   * @return the formatted value
   * @throws ExportError stage {@link ExportStage#VALIDATE_RAW} naming the first refused item's
   *     index, or {@link ExportStage#FORMAT} if reading the items or the hook fails
   */
  public final F format(Iterable<? extends R> raw) {
    try {
      return validateAndFormat(collect(raw));
    } catch (ExportError e) {
      logger().log(Level.DEBUG, () -> "formatting failed: " + e.getMessage(), e);
      throw e;
    }
  }

  /**
   * Formats the items into parts, handing each part to {@code parts} as soon as it is ready. If
   * {@link #formatsEachItem} is false: one part, {@link #format} of all the items. If true: each
   * item is read, validated and formatted ({@link #doFormatItem}) before the next one is read; no
   * item at all gives the parts of {@code doFormat} of an empty list, as {@link #format} would.
   *
   * @param raw the raw items, read once
   * @param parts receives each part; what it throws is rethrown as it is
   * @return how many items were read
   * @throws ExportError stage {@link ExportStage#VALIDATE_RAW} naming the refused item's index, or
   *     {@link ExportStage#FORMAT} if reading the items or a hook fails
   */
  public final int formatParts(Iterable<? extends R> raw, Consumer<? super F> parts) {
    Objects.requireNonNull(parts, "parts");
    if (!formatsEachItem()) {
      List<R> items = collect(raw);
      F formatted;
      try {
        formatted = validateAndFormat(items);
      } catch (ExportError e) {
        logger().log(Level.DEBUG, () -> "formatting failed: " + e.getMessage(), e);
        throw e;
      }
      parts.accept(formatted);
      return items.size();
    }
    Objects.requireNonNull(raw, "raw");
    RuntimeException[] downstream = new RuntimeException[1];
    Consumer<F> checked =
        part -> {
          if (part == null) {
            throw new ExportError(
                ExportStage.FORMAT,
                name(),
                "doFormatItem gave a null part; give none instead",
                null);
          }
          try {
            parts.accept(part);
          } catch (RuntimeException e) {
            downstream[0] = e;
            throw e;
          }
        };
    int index = 0;
    try {
      Iterator<? extends R> items = read(() -> raw.iterator(), index);
      while (read(items::hasNext, index)) {
        R item = read(items::next, index);
        validate(item, index);
        doFormatItemChecked(item, index, checked, downstream);
        index++;
      }
      if (index == 0) {
        checked.accept(validateAndFormat(List.of()));
      }
    } catch (RuntimeException e) {
      if (e != downstream[0]) {
        logger().log(Level.DEBUG, () -> "formatting failed: " + e.getMessage(), e);
      }
      throw e;
    }
    return index;
  }

  /** The hook; its failures are FORMAT errors, what the receiver of the parts throws is not. */
  private void doFormatItemChecked(
      R item, int index, Consumer<F> parts, RuntimeException[] downstream) {
    try {
      doFormatItem(item, parts);
    } catch (RuntimeException e) {
      if (e instanceof ExportError || e == downstream[0]) {
        throw e;
      }
      throw new ExportError(
          ExportStage.FORMAT,
          name(),
          "formatting item "
              + index
              + " failed: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void validate(R item, int index) {
    if (rawValidator == null) {
      return;
    }
    try {
      rawValidator.check(item);
    } catch (Exception e) {
      throw new ExportError(
          ExportStage.VALIDATE_RAW, name(), "item " + index + " was refused: " + e.getMessage(), e);
    }
  }

  /** Reads from the raw items, a failure being a FORMAT error naming the item. */
  private <T> T read(Supplier<T> step, int index) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      throw readFailure(e, index);
    }
  }

  /** A failure while reading raw item {@code index}: an ExportError as it is, else FORMAT. */
  private ExportError readFailure(RuntimeException e, int index) {
    if (e instanceof ExportError error) {
      return error;
    }
    return new ExportError(
        ExportStage.FORMAT,
        name(),
        "reading raw item "
            + index
            + " failed: "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage(),
        e);
  }

  private F validateAndFormat(List<R> items) {
    if (rawValidator != null) {
      for (int i = 0; i < items.size(); i++) {
        try {
          rawValidator.check(items.get(i));
        } catch (Exception e) {
          throw new ExportError(
              ExportStage.VALIDATE_RAW,
              name(),
              "item " + i + " of " + items.size() + " was refused: " + e.getMessage(),
              e);
        }
      }
    }
    F formatted;
    try {
      formatted = doFormat(Collections.unmodifiableList(items));
    } catch (RuntimeException e) {
      throw ExportError.wrap(ExportStage.FORMAT, name(), e);
    }
    if (formatted == null) {
      throw new ExportError(
          ExportStage.FORMAT,
          name(),
          "doFormat returned null; return an empty value instead",
          null);
    }
    return formatted;
  }

  /**
   * Reads the raw items once, into a list.
   *
   * @throws ExportError stage {@link ExportStage#FORMAT} if the iteration fails (a lazy source)
   */
  final List<R> collect(Iterable<? extends R> raw) {
    Objects.requireNonNull(raw, "raw");
    List<R> items = new ArrayList<>();
    try {
      raw.forEach(items::add);
    } catch (RuntimeException e) {
      throw readFailure(e, items.size());
    }
    return items;
  }

  /**
   * Whether {@link #formatParts} formats each item on its own, with {@link #doFormatItem}. Default:
   * false, all the items are formatted together.
   *
   * @return true for a streaming formatter
   */
  protected boolean formatsEachItem() {
    return false;
  }

  /**
   * Formats one item, already validated, into parts, without I/O; only called when {@link
   * #formatsEachItem} is true. Default: one part, {@code doFormat} of the item alone.
   *
   * @param item the raw item
   * @param parts receives each part, in order; never give it null
   */
  protected void doFormatItem(R item, Consumer<? super F> parts) {
    parts.accept(doFormat(List.of(item)));
  }

  /**
   * The transformation, without I/O.
   *
   * @param items the raw items, already validated; an unmodifiable list
   * @return the formatted value, never null
   */
  protected abstract F doFormat(List<R> items);
}
