package dev.quarry.backtest;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;

/**
 * What a backtest produced, as Tablesaw tables.
 *
 * <ul>
 *   <li>{@code trades}: {@code entry_time, exit_time, side, quantity, entry_price, exit_price,
 *       fees, pnl, strategy, symbol}: one row per round trip (lots are closed first in, first out);
 *       a position still open at the end has empty exit fields and its unrealised pnl;
 *   <li>{@code orders}: {@code id, time, strategy, symbol, side, type, quantity, limit_price,
 *       status, fill_time, fill_price, fill_quantity, fee, reason, stop_price}: {@code type} is
 *       {@code market}, {@code limit}, {@code stop} or {@code stop-limit}, {@code status} {@code
 *       filled}, {@code rejected}, {@code cancelled}, {@code expired} or {@code unfilled};
 *   <li>{@code equity}: {@code timestamp, equity, cash, position, strategy}: for each time a bar
 *       closes, one row per strategy's sub-account (or one row named {@code shared} when the
 *       strategies share their cash), after the bars closing then; {@code timestamp} is the start
 *       of the base-timeframe bar closing then, {@code position} the market value of the open
 *       positions. {@link #totalEquity()} sums the sub-accounts: the run's equity.
 * </ul>
 *
 * <p>A backtest's tables and metrics are built from the engine's records when first asked for (a
 * million-row equity table takes longer to build than the backtest takes to run); each call returns
 * the same table.
 */
public final class BacktestResult {
  private final Map<String, String> settings;
  private final Lazy<Table> trades;
  private final Lazy<Table> orders;
  private final Lazy<Table> equity;
  private final Lazy<Metrics> metrics;
  private Supplier<Metrics.Inputs> inputs;
  private Supplier<Prices> prices;

  /**
   * The closes of the run's first symbol, for the report's price chart.
   *
   * @param symbol the symbol
   * @param time each bar's start, epoch ms
   * @param close each bar's close
   */
  record Prices(String symbol, long[] time, double[] close) {}

  /**
   * A result from ready tables.
   *
   * @param settings what was run (strategy, parameters, symbols, range, fill, fees …), in a fixed
   *     order, as text
   * @param trades the trades table
   * @param orders the orders table
   * @param equity the equity curve
   * @param metrics the summary figures
   */
  public BacktestResult(
      Map<String, String> settings, Table trades, Table orders, Table equity, Metrics metrics) {
    this(settings, () -> trades, () -> orders, () -> equity, () -> metrics);
    Objects.requireNonNull(trades, "trades");
    Objects.requireNonNull(orders, "orders");
    Objects.requireNonNull(equity, "equity");
    Objects.requireNonNull(metrics, "metrics");
  }

  BacktestResult(
      Map<String, String> settings,
      Supplier<Table> trades,
      Supplier<Table> orders,
      Supplier<Table> equity,
      Supplier<Metrics> metrics) {
    this.settings =
        java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(Objects.requireNonNull(settings, "settings")));
    this.trades = new Lazy<>(trades);
    this.orders = new Lazy<>(orders);
    this.equity = new Lazy<>(equity);
    this.metrics = new Lazy<>(metrics);
  }

  /** Keeps what the metrics are computed from (a simulated run's), for stitching runs. */
  BacktestResult withInputs(Supplier<Metrics.Inputs> from) {
    inputs = from;
    return this;
  }

  /** Keeps the first symbol's closes, for the report's price chart. */
  BacktestResult withPrices(Supplier<Prices> from) {
    prices = from;
    return this;
  }

  /** The first symbol's closes; null for a result built from ready tables. */
  Prices prices() {
    return prices == null ? null : prices.get();
  }

  /** What the metrics were computed from; null for a result built from ready tables. */
  Metrics.Inputs inputs() {
    return inputs == null ? null : inputs.get();
  }

  /**
   * What was run, in a fixed order.
   *
   * @return setting → value
   */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * The trades table.
   *
   * @return the table
   */
  public Table trades() {
    return trades.get();
  }

  /**
   * The orders table.
   *
   * @return the table
   */
  public Table orders() {
    return orders.get();
  }

  /**
   * The equity curve.
   *
   * @return the table
   */
  public Table equity() {
    return equity.get();
  }

  /**
   * The run's equity curve: {@link #equity()} with the rows of each time summed over the
   * sub-accounts, one row per time ({@code timestamp, equity, cash, position}). With one strategy
   * it is the equity table without its {@code strategy} column.
   *
   * @return a new table
   */
  public Table totalEquity() {
    Table e = equity();
    tech.tablesaw.api.InstantColumn time = e.instantColumn("timestamp");
    double[] eq = e.doubleColumn("equity").asDoubleArray();
    double[] cash = e.doubleColumn("cash").asDoubleArray();
    double[] pos = e.doubleColumn("position").asDoubleArray();
    long[] t = dev.quarry.bars.Bars.epochMillis(time);
    tech.tablesaw.api.InstantColumn outTime = tech.tablesaw.api.InstantColumn.create("timestamp");
    tech.tablesaw.api.DoubleColumn outEq = tech.tablesaw.api.DoubleColumn.create("equity");
    tech.tablesaw.api.DoubleColumn outCash = tech.tablesaw.api.DoubleColumn.create("cash");
    tech.tablesaw.api.DoubleColumn outPos = tech.tablesaw.api.DoubleColumn.create("position");
    int i = 0;
    while (i < t.length) {
      double sumEq = 0;
      double sumCash = 0;
      double sumPos = 0;
      int j = i;
      for (; j < t.length && t[j] == t[i]; j++) {
        sumEq += eq[j];
        sumCash += cash[j];
        sumPos += pos[j];
      }
      outTime.append(time.get(i));
      outEq.append(sumEq);
      outCash.append(sumCash);
      outPos.append(sumPos);
      i = j;
    }
    return Table.create("equity", outTime, outEq, outCash, outPos);
  }

  /**
   * The first fact of a run: how buy and hold of its symbols did beside the strategy, e.g. {@code
   * BTC-USD rose 23.72 % while the strategy lost 18.16 % (excess return -41.88 %).}
   *
   * @return the sentence, empty without bars
   */
  public String headline() {
    String h = Report.headline(settings(), metrics());
    return h == null ? "" : h;
  }

  /**
   * The summary figures.
   *
   * @return the metrics
   */
  public Metrics metrics() {
    return metrics.get();
  }

  @Override
  public String toString() {
    return "BacktestResult" + settings + " " + metrics();
  }

  /** A value computed once, on first use. */
  private static final class Lazy<T> {
    private Supplier<T> supplier;
    private T value;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    synchronized T get() {
      if (supplier != null) {
        value = supplier.get();
        supplier = null;
      }
      return value;
    }
  }
}
