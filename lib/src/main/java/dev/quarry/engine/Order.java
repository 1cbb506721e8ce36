package dev.quarry.engine;

/**
 * An order as the executor settled it, published when it is filled, rejected or left unfilled at
 * the end; also a row of the orders table.
 *
 * @param id numbered from 1 in submission order
 * @param strategy the strategy that asked for it
 * @param time the start of the bar it was asked on, epoch milliseconds UTC
 * @param symbol the symbol
 * @param side buy or sell
 * @param type market or limit
 * @param quantity the quantity asked for, {@code NaN} if sized by the executor
 * @param limitPrice the limit price, {@code NaN} for a market order
 * @param status what happened to it
 * @param reason why it was rejected or left unfilled, empty otherwise
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
    Status status,
    String reason)
    implements Event {
  /** What happened to an order. */
  public enum Status {
    /** Filled in full. */
    FILLED,
    /** Refused: the account could not fund it or holds too little to sell. */
    REJECTED,
    /** Still waiting when the data ended (a limit never reached, a next-open after the end). */
    UNFILLED;

    /**
     * The lower-case name used in result tables.
     *
     * @return {@code filled}, {@code rejected} or {@code unfilled}
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
