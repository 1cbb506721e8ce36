package dev.quarry.engine;

import java.time.Instant;

/**
 * A normalised bar, as strategies and executors see it. Bars arrive in time order across symbols;
 * {@code seq} numbers them from 0 in that order.
 *
 * @param seq the bar's position in the merged stream
 * @param symbol the symbol
 * @param time the bar's start, epoch milliseconds UTC
 * @param open first price
 * @param high highest price
 * @param low lowest price
 * @param close last price
 * @param volume traded quantity
 */
public record Bar(
    long seq,
    String symbol,
    long time,
    double open,
    double high,
    double low,
    double close,
    double volume)
    implements Event {
  /**
   * The bar's start as an instant.
   *
   * @return the start
   */
  public Instant start() {
    return Instant.ofEpochMilli(time);
  }
}
