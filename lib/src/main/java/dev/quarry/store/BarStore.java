package dev.quarry.store;

import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import dev.quarry.io.QuarryHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * The partitioned Parquet store of market bars and its registry (SPEC section 3).
 *
 * <p>Layout: {@code
 * <root>/<provider>/<timeframe>/symbol=<SYMBOL>/year=YYYY/month=MM/<SYMBOL>.parquet}, Hive style:
 * Spark, DuckDB, Trino and pyarrow read {@code <root>/<provider>/<timeframe>} as one dataset with
 * {@code symbol}, {@code year} and {@code month} columns and prune on them; and {@code
 * <root>/catalog.json}, the registry. A store in the layout of earlier versions ({@code <SYMBOL>/}
 * folders) is moved to this one when it is opened for writing, once and crash-safely (see {@link
 * LayoutMigration}).
 *
 * <pre>{@code
 * BarStore store = BarStore.open(QuarryHome.store());
 * DatasetId btc = new DatasetId("bitstamp", "1m", "BTC-USD");
 * store.write(btc, bars, WriteOptions.defaults().withMode(WriteMode.UPSERT));
 * Table november = store.read(btc, Instant.parse("2013-11-01T00:00:00Z"),
 *     Instant.parse("2013-12-01T00:00:00Z"), "timestamp", "close");
 * }</pre>
 *
 * <p>Each write of a dataset commits as one unit across all its partition files, is locked per
 * dataset across processes, and leaves the registry consistent with the files even after a crash or
 * a full disk (see {@link StoreWriter}'s and {@link WriteJournal}'s protocols). Reads take no lock:
 * each file they see is complete, old or new. Thread-safe.
 */
public final class BarStore {
  private static final Duration RECOVERY_LOCK_WAIT = Duration.ZERO;
  private static final Duration REGISTRY_LOCK_WAIT = Duration.ofSeconds(30);

  private final Path root;
  private final Catalog catalog;
  private final StoreWriter writer;
  private final Clock clock;
  private final StoreFaults faults;
  private final boolean readOnly;

  private BarStore(Path root, Clock clock, StoreFaults faults, boolean readOnly) {
    this.root = root;
    this.clock = clock;
    this.faults = faults;
    this.readOnly = readOnly;
    this.catalog = new Catalog(root, faults);
    this.writer = new StoreWriter(root, catalog, clock, faults);
  }

  /**
   * Opens (creating if needed) the store in {@code $QUARRY_HOME/store}.
   *
   * @return the store
   */
  public static BarStore openDefault() {
    return open(QuarryHome.store());
  }

  /**
   * Opens (creating if needed) a store and recovers from interrupted writes: temp files of dead
   * writers are deleted, and datasets whose write was cut short get their registry entry rebuilt
   * from the files. A store in the layout of earlier versions is first moved to the Hive layout
   * (see {@link LayoutMigration}).
   *
   * <p>Recovery judges a temp file by whether its writer's process is alive on this host: open a
   * store that other hosts write to (a shared file system) with {@link #openReadOnly} instead.
   *
   * @param root the store folder
   * @return the store
   * @throws StoreException if the folder cannot be created or read
   */
  public static BarStore open(Path root) {
    return open(root, Clock.systemUTC());
  }

  /**
   * Opens a store with an injected clock (for the registry's {@code last_updated}).
   *
   * @param root the store folder
   * @param clock the clock
   * @return the store
   */
  public static BarStore open(Path root, Clock clock) {
    return open(root, clock, StoreFaults.NONE);
  }

