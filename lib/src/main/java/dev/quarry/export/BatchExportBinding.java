package dev.quarry.export;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything an export needs, as factories: a formatter {@code R → F}, a writer core {@code F → E},
 * a sink of {@code E}, and optional validators. The type parameters line up at compile time: a core
 * whose input is not the formatter's output, or a sink that does not take the core's output, does
 * not compile.
 *
 * <p>Components are built afresh for every export (they are single-use state machines), from the
 * {@link ExportSettings} the service was created with. Three ways to declare one:
 *
 * <pre>{@code
 * // inline, in a notebook cell or a script
 * var csv = BatchExportBinding.<Trade, Table>formatting(Trades::toTable)
 *     .encoding(s -> new CsvTableCore())
 *     .into(s -> new AtomicFileSink(s.target()));
 *
 * // from factories
 * var json = BatchExportBinding.of(s -> new TradeFormatter(), s -> new JsonTableCore(),
 *     s -> new AtomicFileSink(s.target()));
 *
 * // from classes (public constructor taking ExportSettings, or none)
 * var parquet = BatchExportBinding.ofClasses(TradeFormatter.class, ParquetTableCore.class,
 *     AtomicFileSink.class);
 * }</pre>
 *
 * @param <R> the raw item type
 * @param <F> the formatted type
 * @param <E> the encoded type
 */
public final class BatchExportBinding<R, F, E> {
  private final Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter;
  private final Function<ExportSettings, ? extends BatchWriterCore<F, E>> core;
  private final Function<ExportSettings, ? extends BatchSink<E>> sink;
  private final List<Validator<? super R>> rawValidators;
  private final List<Validator<? super F>> formattedValidators;
  private final List<Validator<? super E>> encodedValidators;

  private BatchExportBinding(
      Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter,
      Function<ExportSettings, ? extends BatchWriterCore<F, E>> core,
      Function<ExportSettings, ? extends BatchSink<E>> sink,
      List<Validator<? super R>> rawValidators,
      List<Validator<? super F>> formattedValidators,
      List<Validator<? super E>> encodedValidators) {
    this.formatter = Objects.requireNonNull(formatter, "formatter");
    this.core = Objects.requireNonNull(core, "core");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.rawValidators = List.copyOf(rawValidators);
    this.formattedValidators = List.copyOf(formattedValidators);
    this.encodedValidators = List.copyOf(encodedValidators);
  }

  /**
   * A binding from component factories.
   *
   * @param formatter builds the formatter
   * @param core builds the writer core
   * @param sink builds the sink
   * @param <R> the raw item type
   * @param <F> the formatted type
   * @param <E> the encoded type
   * @return the binding
   */
  public static <R, F, E> BatchExportBinding<R, F, E> of(
      Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter,
      Function<ExportSettings, ? extends BatchWriterCore<F, E>> core,
      Function<ExportSettings, ? extends BatchSink<E>> sink) {
    return new BatchExportBinding<>(formatter, core, sink, List.of(), List.of(), List.of());
  }

  /**
   * A binding from component classes, each with a public constructor taking {@link ExportSettings}
   * or a public no-argument one.
   *
   * @param formatter the formatter class
   * @param core the writer core class
   * @param sink the sink class
   * @param <R> the raw item type
   * @param <F> the formatted type
   * @param <E> the encoded type
   * @return the binding
   */
  public static <R, F, E> BatchExportBinding<R, F, E> ofClasses(
      Class<? extends BatchFormatter<R, F>> formatter,
      Class<? extends BatchWriterCore<F, E>> core,
      Class<? extends BatchSink<E>> sink) {
    return of(instantiating(formatter), instantiating(core), instantiating(sink));
  }

  /**
   * Starts an inline declaration with the formatting function.
   *
   * @param format the formatting, without I/O
   * @param <R> the raw item type
   * @param <F> the formatted type
   * @return the next step: the encoding
   */
  public static <R, F> Formatting<R, F> formatting(Function<? super List<R>, ? extends F> format) {
    Objects.requireNonNull(format, "format");
    return new Formatting<>(s -> BatchFormatter.of(format));
  }

  /**
   * Starts an inline declaration with a formatter factory.
   *
   * @param formatter builds the formatter
   * @param <R> the raw item type
   * @param <F> the formatted type
   * @return the next step: the encoding
   */
  public static <R, F> Formatting<R, F> formattedBy(
      Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter) {
    return new Formatting<>(Objects.requireNonNull(formatter, "formatter"));
  }

  /**
   * Step two of an inline declaration.
   *
   * @param <R> the raw item type
   * @param <F> the formatted type
   */
  public static final class Formatting<R, F> {
    private final Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter;

    private Formatting(Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter) {
      this.formatter = formatter;
    }

