package dev.quarry.data;

import dev.quarry.bars.Bars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.BitmapBackedSelection;
import tech.tablesaw.selection.Selection;

/**
 * A CSV file of one symbol's bars or trades, as a {@link DataSource}.
 *
 * <p>A bars file delivers its own timeframe only; a trades file is aggregated into bars of any
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

  private final Path file;
  private final Kind kind;
  private final String provider;
  private final String symbol;
  private final String timeframe;
  private final LongConsumer progress;

  private CsvSource(
      Path file,
      Kind kind,
      String provider,
      String symbol,
      String timeframe,
      LongConsumer progress) {
    this.file = Objects.requireNonNull(file, "file");
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
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Table frame(String wantedSymbol, String wantedTimeframe, TimeRange range) {
    if (!symbol.equals(wantedSymbol)) {
      throw new IllegalArgumentException(file + " holds " + symbol + ", not " + wantedSymbol);
    }
    Bars.timeframe(wantedTimeframe);
    Table bars;
    if (kind == Kind.BARS) {
      if (!timeframe.equals(wantedTimeframe)) {
        throw new IllegalArgumentException(
            file
                + " holds "
                + timeframe
                + " bars, not "
                + wantedTimeframe
                + "; ingest it with --timeframe "
                + timeframe);
      }
      bars = CsvFiles.readBars(file, progress);
    } else {
      bars = Bars.fromTrades(CsvFiles.readTrades(file, progress), Bars.timeframe(wantedTimeframe));
    }
    return within(bars, range).setName(symbol);
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
