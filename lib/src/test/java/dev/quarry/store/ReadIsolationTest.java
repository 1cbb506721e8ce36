package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Issue 12: a read never sees a dataset half old, half new while a write switches its files. */
class ReadIsolationTest {
  @TempDir Path root;

  private static Table version(Table bars, double shift) {
    Table t = bars.copy();
    for (String c : new String[] {"open", "high", "low", "close"}) {
      DoubleColumn col = t.doubleColumn(c);
      for (int i = 0; i < col.size(); i++) {
        col.set(i, col.getDouble(i) + shift);
      }
    }
    return t;
  }

  @Test
  void readsDuringUpsertsOfFourPartitionsSeeOneWholeVersion() throws Exception {
    BarStore store = BarStore.open(root);
    DatasetId id = new DatasetId("t", "1h", "ISO");
    // 4 months of hourly bars: 4 partitions switched by every upsert
    Table base =
        TestBars.regular("ISO", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 2_900);
    Table a = version(base, 0);
    Table b = version(base, 1_000);
    store.write(id, a, WriteOptions.defaults());
    double firstA = a.doubleColumn("close").getDouble(0);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; !stop.get(); i++) {
                  BarStore.open(root)
                      .write(
                          id,
                          i % 2 == 0 ? b : a,
                          WriteOptions.defaults().withMode(WriteMode.UPSERT));
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    writer.start();
    int reads = 0;
    long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    try {
      while (System.nanoTime() < until && failure.get() == null) {
        Table read = BarStore.open(root).read(id);
        assertEquals(base.rowCount(), read.rowCount(), "rows of read " + reads);
        double shift = read.doubleColumn("close").getDouble(0) - firstA;
        DoubleColumn close = read.doubleColumn("close");
        DoubleColumn expected = (shift > 500 ? b : a).doubleColumn("close");
        for (int i = 0; i < close.size(); i += 97) {
          assertEquals(expected.getDouble(i), close.getDouble(i), "read " + reads + ", row " + i);
        }
        assertEquals(
            expected.getDouble(close.size() - 1), close.getDouble(close.size() - 1), "last row");
        reads++;
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("the writer failed", failure.get());
    }
    assertTrue(reads > 5, "reads: " + reads);
  }
}
