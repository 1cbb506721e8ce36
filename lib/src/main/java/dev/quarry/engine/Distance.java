package dev.quarry.engine;

import java.util.Locale;

/**
 * How far an exit sits from the entry price (SPEC §11): a percent of the entry price, an absolute
 * price distance, or a multiple of ATR(14) at entry. A stop-loss 2 % under a long entry at 100 is
 * at 98; a take-profit of 5 (price) above it is at 105; a 2 × ATR trailing stop trails the best
 * price by twice the ATR the symbol had when the position was entered.
 *
 * <pre>{@code
 * Distance.percent(2)   // "2%"
 * Distance.price(150)   // "150"
 * Distance.atr(2)       // "2atr"
 * Distance.parse("3%")
 * }</pre>
 *
 * @param kind what {@code amount} measures
 * @param amount the percent, price distance or ATR multiple, positive and finite
 */
public record Distance(Kind kind, double amount) {
  /** What a distance measures. */
  public enum Kind {
    /** A percent of the entry price (2 means 2 %). */
    PERCENT,
    /** An absolute price distance. */
    PRICE,
    /** A multiple of ATR(14) at entry. */
    ATR
  }

  /** The ATR period of {@link Kind#ATR} distances. */
  public static final int ATR_PERIOD = 14;

  /**
   * Checks the distance.
   *
   * @throws IllegalArgumentException if the kind is missing or the amount is not positive and
   *     finite (or a percent of 100 or more)
   */
  public Distance {
    if (kind == null) {
      throw new IllegalArgumentException("a distance needs a kind: percent, price or atr");
    }
    if (!(amount > 0 && Double.isFinite(amount))) {
      throw new IllegalArgumentException(
          "an exit's distance must be positive and finite, got " + amount);
    }
    if (kind == Kind.PERCENT && amount >= 100) {
      throw new IllegalArgumentException(
          "an exit's distance in percent must be under 100 %, got " + amount + " %");
    }
  }

  /**
   * A percent of the entry price.
   *
   * @param percent e.g. 2 for 2 %, in (0, 100)
   * @return the distance
   */
  public static Distance percent(double percent) {
    return new Distance(Kind.PERCENT, percent);
  }

  /**
   * An absolute price distance.
   *
   * @param amount in the symbol's price unit, positive
   * @return the distance
   */
  public static Distance price(double amount) {
    return new Distance(Kind.PRICE, amount);
  }

  /**
   * A multiple of ATR(14) at entry.
   *
   * @param multiple positive
   * @return the distance
   */
  public static Distance atr(double multiple) {
    return new Distance(Kind.ATR, multiple);
  }

  /**
   * Reads {@code 2%} (percent), {@code 2atr} (ATR multiple) or {@code 150} (price distance), as the
   * {@code backtest} options take them.
   *
   * @param text the text
   * @return the distance
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Distance parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Kind kind = Kind.PRICE;
    if (t.endsWith("%")) {
      kind = Kind.PERCENT;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("atr")) {
      kind = Kind.ATR;
      t = t.substring(0, t.length() - 3);
    }
    double amount;
    try {
      amount = Double.parseDouble(t.trim());
    } catch (NumberFormatException e) {
      amount = Double.NaN;
    }
    if (!(amount > 0 && Double.isFinite(amount)) || (kind == Kind.PERCENT && amount >= 100)) {
      throw new IllegalArgumentException(
          "distance '"
              + text
              + "' is not a percent (2%), an ATR multiple (2atr) or a price distance (150),"
              + " positive"
              + (kind == Kind.PERCENT ? " and under 100 %" : ""));
    }
    return new Distance(kind, amount);
  }

  /**
   * The distance in price units from an entry at {@code price}.
   *
   * @param price the entry price
   * @param atr ATR(14) at entry (used by {@link Kind#ATR} only)
   * @return the distance, NaN for an ATR distance without an ATR
   */
  public double from(double price, double atr) {
    return switch (kind) {
      case PERCENT -> price * amount / 100;
      case PRICE -> amount;
      case ATR -> amount * atr;
    };
  }

  /**
   * The text {@link #parse} reads back.
   *
   * @return e.g. {@code 2%}, {@code 2atr}, {@code 150}
   */
  public String label() {
    String n =
        amount == Math.rint(amount) && Math.abs(amount) < 1e15
            ? Long.toString((long) amount)
            : Double.toString(amount);
    return switch (kind) {
      case PERCENT -> n + "%";
      case PRICE -> n;
      case ATR -> n + "atr";
    };
  }
}
