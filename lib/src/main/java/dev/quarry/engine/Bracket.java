package dev.quarry.engine;

/**
 * The exits attached to an entry (SPEC §11): a stop-loss, a take-profit and a trailing stop, each
 * optional, one-cancels-other. Each is a {@link Distance} from the entry price; a trailing stop is
 * a percent or an ATR multiple.
 *
 * @param stopLoss the stop-loss, or null
 * @param takeProfit the take-profit, or null
 * @param trailingStop the trailing stop (percent or ATR multiple), or null
 */
public record Bracket(Distance stopLoss, Distance takeProfit, Distance trailingStop) {
  /** No exits. */
  public static final Bracket NONE = new Bracket(null, null, null);

  /**
   * Checks the trailing stop's kind.
   *
   * @throws IllegalArgumentException for a trailing stop given as a price distance
   */
  public Bracket {
    if (trailingStop != null && trailingStop.kind() == Distance.Kind.PRICE) {
      throw new IllegalArgumentException(
          "a trailing stop is a percent (3%) or an ATR multiple (2atr), not a price distance ("
              + trailingStop.label()
              + ")");
    }
  }

  /**
   * Whether it has no exit.
   *
   * @return true without stop-loss, take-profit and trailing stop
   */
  public boolean isEmpty() {
    return stopLoss == null && takeProfit == null && trailingStop == null;
  }

  /**
   * Whether one of its exits is an ATR multiple.
   *
   * @return true if ATR(14) at entry is needed
   */
  public boolean needsAtr() {
    return isAtr(stopLoss) || isAtr(takeProfit) || isAtr(trailingStop);
  }

  private static boolean isAtr(Distance d) {
    return d != null && d.kind() == Distance.Kind.ATR;
  }

  /**
   * A copy with this stop-loss.
   *
   * @param distance the stop-loss, or null for none
   * @return the copy
   */
  public Bracket withStopLoss(Distance distance) {
    return new Bracket(distance, takeProfit, trailingStop);
  }

  /**
   * A copy with this take-profit.
   *
   * @param distance the take-profit, or null for none
   * @return the copy
   */
  public Bracket withTakeProfit(Distance distance) {
    return new Bracket(stopLoss, distance, trailingStop);
  }

  /**
   * A copy with this trailing stop.
   *
   * @param distance the trailing stop, a percent or ATR multiple, or null for none
   * @return the copy
   */
  public Bracket withTrailingStop(Distance distance) {
    return new Bracket(stopLoss, takeProfit, distance);
  }

  /**
   * The exits in words, e.g. {@code stop-loss 2%, take-profit 4%}; {@code none} when empty.
   *
   * @return the text
   */
  public String label() {
    StringBuilder b = new StringBuilder();
    append(b, "stop-loss", stopLoss);
    append(b, "take-profit", takeProfit);
    append(b, "trailing-stop", trailingStop);
    return b.length() == 0 ? "none" : b.toString();
  }

  private static void append(StringBuilder b, String name, Distance d) {
    if (d != null) {
      b.append(b.length() == 0 ? "" : ", ").append(name).append(' ').append(d.label());
    }
  }
}
