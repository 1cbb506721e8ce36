package dev.quarry.runs;

import java.time.Instant;

/**
 * One backtest run as the history keeps it: what ran, on what data, and its metrics. Metrics that
 * do not exist for a run (no closed trade, a flat curve) are null.
 *
 * @param id the history's number for the run
 * @param runId the run folder's name, e.g. {@code 20261122-090155-sma-cross}
 * @param strategy the strategy's name
 * @param parameters its parameters, {@code name=value} joined by {@code ", "}
 * @param dataset the data, e.g. {@code bitstamp/1m/BTC-USD}
 * @param firstBar the first bar's start
 * @param lastBar the last bar's start
 * @param bars bars processed
 * @param fill fill timing, {@code close} or {@code next-open}
 * @param feeBps fee, basis points
 * @param slippageBps slippage, basis points
 * @param initialCash cash at the start
 * @param totalReturn final equity / initial cash − 1
 * @param cagr compound annual growth rate
 * @param sharpe annualised Sharpe ratio
 * @param maxDrawdown largest drawdown, a fraction
 * @param winRate closed trades with pnl &gt; 0 / closed trades
 * @param tradeCount trades, closed and open
 * @param exposure share of the equity curve with a position
 * @param finalEquity equity at the end
 * @param buyAndHoldReturn buy and hold of the run's symbols over its range, null if unknown (runs
 *     recorded before it was kept)
 * @param excessReturn total return − buy and hold, null if unknown
 * @param sortino the Sortino ratio, null if undefined or unknown
 * @param profitFactor gross profit / gross loss, null if undefined or unknown
 * @param totalCosts fees, slippage and borrow paid, null if unknown
 * @param folder the run folder
 * @param createdAt when it was recorded
 * @param updatedAt when it was last changed
 */
public record BacktestRun(
    long id,
    String runId,
    String strategy,
    String parameters,
    String dataset,
    Instant firstBar,
    Instant lastBar,
    long bars,
    String fill,
    double feeBps,
    double slippageBps,
    double initialCash,
    double totalReturn,
    Double cagr,
    Double sharpe,
    double maxDrawdown,
    Double winRate,
    int tradeCount,
    Double exposure,
    double finalEquity,
    Double buyAndHoldReturn,
    Double excessReturn,
    Double sortino,
    Double profitFactor,
    Double totalCosts,
    String folder,
    Instant createdAt,
    Instant updatedAt) {}
