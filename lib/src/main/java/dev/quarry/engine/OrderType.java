package dev.quarry.engine;

/**
 * How an order is priced. The fill rules are those of SPEC §11, on the bar's open, high and low.
 */
public enum OrderType {
  /** At the market: at the fill price the executor's fill timing gives. */
  MARKET("market"),
  /** At the limit price or better, when a bar trades through it. */
  LIMIT("limit"),
  /** Becomes a market order when a bar trades through the stop price: at the stop or the open. */
  STOP("stop"),
  /** Becomes a limit order at its limit price when a bar trades through its stop price. */
  STOP_LIMIT("stop-limit");

  private final String label;

  OrderType(String label) {
    this.label = label;
  }

  /**
   * The lower-case name used in result tables: {@code market}, {@code limit}, {@code stop} or
   * {@code stop-limit}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Whether orders of this type carry a limit price.
   *
   * @return true for limit and stop-limit
   */
  public boolean hasLimit() {
    return this == LIMIT || this == STOP_LIMIT;
  }

  /**
   * Whether orders of this type carry a stop price.
   *
   * @return true for stop and stop-limit
   */
  public boolean hasStop() {
    return this == STOP || this == STOP_LIMIT;
  }
}
