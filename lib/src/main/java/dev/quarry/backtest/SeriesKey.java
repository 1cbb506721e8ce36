package dev.quarry.backtest;

import dev.quarry.bars.Bars;
import dev.quarry.bars.TradeBars;
import java.time.Duration;
import java.util.Objects;

/**
 * One series a strategy reads: a symbol at a timeframe, such as BTC-USD at 1h. A series resampled
 * from a symbol's base bars is fed under its {@link #name()}, {@code BTC-USD@1h}: that is the
 * {@link dev.quarry.engine.Bar#symbol()} of its bars, so its history and its market stay apart from
 * the symbol's base series, where orders fill.
 *
 * @param symbol the symbol whose base bars are resampled
 * @param timeframe the series' bar length, a positive whole number of seconds
 */
public record SeriesKey(String symbol, Duration timeframe) {
  /** Checks the symbol and the timeframe. */
  public SeriesKey {
    Objects.requireNonNull(symbol, "symbol");
    if (symbol.isBlank()) {
      throw new IllegalArgumentException("a series needs a non-blank symbol");
    }
    TradeBars.stepMillis(Objects.requireNonNull(timeframe, "timeframe"));
  }

  /**
   * The series of a symbol at a timeframe written as {@code 1h}, {@code 15m}, {@code 1d}.
   *
   * @param symbol the symbol
   * @param timeframe the timeframe, as {@link Bars#timeframe(String)} reads it
   * @return the series
   * @throws IllegalArgumentException if the timeframe is not a count and a unit
   */
  public static SeriesKey of(String symbol, String timeframe) {
    return new SeriesKey(symbol, Bars.timeframe(Objects.requireNonNull(timeframe, "timeframe")));
  }

  /**
   * The series' name, {@code symbol@timeframe} with the timeframe in its largest whole unit: {@code
   * BTC-USD@1h} for 60 minutes as for 1 hour.
   *
   * @return the name
   */
  public String name() {
    return symbol + "@" + label(timeframe);
  }

  /**
   * A timeframe in its largest whole unit: {@code 1d}, {@code 4h}, {@code 15m}, {@code 30s}.
   *
   * @param timeframe a whole number of seconds
   * @return the label
   */
  static String label(Duration timeframe) {
    long s = timeframe.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
