package dev.quarry.bars;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds OHLCV bars from trades fed one at a time: the single copy of the trades → bars rules, used
 * by {@link Bars#fromTrades} on a table and by the engine's aggregator on a stream.
 *
 * <p>A trade at time t belongs to the bar starting at t rounded down to a multiple of the timeframe
 * since the epoch (UTC). Open is the bar's first trade price, close its last, high and low the
 * extremes, volume the sum of amounts. Intervals without trades produce no bar. A bar is handed to
 * the {@link Sink} when the first trade of a later bar arrives, or on {@link #flush()}.
 *
 * <pre>{@code
 * TradeBars minutes = new TradeBars(Duration.ofMinutes(1), (start, o, h, l, c, v) -> ...);
 * minutes.add(time, price, amount); // per trade, in time order
 * minutes.flush();                  // at the end: the last, partial bar
 * }</pre>
 *
 * <p>Nothing is allocated per trade. Not thread-safe: one builder per stream.
 */
public final class TradeBars {
  /** Receives each completed bar. */
  @FunctionalInterface
  public interface Sink {
    /**
     * A completed bar.
     *
     * @param start the bar's start, epoch milliseconds UTC
     * @param open first price
     * @param high highest price
     * @param low lowest price
     * @param close last price
     * @param volume sum of amounts
     */
    void bar(long start, double open, double high, double low, double close, double volume);
  }

  private final long step;
  private final Sink sink;
  private boolean building;
  private long start;
  private long last = Long.MIN_VALUE;
  private double open;
  private double high;
  private double low;
  private double close;
  private double volume;

  /**
   * A builder of bars of one timeframe.
   *
   * @param timeframe the bar length, a whole number of seconds, at least one second
   * @param sink receives each completed bar
   * @throws IllegalArgumentException if the timeframe is not a positive whole number of seconds
   */
  public TradeBars(Duration timeframe, Sink sink) {
    this.step = stepMillis(timeframe);
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * Checks a timeframe as the constructor does.
   *
   * @param timeframe the bar length
   * @return its length in milliseconds
   * @throws IllegalArgumentException if it is not a positive whole number of seconds
   */
  public static long stepMillis(Duration timeframe) {
    long seconds = timeframe.getSeconds();
    if (seconds < 1 || timeframe.getNano() != 0) {
      throw new IllegalArgumentException(
          "timeframe must be a positive whole number of seconds, got " + timeframe);
    }
    return Math.multiplyExact(seconds, 1000L);
  }

  /**
   * Adds the next trade; if it belongs to a later bar, first hands the current bar to the sink.
   *
   * @param time the trade's time, epoch milliseconds UTC, not before the previous trade's
   * @param price the price, finite
   * @param amount the traded quantity, finite
   * @throws IllegalArgumentException if the price or amount is not finite, or the trade is before
   *     the previous one; the message says which (the caller adds where), and nothing changes
   */
  public void add(long time, double price, double amount) {
    if (!Double.isFinite(price) || !Double.isFinite(amount)) {
      throw new IllegalArgumentException(
          "non-finite price/amount (price " + price + ", amount " + amount + ")");
    }
    if (time < last) {
      throw new IllegalArgumentException(
          "out of time order: it follows a later trade at " + Instant.ofEpochMilli(last));
    }
    last = time;
    long bucket = Math.floorDiv(time, step) * step;
    if (!building || bucket != start) {
      flush();
      building = true;
      start = bucket;
      open = price;
      high = price;
      low = price;
      volume = 0;
    }
    high = Math.max(high, price);
    low = Math.min(low, price);
    close = price;
    volume += amount;
  }

  /**
   * Hands the current, possibly partial bar to the sink, if there is one. Trades added afterwards
   * must still not be earlier than the last one; one of the same interval starts a new bar with the
   * same start.
   *
   * @return true if a bar was handed over
   */
  public boolean flush() {
    if (!building) {
      return false;
    }
    building = false;
    sink.bar(start, open, high, low, close, volume);
    return true;
  }

  /**
   * Whether a bar is being built (trades added since the last bar was handed over).
   *
   * @return true if {@link #flush()} would hand over a bar
   */
  public boolean building() {
    return building;
  }
}
