package dev.quarry.bench;

import java.util.Objects;

/** Set-up assertions: a benchmark that would measure the wrong thing must not start. */
final class Checks {
  private Checks() {}

  static void equal(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new IllegalStateException(
          "benchmark set-up check failed: " + what + " is " + actual + ", expected " + expected);
    }
  }

  static void count(long expected, long actual, String what) {
    equal(expected, actual, what);
  }
}
