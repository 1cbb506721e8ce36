package dev.quarry.backtest;

/**
 * How the executor sizes a buy that does not name its quantity.
 *
 * <ul>
 *   <li>{@link #fixed(double)}: always that quantity;
 *   <li>{@link #fractionOfEquity(double)}: spend {@code fraction × equity} (equity = cash + open
 *       positions at their last price), but never more than the cash: quantity = min(fraction ×
 *       equity, cash) / (fill price × (1 + fee rate)), so that cost plus fee fit.
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
   * Parses {@code fraction:F} or {@code quantity:Q}, as the {@code --size} option takes it.
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
    throw new IllegalArgumentException(
        "size '" + text + "' is not fraction:F (of equity, e.g. fraction:0.5) or quantity:Q");
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
}
