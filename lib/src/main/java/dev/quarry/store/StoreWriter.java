package dev.quarry.store;

import dev.quarry.bars.BarSpacing;
import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.BitmapBackedSelection;
import tech.tablesaw.selection.Selection;

/**
 * One write to one dataset: validate, merge, write files, update the registry, as one unit.
 *
 * <p>The protocol, under the dataset's cross-process lock:
 *
 * <ol>
 *   <li>Recover: finish any earlier write of the dataset that a crash cut short, from its journal
 *       (see {@link WriteJournal#recover}).
 *   <li>Validate the new rows (schema, sorted unique timestamps, OHLCV rules) and read and merge
 *       every partition they touch, in memory. Any error stops here: nothing has been written.
 *   <li>Stage each new partition file as a hidden temp file next to its target, fsynced, computing
 *       its SHA-256 on the way. Files are encoded in parallel on the common fork-join pool; all of
 *       them have finished before the next step. No data file has changed yet.
 *   <li>Write the journal, listing every change and the old registry entry ({@link
 *       WriteJournal#prepare}).
 *   <li>Switch the files: old versions aside as backups, staged files renamed over their targets,
 *       files a replace drops renamed to backups ({@link WriteJournal#switchFiles}).
 *   <li>Update {@code catalog.json} atomically, under the registry lock.
 *   <li>Commit: rename the journal to its committed name ({@link WriteJournal#commit}).
 *   <li>Delete the backups and the journal ({@link WriteJournal#cleanUp}).
 * </ol>
 *
 * <p>A failure before step 7 (a full disk, an I/O error) rolls the write back before the error is
 * thrown; a crash before step 7 is rolled back by the next open, write or refresh, and a crash
 * after it rolled forward. Either way the dataset holds all its old partitions or all its new ones,
 * and the registry entry describes the files.
 */
final class StoreWriter {
  private final Path root;
  private final Catalog catalog;
  private final Clock clock;
  private final StoreFaults faults;

  StoreWriter(Path root, Catalog catalog, Clock clock, StoreFaults faults) {
    this.root = root;
    this.catalog = catalog;
    this.clock = clock;
    this.faults = faults;
  }

  /** A partition's new content and where it goes. */
  private record Planned(Path file, Table rows) {}

  /** Counts gathered while merging. */
  private static final class Counts {
    int added;
    int replaced;
    int dropped;
  }

