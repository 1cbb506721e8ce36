package dev.quarry.indicators;

/** Parameter checks shared by the indicators: one wording for every refusal. */
final class ParameterChecks {
  /** TA-Lib's upper bound for a period (its {@code optInTimePeriod} range ends at 100000). */
  static final int MAX_PERIOD = 100_000;

  private ParameterChecks() {}

  /**
   * Checks a period against min..{@link #MAX_PERIOD}.
   *
   * @param indicator the indicator's name, e.g. {@code WilliamsR}
   * @param parameter the parameter's name, e.g. {@code period}
   * @param value the value given
   * @param min the smallest value allowed
   * @return the value
   * @throws IllegalArgumentException naming the indicator, parameter, value and allowed range
   */
  static int period(String indicator, String parameter, int value, int min) {
    if (value < min || value > MAX_PERIOD) {
      throw new IllegalArgumentException(
          indicator
              + " "
              + parameter
              + " must be in "
              + min
              + ".."
              + MAX_PERIOD
              + ", got "
              + value);
    }
    return value;
  }

  /**
   * Checks that a real parameter is finite and at least 0.
   *
   * @param indicator the indicator's name
   * @param parameter the parameter's name
   * @param value the value given
   * @return the value
   * @throws IllegalArgumentException naming the indicator, parameter, value and allowed range
   */
  static double nonNegative(String indicator, String parameter, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          indicator + " " + parameter + " must be a finite number ≥ 0, got " + value);
    }
    return value;
  }

  /**
   * The message for an output index an indicator does not have.
   *
   * @param indicator the indicator's name
   * @param names its output names
   * @param output the index asked for
   * @return the exception to throw
   */
  static IndexOutOfBoundsException noSuchOutput(String indicator, String[] names, int output) {
    return new IndexOutOfBoundsException(
        indicator
            + " has outputs 0.."
            + (names.length - 1)
            + " "
            + java.util.Arrays.toString(names)
            + ", not output "
            + output);
  }
}
