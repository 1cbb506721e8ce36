package dev.quarry.data;

import dev.quarry.bars.BarSpacing;
import dev.quarry.bars.Bars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.BitmapBackedSelection;
import tech.tablesaw.selection.Selection;

/**
 * A CSV file of one symbol's bars or trades, as a {@link DataSource}.
 *
 * <p>A bars file delivers its own timeframe only: the bars' typical spacing ({@link BarSpacing}).
 * Asked for another timeframe, or holding bars off their timeframe's grid, it refuses; {@link
 * #timeframe()} infers the timeframe from the file. A trades file is aggregated into bars of any
 * timeframe ({@link Bars#fromTrades}).
 */
public final class CsvSource implements DataSource {
  /** What a CSV file holds. */
  public enum Kind {
    /** {@code timestamp,open,high,low,close,volume}. */
    BARS,
    /** {@code timestamp,price,amount}. */
    TRADES
  }

  private final List<Path> files;
  private final CsvFormat format;
  private final String file;
  private final Kind kind;
  private final String provider;
  private final String symbol;
  private final String timeframe;
  private final LongConsumer progress;
  private Table loaded;

  private CsvSource(
      Path file,
      Kind kind,
      String provider,
      String symbol,
      String timeframe,
      LongConsumer progress) {
    this(List.of(file), CsvFormat.quarry(), kind, provider, symbol, timeframe, progress);
  }

