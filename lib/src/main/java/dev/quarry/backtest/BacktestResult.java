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
 *       fees, pnl, symbol}: one row per round trip (lots are closed first in, first out); a
 *       position still open at the end has empty exit fields and its unrealised pnl;
 *   <li>{@code orders}: {@code id, time, strategy, symbol, side, type, quantity, limit_price,
 *       status, fill_time, fill_price, fill_quantity, fee, reason};
 *   <li>{@code equity}: {@code timestamp, equity, cash, position}: one row per bar time, after the
 *       bars of that time; {@code position} is the market value of the open positions.
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
