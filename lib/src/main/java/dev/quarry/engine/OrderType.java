package dev.quarry.engine;

/** How an order is priced. */
public enum OrderType {
  /** At the market: at the fill price the executor's fill timing gives, with slippage. */
  MARKET,
  /** At the limit price or better, when a bar trades through it; no slippage. */
  LIMIT;

  /**
   * The lower-case name used in result tables: {@code market} or {@code limit}.
   *
   * @return the label
   */
  public String label() {
    return this == MARKET ? "market" : "limit";
  }
}
