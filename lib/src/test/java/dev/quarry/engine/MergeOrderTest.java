package dev.quarry.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The merge's order over many sources of mixed timeframes, lengths and batch sizes, against the
 * rule written out: by end, then timeframe, then declaration order (each source's bars in its own
 * order).
 */
class MergeOrderTest {
  /** A bar as the reference sorts it. */
  record Expected(long end, long timeframe, int rank, int index, String label) {}

  @Test
  void manySourcesMergeByEndThenTimeframeThenDeclaration() throws InterruptedException {
    Random random = new Random(17);
    int[] steps = {1, 2, 3, 5, 60};
    for (int round = 0; round < 30; round++) {
      int count = 1 + random.nextInt(round < 10 ? 5 : 40);
      MergingAggregator.Builder merge = MergingAggregator.builder();
      ReplayAndMergeTest.Tape tape = new ReplayAndMergeTest.Tape();
      TradingEngineBuilder builder =
          new TradingEngineBuilder(EventBus.withDefaults(1 << 16)).simulated();
      List<Expected> expected = new ArrayList<>();
      for (int s = 0; s < count; s++) {
        int step = steps[random.nextInt(steps.length)];
        int start = step * random.nextInt(20);
        int n = 1 + random.nextInt(200);
        String symbol = "S" + s;
        builder.withConnector(
            new ReplayConnector(
                "c" + s,
                symbol,
                ReplayAndMergeTest.bars(start, step, n, 100),
                1 + random.nextInt(64)));
        merge.bars("c" + s, Duration.ofMinutes(step));
        for (int i = 0; i < n; i++) {
          int minute = start + i * step;
          expected.add(new Expected(minute + step, step, s, i, symbol + "@" + minute + "#"));
        }
      }
      builder
          .withAggregator(merge.build())
          .withStrategy(tape)
          .withExecutor(new ReplayAndMergeTest.End())
          .build()
          .start();
      expected.sort(
          Comparator.comparingLong(Expected::end)
              .thenComparingLong(Expected::timeframe)
              .thenComparingInt(Expected::rank)
              .thenComparingInt(Expected::index));
      List<String> want = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        want.add(expected.get(i).label() + i);
      }
      assertEquals(want, tape.bars, "round " + round + " with " + count + " sources");
    }
  }
}
