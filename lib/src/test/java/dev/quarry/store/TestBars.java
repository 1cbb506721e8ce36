package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.time.Duration;
import java.time.Instant;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/** Deterministic bar tables for the store's tests. */
final class TestBars {
  private TestBars() {}

  /**
   * Bars every {@code step} from {@code start}. Prices are multiples of 1/4 below 2^20, so sums of
   * a few million of them are exact in any order (DuckDB and Java sum in different orders).
   */
  static Table regular(String name, Instant start, Duration step, int rows) {
    Table bars = Bars.empty(name);
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    DoubleColumn open = bars.doubleColumn(Bars.OPEN);
    DoubleColumn high = bars.doubleColumn(Bars.HIGH);
    DoubleColumn low = bars.doubleColumn(Bars.LOW);
    DoubleColumn close = bars.doubleColumn(Bars.CLOSE);
    DoubleColumn volume = bars.doubleColumn(Bars.VOLUME);
    long seed = name.hashCode();
    double price = 40_000;
    for (int i = 0; i < rows; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      double move = ((seed >>> 40) % 81 - 40) * 0.25;
      double next = price + move;
      time.append(start.plus(step.multipliedBy(i)));
      open.append(price);
      high.append(Math.max(price, next) + 0.5);
      low.append(Math.min(price, next) - 0.5);
      close.append(next);
      volume.append(((seed >>> 20) % 1000) * 0.125);
      price = next;
    }
    return bars;
  }
}
