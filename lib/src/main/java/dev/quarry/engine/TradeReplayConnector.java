package dev.quarry.engine;

import dev.quarry.bars.Bars;
import dev.quarry.data.CsvFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * Replays the trades of one symbol as {@link MarketData.Trade}s, in time order, then says {@link
 * MarketData.SourceDone}. Each {@code execute} step publishes up to {@code tradesPerStep} trades.
 * The aggregator builds bars from them ({@link MergingAggregator.Builder#trades}).
 *
 * <pre>{@code
 * Connector btc = TradeReplayConnector.fromCsv(Path.of("btc-trades.csv"), "BTC-USD");
 * Aggregator merge =
 *     MergingAggregator.builder().trades(btc.name(), Duration.ofMinutes(1)).build();
 * }</pre>
 */
public final class TradeReplayConnector implements Connector {
  private static final List<String> COLUMNS = List.of(Bars.TIMESTAMP, Bars.PRICE, Bars.AMOUNT);

  private final String name;
  private final String symbol;
  private final long[] time;
  private final double[] price;
  private final double[] amount;
  private final int tradesPerStep;
  private int next;

  /**
   * Replays a trades table ({@code timestamp, price, amount}, in time order; equal times keep their
   * order).
   *
   * @param name the connector's name, unique in the engine
   * @param symbol the symbol of the trades
   * @param trades the trades
   * @param tradesPerStep trades published per step, at least 1
   * @throws IllegalArgumentException if the table lacks a column, has a missing time or is not in
   *     time order
   */
  public TradeReplayConnector(String name, String symbol, Table trades, int tradesPerStep) {
    this.name = Objects.requireNonNull(name, "name");
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    if (tradesPerStep < 1) {
      throw new IllegalArgumentException("tradesPerStep must be at least 1, got " + tradesPerStep);
    }
    this.tradesPerStep = tradesPerStep;
    for (String column : COLUMNS) {
      if (!trades.containsColumn(column)) {
        throw new IllegalArgumentException(
            "trades of " + symbol + " have no column '" + column + "'; they need " + COLUMNS);
      }
    }
    InstantColumn t = trades.instantColumn(Bars.TIMESTAMP);
    try {
      time = Bars.epochMillis(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trades of " + symbol + ": " + e.getMessage(), e);
    }
    for (int i = 1; i < time.length; i++) {
      if (time[i] < time[i - 1]) {
        throw new IllegalArgumentException(
            "trades of "
                + symbol
                + " are not in time order at row "
                + i
                + " ("
                + t.get(i)
                + " after "
                + t.get(i - 1)
                + ")");
      }
    }
    price = trades.doubleColumn(Bars.PRICE).asDoubleArray();
    amount = trades.doubleColumn(Bars.AMOUNT).asDoubleArray();
  }

  /**
   * Replays a trades CSV file ({@code timestamp,price,amount}; timestamps ISO-8601 or epoch seconds
   * or milliseconds, as {@link CsvFiles#readTrades(Path, java.util.function.LongConsumer)} reads
   * them), named after the file, 1,024 trades per step.
   *
   * @param file the CSV
   * @param symbol the symbol of its trades
   * @return the connector
   * @throws IllegalArgumentException if the file is missing or unreadable, naming file, line and
   *     column if it is malformed, or if its trades are not in time order
   */
  public static TradeReplayConnector fromCsv(Path file, String symbol) {
    Table trades = CsvFiles.readTrades(file, bytes -> {});
    return new TradeReplayConnector(file.getFileName().toString(), symbol, trades, 1024);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * How many trades the connector replays.
   *
   * @return the count
   */
  public int size() {
    return time.length;
  }

  @Override
  public Progress execute(TaskContext context) {
    int end = Math.min(time.length, next + tradesPerStep);
    for (; next < end; next++) {
      context.publish(new MarketData.Trade(name, symbol, time[next], price[next], amount[next]));
    }
    if (next < time.length) {
      return Progress.MORE;
    }
    context.publish(new MarketData.SourceDone(name));
    return Progress.DONE;
  }
}
