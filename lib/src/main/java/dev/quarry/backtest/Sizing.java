package dev.quarry.backtest;

/**
 * How the executor sizes an order that does not name its quantity ({@code buy()}, {@code
 * sellShort()}), at its fill price P (SPEC §11). Equity E is cash + open positions at their current
 * price; buying power is E × leverage − the gross exposure already held; "the quantity a budget
 * buys" is the largest quantity whose value plus commission fits in it.
 *
 * <ul>
 *   <li>{@link #fixed(double)}: always that quantity;
 *   <li>{@link #fractionOfEquity(double)}: the quantity min(fraction × E, buying power) buys (with
 *       leverage 1 and no short, buying power is the cash: quantity = min(fraction × E, cash) / (P
 *       × (1 + fee rate)) with bps commissions);
 *   <li>{@link #targetWeight(double)}: the position is brought to weight × E (a short one to
 *       −weight × E): what is missing, as the quantity that value buys; nothing missing rejects the
 *       order;
 *   <li>{@link #risk(double)}: the quantity whose loss at the stop-loss is fraction × E: fraction ×
 *       E / |P − stop level|, at most what the buying power buys; the stop-loss is the order's, or
 *       the settings' exits'; without one the order is rejected.
 * </ul>
 */
public sealed interface Sizing {
  /**
   * A fixed quantity.
   *
   * @param quantity positive
   * @return the sizing
   */
  static Sizing fixed(double quantity) {
    return new Fixed(quantity);
  }

  /**
   * A fraction of equity.
   *
   * @param fraction in (0, 1]
   * @return the sizing
   */
  static Sizing fractionOfEquity(double fraction) {
    return new FractionOfEquity(fraction);
  }

  /**
   * Bring the position to a weight of equity.
   *
   * @param weight in (0, 10]: 0.5 holds half the equity in the symbol
   * @return the sizing
   */
  static Sizing targetWeight(double weight) {
    return new TargetWeight(weight);
  }

  /**
   * Risk a fraction of equity down to the stop-loss.
   *
   * @param fraction in (0, 1]: 0.01 loses 1 % of equity if the stop-loss is hit
   * @return the sizing
   */
  static Sizing risk(double fraction) {
    return new Risk(fraction);
  }

  /**
   * Parses {@code fraction:F}, {@code quantity:Q}, {@code target:W} or {@code risk:R}, as the
   * {@code --size} option takes it.
   *
   * @param text the text
   * @return the sizing
   * @throws IllegalArgumentException with the accepted forms
   */
  static Sizing parse(String text) {
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "" : text.substring(0, colon);
    double value;
    try {
      value = Double.parseDouble(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (kind.equals("fraction") && !Double.isNaN(value)) {
      return fractionOfEquity(value);
    }
    if (kind.equals("quantity") && !Double.isNaN(value)) {
      return fixed(value);
    }
    if (kind.equals("target") && !Double.isNaN(value)) {
      return targetWeight(value);
    }
    if (kind.equals("risk") && !Double.isNaN(value)) {
      return risk(value);
    }
    throw new IllegalArgumentException(
        "size '"
            + text
            + "' is not fraction:F (of equity, e.g. fraction:0.5), quantity:Q, target:W (a weight"
            + " of equity, e.g. target:0.5) or risk:R (of equity lost at the stop-loss, e.g."
            + " risk:0.01)");
  }

  /**
   * The text {@link #parse} reads back.
   *
   * @return e.g. {@code fraction:1.0}
   */
  String label();

  /**
   * Always the same quantity.
   *
   * @param quantity positive
   */
  record Fixed(double quantity) implements Sizing {
    /** Checks the quantity. */
    public Fixed {
      if (!(quantity > 0 && Double.isFinite(quantity))) {
        throw new IllegalArgumentException("a fixed size must be positive, got " + quantity);
      }
    }

    @Override
    public String label() {
      return "quantity:" + quantity;
    }
  }

  /**
   * A fraction of equity, capped by the cash.
   *
   * @param fraction in (0, 1]
   */
  record FractionOfEquity(double fraction) implements Sizing {
    /** Checks the fraction. */
    public FractionOfEquity {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "a fraction of equity must be in (0, 1], got " + fraction);
      }
    }

    @Override
    public String label() {
      return "fraction:" + fraction;
    }
  }

  /**
   * Bring the position to a weight of equity.
   *
   * @param weight in (0, 10]
   */
  record TargetWeight(double weight) implements Sizing {
    /** Checks the weight. */
    public TargetWeight {
      if (!(weight > 0 && weight <= 10)) {
        throw new IllegalArgumentException("a target weight must be in (0, 10], got " + weight);
      }
    }

    @Override
    public String label() {
      return "target:" + weight;
    }
  }

  /**
   * Risk a fraction of equity down to the stop-loss.
   *
   * @param fraction in (0, 1]
   */
  record Risk(double fraction) implements Sizing {
    /** Checks the fraction. */
    public Risk {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "the risk per trade must be a fraction of equity in (0, 1], got " + fraction);
      }
    }

    @Override
    public String label() {
      return "risk:" + fraction;
    }
  }
}
