package dev.quarry.engine;

/** Which way an order goes. */
public enum Side {
  /** Buy: opens or adds to a long position, or covers a short one. */
  BUY,
  /** Sell: reduces or closes a long position, or sells short. */
  SELL;

  /**
   * The lower-case name used in result tables: {@code buy} or {@code sell}.
   *
   * @return the label
   */
  public String label() {
    return this == BUY ? "buy" : "sell";
  }
}
