package dev.quarry.engine;

/**
 * An order filled.
 *
 * @param orderId the order's id
 * @param time the start of the bar it filled on, epoch milliseconds UTC
 * @param symbol the symbol
 * @param side buy or sell
 * @param quantity the quantity filled
 * @param price the fill price, slippage included
 * @param fee the fee paid, in cash
 */
public record Fill(
    long orderId, long time, String symbol, Side side, double quantity, double price, double fee)
    implements Event {}
