package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.bars.Bars;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** A universe wider than the bus's default 64 batches: every connector steps before the merge. */
class ManySymbolsTest {
  private static Table walk(int n, long seed) {
    Table t = Bars.empty("walk");
    Random random = new Random(seed);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    double price = 100;
    for (int i = 0; i < n; i++) {
      double open = price;
      price = Math.max(1, price + random.nextGaussian());
      t.instantColumn(Bars.TIMESTAMP).append(start.plusSeconds(60L * i));
      t.doubleColumn(Bars.OPEN).append(open);
      t.doubleColumn(Bars.HIGH).append(Math.max(open, price) + 0.1);
      t.doubleColumn(Bars.LOW).append(Math.min(open, price) - 0.1);
      t.doubleColumn(Bars.CLOSE).append(price);
      t.doubleColumn(Bars.VOLUME).append(1);
    }
    return t;
  }

  @Test
  void hundredSymbolsRunSimulatedAndLiveAlike() {
    Backtest simulated = Backtest.of("S0", walk(300, 0));
    Backtest live = Backtest.of("S0", walk(300, 0)).live();
    for (int s = 1; s < 100; s++) {
      simulated.bars("S" + s, walk(300, s));
      live.bars("S" + s, walk(300, s));
    }
    BacktestResult a = simulated.strategy(BarStrategy.of("buy", (bar, h, o) -> {})).run();
    BacktestResult b = live.strategy(BarStrategy.of("buy", (bar, h, o) -> {})).run();
    assertEquals(30_000, a.metrics().bars());
    assertEquals(a.metrics().bars(), b.metrics().bars());
    assertEquals(a.equity().rowCount(), b.equity().rowCount());
  }
}