  WriteResult write(DatasetId id, Table bars, WriteOptions options) {
    String where = "write " + id;
    BarValidator.checkSchema(bars, where);
    Table input = bars.selectColumns(BarValidator.COLUMNS.toArray(String[]::new));
    Counts counts = new Counts();
    if (options.deduplicate()) {
      int before = input.rowCount();
      input = dropRepeatedRows(input);
      counts.dropped += before - input.rowCount();
    }
    List<Violation> violations = new ArrayList<>(BarValidator.structure(input));
    if (options.checkIntegrity()) {
      violations.addAll(BarValidator.values(input, options.allowNegativePrices()));
    }
    if (!violations.isEmpty()) {
      violations.sort((a, b) -> Integer.compare(a.row(), b.row()));
      throw new BarValidationException(where, violations);
    }
    checkGrid(id, input, where);
    Path dir = StorePaths.datasetDir(root, id, where);
    try (FileLocks.Held lock =
        FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), options.lockTimeout(), "dataset " + id)) {
      return writeLocked(id, dir, input, options, counts, where);
    }
  }

  /**
   * Refuses bars whose spacing is not the dataset's timeframe (see {@link BarSpacing}): a daily
   * series written as {@code 1m} would otherwise be stored, and read back, as minutes. New rows
   * spaced wider than the timeframe are accepted when the partitions they merge into have the
   * timeframe's spacing (scattered corrections, or a writer filling every other bar of a dataset
   * being built), so only the combined result must have it. So are sparse bars (an illiquid
   * symbol's minutes built from its few trades) whose typical gap is wider but which have two bars
   * exactly one timeframe apart: the timeframe is then real and the wider gaps are missing bars.
   */
  private static void checkSpacing(DatasetId id, Table input, List<Planned> planned, String where) {
    Duration timeframe = Bars.timeframe(id.timeframe());
    Optional<Duration> gap = BarSpacing.typicalGap(input.instantColumn(Bars.TIMESTAMP));
    if (gap.isEmpty()
        || gap.get().equals(timeframe)
        || BarSpacing.smallestGap(input.instantColumn(Bars.TIMESTAMP))
            .filter(timeframe::equals)
            .isPresent()) {
      return;
    }
    InstantColumn merged = InstantColumn.create(Bars.TIMESTAMP);
    planned.forEach(p -> merged.append(p.rows().instantColumn(Bars.TIMESTAMP)));
    if (BarSpacing.typicalGap(merged).filter(timeframe::equals).isPresent()) {
      return;
    }
    String actual = label(gap.get());
    throw new StoreException(
        where
            + ": the bars are "
            + BarSpacing.describe(gap.get())
            + " apart"
            + (actual.isEmpty() ? "" : " (timeframe " + actual + ")")
            + " but the dataset's timeframe is "
            + id.timeframe()
            + "; nothing was written: write them to "
            + (actual.isEmpty()
                ? "a dataset of their timeframe"
                : new DatasetId(id.provider(), actual, id.symbol())
                    + " (ingest --timeframe "
                    + actual
                    + ")"));
  }

  /** Refuses bars that do not start on the dataset's timeframe grid (see {@link BarSpacing}). */
  static void checkGrid(DatasetId id, Table bars, String where) {
    Duration timeframe = Bars.timeframe(id.timeframe());
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    int first = BarSpacing.firstOffGrid(time, timeframe);
    if (first >= 0) {
      throw new StoreException(
          where
              + ": "
              + BarSpacing.countOffGrid(time, timeframe)
              + " of "
              + time.size()
              + " bars do not start on the "
              + id.timeframe()
              + " grid (a whole number of "
              + id.timeframe()
              + " since 1970-01-01T00:00Z, so days start at 00:00 UTC), the first at row "
              + first
              + ": "
              + time.get(first)
              + "; nothing was written: give each bar its start time, or aggregate the data to "
              + id.timeframe()
              + " bars");
    }
  }

  /** The label of a gap, or "" if no timeframe has that length. */
  private static String label(Duration gap) {
    try {
      return BarSpacing.label(gap);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private WriteResult writeLocked(
      DatasetId id, Path dir, Table input, WriteOptions options, Counts counts, String where) {
    // Finish a write of this dataset that a crash cut short, so this one starts from whole data.
    WriteJournal.recover(id, dir, catalog, options.lockTimeout(), faults);
    // Read the registry first: a corrupt catalog.json stops the write before any file changes.
    DatasetInfo previous = catalog.read().get(id.toString());
    List<Path> existing = DatasetFiles.dataFiles(dir, id.symbol());
    boolean storedSingle = existing.contains(DatasetFiles.singleFile(dir, id.symbol()));
    if (!existing.isEmpty()
        && options.mode() != WriteMode.REPLACE
        && storedSingle == options.partitionByDate()) {
      throw new StoreException(
          where
              + ": the dataset is stored "
              + (storedSingle ? "as one file per symbol" : "partitioned by year and month")
              + " but the write asks for partitionByDate="
              + options.partitionByDate()
              + "; use the stored layout, or rewrite the dataset with mode replace");
    }
    Map<Path, Integer> offsets = new HashMap<>();
    Map<Path, Table> slices = slice(dir, id.symbol(), input, options.partitionByDate(), offsets);
    List<Planned> planned = new ArrayList<>();
    List<Violation> conflicts = new ArrayList<>();
    for (Map.Entry<Path, Table> slice : slices.entrySet()) {
      Path file = slice.getKey();
      Table merged;
      if (options.mode() == WriteMode.REPLACE || !Files.exists(file)) {
        merged = slice.getValue();
        counts.added += merged.rowCount();
      } else {
        Table stored = ParquetFiles.read(file, List.of());
        BarValidator.checkSchema(stored, where + ": stored file " + file + " is damaged");
        merged = merge(stored, slice.getValue(), offsets.get(file), options, counts, conflicts);
      }
      planned.add(new Planned(file, merged));
    }
    if (!conflicts.isEmpty()) {
      throw new BarValidationException(where, conflicts);
    }
    checkSpacing(id, input, planned, where);
    if (options.checkIntegrity()) {
      for (Planned p : planned) {
        List<Violation> broken = BarValidator.values(p.rows(), options.allowNegativePrices());
        broken.addAll(BarValidator.structure(p.rows()));
        if (!broken.isEmpty()) {
          throw new BarValidationException(
              where + " (after merging into " + p.file() + ")", broken);
        }
      }
    }
    List<Path> obsolete = new ArrayList<>();
    if (options.mode() == WriteMode.REPLACE) {
      for (Path file : existing) {
        counts.replaced += (int) ParquetFiles.rowCount(file);
        if (!slices.containsKey(file)) {
          obsolete.add(file);
        }
      }
    }
    return commit(id, dir, planned, obsolete, options, counts, input.rowCount(), previous);
  }

  private WriteResult commit(
      DatasetId id,
      Path dir,
      List<Planned> planned,
      List<Path> obsolete,
      WriteOptions options,
      Counts counts,
      int rowsIn,
      DatasetInfo previous) {
    AtomicFiles.Pending[] staged = new AtomicFiles.Pending[planned.size()];
    WriteJournal journal = null;
    Map<String, PartitionInfo> written = new LinkedHashMap<>();
    DatasetInfo info;
    try {
      Files.createDirectories(dir);
      for (PartitionInfo partition : stageFiles(dir, planned, options, staged)) {
        written.put(partition.path(), partition);
      }
      List<WriteJournal.Change> changes = new ArrayList<>();
      for (int i = 0; i < planned.size(); i++) {
        Path target = planned.get(i).file();
        changes.add(
            new WriteJournal.Change(
                DatasetFiles.relative(dir, target),
                DatasetFiles.relative(dir, staged[i].temp()),
                Files.exists(target) ? WriteJournal.backupName(dir, target) : null));
      }
      for (Path file : obsolete) {
        changes.add(
            new WriteJournal.Change(
                DatasetFiles.relative(dir, file), null, WriteJournal.backupName(dir, file)));
      }
      info = registryEntry(id, dir, written, obsolete, options, previous);
      journal = WriteJournal.plan(id, dir, previous, changes, faults);
      journal.prepare();
      journal.switchFiles();
      catalog.update(options.lockTimeout(), entries -> entries.put(id.toString(), info));
      journal.commit();
    } catch (IOException | RuntimeException e) {
      throw rollBack(id, dir, staged, journal, options, e);
    }
    try {
      journal.cleanUp();
    } catch (IOException e) {
      throw new StoreException(
          "write "
              + id
              + " landed (every partition and the registry entry are new), but its backups under "
              + dir
              + " could not be deleted: "
              + e.getMessage()
              + "; they are deleted on the next open, write or refresh of the dataset",
          e);
    }
    List<String> deleted = new ArrayList<>();
    obsolete.forEach(f -> deleted.add(DatasetFiles.relative(dir, f)));
    return new WriteResult(
        id,
        options.mode(),
        rowsIn,
        counts.added,
        counts.replaced,
        counts.dropped,
        List.copyOf(written.keySet()),
        deleted,
        info);
  }

  /**
   * Undoes a write that failed before its commit point (see {@link WriteJournal}) and returns the
   * error to throw: what failed, whether the disk is full, and that nothing changed.
   */
  private StoreException rollBack(
      DatasetId id,
      Path dir,
      AtomicFiles.Pending[] staged,
      WriteJournal journal,
      WriteOptions options,
      Exception failure) {
    boolean full = StoreFaults.diskFull(failure);
    String what =
        "write "
            + id
            + " failed under "
            + dir
            + ": "
            + failure.getMessage()
            + (full ? " (the disk is full)" : "");
    try {
      if (journal == null) {
        for (AtomicFiles.Pending pending : staged) {
          if (pending != null) {
            pending.abort();
          }
        }
      } else {
        journal.rollBack(catalog, options.lockTimeout());
      }
    } catch (IOException | RuntimeException undo) {
      failure.addSuppressed(undo);
      return new StoreException(
          what
              + "; undoing it failed too ("
              + undo.getMessage()
              + "): the write journal in "
              + dir
              + " restores every old partition and the registry entry on the next open, write or"
              + " refresh of the dataset"
              + (full ? "; free disk space first" : ""),
          failure);
    }
    return new StoreException(
        what
            + "; nothing was changed: every partition and the registry entry are as before"
            + (full ? "; free disk space, then run the write again" : "; fix the cause and retry"),
        failure);
  }

  /** The dataset's registry entry after the write: new files as staged, the others as known. */
  DatasetInfo registryEntry(
      DatasetId id,
      Path dir,
      Map<String, PartitionInfo> written,
      List<Path> obsolete,
      WriteOptions options,
      DatasetInfo previous) {
    Map<String, PartitionInfo> known = new HashMap<>();
    if (previous != null) {
      previous.partitions().forEach(p -> known.put(p.path(), p));
    }
    Map<String, PartitionInfo> partitions = new TreeMap<>(written);
    for (Path file : DatasetFiles.dataFiles(dir, id.symbol())) {
      String relative = DatasetFiles.relative(dir, file);
      if (partitions.containsKey(relative) || obsolete.contains(file)) {
        continue;
      }
      PartitionInfo info = known.get(relative);
      if (info == null || !sameSize(file, info)) {
        info = DatasetFiles.describe(dir, file, options.computeChecksum());
      }
      partitions.put(relative, info);
    }
    return BarStore.entry(id, new ArrayList<>(partitions.values()), clock.instant());
  }

  private static boolean sameSize(Path file, PartitionInfo info) {
    try {
      return Files.size(file) == info.bytes();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stages the planned files in parallel, each as an fsynced temp file next to its target (recorded
   * in {@code staged}, so the caller can delete them all on failure), and returns their
   * descriptions in plan order. Every file's write has finished, successfully or not, before this
   * returns or throws, so no write outlives the dataset lock.
   */
  private List<PartitionInfo> stageFiles(
      Path dir, List<Planned> planned, WriteOptions options, AtomicFiles.Pending[] staged)
      throws IOException {
    PartitionInfo[] infos = new PartitionInfo[planned.size()];
    Exception[] failures = new Exception[planned.size()];
    IntStream.range(0, planned.size())
        .parallel()
        .forEach(
            i -> {
              try {
                infos[i] = stageFile(dir, planned.get(i), options, staged, i);
              } catch (IOException | RuntimeException e) {
                failures[i] = e;
              }
            });
    for (Exception failure : failures) {
      if (failure instanceof IOException io) {
        throw io;
      } else if (failure != null) {
        throw (RuntimeException) failure;
      }
    }
    return List.of(infos);
  }

  private PartitionInfo stageFile(
      Path dir, Planned p, WriteOptions options, AtomicFiles.Pending[] staged, int index)
      throws IOException {
    MessageDigest digest = DatasetFiles.newDigest();
    AtomicFiles.Pending pending = AtomicFiles.begin(p.file());
    staged[index] = pending;
    faults.before(StoreFaults.Operation.WRITE, pending.temp());
    CountingStream counted = new CountingStream(pending.out());
    OutputStream target =
        options.computeChecksum() ? new DigestOutputStream(counted, digest) : counted;
    ParquetFiles.write(p.rows(), target, options.compression());
    target.flush();
    pending.prepare();
    InstantColumn time = p.rows().instantColumn(Bars.TIMESTAMP);
    return new PartitionInfo(
        DatasetFiles.relative(dir, p.file()),
        p.rows().rowCount(),
        counted.size,
        options.computeChecksum() ? HexFormat.of().formatHex(digest.digest()) : null,
        time.get(0),
        time.get(time.size() - 1));
  }

  /** Counts the bytes written through it; closing it does not close the stream below. */
  private static final class CountingStream extends FilterOutputStream {
    long size;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      size += len;
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /**
   * Splits sorted rows into the files they belong to (contiguous runs of one month), recording
   * where each slice starts in the input so violations keep the input's row numbers.
   */
  private static Map<Path, Table> slice(
      Path dir, String symbol, Table input, boolean byDate, Map<Path, Integer> offsets) {
    Map<Path, Table> slices = new TreeMap<>();
    if (input.isEmpty()) {
      return slices;
    }
    if (!byDate) {
      slices.put(DatasetFiles.singleFile(dir, symbol), input);
      offsets.put(DatasetFiles.singleFile(dir, symbol), 0);
      return slices;
    }
    InstantColumn time = input.instantColumn(Bars.TIMESTAMP);
    int start = 0;
    YearMonth month = DatasetFiles.monthOf(time.get(0));
    for (int row = 1; row <= input.rowCount(); row++) {
      YearMonth next = row < input.rowCount() ? DatasetFiles.monthOf(time.get(row)) : null;
      if (!month.equals(next)) {
        Path file = DatasetFiles.partitionFile(dir, symbol, month);
        slices.put(file, input.inRange(start, row));
        offsets.put(file, start);
        start = row;
        month = next;
      }
    }
    return slices;
  }

  /** Merges new rows into a stored partition (append or upsert); both are sorted and unique. */
  private static Table merge(
      Table stored,
      Table incoming,
      int offset,
      WriteOptions options,
      Counts counts,
      List<Violation> conflicts) {
    InstantColumn storedTime = stored.instantColumn(Bars.TIMESTAMP);
    InstantColumn newTime = incoming.instantColumn(Bars.TIMESTAMP);
    if (stored.isEmpty() || newTime.get(0).isAfter(storedTime.get(storedTime.size() - 1))) {
      counts.added += incoming.rowCount();
      return stored.append(incoming);
    }
    Map<Instant, Integer> index = new HashMap<>();
    for (int row = 0; row < stored.rowCount(); row++) {
      index.put(storedTime.get(row), row);
    }
    Selection keepStored = new BitmapBackedSelection();
    keepStored.addRange(0, stored.rowCount());
    Selection keepNew = new BitmapBackedSelection();
    for (int row = 0; row < incoming.rowCount(); row++) {
      Instant at = newTime.get(row);
      Integer match = index.get(at);
      if (match == null) {
        keepNew.add(row);
        counts.added++;
      } else if (options.mode() == WriteMode.UPSERT) {
        keepStored.removeRange(match, match + 1L);
        keepNew.add(row);
        counts.replaced++;
      } else if (options.deduplicate() && sameValues(stored, match, incoming, row)) {
        counts.dropped++;
      } else {
        conflicts.add(
            new Violation(
                offset + row,
                Bars.TIMESTAMP,
                "timestamp not already stored (append)",
                at
                    + (sameValues(stored, match, incoming, row)
                        ? " is already stored with the same values; turn on deduplicate to drop"
                            + " exact duplicates, or use mode upsert"
                        : " is already stored with different values; use mode upsert to replace"
                            + " it")));
      }
    }
    Table merged = stored.where(keepStored).append(incoming.where(keepNew));
    return merged.sortAscendingOn(Bars.TIMESTAMP);
  }

  private static boolean sameValues(Table a, int rowA, Table b, int rowB) {
    for (String column : List.of(Bars.OPEN, Bars.HIGH, Bars.LOW, Bars.CLOSE, Bars.VOLUME)) {
      if (Double.doubleToLongBits(a.doubleColumn(column).getDouble(rowA))
          != Double.doubleToLongBits(b.doubleColumn(column).getDouble(rowB))) {
        return false;
      }
    }
    return true;
  }

  /** Drops rows that repeat the previous row exactly (same timestamp and values). */
  private static Table dropRepeatedRows(Table input) {
    InstantColumn time = input.instantColumn(Bars.TIMESTAMP);
    Selection keep = new BitmapBackedSelection();
    for (int row = 0; row < input.rowCount(); row++) {
      boolean repeat =
          row > 0
              && time.get(row) != null
              && time.get(row).equals(time.get(row - 1))
              && sameValues(input, row, input, row - 1);
      if (!repeat) {
        keep.add(row);
      }
    }
    return keep.size() == input.rowCount() ? input : input.where(keep);
  }
}
