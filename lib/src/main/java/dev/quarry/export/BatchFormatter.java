package dev.quarry.export;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Step one of an export: turns raw items into the structure the writer core encodes ({@code RawT →
 * FormattedT}). Pure: no I/O, the same items give the same result.
 *
 * <p>{@link #format} is the template: it applies the optional raw validator to each item (an error
 * names the item's index), then calls the {@link #doFormat} hook, which subclasses implement. Every
 * error it throws is also traced to the component's logger at level {@code DEBUG}, with its cause.
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
      if (e instanceof ExportError error) {
        throw error;
      }
      throw new ExportError(
          ExportStage.FORMAT,
          name(),
          "reading raw item "
              + items.size()
              + " failed: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    return items;
  }

  /**
   * The transformation, without I/O.
   *
   * @param items the raw items, already validated; an unmodifiable list
   * @return the formatted value, never null
   */
  protected abstract F doFormat(List<R> items);
}
