package dev.quarry.store;

import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * One adoption ({@link BarStore#adopt}): Parquet files another engine wrote are checked, then moved
 * into a dataset's partitions and registered, as one unit, with the write journal of {@link
 * StoreWriter}.
 *
 * <p>The protocol:
 *
 * <ol>
 *   <li>Check, before taking any lock or changing anything: the staging folder lies outside the
 *       store; its layout ({@link StagingFolder}: one file per {@code year=/month=} folder); each
 *       file's columns, types, order and month ({@link ForeignFiles}), the OHLCV rules of {@link
 *       BarValidator} and the dataset's timeframe grid.
 *   <li>Under the dataset's lock, finish any write of it that a crash cut short ({@link
 *       WriteJournal#recover}) and read its registry entry; a dataset stored as one file (not by
 *       month) is refused.
 *   <li>Stage each file as a hidden temp file next to its target {@code <SYMBOL>.parquet}: a hard
 *       link to the file in the staging folder (on the same file system), or else an fsynced copy.
 *       The staging folder is unchanged.
 *   <li>Write the journal, switch the files (old months kept aside as backups), update {@code
 *       catalog.json}, commit the journal, clean up: steps 4 to 8 of {@link StoreWriter}.
 *   <li>Delete the adopted files from the staging folder, which completes the move.
 * </ol>
 *
 * <p>A failure or crash before the journal's commit rolls back as a write does: the dataset, the
 * registry and the staging folder are as before. A crash after the commit and before step 5 leaves
 * the dataset adopted and the staged files still in the staging folder (they are then copies of the
 * adopted months; adopting them again changes nothing).
 */
final class Adoption {
  private static final WriteOptions OPTIONS = WriteOptions.defaults();

  /** A staged file that passed the checks. */
  private record Checked(YearMonth month, Path source, int rows, Instant first, Instant last) {}

  private final Path root;
  private final Catalog catalog;
  private final StoreWriter writer;
  private final StoreFaults faults;

  Adoption(Path root, Catalog catalog, StoreWriter writer, StoreFaults faults) {
    this.root = root;
    this.catalog = catalog;
    this.writer = writer;
    this.faults = faults;
  }

  DatasetInfo adopt(DatasetId id, Path stagingDir) {
    String where = "adopt " + id;
    Path staging = requireStagingOutside(stagingDir, where);
    List<Checked> checked = new ArrayList<>();
    for (Map.Entry<YearMonth, Path> file : StagingFolder.dataFiles(staging, where).entrySet()) {
      checked.add(check(id, file.getValue(), file.getKey(), where));
    }
    Path dir = StorePaths.datasetDir(root, id, where);
    DatasetInfo info;
    try (FileLocks.Held lock =
        FileLocks.acquire(dir.resolve(DatasetFiles.LOCK), OPTIONS.lockTimeout(), "dataset " + id)) {
      WriteJournal.recover(id, dir, catalog, OPTIONS.lockTimeout(), faults);
      DatasetInfo previous = catalog.read().get(id.toString());
      Path single = DatasetFiles.singleFile(dir, id.symbol());
      if (Files.isRegularFile(single)) {
        throw new StoreException(
            where
                + ": the dataset is stored as one file ("
                + single
                + "), not by month, and adopt adds monthly partitions; nothing was changed:"
                + " rewrite the dataset partitioned by date (write mode replace,"
                + " partitionByDate=true) first, or adopt into another dataset");
      }
      info = commit(id, dir, checked, previous, where);
    }
    removeFromStaging(id, staging, checked);
    return info;
  }

