package dev.quarry.backtest;

/**
 * What a fill costs (SPEC §11): commissions, combinable, and the price moved against the order.
 *
 * <ul>
 *   <li>commission = {@code feeBps} / 10,000 × quantity × fill price + max({@code perUnit} ×
 *       quantity, {@code minimum}) + {@code perOrder}, paid in cash on every fill; the minimum is
 *       that of the per-unit part (as brokers that charge per share do), so it needs a per-unit
 *       rate;
 *   <li>slippage and half-spread: every fill is ({@code slippageBps} + {@code halfSpreadBps}) /
 *       10,000 worse than the price its rule gives (a buy pays price × (1 + s), a sell receives
 *       price × (1 − s)); the difference × quantity is the fill's slippage cost.
 * </ul>
 *
 * <p>Each fill records its commission ({@code fee}) and slippage cost ({@code slippage}) in the
 * orders table; the metrics report the totals.
 *
 * @param feeBps commission in basis points of the filled value, in [0, 10000)
 * @param perUnit commission per unit filled, ≥ 0
 * @param minimum the least per-unit commission of a fill, ≥ 0 (needs {@code perUnit} &gt; 0)
 * @param perOrder commission per fill, ≥ 0
 * @param slippageBps slippage of every fill, basis points, in [0, 10000)
 * @param halfSpreadBps half the bid-ask spread, basis points, paid on every fill, ≥ 0
 */
public record Costs(
    double feeBps,
    double perUnit,
    double minimum,
    double perOrder,
    double slippageBps,
    double halfSpreadBps) {
  /** No costs at all. */
  public static final Costs NONE = new Costs(0, 0, 0, 0, 0, 0);

  /** Checks the costs. */
  public Costs {
    if (!(feeBps >= 0 && feeBps < 10_000)) {
      throw new IllegalArgumentException("fee must be in [0, 10000) basis points, got " + feeBps);
    }
    if (!(slippageBps >= 0 && slippageBps < 10_000)) {
      throw new IllegalArgumentException(
          "slippage must be in [0, 10000) basis points, got " + slippageBps);
    }
    if (!(halfSpreadBps >= 0 && slippageBps + halfSpreadBps < 10_000)) {
      throw new IllegalArgumentException(
          "the half-spread must be ≥ 0 basis points, and with the slippage under 10000, got "
              + halfSpreadBps);
    }
    for (double v : new double[] {perUnit, minimum, perOrder}) {
      if (!(v >= 0 && Double.isFinite(v))) {
        throw new IllegalArgumentException(
            "commissions per unit, minimum and per order must be ≥ 0 and finite, got " + v);
      }
    }
    if (minimum > 0 && perUnit == 0) {
      throw new IllegalArgumentException(
          "a minimum commission ("
              + minimum
              + ") is the least of the per-unit commission, and there is none; give a per-unit"
              + " rate, or use the commission per order for a flat fee");
    }
  }

  /**
   * A copy with another commission in basis points.
   *
   * @param bps basis points of the filled value
   * @return the copy
   */
  public Costs withFeeBps(double bps) {
    return new Costs(bps, perUnit, minimum, perOrder, slippageBps, halfSpreadBps);
  }

  /**
   * A copy with a commission per unit and its minimum per fill.
   *
   * @param rate per unit filled
   * @param least the least per-unit commission of a fill (0 for none)
   * @return the copy
   */
  public Costs withPerUnit(double rate, double least) {
    return new Costs(feeBps, rate, least, perOrder, slippageBps, halfSpreadBps);
  }

  /**
   * A copy with a fixed commission per fill.
   *
   * @param amount per fill
   * @return the copy
   */
  public Costs withPerOrder(double amount) {
    return new Costs(feeBps, perUnit, minimum, amount, slippageBps, halfSpreadBps);
  }

  /**
   * A copy with another slippage.
   *
   * @param bps basis points
   * @return the copy
   */
  public Costs withSlippageBps(double bps) {
    return new Costs(feeBps, perUnit, minimum, perOrder, bps, halfSpreadBps);
  }

  /**
   * A copy with a half-spread paid on every fill.
   *
   * @param bps basis points
   * @return the copy
   */
  public Costs withHalfSpreadBps(double bps) {
    return new Costs(feeBps, perUnit, minimum, perOrder, slippageBps, bps);
  }

  /**
   * The commission of a fill.
   *
   * @param quantity the quantity filled, positive
   * @param price the fill price
   * @return bps × value + max(per unit × quantity, minimum) + per order
   */
  public double commission(double quantity, double price) {
    double c = quantity * price * (feeBps / 10_000);
    if (perUnit > 0) {
      c += Math.max(perUnit * quantity, minimum);
    }
    return c + perOrder;
  }

  /**
   * The fraction by which every fill is worse than its rule's price.
   *
   * @return (slippage + half-spread) / 10,000
   */
  double adverse() {
    return (slippageBps + halfSpreadBps) / 10_000;
  }

  /**
   * The largest quantity whose value plus commission at {@code price} fits in {@code budget}.
   *
   * @param budget what may be spent, commission included
   * @param price the fill price
   * @return the quantity, 0 if not even the fixed commissions fit
   */
  double quantityFor(double budget, double price) {
    double rate = feeBps / 10_000;
    double room = budget - perOrder;
    if (!(room > 0)) {
      return 0;
    }
    double q = room / (price * (1 + rate) + perUnit);
    if (perUnit > 0 && perUnit * q < minimum) {
      q = (room - minimum) / (price * (1 + rate));
    }
    while (q > 0 && q * price + commission(q, price) > budget) {
      q = Math.nextDown(q); // rounding must never overspend
    }
    return q > 0 ? q : 0;
  }

  /**
   * Whether it costs something beyond bps commissions and slippage.
   *
   * @return true with a per-unit, per-order or half-spread cost
   */
  boolean hasExtras() {
    return perUnit > 0 || perOrder > 0 || halfSpreadBps > 0;
  }
}
