package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.time.Duration;
import java.time.Instant;
import tech.tablesaw.api.Table;

/** Bar tables for store tests: a deterministic random walk that obeys the OHLCV rules. */
final class WalkBars {
  private WalkBars() {}

  /** {@code count} bars of {@code step}, starting at {@code start}, seeded by {@code seed}. */
  static Table walk(Instant start, Duration step, int count, long seed) {
    Table bars = Bars.empty("test");
    java.util.Random random = new java.util.Random(seed);
    double price = 100;
    for (int i = 0; i < count; i++) {
      double open = price;
      double close = Math.max(1, open + random.nextGaussian());
      double high = Math.max(open, close) + random.nextDouble();
      double low = Math.min(open, close) - random.nextDouble();
      bars.instantColumn(Bars.TIMESTAMP).append(start.plus(step.multipliedBy(i)));
      bars.doubleColumn(Bars.OPEN).append(open);
      bars.doubleColumn(Bars.HIGH).append(high);
      bars.doubleColumn(Bars.LOW).append(low);
      bars.doubleColumn(Bars.CLOSE).append(close);
      bars.doubleColumn(Bars.VOLUME).append(random.nextDouble() * 10);
      price = close;
    }
    return bars;
  }

  /** Hourly bars from 2024-01-30 00:00 UTC, crossing into February. */
  static Table hours(int count, long seed) {
    return walk(Instant.parse("2024-01-30T00:00:00Z"), Duration.ofHours(1), count, seed);
  }
}
