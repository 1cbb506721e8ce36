package dev.quarry.store;

import dev.quarry.testing.CrashChild;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * The writer process of {@link StoreJournalCrashTest}: two threads, each writing four-partition
 * datasets until the process is killed, so that each kill cuts short one write of each kind.
 *
 * <ul>
 *   <li>The upsert thread rewrites every row of {@link #UPSERTED} with version {@code v}, {@code v
 *       + 1}, …, acknowledging version {@code v} as {@code ack 2v ok}.
 *   <li>The append thread appends {@link #batch(int) batch k} into the new dataset {@link
 *       #appended(int) APP-k}, {@code k + 1}, …, acknowledging it as {@code ack 2k+1 ok}.
 * </ul>
 *
 * <p>Every version and batch is a pure function of its number. Argument: a scratch folder to warm
 * up in. Then it prints {@code ready} and waits for {@code <store root> <first version> <first
 * batch>} on stdin (or exits if stdin is closed).
 */
final class JournalCrashWriterMain {
  static final String PROVIDER = "journal";
  static final DatasetId UPSERTED = new DatasetId(PROVIDER, "1h", "UPS");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final int MONTHS = 4;
  private static final int HOURS_PER_MONTH = 200;

  private JournalCrashWriterMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    BarStore scratch = BarStore.open(Path.of(args[0]));
    for (int i = 0; i < 1; i++) {
      scratch.write(UPSERTED, batch(i), UPSERT);
      scratch.write(appended(i), batch(i), APPEND);
    }
    Optional<String[]> ready = CrashChild.ready();
    if (ready.isEmpty()) {
      return; // stdin closed: a warm-up run only
    }
    String[] go = ready.get();
    BarStore store = BarStore.open(Path.of(go[0]));
    int firstVersion = Integer.parseInt(go[1]);
    int firstBatch = Integer.parseInt(go[2]);
    Thread upserts =
        new Thread(
            () -> {
              for (int v = firstVersion; ; v++) {
                store.write(UPSERTED, batch(v), UPSERT);
                CrashChild.ack(2 * v);
              }
            });
    upserts.setDaemon(true);
    upserts.start();
    for (int k = firstBatch; ; k++) {
      store.write(appended(k), batch(k), APPEND);
      CrashChild.ack(2 * k + 1);
    }
  }

  /** Upserts: every row of version {@code v} replaces the row of the same time. */
  static final WriteOptions UPSERT = WriteOptions.defaults().withMode(WriteMode.UPSERT);

  /** Appends into a new dataset; deduplicated so the same command may run twice. */
  static final WriteOptions APPEND =
      WriteOptions.defaults().withMode(WriteMode.APPEND).withDeduplicate(true);

  /** The dataset the append thread creates with batch {@code k}. */
  static DatasetId appended(int k) {
    return new DatasetId(PROVIDER, "1h", "APP-" + k);
  }

  /** 200 hourly bars in each of four months (January to April 2021), seeded by {@code n}. */
  static Table batch(int n) {
    Table all = null;
    for (int m = 0; m < MONTHS; m++) {
      Instant start = Instant.parse(String.format("2021-%02d-01T00:00:00Z", m + 1));
      Table month = WalkBars.walk(start, HOUR, HOURS_PER_MONTH, 7_919L * n + m);
      all = all == null ? month : all.append(month);
    }
    return all;
  }
}
