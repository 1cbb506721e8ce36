package dev.quarry.engine;

import java.time.Instant;

/**
 * A normalised bar, as strategies and executors see it. A bar is delivered when it closes, at
 * {@link #end()} = start + timeframe, never earlier: bars arrive in order of their end across
 * symbols and timeframes (on equal ends, shorter timeframes first), and {@code seq} numbers them
 * from 0 in that order.
 *
 * @param seq the bar's position in the merged stream
 * @param symbol the symbol
 * @param time the bar's start, epoch milliseconds UTC
 * @param open first price
 * @param high highest price
 * @param low lowest price
 * @param close last price
 * @param volume traded quantity
 * @param end the bar's close, start + timeframe, epoch milliseconds UTC: the earliest moment its
 *     close is known
 */
public record Bar(
    long seq,
    String symbol,
    long time,
    double open,
    double high,
    double low,
    double close,
    double volume,
    long end)
    implements Event {
  /** Checks that the bar ends after it starts. */
  public Bar {
    if (end <= time) {
      throw new IllegalArgumentException(
          "bar of "
              + symbol
              + " at "
              + Instant.ofEpochMilli(time)
              + " ends at "
              + Instant.ofEpochMilli(end)
              + ", not after its start: a bar lasts its timeframe (end = start + timeframe)");
    }
  }

  /**
   * The bar's length, its timeframe.
   *
   * @return end − start, in milliseconds
   */
  public long timeframeMillis() {
    return end - time;
  }

  /**
   * The bar's start as an instant.
   *
   * @return the start
   */
  public Instant start() {
    return Instant.ofEpochMilli(time);
  }
}
