package dev.quarry.engine;

/** Raw data from a connector, for the aggregator. */
public sealed interface MarketData extends Event
    permits MarketData.RawBar, MarketData.Trade, MarketData.SourceDone {
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