  /** Opens a store whose writes call a fault-injecting hook before each file operation (tests). */
  static BarStore open(Path root, Clock clock, StoreFaults faults) {
    Path dir = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      AtomicFiles.recover(dir);
    } catch (IOException e) {
      throw new StoreException("cannot open the store at " + dir + ": " + e.getMessage(), e);
    }
    LayoutMigration.migrate(dir, faults);
    BarStore store = new BarStore(dir, clock, faults, false);
    store.finishInterruptedWrites();
    return store;
  }

  /**
   * Opens a store for reading only, as workers of a cluster do: nothing is created, recovered,
   * locked or registered. Reads work as with {@link #open}; a read that meets a write under way
   * waits up to 30 s for it to end. Writes, {@link #scan}, {@link #refreshAll} and {@link #adopt}
   * are refused.
   *
   * <pre>{@code
   * BarStore store = BarStore.openReadOnly(Path.of("/mnt/shared/quarry/store"));
   * Table bars = store.read(new DatasetId("bitstamp", "1m", "BTC-USD"));
   * }</pre>
   *
   * @param root the store folder
   * @return the store
   * @throws StoreException if there is no store folder, or the store needs its move to the Hive
   *     layout (open it once with {@link #open}, e.g. {@code ./jbang inventory}, which does it)
   */
  public static BarStore openReadOnly(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new StoreException(
          "no store at "
              + dir
              + " (not a folder); check the path, or create the store with ./jbang ingest");
    }
    String pending = LayoutMigration.pendingReason(dir);
    if (pending != null) {
      throw new StoreException(
          "cannot open the store at "
              + dir
              + " read-only: "
              + pending
              + ". Open it once for writing, which moves it (e.g. QUARRY_HOME=... ./jbang"
              + " inventory, or BarStore.open), then open it read-only");
    }
    return new BarStore(dir, Clock.systemUTC(), StoreFaults.NONE, true);
  }

  /**
   * Tells whether this store was opened with {@link #openReadOnly}.
   *
   * @return true if writes are refused
   */
  public boolean readOnly() {
    return readOnly;
  }

  private void requireWritable(String what) {
    if (readOnly) {
      throw new StoreException(
          what
              + ": the store at "
              + root
              + " was opened read-only (BarStore.openReadOnly); open it with BarStore.open to"
              + " change it");
    }
  }

  /**
   * Returns the store folder.
   *
   * @return the absolute root path
   */
  public Path root() {
    return root;
  }

  /**
   * Refuses a file to be written by something other than the store (an export's target, say) if it
   * really lies inside the store, where it could overwrite a partition or {@code catalog.json}.
   * Symbolic links on the way are followed.
   *
   * <pre>{@code
   * store.requireOutside(Path.of("bars.csv")); // before exporting to bars.csv
   * }</pre>
   *
   * @param target the file to be written (it need not exist yet)
   * @return the target, unchanged
   * @throws StoreException if the target's real path is under the store's root
   */
  public Path requireOutside(Path target) {
    if (StorePaths.inside(root, target)) {
      throw new StoreException(
          target
              + " is inside the store at "
              + StorePaths.real(root)
              + (target.toAbsolutePath().normalize().startsWith(root)
                  ? ""
                  : " (through a symbolic link: it leads to " + StorePaths.real(target) + ")")
              + "; writing it could overwrite the store's data files or catalog.json, so it is"
              + " refused: choose a path outside the store");
    }
    return target;
  }

  /**
   * Writes bars to a dataset.
   *
   * @param id the dataset
   * @param bars a table with {@code timestamp} (Instant, UTC) and {@code open, high, low, close,
   *     volume} (double), sorted by time with unique timestamps
   * @param options mode, deduplication, checks, compression, partitioning, lock time-out
   * @return what was written
   * @throws BarValidationException listing every violation (row, column, rule, value); nothing is
   *     written
   * @throws StoreException if the bars are not of the dataset's timeframe (their typical spacing,
   *     or that of the partitions they merge into, is another one, or a bar is off the timeframe's
   *     grid: see {@link dev.quarry.bars.BarSpacing}), naming both timeframes; nothing is written.
   *     Also if a folder of the dataset is a symbolic link leading out of the store, on a lock
   *     time-out, a layout mismatch, a corrupt file or registry, or an I/O failure
   */
  public WriteResult write(DatasetId id, Table bars, WriteOptions options) {
    requireWritable("write " + id);
    return writer.write(id, bars, options);
  }

  /**
   * Adopts bars another engine wrote (Apache Spark, DuckDB, pyarrow): checks the Parquet files of a
   * staging folder, then moves them into the dataset's monthly partitions, renamed {@code
   * <SYMBOL>.parquet}, and registers them, as one unit (all or nothing, crash-safe, with the write
   * journal of {@link #write}).
   *
   * <p>The staging folder holds {@code year=YYYY/month=MM/<any name>.parquet} (Spark's {@code
   * df.repartition(col("year"), col("month")).write.partitionBy("year", "month").parquet(folder)};
   * {@code month=1} is read as {@code month=01}); names starting with {@code _} or {@code .}
   * ({@code _SUCCESS}, {@code .crc} files) are ignored and stay where they are. It must lie outside
   * the store. Each month folder must hold exactly one data file: several part files are refused,
   * not merged, since merging would rewrite them and hide which engine's rows won; have the engine
   * write one file per month.
   *
   * <p>Each file must be a bar file the store reads exactly: columns {@code timestamp, open, high,
   * low, close, volume}, prices and volume DOUBLE, {@code timestamp} a UTC INT64 {@code
   * TIMESTAMP(MICROS)} (Spark with {@code spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS})
   * or {@code TIMESTAMP(MILLIS)} (Quarry's own) in whole milliseconds; at least one row, timestamps
   * strictly increasing, every row in its folder's UTC month; and the OHLCV rules and the
   * timeframe's grid of {@link #write} with its default options. INT96 timestamps (Spark's default)
   * are refused with the setting that avoids them.
   *
   * <p>Months: each adopted month replaces the same month of the dataset, if it has it; the
   * dataset's other months are kept (an upsert by month). A dataset stored as one file is refused.
   *
   * <p>After success the adopted files are gone from the staging folder; on any failure, the store
   * and the staging folder are as they were. (A crash after the commit but before the adopted files
   * are deleted from the staging folder leaves them there as copies of what the store holds.)
   *
   * <pre>{@code
   * // spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
   * store.adopt(new DatasetId("bitstamp", "1m", "BTC-USD"), Path.of("/tmp/spark-out/btc"));
   * }</pre>
   *
   * @param id the dataset (created if it does not exist)
   * @param stagingDir the folder the other engine wrote, outside the store
   * @return the dataset's new registry entry
   * @throws BarValidationException if a file breaks the OHLCV rules, listing every violation
   * @throws StoreException naming the file or folder, what is wrong and what to do, if a check
   *     fails, the staging folder is inside the store, the dataset is locked past the time-out, or
   *     an I/O error occurs; nothing is changed
   */
  public DatasetInfo adopt(DatasetId id, Path stagingDir) {
    requireWritable("adopt " + id);
    return new Adoption(root, catalog, writer, faults).adopt(id, stagingDir);
  }

  /**
   * Checks bars against the OHLCV rules without writing them: present, sorted and unique
   * timestamps, finite values, {@code high >= max(open, close)}, {@code low <= min(open, close)},
   * {@code volume >= 0}, prices {@code >= 0} (as {@link WriteOptions#defaults()}; a write can allow
   * negative prices).
   *
   * @param bars a bar table
   * @return every violation, in row order; empty when the bars are clean
   * @throws StoreException if a column is missing, unexpected or of the wrong type
   */
  public static List<Violation> validate(Table bars) {
    BarValidator.checkSchema(bars, "validate '" + bars.name() + "'");
    List<Violation> violations = new ArrayList<>(BarValidator.structure(bars));
    violations.addAll(BarValidator.values(bars));
    violations.sort((a, b) -> Integer.compare(a.row(), b.row()));
    return violations;
  }

  /**
   * The months of a dataset's monthly partition files, from the files themselves (not the
   * registry), for reading a large dataset a month at a time with {@link #read(DatasetId, Instant,
   * Instant, String...)}.
   *
   * @param id the dataset
   * @return the months in order; empty if the dataset is absent, has no partition file, or has a
   *     file of the whole dataset (which a month's read would read whole anyway)
   */
  public List<YearMonth> partitionMonths(DatasetId id) {
    Path dir = StorePaths.datasetDir(root, id, "list the months of " + id);
    List<YearMonth> months = new ArrayList<>();
    for (Path file : DatasetFiles.dataFiles(dir, id.symbol())) {
      YearMonth month = DatasetFiles.monthOf(DatasetFiles.relative(dir, file));
      if (month == null) {
        return List.of();
      }
      months.add(month);
    }
    months.sort(null);
    return months;
  }

  /**
   * Reads the bars of {@code [start, end)} a month at a time: each {@code next()} reads the next
   * partition month that has bars in the range, with {@link #read(DatasetId, Instant, Instant,
   * String...)}'s checks, so memory is bounded by a month rather than the range. The months, in
   * order and appended, are the bars {@code read} returns; each month is read as one version, so a
   * write during the iteration may show in the later months only. Months without bars in the range
   * are skipped. A dataset not stored by month is read in one go when the iterator is made (which
   * also raises a missing dataset's error there).
   *
   * @param id the dataset
   * @param start first instant included
   * @param end first instant excluded
   * @param columns columns to return, in this order (none: all)
   * @return the months' bars, each table non-empty, in time order
   * @throws StoreException as {@code read} does, from this call or from {@code next()}
   */
  public Iterator<Table> readMonths(DatasetId id, Instant start, Instant end, String... columns) {
    if (!start.isBefore(end)) {
      read(id, start, end, columns); // the same error as read's
    }
    List<YearMonth> months = partitionMonths(id);
    if (months.isEmpty()) {
      Table all = read(id, start, end, columns);
      return all.rowCount() == 0 ? Collections.emptyIterator() : List.of(all).iterator();
    }
    String[] wanted = columns.clone();
    return new Iterator<>() {
      private int month;
      private Table next;

      @Override
      public boolean hasNext() {
        while (next == null && month < months.size()) {
          YearMonth m = months.get(month++);
          Instant monthStart = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
          Instant monthEnd = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
          Instant from = monthStart.isAfter(start) ? monthStart : start;
          Instant to = monthEnd.isBefore(end) ? monthEnd : end;
          if (from.isBefore(to)) {
            Table bars = read(id, from, to, wanted);
            if (bars.rowCount() > 0) {
              next = bars;
            }
          }
        }
        return next != null;
      }

      @Override
      public Table next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more months of " + id + " in the range");
        }
        Table t = next;
        next = null;
        return t;
      }
    };
  }

  /**
   * Reads a whole dataset.
   *
   * @param id the dataset
   * @return every bar, in time order
   */
  public Table read(DatasetId id) {
    return read(id, Instant.MIN, Instant.MAX);
  }

  /**
   * Reads the bars of {@code [start, end)}, pruning partitions by their folder names.
   *
   * @param id the dataset
   * @param start first instant included
   * @param end first instant excluded
   * @param columns columns to return, in this order (none: all); {@code timestamp} is read for
   *     filtering but returned only if asked for
   * @return the bars in time order; an empty table with the right columns if none fall in range
   * @throws StoreException if the dataset does not exist, a column is unknown, a file is corrupt,
   *     or a file the registry lists with bars in the range is missing (the read would silently
   *     return fewer bars). A corrupt registry does not stop a read: the files are read as they are
   *     (and {@code inventory} reports the registry)
   */
  public Table read(DatasetId id, Instant start, Instant end, String... columns) {
    List<String> wanted = columns.length == 0 ? BarValidator.COLUMNS : List.of(columns);
    for (String column : wanted) {
      if (!BarValidator.COLUMNS.contains(column)) {
        throw new StoreException(
            "read " + id + ": unknown column '" + column + "'; bars have " + BarValidator.COLUMNS);
      }
    }
    if (!start.isBefore(end)) {
      throw new StoreException(
          "read "
              + id
              + ": start "
              + start
              + " is not before end "
              + end
              + "; the range is [start, end)");
    }
    // Links are checked on the dataset's folder here and on each file the read opens (readFiles).
    Path dir = StorePaths.requireInside(root, id.directory(root), "read " + id);
    if (!writeUnderWay(dir)) {
      List<Path> files = DatasetFiles.dataFiles(dir, id.symbol(), start, end);
      Map<Path, Object> before = fileKeys(dir, files, start, end);
      Table bars = readFiles(id, dir, files, start, end, wanted);
      // a whole write may have begun and ended during the read: its renames change file keys
      if (!writeUnderWay(dir)
          && before.equals(
              fileKeys(dir, DatasetFiles.dataFiles(dir, id.symbol(), start, end), start, end))) {
        return bars;
      }
    }
    if (readOnly) {
      return readWhenQuiet(id, dir, start, end, wanted);
    }
    // A write is switching this dataset's files (or one died doing it): half of them may be new.
    // Its writer holds the dataset's lock until its commit is done; take it, finish a dead
    // writer's journal, and read the files as one version.
    try (FileLocks.Held lock =
        FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), REGISTRY_LOCK_WAIT, "dataset " + id)) {
      WriteJournal.recover(id, dir, catalog, REGISTRY_LOCK_WAIT, faults);
      return readFiles(
          id, dir, DatasetFiles.dataFiles(dir, id.symbol(), start, end), start, end, wanted);
    }
  }

  /**
   * Reads without a lock (a read-only store takes none): waits for the write under way to end, then
   * reads the files as one version, checked as {@link #read} does.
   */
  private Table readWhenQuiet(
      DatasetId id, Path dir, Instant start, Instant end, List<String> wanted) {
    long deadline = System.nanoTime() + REGISTRY_LOCK_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!writeUnderWay(dir)) {
        List<Path> files = DatasetFiles.dataFiles(dir, id.symbol(), start, end);
        Map<Path, Object> before = fileKeys(dir, files, start, end);
        Table bars = readFiles(id, dir, files, start, end, wanted);
        if (!writeUnderWay(dir)
            && before.equals(
                fileKeys(dir, DatasetFiles.dataFiles(dir, id.symbol(), start, end), start, end))) {
          return bars;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("read " + id + ": interrupted while a write was under way", e);
      }
    }
    throw new StoreException(
        "read "
            + id
            + ": a write of the dataset has been under way for "
            + REGISTRY_LOCK_WAIT.toSeconds()
            + " s (its journal is in "
            + dir
            + "); a read-only store does not finish a writer's journal. Retry once the write is"
            + " done, or open the store for writing (BarStore.open), which finishes a dead"
            + " writer's journal");
  }

  /**
   * The identity (inode) of each data file a read of {@code [start, end)} opens, which a rename
   * over it changes; the other months' files are left unexamined (a read of one month out of sixty
   * stats one file, not sixty).
   */
  private static Map<Path, Object> fileKeys(
      Path dir, List<Path> files, Instant start, Instant end) {
    Map<Path, Object> keys = new java.util.HashMap<>();
    for (Path file : files) {
      if (!overlaps(DatasetFiles.monthOf(DatasetFiles.relative(dir, file)), start, end)) {
        continue;
      }
      try {
        java.nio.file.attribute.BasicFileAttributes a =
            Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        Object key = a.fileKey();
        keys.put(file, key != null ? key : a.lastModifiedTime() + "/" + a.size());
      } catch (IOException gone) {
        keys.put(file, "gone");
      }
    }
    return keys;
  }

  /** Whether a write of the dataset in {@code dir} is between its journal and its commit's end. */
  private static boolean writeUnderWay(Path dir) {
    return Files.exists(dir.resolve(WriteJournal.PREPARED))
        || Files.exists(dir.resolve(WriteJournal.COMMITTED));
  }

  /** Reads {@code files}, the dataset's data files as listed, after checking the registry's. */
  private Table readFiles(
      DatasetId id, Path dir, List<Path> files, Instant start, Instant end, List<String> wanted) {
    requireRegisteredFiles(id, dir, start, end);
    if (files.isEmpty() && DatasetFiles.dataFiles(dir, id.symbol()).isEmpty()) {
      throw new StoreException(
          "no dataset " + id + " in the store at " + root + "; it has " + datasetNames());
    }
    List<String> fetch = new ArrayList<>(wanted);
    if (!fetch.contains(Bars.TIMESTAMP)) {
      fetch.add(0, Bars.TIMESTAMP);
    }
    List<Table> parts = new ArrayList<>();
    TimeRange range = new TimeRange(Bars.TIMESTAMP, start, end);
    for (Path file : files) {
      if (!overlaps(DatasetFiles.monthOf(DatasetFiles.relative(dir, file)), start, end)) {
        continue;
      }
      StorePaths.requireInside(root, file, "read " + id); // a folder on the way may be a link
      parts.add(inRange(checkedTypes(ParquetFiles.read(file, fetch, range), file), start, end));
    }
    Table result =
        parts.isEmpty()
            ? Bars.empty(id.toString()).selectColumns(fetch.toArray(String[]::new))
            : Concatenation.of(parts);
    return result.selectColumns(wanted.toArray(String[]::new)).setName(id.toString());
  }

  /** Refuses to read around a registered file that is gone: the result would lack its bars. */
  private void requireRegisteredFiles(DatasetId id, Path dir, Instant start, Instant end) {
    DatasetInfo info;
    try {
      info = catalog.readShared().get(id.toString());
    } catch (StoreException corruptRegistry) {
      return; // nothing to compare with; the files are still the data (verify reports it)
    }
    if (info == null) {
      return;
    }
    for (PartitionInfo p : info.partitions()) {
      Path file = dir.resolve(p.path()).normalize();
      if (p.last().isBefore(start) || !p.first().isBefore(end) || Files.isRegularFile(file)) {
        continue;
      }
      if (!stillRegistered(id, p)) {
        continue; // a replace removed it since the registry was read
      }
      throw new StoreException(
          "read "
              + id
              + ": data file "
              + file
              + " is in the registry ("
              + p.rows()
              + " bars, "
              + p.first()
              + " to "
              + p.last()
              + ") but missing from the disk; nothing was read. Restore the file, re-ingest the"
              + " dataset from its source, or accept the loss with `inventory --refresh` (which"
              + " registers the files that are there)"
              + (Files.exists(dir.resolve(DatasetFiles.MARKER))
                  ? "; a write to the dataset is in flight or was cut short: retry once it is done"
                  : ""));
    }
  }

  private boolean stillRegistered(DatasetId id, PartitionInfo partition) {
    DatasetInfo now = catalog.read().get(id.toString());
    return now != null && now.partitions().contains(partition);
  }

  /** A damaged footer can change a column's type without failing the read: refuse that. */
  private static Table checkedTypes(Table part, Path file) {
    for (tech.tablesaw.columns.Column<?> column : part.columns()) {
      boolean ok =
          column.name().equals(Bars.TIMESTAMP)
              ? column instanceof InstantColumn
              : column instanceof tech.tablesaw.api.DoubleColumn;
      if (!ok) {
        throw new StoreException(
            "data file "
                + file
                + " has column '"
                + column.name()
                + "' as "
                + column.getClass().getSimpleName()
                + ", not the bar schema's type; the file is damaged: check it with `inventory"
                + " --verify` and rewrite the dataset from its source");
      }
    }
    return part;
  }

  private static boolean overlaps(YearMonth month, Instant start, Instant end) {
    if (month == null) {
      return true;
    }
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return from.isBefore(end) && start.isBefore(to);
  }

  /** Keeps the rows of a time-sorted table within [start, end), by binary search. */
  private static Table inRange(Table table, Instant start, Instant end) {
    InstantColumn time = table.instantColumn(Bars.TIMESTAMP);
    int from = firstAtOrAfter(time, start);
    int to = firstAtOrAfter(time, end);
    return from == 0 && to == table.rowCount() ? table : table.inRange(from, to);
  }

  private static int firstAtOrAfter(InstantColumn time, Instant at) {
    int lo = 0;
    int hi = time.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time.get(mid).isBefore(at)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Lists the registered datasets.
   *
   * @return every registry entry, sorted by provider, timeframe and symbol
   */
  public List<DatasetInfo> listDatasets() {
    return listDatasets(DatasetFilter.all());
  }

  /**
   * Lists the registered datasets that match a filter.
   *
   * @param filter provider, timeframe and symbol to match (null parts match anything)
   * @return the matching entries, sorted
   */
  public List<DatasetInfo> listDatasets(DatasetFilter filter) {
    List<DatasetInfo> list = new ArrayList<>();
    for (DatasetInfo info : catalog.read().values()) {
      if (filter.matches(info)) {
        list.add(info);
      }
    }
    return list;
  }

  /**
   * Returns a dataset's registry entry.
   *
   * @param id the dataset
   * @return its entry, or empty if it is not registered
   */
  public Optional<DatasetInfo> info(DatasetId id) {
    return Optional.ofNullable(catalog.readShared().get(id.toString()));
  }

  /**
   * Rebuilds one dataset's registry entry from its files (rows, range, sizes, checksums). Each file
   * gets the checks of {@link #adopt} on files another engine wrote: column names and types in its
   * footer, timestamps present and strictly increasing, every row in its folder's UTC month.
   *
   * @param id the dataset
   * @return the new entry
   * @throws StoreException if the dataset has no files, or one of them is corrupt or fails a check
   *     (naming the file, what is wrong and what to do)
   */
  public DatasetInfo scan(DatasetId id) {
    requireWritable("scan " + id);
    Path dir = StorePaths.datasetDir(root, id, "scan " + id);
    try (FileLocks.Held lock =
        FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), REGISTRY_LOCK_WAIT, "dataset " + id)) {
      WriteJournal.recover(id, dir, catalog, REGISTRY_LOCK_WAIT, faults);
      return rescan(id, dir);
    }
  }

  private DatasetInfo rescan(DatasetId id, Path dir) {
    List<Path> files = DatasetFiles.dataFiles(dir, id.symbol());
    if (files.isEmpty()) {
      catalog.update(REGISTRY_LOCK_WAIT, entries -> entries.remove(id.toString()));
      throw new StoreException("no data files for " + id + " under " + dir + "; entry removed");
    }
    List<PartitionInfo> partitions = new ArrayList<>();
    for (Path file : files) {
      partitions.add(DatasetFiles.describe(dir, file, true));
    }
    DatasetInfo info = entry(id, partitions, clock.instant());
    catalog.update(REGISTRY_LOCK_WAIT, entries -> entries.put(id.toString(), info));
    return info;
  }

  /**
   * Rebuilds the whole registry from the files on disk: every dataset folder is scanned, reading
   * every page of every file (so a damaged file is found, not only a damaged timestamp column), and
   * entries without files are dropped. Also repairs a corrupt or missing {@code catalog.json} (a
   * damaged one is kept next to it as {@code catalog.json.corrupt}).
   *
   * <p>Every file also gets the checks of {@link #adopt} (column types, time order, every row in
   * its folder's month), so a file another engine wrote is registered only if the store reads it
   * exactly. A dataset with an unreadable file, or one failing a check, does not stop the others:
   * every healthy dataset is registered, and the damaged one is reported (dataset, file, reason).
   * Its files are not touched; its previous registry entry, if the old registry could be read, is
   * kept as it was (so {@link #verify()} still names the file), and its write marker, if any, stays
   * until it is repaired.
   *
   * <p>Each dataset is read under the dataset's lock (the one writers take), after finishing any
   * write of it that a crash cut short, so no write is half-done while its files are read. The
   * registry is then updated once, under its lock, entry by entry compared with the registry as it
   * was when the refresh started: an entry that a writer changed meanwhile describes that writer's
   * newer files and is kept, so a refresh during an ingest never puts back what the files held
   * before a write. A dataset still locked after the registry time-out (30 s) is reported as a
   * problem, its entry left as it was.
   *
   * @return the datasets registered and the ones that could not be
   * @throws StoreException if the store cannot be listed or the registry cannot be written
   */
  public RefreshReport refreshAll() {
    requireWritable("refresh the registry");
    keepCorruptRegistryAside();
    Map<String, DatasetInfo> snapshot = new HashMap<>(catalog.read());
    Map<String, Optional<DatasetInfo>> scanned = new TreeMap<>();
    List<RefreshReport.Problem> problems = new ArrayList<>();
    List<DatasetId> ids = new ArrayList<>(datasetsOnDisk());
    for (DatasetInfo registered : snapshot.values()) {
      if (!ids.contains(registered.id())) {
        ids.add(registered.id());
      }
    }
    for (DatasetId id : ids) {
      if (!Files.isDirectory(id.directory(root))) {
        scanned.put(id.toString(), Optional.empty()); // no folder to lock, and none to list
        continue;
      }
      try {
        StorePaths.datasetDir(root, id, "refresh " + id); // a folder linked outside the store
      } catch (StoreException outside) {
        problems.add(new RefreshReport.Problem(id, id.directory(root), outside.getMessage()));
        continue;
      }
      try {
        scanned.put(id.toString(), scanLocked(id, snapshot));
      } catch (Unreadable unreadable) {
        problems.add(unreadable.problem);
      }
    }
    Map<String, DatasetInfo> registered = new TreeMap<>();
    catalog.update(
        REGISTRY_LOCK_WAIT,
        entries -> {
          for (Map.Entry<String, Optional<DatasetInfo>> scan : scanned.entrySet()) {
            String key = scan.getKey();
            // A writer that committed since the snapshot wrote an entry for its own files: keep it.
            if (Objects.equals(entries.get(key), snapshot.get(key))) {
              scan.getValue()
                  .ifPresentOrElse(info -> entries.put(key, info), () -> entries.remove(key));
            }
            if (entries.containsKey(key)) {
              registered.put(key, entries.get(key));
            }
          }
        });
    for (Map.Entry<String, Optional<DatasetInfo>> scan : scanned.entrySet()) {
      scan.getValue().ifPresent(info -> removeMarker(info.id()));
    }
    return new RefreshReport(List.copyOf(registered.values()), problems);
  }

  /** A dataset {@link #refreshAll} could not register; its registry entry is left as it was. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient RefreshReport.Problem problem;

    Unreadable(RefreshReport.Problem problem, StoreException cause) {
      super(problem.reason(), cause);
      this.problem = problem;
    }
  }

  /**
   * Describes a dataset from its files, read in full under the dataset's lock (the one writers
   * take, so no write is half-done while they are read), after finishing any write of it that a
   * crash cut short; if that recovery changed the registry entry, {@code snapshot} is updated.
   *
   * @return the entry, or empty if the dataset has no files
   * @throws Unreadable if a file is unreadable, or the dataset stays locked or cannot be recovered
   */
  private Optional<DatasetInfo> scanLocked(DatasetId id, Map<String, DatasetInfo> snapshot)
      throws Unreadable {
    Path dir = id.directory(root);
    try (FileLocks.Held lock =
        FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), REGISTRY_LOCK_WAIT, "dataset " + id)) {
      if (WriteJournal.recover(id, dir, catalog, REGISTRY_LOCK_WAIT, faults)) {
        DatasetInfo recovered = catalog.read().get(id.toString());
        if (recovered == null) {
          snapshot.remove(id.toString());
        } else {
          snapshot.put(id.toString(), recovered);
        }
      }
      List<PartitionInfo> partitions = new ArrayList<>();
      for (Path file : DatasetFiles.dataFiles(dir, id.symbol())) {
        try {
          partitions.add(DatasetFiles.describeChecked(dir, file));
        } catch (StoreException unreadable) {
          throw new Unreadable(
              new RefreshReport.Problem(id, file, unreadable.getMessage()), unreadable);
        }
      }
      return partitions.isEmpty()
          ? Optional.empty()
          : Optional.of(entry(id, partitions, clock.instant()));
    } catch (StoreException busyOrBroken) {
      throw new Unreadable(
          new RefreshReport.Problem(id, dir, busyOrBroken.getMessage()), busyOrBroken);
    }
  }

  private void removeMarker(DatasetId id) {
    Path dir = id.directory(root);
    FileLocks.Held lock;
    try {
      lock = FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), RECOVERY_LOCK_WAIT, "dataset " + id);
    } catch (StoreException busy) {
      return; // a live writer: its marker is its own, and its write will update the entry
    }
    try (lock) {
      Files.deleteIfExists(dir.resolve(DatasetFiles.MARKER));
    } catch (IOException e) {
      throw new StoreException(
          "cannot remove the write marker of " + id + ": " + e.getMessage(), e);
    }
  }

  /** A corrupt {@code catalog.json} is kept as {@code catalog.json.corrupt} and started afresh. */
  private void keepCorruptRegistryAside() {
    try {
      catalog.read();
    } catch (StoreException corrupt) {
      try {
        Files.copy(
            catalog.file(),
            catalog.file().resolveSibling(Catalog.FILE + ".corrupt"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        corrupt.addSuppressed(e);
        throw corrupt;
      }
      catalog.replace(REGISTRY_LOCK_WAIT, Map.of());
    }
  }

  /**
   * Explains an empty registry and what to do about it.
   *
   * @return empty if the registry lists a dataset; otherwise, when the store holds no data, how to
   *     build the sample or ingest a CSV, and when it holds data files the registry does not list,
   *     how to rebuild the registry
   */
  public Optional<String> emptyStoreHint() {
    if (!catalog.read().isEmpty()) {
      return Optional.empty();
    }
    List<DatasetId> onDisk = datasetsOnDisk();
    if (!onDisk.isEmpty()) {
      return Optional.of(
          "The registry of the store at "
              + root
              + " lists no datasets, but "
              + onDisk.size()
              + (onDisk.size() == 1 ? " dataset folder holds" : " dataset folders hold")
              + " data files: rebuild it with ./jbang inventory --refresh");
    }
    return Optional.of(
        "The store at "
            + root
            + " is empty: build the sample with ./jbang ingest --sample, or ingest a CSV with"
            + " ./jbang ingest --csv FILE --symbol S");
  }

  /**
   * Totals over the registry: datasets, rows and bytes.
   *
   * @return the inventory
   */
  public Inventory quickInventory() {
    int datasets = 0;
    long rows = 0;
    long bytes = 0;
    for (DatasetInfo info : catalog.read().values()) {
      datasets++;
      rows += info.totalRows();
      bytes += info.fileSizeBytes();
    }
    return new Inventory(datasets, rows, bytes);
  }

  /**
   * Compares the store with its registry: every registered file must be there, with its recorded
   * size, row count and SHA-256; each dataset's totals must add up; and every data file and dataset
   * folder on disk must be registered. A file written without a checksum cannot have its bytes
   * compared: it is read in full instead (every page's CRC, the bar schema, its row count), and
   * counted in {@link VerifyReport#unchecked()}. A missing {@code catalog.json} while the store
   * holds data files is a problem, as nothing can be compared.
   *
   * @return what was checked, what could not be, and every mismatch, naming the file
   * @throws StoreException if the registry is corrupt or the store cannot be listed
   */
  public VerifyReport verify() {
    return new StoreVerifier(root, catalog).verify(datasetsOnDisk());
  }

  /** Builds a registry entry from a dataset's partitions. */
  static DatasetInfo entry(DatasetId id, List<PartitionInfo> partitions, Instant now) {
    List<PartitionInfo> sorted = new ArrayList<>(partitions);
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    long rows = 0;
    long bytes = 0;
    Instant first = null;
    Instant last = null;
    for (PartitionInfo p : sorted) {
      rows += p.rows();
      bytes += p.bytes();
      first = first == null || p.first().isBefore(first) ? p.first() : first;
      last = last == null || p.last().isAfter(last) ? p.last() : last;
    }
    return new DatasetInfo(
        id.symbol(),
        id.provider(),
        id.timeframe(),
        first,
        last,
        rows,
        sorted.size(),
        bytes,
        DatasetFiles.datasetChecksum(sorted),
        now,
        DatasetInfo.coverage(sorted, Bars.timeframe(id.timeframe())),
        sorted);
  }

  private List<String> datasetNames() {
    List<String> names = new ArrayList<>();
    datasetsOnDisk().forEach(d -> names.add(d.toString()));
    return names;
  }

  /** Every provider/timeframe/symbol folder holding data files. */
  private List<DatasetId> datasetsOnDisk() {
    List<DatasetId> ids = new ArrayList<>();
    try {
      List<Path> entries = new ArrayList<>(DatasetFiles.entries(root, 3));
      entries.sort(null);
      for (Path dir : entries) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        if (root.relativize(dir).getNameCount() != 3) {
          continue;
        }
        DatasetId id = datasetOf(dir);
        if (id == null) {
          continue;
        }
        // a linked folder is listed so that refreshAll reports it (its files are not read)
        if (Files.isSymbolicLink(dir) || !DatasetFiles.dataFiles(dir, id.symbol()).isEmpty()) {
          ids.add(id);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the store at " + root + ": " + e.getMessage(), e);
    }
    return ids;
  }

  /**
   * Finishes the writes that were cut short: each dataset with a write journal is rolled back or
   * forward ({@link WriteJournal#recover}); each with a legacy write marker gets its registry entry
   * rebuilt from its files. Datasets locked by a live writer are left to it.
   */
  private void finishInterruptedWrites() {
    Set<String> leftovers =
        Set.of(DatasetFiles.MARKER, WriteJournal.PREPARED, WriteJournal.COMMITTED);
    List<Path> dirs;
    try {
      dirs =
          DatasetFiles.entries(root, 4).stream()
              .filter(p -> leftovers.contains(p.getFileName().toString()))
              .filter(p -> root.relativize(p).getNameCount() == 4)
              .map(Path::getParent)
              .distinct()
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new StoreException("cannot scan the store at " + root + ": " + e.getMessage(), e);
    }
    for (Path dir : dirs) {
      DatasetId id = datasetOf(dir);
      if (id == null) {
        continue; // not a dataset folder of this layout
      }
      FileLocks.Held lock;
      try {
        lock =
            FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), RECOVERY_LOCK_WAIT, "dataset " + id);
      } catch (StoreException busy) {
        continue; // a live writer holds it: the journal or marker is its own
      }
      Path marker = dir.resolve(DatasetFiles.MARKER);
      try (lock) {
        WriteJournal.recover(id, dir, catalog, REGISTRY_LOCK_WAIT, faults);
        if (!Files.exists(marker)) {
          continue;
        }
        if (DatasetFiles.dataFiles(dir, id.symbol()).isEmpty()) {
          catalog.update(REGISTRY_LOCK_WAIT, entries -> entries.remove(id.toString()));
        } else {
          rescan(id, dir);
        }
        Files.deleteIfExists(marker);
      } catch (StoreException unreadable) {
        // A corrupt catalog.json or data file, or a full disk: keep the journal or marker so the
        // store still opens; the next write or refresh of the dataset reports the problem.
        continue;
      } catch (IOException e) {
        throw new StoreException(
            "cannot remove the write marker " + marker + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The dataset a folder {@code <provider>/<timeframe>/symbol=<SYMBOL>} under the root holds.
   *
   * @return the dataset, or null if the folder is not named like one
   */
  private DatasetId datasetOf(Path dir) {
    String[] parts = root.relativize(dir).toString().split("[/\\\\]");
    if (parts.length != 3 || !parts[2].startsWith(LayoutMigration.SYMBOL_PREFIX)) {
      return null;
    }
    try {
      return new DatasetId(
          parts[0], parts[1], parts[2].substring(LayoutMigration.SYMBOL_PREFIX.length()));
    } catch (StoreException notADataset) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "BarStore[" + root + "]";
  }
}
