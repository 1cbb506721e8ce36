package dev.quarry.backtest;

import java.util.Locale;

/**
 * When a market order fills. A strategy decides on a bar once the bar has closed.
 *
 * <ul>
 *   <li>{@link #CLOSE}: at that bar's close; the fill's time is that bar's timestamp (its start);
 *   <li>{@link #NEXT_OPEN}: at the open of the symbol's next bar; the fill's time is that bar's
 *       timestamp. An order placed on the symbol's last bar never fills (it is listed as unfilled).
 * </ul>
 */
public enum FillTiming {
  /** At the signal bar's close. */
  CLOSE,
  /** At the next bar's open. */
  NEXT_OPEN;

  /**
   * The command-line name: {@code close} or {@code next-open}.
   *
   * @return the label
   */
  public String label() {
    return this == CLOSE ? "close" : "next-open";
  }

  /**
   * Parses {@code close} or {@code next-open}.
   *
   * @param text the text
   * @return the timing
   * @throws IllegalArgumentException naming the accepted values
   */
  public static FillTiming parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "close" -> CLOSE;
      case "next-open", "next_open" -> NEXT_OPEN;
      default -> throw new IllegalArgumentException(
          "fill timing '" + text + "' is not one of: close, next-open");
    };
  }
}
