package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import java.time.Instant;

/**
 * The bars of one symbol a strategy has seen so far, newest first: {@code close(0)} is the current
 * bar's close, {@code close(1)} the one before. It holds at most the strategy's look-back; asking
 * for a bar that has not happened yet ({@code ago < 0}) throws {@link LookAheadException}.
 */
public final class History {
  private final String symbol;
  private final Bar[] ring;
  private int newest = -1;
  private int size;

  History(String symbol, int lookback) {
    this.symbol = symbol;
    this.ring = new Bar[lookback];
  }

  void add(Bar bar) {
    if (++newest == ring.length) {
      newest = 0;
    }
    ring[newest] = bar;
    if (size < ring.length) {
      size++;
    }
  }

  /**
   * The symbol.
   *
   * @return the symbol
   */
  public String symbol() {
    return symbol;
  }

  /**
   * How many bars it holds (up to the look-back).
   *
   * @return the count
   */
  public int size() {
    return size;
  }

  /**
   * A bar seen {@code ago} bars before the current one.
   *
   * @param ago 0 for the current bar, 1 for the previous one …
   * @return the bar
   * @throws LookAheadException if {@code ago} is negative: that bar is in the future
   * @throws IllegalArgumentException if the history does not reach back that far
   */
  public Bar bar(int ago) {
    if (ago < 0) {
      Bar now = ring[newest];
      throw new LookAheadException(
          "look-ahead: asked for "
              + symbol
              + " bar "
              + ago
              + " (a bar after "
              + (now == null ? "the start" : Instant.ofEpochMilli(now.time()).toString())
              + "); a strategy sees only bars up to the current one (ago ≥ 0)");
    }
    if (ago >= size) {
      throw new IllegalArgumentException(
          "the history of "
              + symbol
              + " holds "
              + size
              + " bars, so bar "
              + ago
              + " bars ago is not there; check size() first, or raise the strategy's look-back"
              + " (now "
              + ring.length
              + ")");
    }
    int i = newest - ago;
    return ring[i < 0 ? i + ring.length : i];
  }

  /**
   * The close {@code ago} bars before the current one.
   *
   * @param ago 0 for the current bar
   * @return the close
   * @throws LookAheadException if {@code ago} is negative
   */
  public double close(int ago) {
    return bar(ago).close();
  }
}