  private CsvSource(
      List<Path> files,
      CsvFormat format,
      Kind kind,
      String provider,
      String symbol,
      String timeframe,
      LongConsumer progress) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no CSV file to read");
    }
    this.files = List.copyOf(files);
    this.format = Objects.requireNonNull(format, "format");
    this.file =
        files.size() == 1
            ? files.get(0).toString()
            : files.size()
                + " files ("
                + files.get(0)
                + " ... "
                + files.get(files.size() - 1)
                + ")";
    this.kind = Objects.requireNonNull(kind, "kind");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    this.timeframe = timeframe;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * A bars file of one timeframe.
   *
   * @param file the CSV
   * @param provider the vendor name
   * @param symbol the symbol it holds
   * @param timeframe its bar length
   * @param progress receives bytes read while parsing
   * @return the source
   */
  public static CsvSource bars(
      Path file, String provider, String symbol, String timeframe, LongConsumer progress) {
    Bars.timeframe(timeframe);
    return new CsvSource(file, Kind.BARS, provider, symbol, timeframe, progress);
  }

  /**
   * A bars file whose timeframe is inferred from its bars ({@link #timeframe()}).
   *
   * @param file the CSV
   * @param provider the vendor name
   * @param symbol the symbol it holds
   * @param progress receives bytes read while parsing
   * @return the source
   */
  public static CsvSource bars(Path file, String provider, String symbol, LongConsumer progress) {
    return new CsvSource(file, Kind.BARS, provider, symbol, null, progress);
  }

  /**
   * A trades file, aggregated to bars on demand.
   *
   * @param file the CSV
   * @param provider the vendor name
   * @param symbol the symbol it holds
   * @param progress receives bytes read while parsing
   * @return the source
   */
  public static CsvSource trades(Path file, String provider, String symbol, LongConsumer progress) {
    return new CsvSource(file, Kind.TRADES, provider, symbol, null, progress);
  }

  /**
   * Several bar files of one format, read as one series: their bars are put in time order (the
   * store refuses a timestamp repeated with different values).
   *
   * @param files the CSVs, at least one
   * @param format their layout
   * @param provider the vendor name
   * @param symbol the symbol they hold
   * @param timeframe their bar length, or null to infer it ({@link #timeframe()})
   * @param progress receives the bytes read so far, over all files
   * @return the source
   */
  public static CsvSource bars(
      List<Path> files,
      CsvFormat format,
      String provider,
      String symbol,
      String timeframe,
      LongConsumer progress) {
    if (timeframe != null) {
      Bars.timeframe(timeframe);
    }
    return new CsvSource(files, format, Kind.BARS, provider, symbol, timeframe, progress);
  }

  /**
   * Several trades files of Quarry's format, aggregated to bars on demand as one series.
   *
   * @param files the CSVs, at least one
   * @param provider the vendor name
   * @param symbol the symbol they hold
   * @param progress receives the bytes read so far, over all files
   * @return the source
   */
  public static CsvSource trades(
      List<Path> files, String provider, String symbol, LongConsumer progress) {
    return new CsvSource(files, CsvFormat.quarry(), Kind.TRADES, provider, symbol, null, progress);
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public List<String> listSymbols() {
    return List.of(symbol);
  }

  /**
   * Returns the file's size in bytes (for progress bars).
   *
   * @return the size
   */
  public long size() {
    long total = 0;
    for (Path one : files) {
      try {
        total += Files.size(one);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("no such file: " + one, e);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + one + ": " + e.getMessage(), e);
      }
    }
    return total;
  }

  /**
   * Returns the timeframe of a bars file: the one it was opened with, or else the one its bars
   * have, their typical spacing (which reads the file).
   *
   * @return the timeframe, e.g. {@code 1d}
   * @throws IllegalArgumentException if this is a trades file, or the file has fewer than two bars
   *     or bars at a spacing no timeframe has
   */
  public synchronized String timeframe() {
    if (kind == Kind.TRADES) {
      throw new IllegalArgumentException(
          file + " holds trades, which have no timeframe of their own: choose one (--timeframe)");
    }
    if (timeframe != null) {
      return timeframe;
    }
    Duration gap =
        BarSpacing.typicalGap(barsOfFile().instantColumn(Bars.TIMESTAMP))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        file
                            + " has fewer than two bars, too few to infer their timeframe: pass"
                            + " --timeframe"));
    return BarSpacing.label(gap);
  }

  @Override
  public Table frame(String wantedSymbol, String wantedTimeframe, TimeRange range) {
    if (!symbol.equals(wantedSymbol)) {
      throw new IllegalArgumentException(file + " holds " + symbol + ", not " + wantedSymbol);
    }
    Duration wanted = Bars.timeframe(wantedTimeframe);
    Table bars;
    if (kind == Kind.BARS) {
      bars = barsOfFile();
      checkSpacing(bars, wantedTimeframe, wanted);
    } else {
      bars = Bars.fromTrades(readAll(CsvFiles::readTrades), Bars.timeframe(wantedTimeframe));
    }
    return within(bars, range).setName(symbol);
  }

  private synchronized Table barsOfFile() {
    if (loaded == null) {
      loaded = readAll(format::readBars);
    }
    return loaded.copy();
  }

  /** Reads every file, progress counted over all, and puts several files' rows in time order. */
  private Table readAll(BiFunction<Path, LongConsumer, Table> reader) {
    Table all = null;
    long done = 0;
    for (Path one : files) {
      long before = done;
      Table table = reader.apply(one, bytes -> progress.accept(before + bytes));
      done += sizeOf(one);
      all = all == null ? table : all.append(table);
    }
    if (files.size() > 1) {
      all = all.sortAscendingOn(Bars.TIMESTAMP);
    }
    return all;
  }

  private static long sizeOf(Path one) {
    try {
      return Files.size(one);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Refuses bars whose spacing or grid is not the timeframe asked for, naming both. */
  private void checkSpacing(Table bars, String wantedTimeframe, Duration wanted) {
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    Optional<Duration> gap = BarSpacing.typicalGap(time);
    // sparse bars (two one timeframe apart, most gaps wider) are of the timeframe asked for
    boolean sparse = BarSpacing.smallestGap(time).filter(wanted::equals).isPresent();
    if (gap.isPresent() && !gap.get().equals(wanted) && !sparse) {
      String actual = BarSpacing.label(gap.get());
      throw new IllegalArgumentException(
          "the CSV's bars ("
              + file
              + ") are "
              + BarSpacing.describe(gap.get())
              + " apart (timeframe "
              + actual
              + ") but --timeframe is "
              + wantedTimeframe
              + ": pass --timeframe "
              + actual
              + ", or leave it out to use the bars' own");
    }
    int first = BarSpacing.firstOffGrid(time, wanted);
    if (first >= 0) {
      throw new IllegalArgumentException(
          "the CSV's bars ("
              + file
              + ") are not on the "
              + wantedTimeframe
              + " grid: "
              + BarSpacing.countOffGrid(time, wanted)
              + " of "
              + time.size()
              + " timestamps are not a whole number of "
              + wantedTimeframe
              + " since 1970-01-01T00:00Z (days start at 00:00 UTC), the first "
              + time.get(first)
              + (files.size() == 1 && format.name().equals("quarry")
                  ? " on line " + (first + 2)
                  : " (bar " + (first + 1) + " in time order)")
              + ": give each bar its start time in UTC");
    }
  }

  /** Keeps the rows whose timestamp falls in the range. */
  static Table within(Table bars, TimeRange range) {
    if (range.equals(TimeRange.all())) {
      return bars;
    }
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    Selection keep = new BitmapBackedSelection();
    for (int row = 0; row < time.size(); row++) {
      Instant at = time.get(row);
      if (at != null && range.contains(at)) {
        keep.add(row);
      }
    }
    return bars.where(keep);
  }
}
