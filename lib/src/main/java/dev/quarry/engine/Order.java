package dev.quarry.engine;

/**
 * An order as the executor settled it, published when it is filled, rejected, cancelled, expired or
 * left unfilled at the end; also a row of the orders table.
 *
 * @param id numbered from 1 in submission order
 * @param strategy the strategy that asked for it
 * @param time the start of the bar it was asked on, epoch milliseconds UTC
 * @param symbol the symbol
 * @param side buy or sell
 * @param type market, limit, stop or stop-limit
 * @param quantity the quantity asked for, {@code NaN} if sized by the executor
 * @param limitPrice the limit price (the last one, if replaced), {@code NaN} without one
 * @param stopPrice the stop price (the last one, if replaced), {@code NaN} without one
 * @param status what happened to it
 * @param reason why it was rejected, cancelled, expired or left unfilled, empty if filled
 */
public record Order(
    long id,
    String strategy,
    long time,
    String symbol,
    Side side,
    OrderType type,
    double quantity,
    double limitPrice,
    double stopPrice,
    Status status,
    String reason)
    implements Event {
  /** What happened to an order. */
  public enum Status {
    /** Filled in full. */
    FILLED,
    /** Refused: the account could not fund it, or it would break the margin or long-only rule. */
    REJECTED,
    /** Still waiting when the data ended (a limit never reached, a next-open after the end). */
    UNFILLED,
    /** Cancelled by its strategy while pending. */
    CANCELLED,
    /** Not filled within the number of bars its strategy gave it. */
    EXPIRED;

    /**
     * The lower-case name used in result tables.
     *
     * @return {@code filled}, {@code rejected}, {@code unfilled}, {@code cancelled} or {@code
     *     expired}
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
