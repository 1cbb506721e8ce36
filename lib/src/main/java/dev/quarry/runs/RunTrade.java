package dev.quarry.runs;

import java.time.Instant;

/**
 * A trade of a recorded run: a row of its {@code trades.csv}.
 *
 * @param id the history's number for the trade
 * @param run the {@link BacktestRun#id()} it belongs to
 * @param symbol the symbol
 * @param side {@code long}
 * @param quantity the quantity
 * @param entryTime the entry fill's bar start
 * @param exitTime the exit fill's bar start, null while open
 * @param entryPrice the entry price
 * @param exitPrice the exit price, null while open
 * @param fees the fees
 * @param pnl the pnl (unrealised while open)
 * @param createdAt when it was recorded
 * @param updatedAt when it was last changed
 */
public record RunTrade(
    long id,
    long run,
    String symbol,
    String side,
    double quantity,
    Instant entryTime,
    Instant exitTime,
    double entryPrice,
    Double exitPrice,
    double fees,
    double pnl,
    Instant createdAt,
    Instant updatedAt) {}
