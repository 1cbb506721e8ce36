package dev.quarry.bars;

import java.util.Arrays;

/**
 * An exact sum over a sliding window of the last {@code n} values added.
 *
 * <p>The exact sum of the values held is kept as Shewchuk's non-overlapping partials (the algorithm
 * of CPython's {@code math.fsum}, {@code Modules/mathmodule.c}): {@link #add} adds the new value
 * and, once {@code n} values are held, subtracts the oldest one, both as exact operations on the
 * partials, so the result never depends on the history before the window. {@link #sum} rounds the
 * partials to the nearest double, ties to even, with CPython's half-way correction: it is the
 * correctly rounded exact sum of the values held, the same double as {@code math.fsum(window)} and
 * as {@code new BigDecimal(x1).add(...).doubleValue()}. An exact sum of zero (an empty window, or
 * values cancelling out, negative zeros included) gives {@code +0.0}.
 *
 * <p>Cost: O(1) per {@link #add} and {@link #sum} (the partials of a window of similar magnitudes
 * are one to three doubles), no allocation after construction (the partials array grows only if a
 * window ever needs more than 8 of them). Not thread-safe.
 *
 * <pre>{@code
 * WindowSum w = new WindowSum(3);
 * w.add(1e16); w.add(1); w.add(-1e16);
 * w.sum();   // 1.0 (a plain double sum gives 0.0)
 * w.add(2);  // drops 1e16 exactly
 * w.sum();   // -9.999999999999996E15: 1 - 1e16 + 2, a tie, rounded to even
 * }</pre>
 */
public final class WindowSum {
  private static final int INITIAL_PARTIALS = 8;

  private final double[] ring;
  // Ring slot of the next value: the oldest value held once the window is full.
  private int next;
  private long added;
  private double[] partials = new double[INITIAL_PARTIALS];
  private int partialCount;
  private boolean overflowed;

  /**
   * Creates an empty window.
   *
   * @param window the number of values summed, at least 1
   * @throws IllegalArgumentException if {@code window < 1}
   */
  public WindowSum(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("WindowSum window must be at least 1, got " + window);
    }
    ring = new double[window];
  }

  /**
   * Adds a value; once the window holds {@code n} values, the oldest one is removed. Both are
   * exact.
   *
   * @param x a finite value
   * @throws IllegalArgumentException if {@code x} is NaN or infinite (the message gives the value
   *     and its position, 0-based, among the values added); the window is left unchanged
   * @throws ArithmeticException if the exact sum leaves the double range ({@code math.fsum}'s
   *     "intermediate overflow"); the window is then unusable
   * @throws IllegalStateException if an earlier call overflowed
   */
  public void add(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(
          "WindowSum("
              + ring.length
              + "): value #"
              + added
              + " (0-based) is "
              + x
              + "; only finite values can be summed exactly");
    }
    checkUsable();
    if (added >= ring.length) {
      double old = ring[next];
      // Fast path: x − old is often exact (Sterbenz: closes within a factor of 2 of each other);
      // the two-sum error tells, and then one pass over the partials does both operations.
      double d = x - old;
      double dx = d - x;
      double error = (x - (d - dx)) + (-old - dx);
      if (error == 0.0) {
        if (d != 0.0) {
          accumulate(d);
        }
      } else {
        // Remove first, so that no more than n values are ever summed at once.
        accumulate(-old);
        accumulate(x);
      }
    } else {
      accumulate(x);
    }
    ring[next] = x;
    next = next + 1 == ring.length ? 0 : next + 1;
    added++;
  }

  /**
   * Tells whether the window holds {@code n} values (from the {@code n}-th {@link #add} on).
   *
   * @return true once {@code n} values were added
   */
  public boolean full() {
    return added >= ring.length;
  }

  /**
   * The window size {@code n}.
   *
   * @return the number of values summed once the window is full
   */
  public int window() {
    return ring.length;
  }

  /**
   * The exact sum of the values held (fewer than {@code n} before the window is full), correctly
   * rounded to the nearest double, ties to even; {@code +0.0} for an exact zero.
   *
   * @return the same double as {@code math.fsum} of the values held
   * @throws IllegalStateException if an earlier {@link #add} overflowed
   */
  public double sum() {
    checkUsable();
    double[] p = partials;
    int n = partialCount;
    if (n <= 2) {
      // One rounding of an exact two-term sum; CPython's loop below gives the same.
      return n == 2 ? p[1] + p[0] : n == 1 ? p[0] : 0.0;
    }
    // CPython's math_fsum tail: add the partials from the top until the sum becomes inexact.
    double hi = p[--n];
    double lo = 0.0;
    while (n > 0) {
      double x = hi;
      double y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) {
        break;
      }
    }
    // Half-way case: lo is exactly half an ulp of hi and the partials below push the exact sum
    // beyond it, so round away from hi (e.g. 1e-16 + 1 + 1e16 rounds up to 1e16 + 2).
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      if (y == x - hi) {
        hi = x;
      }
    }
    return hi;
  }

  /** Adds x to the partials exactly (CPython's inner loop), keeping them non-overlapping. */
  private void accumulate(double x) {
    double[] p = partials;
    int i = 0;
    for (int j = 0; j < partialCount; j++) {
      double y = p[j];
      // Knuth's two-sum: the same exact error as CPython's ordered fast two-sum, without the
      // data-dependent swap; zero errors are dropped without a branch (i <= j, so p[i] is free).
      double hi = x + y;
      double yy = hi - x;
      double lo = (x - (hi - yy)) + (y - yy);
      p[i] = lo;
      i += lo != 0.0 ? 1 : 0;
      x = hi;
    }
    if (x != 0.0) {
      if (!Double.isFinite(x)) {
        overflowed = true;
        partialCount = 0;
        throw new ArithmeticException(
            "WindowSum("
                + ring.length
                + "): exact sum overflows the double range at value #"
                + added
                + " (0-based); scale the values down");
      }
      if (i == p.length) {
        p = Arrays.copyOf(p, 2 * p.length);
        partials = p;
      }
      p[i++] = x;
    }
    partialCount = i;
  }

  private void checkUsable() {
    if (overflowed) {
      throw new IllegalStateException(
          "WindowSum(" + ring.length + ") overflowed earlier and holds no valid sum");
    }
  }
}
