package dev.quarry.export;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * Minute bars generated on the fly, a chunk of rows at a time, so an export of ten million rows
 * never has them all in memory: row {@code i} is at 2024-01-01 plus {@code i} minutes, with prices
 * from {@code sin(i)} (shortest-decimal doubles of up to 17 digits, as real prices) and a volume.
 * Each call to {@code iterator()} starts again from the first row.
 *
 * @param from the first row's index
 * @param rows how many rows
 * @param chunk rows per table
 */
public record GeneratedBars(long from, long rows, int chunk) implements Iterable<Table> {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  /** {@inheritDoc} Each call starts again from the first row. */
  @Override
  public Iterator<Table> iterator() {
    return new Iterator<>() {
      private long next = from;

      @Override
      public boolean hasNext() {
        return next < from + rows;
      }

      @Override
      public Table next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = (int) Math.min(chunk, from + rows - next);
        Table t = table(next, n);
        next += n;
        return t;
      }
    };
  }

  /**
   * Rows {@code [first, first + n)}.
   *
   * @param first the first row's index
   * @param n how many rows
   * @return the rows as one table
   */
  public static Table table(long first, int n) {
    InstantColumn time = InstantColumn.create("timestamp", n);
    DoubleColumn open = DoubleColumn.create("open", n);
    DoubleColumn high = DoubleColumn.create("high", n);
    DoubleColumn low = DoubleColumn.create("low", n);
    DoubleColumn close = DoubleColumn.create("close", n);
    DoubleColumn volume = DoubleColumn.create("volume", n);
    for (int r = 0; r < n; r++) {
      long i = first + r;
      double p = 100 + 10 * Math.sin(i * 1e-3);
      time.set(r, START.plusSeconds(60 * i));
      open.set(r, p);
      high.set(r, p + 0.5);
      low.set(r, p - 0.25);
      close.set(r, p + 0.125 * Math.cos(i));
      volume.set(r, i % 1000);
    }
    return Table.create("bars", time, open, high, low, close, volume);
  }
}
