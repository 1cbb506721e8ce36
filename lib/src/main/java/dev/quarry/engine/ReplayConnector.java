package dev.quarry.engine;

import dev.quarry.bars.Bars;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.time.Instant;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * Replays stored bars of one symbol in time order, then says {@link MarketData.SourceDone}. Each
 * {@code execute} step publishes up to {@code barsPerStep} bars as one {@link MarketData.BarBatch}
 * (a slice of the columns, copied once when the connector is made).
 */
public final class ReplayConnector implements Connector {
  private final String name;
  private final String symbol;
  private final long[] time;
  private final double[] open;
  private final double[] high;
  private final double[] low;
  private final double[] close;
  private final double[] volume;
  private final int barsPerStep;
  private int next;

  /**
   * Replays a bar table ({@code timestamp, open, high, low, close, volume}, sorted by time).
   *
   * @param name the connector's name, unique in the engine
   * @param symbol the symbol of the bars
   * @param bars the bars
   * @param barsPerStep bars published per step, at least 1
   * @throws IllegalArgumentException if the table lacks a bar column or is not in time order
   */
  public ReplayConnector(String name, String symbol, Table bars, int barsPerStep) {
    this.name = Objects.requireNonNull(name, "name");
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    if (barsPerStep < 1) {
      throw new IllegalArgumentException("barsPerStep must be at least 1, got " + barsPerStep);
    }
    this.barsPerStep = barsPerStep;
    for (String column : Bars.COLUMNS) {
      if (!bars.containsColumn(column)) {
        throw new IllegalArgumentException(
            "bars of " + symbol + " have no column '" + column + "'; they need " + Bars.COLUMNS);
      }
    }
    InstantColumn t = bars.instantColumn(Bars.TIMESTAMP);
    int n = bars.rowCount();
    try {
      time = Bars.epochMillis(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bars of " + symbol + ": " + e.getMessage(), e);
    }
    for (int i = 1; i < n; i++) {
      if (time[i] <= time[i - 1]) {
        throw new IllegalArgumentException(
            "bars of "
                + symbol
                + " are not in strictly increasing time order at row "
                + i
                + " ("
                + t.get(i)
                + " after "
                + t.get(i - 1)
                + ")");
      }
    }
    open = values(bars, Bars.OPEN);
    high = values(bars, Bars.HIGH);
    low = values(bars, Bars.LOW);
    close = values(bars, Bars.CLOSE);
    volume = values(bars, Bars.VOLUME);
  }

  /**
   * Replays a dataset of the store over {@code [from, to)}, named after the dataset.
   *
   * @param store the store
   * @param dataset the dataset
   * @param from first instant included
   * @param to first instant excluded
   * @return the connector
   */
  public static ReplayConnector fromStore(
      BarStore store, DatasetId dataset, Instant from, Instant to) {
    return new ReplayConnector(
        dataset.toString(), dataset.symbol(), store.read(dataset, from, to), 1024);
  }

  private static double[] values(Table bars, String column) {
    DoubleColumn c = bars.doubleColumn(column);
    return c.asDoubleArray();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * How many bars the connector replays.
   *
   * @return the count
   */
  public int size() {
    return time.length;
  }

  @Override
  public Progress execute(TaskContext context) {
    int end = Math.min(time.length, next + barsPerStep);
    if (next < end) {
      context.publish(
          new MarketData.BarBatch(name, symbol, time, open, high, low, close, volume, next, end));
      next = end;
    }
    if (next < time.length) {
      return Progress.MORE;
    }
    context.publish(new MarketData.SourceDone(name));
    return Progress.DONE;
  }
}
