package dev.quarry.indicators;

/**
 * The maximum (or minimum) of the last {@code window} values of a series, with the index where it
 * occurs: a monotonic deque kept in primitive ring buffers allocated once, so each {@link #add} is
 * O(1) amortised and allocation-free.
 *
 * <p>Among equal extremes the most recent index is kept, as TA-Lib's AROON, STOCH and WILLR do when
 * they rescan their window ({@code tmp >= highest} / {@code tmp <= lowest}).
 */
final class RollingExtreme {
  private final int window;
  private final boolean maximum;
  private final double[] values;
  private final long[] indices;
  private int head;
  private int size;

  /**
   * An empty window.
   *
   * @param window how many values the extreme is taken over, at least 1
   * @param maximum true for the maximum, false for the minimum
   */
  RollingExtreme(int window, boolean maximum) {
    this.window = window;
    this.maximum = maximum;
    this.values = new double[window];
    this.indices = new long[window];
  }

  /**
   * Takes the value at {@code index}; indices must increase by 1 per call.
   *
   * @param index the value's index in the series
   * @param value the value
   */
  void add(long index, double value) {
    while (size > 0 && indices[head] <= index - window) {
      head = head + 1 == window ? 0 : head + 1;
      size--;
    }
    while (size > 0) {
      int back = slot(size - 1);
      double last = values[back];
      if (maximum ? last <= value : last >= value) {
        size--;
      } else {
        break;
      }
    }
    int slot = slot(size);
    values[slot] = value;
    indices[slot] = index;
    size++;
  }

  /**
   * The extreme of the window ending at the last index added.
   *
   * @return the extreme
   */
  double value() {
    return values[head];
  }

  /**
   * Where the extreme occurs, the most recent index among equal extremes.
   *
   * @return its index in the series
   */
  long index() {
    return indices[head];
  }

  private int slot(int offset) {
    int slot = head + offset;
    return slot >= window ? slot - window : slot;
  }
}
