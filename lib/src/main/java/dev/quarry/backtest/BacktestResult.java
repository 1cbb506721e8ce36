package dev.quarry.backtest;

import java.util.Map;
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
 * @param settings what was run (strategy, parameters, symbols, range, fill, fees …), in a fixed
 *     order, as text
 * @param trades the trades table
 * @param orders the orders table
 * @param equity the equity curve
 * @param metrics the summary figures
 */
public record BacktestResult(
    Map<String, String> settings, Table trades, Table orders, Table equity, Metrics metrics) {}