    /**
     * Sets the writer core.
     *
     * @param core builds the writer core
     * @param <E> the encoded type
     * @return the last step: the sink
     */
    public <E> Encoding<R, F, E> encoding(
        Function<ExportSettings, ? extends BatchWriterCore<F, E>> core) {
      return new Encoding<>(formatter, Objects.requireNonNull(core, "core"));
    }
  }

  /**
   * Step three of an inline declaration.
   *
   * @param <R> the raw item type
   * @param <F> the formatted type
   * @param <E> the encoded type
   */
  public static final class Encoding<R, F, E> {
    private final Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter;
    private final Function<ExportSettings, ? extends BatchWriterCore<F, E>> core;

    private Encoding(
        Function<ExportSettings, ? extends BatchFormatter<R, F>> formatter,
        Function<ExportSettings, ? extends BatchWriterCore<F, E>> core) {
      this.formatter = formatter;
      this.core = core;
    }

    /**
     * Sets the sink and completes the binding.
     *
     * @param sink builds the sink
     * @return the binding
     */
    public BatchExportBinding<R, F, E> into(Function<ExportSettings, ? extends BatchSink<E>> sink) {
      return of(formatter, core, sink);
    }
  }

  /**
   * A copy that also validates every raw item (errors name the item's index).
   *
   * @param validator the validator
   * @return the copy
   */
  public BatchExportBinding<R, F, E> validatingRaw(Validator<? super R> validator) {
    List<Validator<? super R>> more = new ArrayList<>(rawValidators);
    more.add(Objects.requireNonNull(validator, "validator"));
    return new BatchExportBinding<>(
        formatter, core, sink, more, formattedValidators, encodedValidators);
  }

  /**
   * A copy that also validates the formatted data before encoding.
   *
   * @param validator the validator
   * @return the copy
   */
  public BatchExportBinding<R, F, E> validatingFormatted(Validator<? super F> validator) {
    List<Validator<? super F>> more = new ArrayList<>(formattedValidators);
    more.add(Objects.requireNonNull(validator, "validator"));
    return new BatchExportBinding<>(formatter, core, sink, rawValidators, more, encodedValidators);
  }

  /**
   * A copy that also validates each encoded piece before the sink gets it.
   *
   * @param validator the validator
   * @return the copy
   */
  public BatchExportBinding<R, F, E> validatingEncoded(Validator<? super E> validator) {
    List<Validator<? super E>> more = new ArrayList<>(encodedValidators);
    more.add(Objects.requireNonNull(validator, "validator"));
    return new BatchExportBinding<>(
        formatter, core, sink, rawValidators, formattedValidators, more);
  }

  @Override
  public String toString() {
    return "BatchExportBinding[validators: "
        + rawValidators.size()
        + " raw, "
        + formattedValidators.size()
        + " formatted, "
        + encodedValidators.size()
        + " encoded]";
  }

  BatchFormatter<R, F> newFormatter(ExportSettings settings, System.Logger logger) {
    BatchFormatter<R, F> made = create(formatter, settings, logger, "formatter");
    if (!rawValidators.isEmpty()) {
      made.withRawValidator(
          item -> {
            for (Validator<? super R> v : rawValidators) {
              v.check(item);
            }
          });
    }
    return made;
  }

  BatchWriter<F, E> newWriter(ExportSettings settings, System.Logger logger) {
    BatchWriterCore<F, E> madeCore = create(core, settings, logger, "writer core");
    BatchSink<E> madeSink = create(sink, settings, logger, "sink");
    return new BatchWriter<>(madeCore, madeSink, formattedValidators, encodedValidators);
  }

  private static <T extends ExportComponent> T create(
      Function<ExportSettings, ? extends T> factory,
      ExportSettings settings,
      System.Logger logger,
      String role) {
    T made;
    try {
      made = factory.apply(settings);
    } catch (RuntimeException e) {
      throw new ExportError(
          ExportStage.CREATE, "the binding's " + role, "its factory failed: " + e.getMessage(), e);
    }
    if (made == null) {
      throw new ExportError(
          ExportStage.CREATE,
          "the binding's " + role,
          "its factory returned null; return a new component",
          null);
    }
    made.inject(settings, logger);
    return made;
  }

  private static <T> Function<ExportSettings, T> instantiating(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return settings -> {
      try {
        try {
          Constructor<T> withSettings = type.getConstructor(ExportSettings.class);
          return withSettings.newInstance(settings);
        } catch (NoSuchMethodException e) {
          return type.getConstructor().newInstance();
        }
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new IllegalStateException(
            type.getName() + "'s constructor failed: " + cause.getMessage(), cause);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            type.getName()
                + " cannot be instantiated ("
                + e.getClass().getSimpleName()
                + "); give it a public constructor taking ExportSettings, or a public one without"
                + " arguments, and make the class public and not abstract",
            e);
      }
    };
  }
}
