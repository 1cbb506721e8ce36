package dev.quarry.engine;

/** Raw data from a connector, for the aggregator. */
public sealed interface MarketData extends Event
    permits MarketData.RawBar, MarketData.BarBatch, MarketData.Trade, MarketData.SourceDone {
  /**
   * The connector that produced it.
   *
   * @return the connector's name
   */
  String source();

  /**
   * A bar as a connector read it.
   *
   * @param source the connector's name
   * @param symbol the symbol
   * @param time the bar's start, epoch milliseconds UTC
   * @param open first price
   * @param high highest price
   * @param low lowest price
   * @param close last price
   * @param volume traded quantity
   */
  record RawBar(
      String source,
      String symbol,
      long time,
      double open,
      double high,
      double low,
      double close,
      double volume)
      implements MarketData {}

  /**
   * Bars {@code from} (included) to {@code to} (excluded) of a connector's column arrays, in time
   * order: one event for many bars, so replaying stored bars costs no event per bar. The arrays are
   * shared, not copied: nobody may change them once published.
   *
   * @param source the connector's name
   * @param symbol the symbol
   * @param time bar starts, epoch milliseconds UTC
   * @param open first prices
   * @param high highest prices
   * @param low lowest prices
   * @param close last prices
   * @param volume traded quantities
   * @param from first index included
   * @param to first index excluded, greater than {@code from}
   */
  record BarBatch(
      String source,
      String symbol,
      long[] time,
      double[] open,
      double[] high,
      double[] low,
      double[] close,
      double[] volume,
      int from,
      int to)
      implements MarketData {
    /** Checks the slice. */
    public BarBatch {
      int n = time.length;
      if (open.length != n
          || high.length != n
          || low.length != n
          || close.length != n
          || volume.length != n) {
        throw new IllegalArgumentException("a bar batch's columns differ in length");
      }
      if (from < 0 || to > n || from >= to) {
        throw new IllegalArgumentException(
            "a bar batch holds bars [" + from + ", " + to + ") of " + n + ": not a slice");
      }
    }
  }

  /**
   * A trade as a connector read it, for the aggregator to build bars from.
   *
   * @param source the connector's name
   * @param symbol the symbol
   * @param time the trade's time, epoch milliseconds UTC
   * @param price the price
   * @param amount the traded quantity
   */
  record Trade(String source, String symbol, long time, double price, double amount)
      implements MarketData {}

  /**
   * A connector has no more data.
   *
   * @param source the connector's name
   */
  record SourceDone(String source) implements MarketData {}
}
