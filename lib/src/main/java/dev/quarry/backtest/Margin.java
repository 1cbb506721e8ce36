package dev.quarry.backtest;

/**
 * The margin rule of SPEC §11: an order is rejected when, after its fill, the gross exposure Σ
 * |quantity × price| of its cash balance's positions would exceed equity × leverage, where equity =
 * cash + Σ quantity × price (short quantities negative).
 *
 * <p>With net value V = Σ quantity × price and short value S = Σ over shorts |quantity × price|,
 * gross exposure = V + 2S and equity = cash + V, so the rule reads 2S &gt; cash + (leverage − 1) ×
 * equity. Written this way, with leverage 1 and no short it is exactly "the cash after the fill
 * would be negative", bit for bit: a long-only run gives the results it gave before shorts.
 *
 * <p>An order that only reduces or closes its position (without reversing it) is not checked: a
 * short that lost past the limit can always be covered, a long always sold.
 */
final class Margin {
  private Margin() {}

  /**
   * Why a fill breaks the rule, or null when it does not.
   *
   * @param shorts S after the fill
   * @param value V after the fill
   * @param cashAfter the cash after the fill (proceeds in, cost and fee out)
   * @param leverage the leverage
   * @param buyCost cost plus fee of a buy, NaN for a sell (for the message)
   * @param cash the cash before the fill (for the message)
   */
  static String breach(
      double shorts, double value, double cashAfter, double leverage, double buyCost, double cash) {
    double equity = cashAfter + value;
    if (!(2 * shorts > cashAfter + (leverage - 1) * equity)) {
      return null;
    }
    if (shorts == 0 && leverage == 1 && !Double.isNaN(buyCost)) {
      return "costs " + buyCost + " with the fee, more than the cash (" + cash + ")";
    }
    return "after the fill the gross exposure would be "
        + (value + 2 * shorts)
        + ", more than equity "
        + equity
        + " × leverage "
        + leverage;
  }
}
