package dev.quarry.store;

import java.util.Objects;

/**
 * One bar that breaks an OHLCV rule.
 *
 * @param row 0-based row index in the table being written
 * @param column the column at fault
 * @param rule the rule, e.g. {@code high >= max(open, close)}
 * @param value the offending value and its context, as text
 */
public record Violation(int row, String column, String rule, String value) {
  /** Validates the fields. */
  public Violation {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "row " + row + ", column " + column + ", rule " + rule + ": " + value;
  }
}
