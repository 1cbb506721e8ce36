package dev.quarry.store;

import java.util.List;

/** Bars broke the OHLCV rules; nothing was written. Lists every violation. */
public final class BarValidationException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** How many violations the message spells out. */
  static final int SHOWN = 20;

  /** A list of plain records; not needed after serialisation. */
  private final transient List<Violation> violations;

  BarValidationException(String where, List<Violation> violations) {
    super(message(where, violations));
    this.violations = List.copyOf(violations);
  }

  /**
   * Returns every violation found, in row order.
   *
   * @return the violations
   */
  public List<Violation> violations() {
    return violations;
  }

  private static String message(String where, List<Violation> violations) {
    StringBuilder text =
        new StringBuilder()
            .append(where)
            .append(": ")
            .append(violations.size())
            .append(violations.size() == 1 ? " violation" : " violations")
            .append(" of the OHLCV rules; nothing was written. Fix the data (or, for rows that")
            .append(" repeat stored ones, use deduplicate or mode upsert):");
    for (int i = 0; i < Math.min(SHOWN, violations.size()); i++) {
      text.append("\n  ").append(violations.get(i));
    }
    if (violations.size() > SHOWN) {
      text.append("\n  … and ").append(violations.size() - SHOWN).append(" more");
    }
    return text.toString();
  }
}
