package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import tech.tablesaw.api.Table;

/**
 * A writer process of {@link StoreConcurrencyTest}. Writer {@code w} of {@code n} owns the hours
 * {@code h} with {@link #owner}{@code (n, h) == w}: runs of three hours in turn. It appends its
 * hours batch by batch ({@link #BATCH_HOURS} at a time, so every write spans two or more months
 * shared with the other writers), and after each append from the second on it upserts every other
 * row of its previous batch with new values.
 *
 * <p>Arguments: a scratch folder to warm up in, the store root, {@code w}, {@code n}, the number of
 * batches. It warms up, prints {@code ready}, waits for a line on stdin, then writes, printing
 * {@code span <start ms> <end ms>} around each write and {@code done} at the end.
 */
final class ConcurrentWriterMain {
  static final DatasetId ID = new DatasetId("conc", "1h", "ETH-USD");
  static final Instant ORIGIN = Instant.parse("2021-01-01T00:00:00Z");
  static final int BATCH_HOURS = 24 * 40;
  static final int RUN = 3;
  static final WriteOptions OPTIONS =
      WriteOptions.defaults().withLockTimeout(Duration.ofMinutes(3));

  private ConcurrentWriterMain() {}

  public static void main(String[] args) throws IOException {
    int w = Integer.parseInt(args[2]);
    int n = Integer.parseInt(args[3]);
    int batches = Integer.parseInt(args[4]);
    BarStore scratch = BarStore.open(Path.of(args[0]));
    scratch.write(ID, rows(w, n, 0, 0, false), OPTIONS);
    scratch.write(ID, rows(w, n, 0, 1, true), OPTIONS.withMode(WriteMode.UPSERT));
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    BarStore store = BarStore.open(Path.of(args[1]));
    for (int batch = 0; batch < batches; batch++) {
      Table append = rows(w, n, batch, 0, false);
      timed(() -> store.write(ID, append, OPTIONS));
      if (batch > 0) {
        Table upsert = rows(w, n, batch - 1, 1, true);
        timed(() -> store.write(ID, upsert, OPTIONS.withMode(WriteMode.UPSERT)));
      }
    }
    System.out.println("done");
    System.out.flush();
  }

  private static void timed(Runnable write) {
    long start = System.currentTimeMillis();
    write.run();
    System.out.println("span " + start + " " + System.currentTimeMillis());
    System.out.flush();
  }

  /**
   * The writer of hour {@code h}: runs of {@link #RUN} hours go round the writers, so that each
   * writer's rows are hourly bars with gaps (the store refuses a series whose typical spacing is
   * not its timeframe, as every {@code n}th hour alone would be).
   */
  static int owner(int n, long h) {
    return (int) ((h / RUN) % n);
  }

  /** Whether writer {@code w}'s hour {@code h} is one that gets upserted. */
  static boolean upserted(int n, long h) {
    return h % (2L * n) < n;
  }

  /**
   * Writer {@code w}'s rows of one batch at a version: all of them, or only those it upserts.
   *
   * @param onlyUpserted keep only the rows {@link #upserted} selects
   */
  static Table rows(int w, int n, int batch, int version, boolean onlyUpserted) {
    Table bars = Bars.empty("w" + w);
    for (long h = (long) batch * BATCH_HOURS; h < (batch + 1L) * BATCH_HOURS; h++) {
      if (owner(n, h) == w && (!onlyUpserted || upserted(n, h))) {
        double[] v = values(h, version);
        bars.instantColumn(Bars.TIMESTAMP).append(ORIGIN.plus(Duration.ofHours(h)));
        bars.doubleColumn(Bars.OPEN).append(v[0]);
        bars.doubleColumn(Bars.HIGH).append(v[1]);
        bars.doubleColumn(Bars.LOW).append(v[2]);
        bars.doubleColumn(Bars.CLOSE).append(v[3]);
        bars.doubleColumn(Bars.VOLUME).append(v[4]);
      }
    }
    return bars;
  }

  /** Open, high, low, close and volume of hour {@code h} at a version; valid OHLCV. */
  static double[] values(long h, int version) {
    double open = 1000 + (h % 500) * 0.25 + version * 100;
    double close = open + ((h * 7) % 5 - 2) * 0.25;
    return new double[] {
      open, Math.max(open, close) + 1, Math.min(open, close) - 1, close, version * 10 + h % 13
    };
  }
}