  private Path requireStagingOutside(Path stagingDir, String where) {
    Path staging = stagingDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(staging)) {
      throw new StoreException(
          where
              + ": the staging folder "
              + staging
              + " does not exist or is not a folder; pass the folder the other engine wrote (the"
              + " one holding the year=YYYY folders)");
    }
    boolean inStore = StorePaths.inside(root, staging);
    if (inStore || StorePaths.inside(staging, root)) {
      throw new StoreException(
          where
              + ": the staging folder "
              + staging
              + (inStore ? " is inside the store at " : " holds the store at ")
              + StorePaths.real(root)
              + (StorePaths.real(staging).equals(staging)
                  ? ""
                  : " (through a symbolic link: it leads to " + StorePaths.real(staging) + ")")
              + "; the store owns every folder under its root, so nothing was changed: have the"
              + " other engine write to a folder outside the store, and adopt from there");
    }
    return staging;
  }

  private Checked check(DatasetId id, Path file, YearMonth month, String where) {
    Table bars = ForeignFiles.readChecked(file, month, where);
    List<Violation> broken = BarValidator.values(bars, OPTIONS.allowNegativePrices());
    if (!broken.isEmpty()) {
      throw new BarValidationException(where + ": data file " + file, broken);
    }
    StoreWriter.checkGrid(id, bars, where + ": data file " + file);
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    return new Checked(month, file, time.size(), time.get(0), time.get(time.size() - 1));
  }

  /** Steps 3 and 4 of the protocol; on failure, everything is rolled back before the error. */
  private DatasetInfo commit(
      DatasetId id, Path dir, List<Checked> checked, DatasetInfo previous, String where) {
    AtomicFiles.Pending[] staged = new AtomicFiles.Pending[checked.size()];
    WriteJournal journal = null;
    DatasetInfo info;
    try {
      Map<String, PartitionInfo> written = new TreeMap<>();
      List<WriteJournal.Change> changes = new ArrayList<>();
      for (int i = 0; i < checked.size(); i++) {
        Checked c = checked.get(i);
        Path target = DatasetFiles.partitionFile(dir, id.symbol(), c.month());
        Path temp = stage(c.source(), target, staged, i);
        String relative = DatasetFiles.relative(dir, target);
        written.put(
            relative,
            new PartitionInfo(
                relative,
                c.rows(),
                Files.size(temp),
                DatasetFiles.sha256(temp),
                c.first(),
                c.last()));
        changes.add(
            new WriteJournal.Change(
                relative,
                DatasetFiles.relative(dir, temp),
                Files.exists(target) ? WriteJournal.backupName(dir, target) : null));
      }
      info = writer.registryEntry(id, dir, written, List.of(), OPTIONS, previous);
      journal = WriteJournal.plan(id, dir, previous, changes, faults);
      journal.prepare();
      journal.switchFiles();
      catalog.update(OPTIONS.lockTimeout(), entries -> entries.put(id.toString(), info));
      journal.commit();
    } catch (IOException | RuntimeException e) {
      throw rollBack(id, dir, staged, journal, e, where);
    }
    try {
      journal.cleanUp();
    } catch (IOException e) {
      throw new StoreException(
          where
              + " landed (every adopted month and the registry entry are new), but its backups"
              + " under "
              + dir
              + " could not be deleted: "
              + e.getMessage()
              + "; they are deleted on the next open, write or refresh of the dataset. The"
              + " adopted files are still in the staging folder too: delete them",
          e);
    }
    return info;
  }

  /**
   * Stages one file next to its target: a hard link under an {@link AtomicFiles} temp name (so a
   * dead process's leftover is recovered like any temp file), or a copy where links fail (another
   * file system, or a file of another user).
   */
  private Path stage(Path source, Path target, AtomicFiles.Pending[] staged, int index)
      throws IOException {
    AtomicFiles.Pending pending = AtomicFiles.begin(target);
    staged[index] = pending;
    Path temp = pending.prepare();
    faults.before(StoreFaults.Operation.WRITE, temp);
    Files.delete(temp);
    try {
      Files.createLink(temp, source);
    } catch (UnsupportedOperationException | IOException noLink) {
      Files.deleteIfExists(temp);
      Files.copy(source, temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
    return temp;
  }

  private StoreException rollBack(
      DatasetId id,
      Path dir,
      AtomicFiles.Pending[] staged,
      WriteJournal journal,
      Exception failure,
      String where) {
    boolean full = StoreFaults.diskFull(failure);
    String what =
        where
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
            WriteJournal.deleteEmptyParents(dir, pending.target());
          }
        }
      } else {
        journal.rollBack(catalog, OPTIONS.lockTimeout());
      }
    } catch (IOException | RuntimeException undo) {
      failure.addSuppressed(undo);
      return new StoreException(
          what
              + "; undoing it failed too ("
              + undo.getMessage()
              + "): the write journal in "
              + dir
              + " restores every old month and the registry entry on the next open, write or"
              + " refresh of the dataset; the staging folder is unchanged"
              + (full ? "; free disk space first" : ""),
          failure);
    }
    return new StoreException(
        what
            + "; nothing was changed: the dataset, its registry entry and the staging folder are as"
            + " before"
            + (full ? "; free disk space, then adopt again" : "; fix the cause and adopt again"),
        failure);
  }

  /** Step 5: the adopted files leave the staging folder (its other entries stay). */
  private void removeFromStaging(DatasetId id, Path staging, List<Checked> checked) {
    Set<Path> folders = new LinkedHashSet<>();
    List<String> left = new ArrayList<>();
    IOException first = null;
    for (Checked c : checked) {
      try {
        faults.before(StoreFaults.Operation.DELETE, c.source());
        Files.deleteIfExists(c.source());
        folders.add(c.source().getParent());
      } catch (IOException e) {
        left.add(c.source().toString());
        first = first == null ? e : first;
      }
    }
    folders.forEach(AtomicFiles::syncDirectory);
    if (first != null) {
      throw new StoreException(
          "adopt "
              + id
              + " landed (every adopted month and the registry entry are new), but "
              + left.size()
              + " adopted file(s) could not be deleted from the staging folder "
              + staging
              + " ("
              + String.join(", ", left)
              + ": "
              + first.getMessage()
              + "); they are copies of what the store now holds: delete them",
          first);
    }
  }
}
