package dev.quarry.store;

import dev.quarry.testing.CrashChild;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import tech.tablesaw.api.Table;

/**
 * The writer process of {@link StoreCrashTest}: opens the store and writes batch after batch to one
 * dataset until it is killed, printing {@code ack <batch> ok} after each write returns.
 *
 * <p>Every batch is a pure function of its number, so the parent can recompute what each
 * acknowledged write stored. Two batches in three append the next 32 days of hourly bars (always
 * two or three monthly partitions, the first merged into an existing file); every third upserts 35
 * days of already stored bars with new values. Appends deduplicate, so a batch whose write was cut
 * short can simply be written again by the next writer (rows that landed are dropped as exact
 * duplicates); upserts are idempotent anyway.
 *
 * <p>Argument: a scratch folder to warm up in. Then it prints {@code ready} and waits for a line
 * {@code <store root> <first batch>} on stdin (or exits if stdin is closed).
 */
final class StoreCrashWriterMain {
  static final DatasetId ID = new DatasetId("crash", "1h", "BTC-USD");
  private static final Instant ORIGIN = Instant.parse("2020-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final int APPEND_HOURS = 24 * 32;
  private static final int UPSERT_HOURS = 24 * 35;

  private StoreCrashWriterMain() {}

  public static void main(String[] args) throws IOException {
    // Warm up in a scratch store (class loading, JIT) while the previous writer is still running,
    // so that the writes the parent kills are steady-state writes.
    BarStore scratch = BarStore.open(Path.of(args[0]));
    scratch.write(ID, batch(0), options(0));
    Optional<String[]> ready = CrashChild.ready();
    if (ready.isEmpty()) {
      return; // stdin closed: a warm-up run only
    }
    String[] go = ready.get();
    BarStore store = BarStore.open(Path.of(go[0]));
    for (int batch = Integer.parseInt(go[1]); ; batch++) {
      store.write(ID, batch(batch), options(batch));
      CrashChild.ack(batch);
    }
  }

  static boolean isUpsert(int batch) {
    return batch % 3 == 2;
  }

  /** How many of the batches before this one are appends. */
  private static int appendsBefore(int batch) {
    return batch - batch / 3;
  }

  /** The bars of a batch. */
  static Table batch(int batch) {
    if (!isUpsert(batch)) {
      Instant start = ORIGIN.plus(HOUR.multipliedBy((long) appendsBefore(batch) * APPEND_HOURS));
      return WalkBars.walk(start, HOUR, APPEND_HOURS, 1_000L + batch);
    }
    long stored = (long) appendsBefore(batch) * APPEND_HOURS;
    long offset = new Random(batch).nextLong(stored - UPSERT_HOURS + 1);
    return WalkBars.walk(
        ORIGIN.plus(HOUR.multipliedBy(offset)), HOUR, UPSERT_HOURS, 2_000L + batch);
  }

  static WriteOptions options(int batch) {
    return WriteOptions.defaults()
        .withMode(isUpsert(batch) ? WriteMode.UPSERT : WriteMode.APPEND)
        .withDeduplicate(true);
  }
}
