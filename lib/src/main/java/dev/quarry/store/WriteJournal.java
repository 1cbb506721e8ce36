package dev.quarry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The journal that makes one write of a dataset, across all its partition files, commit as one
 * unit: after a crash or a failure the dataset holds either every new partition or every old one,
 * never a mix, and the registry agrees with the files.
 *
 * <p>The journal is a hidden file in the dataset folder. Its steps, all under the dataset's lock
 * (see {@link StoreWriter} for the steps before them):
 *
 * <ol>
 *   <li><b>Stage</b> (by the writer): every new partition file is written, flushed and fsynced as a
 *       hidden temp file next to its target; no data file has changed yet.
 *   <li><b>Prepare</b> ({@link #prepare}): the journal {@value #PREPARED} is written atomically
 *       (temp file, fsync, rename, fsync of the folder). It lists each change (target, staged temp
 *       file, hidden backup name of the old version if there is one) and the dataset's registry
 *       entry before the write.
 *   <li><b>Switch</b> ({@link #switchFiles}): each old version is kept aside as its backup (a hard
 *       link, so the target never goes missing; a rename where links are not supported), then the
 *       staged file is renamed over the target. Files a replace drops are renamed to their backups.
 *       The folders are fsynced.
 *   <li><b>Register</b> (by the writer): {@code catalog.json} gets the new entry, atomically.
 *   <li><b>Commit</b> ({@link #commit}): the journal is renamed to {@value #COMMITTED} and the
 *       folder fsynced. This rename is the commit point; it needs no disk space.
 *   <li><b>Clean up</b> ({@link #cleanUp}): the backups, folders left empty and then the committed
 *       journal are deleted.
 * </ol>
 *
 * <p>Recovery ({@link #recover}), run when the store opens and before every write and refresh of
 * the dataset, under its lock: a {@value #PREPARED} journal is rolled back (each backup renamed
 * over its target, each new target without an old version and each staged file deleted, the
 * registry entry put back as it was, the journal deleted); a {@value #COMMITTED} one is rolled
 * forward (step 6). Both are idempotent, so a crash during recovery is recovered the same way. A
 * write that fails before step 5 rolls itself back in the same way before it throws.
 */
final class WriteJournal {
  static final String PREPARED = ".quarry-journal.json";
  static final String COMMITTED = ".quarry-journal.committed.json";
  private static final String BACKUP_SUFFIX = ".quarry-backup";
  private static final String FORMAT = "quarry-journal/1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One file a write changes, as paths relative to the dataset folder.
   *
   * @param target the data file
   * @param staged the new content's temp file, or null if the write deletes the target
   * @param backup where the old version is kept until the commit, or null if there is none
   */
  record Change(String target, String staged, String backup) {}

  private final DatasetId id;
  private final Path dir;
  private final DatasetInfo previous;
  private final List<Change> changes;
  private final StoreFaults faults;

  private WriteJournal(
      DatasetId id, Path dir, DatasetInfo previous, List<Change> changes, StoreFaults faults) {
    this.id = id;
    this.dir = dir;
    this.previous = previous;
    this.changes = List.copyOf(changes);
    this.faults = faults;
  }

  /**
   * A journal for a new write, not yet on disk.
   *
   * @param previous the dataset's registry entry before the write, or null if it has none
   */
  static WriteJournal plan(
      DatasetId id, Path dir, DatasetInfo previous, List<Change> changes, StoreFaults faults) {
    return new WriteJournal(id, dir, previous, changes, faults);
  }

  /** A fresh hidden backup name for a data file, in the same folder. */
  static String backupName(Path dir, Path target) {
    String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Path backup = target.resolveSibling("." + target.getFileName() + "." + random + BACKUP_SUFFIX);
    return DatasetFiles.relative(dir, backup);
  }

  /** Step 2: writes the journal atomically; from here on a crash is rolled back from it. */
  void prepare() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("dataset", id.toString());
    if (previous == null) {
      root.putNull("previous");
    } else {
      root.set("previous", Catalog.toJson(previous));
    }
    ArrayNode list = root.putArray("changes");
    for (Change change : changes) {
      ObjectNode node = list.addObject();
      node.put("target", change.target());
      node.put("staged", change.staged());
      node.put("backup", change.backup());
    }
    Path journal = dir.resolve(PREPARED);
    faults.before(StoreFaults.Operation.WRITE, journal);
    AtomicFiles.writeBytes(journal, JSON.writeValueAsBytes(root));
  }

  /** Step 3: keeps each old version aside and renames each staged file over its target. */
  void switchFiles() throws IOException {
    Set<Path> folders = new LinkedHashSet<>();
    for (Change change : changes) {
      Path target = resolve(change.target());
      if (change.backup() != null) {
        Path backup = resolve(change.backup());
        faults.before(StoreFaults.Operation.RENAME, backup);
        if (change.staged() == null) {
          Files.move(target, backup, StandardCopyOption.ATOMIC_MOVE);
        } else {
          keepAside(target, backup);
        }
      }
      if (change.staged() != null) {
        faults.before(StoreFaults.Operation.RENAME, target);
        Files.move(
            resolve(change.staged()),
            target,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      folders.add(target.getParent());
    }
    folders.forEach(AtomicFiles::syncDirectory);
  }

  /** A hard link keeps the target in place for readers; a rename where links are not supported. */
  private static void keepAside(Path target, Path backup) throws IOException {
    try {
      Files.createLink(backup, target);
    } catch (UnsupportedOperationException | IOException noLinks) {
      Files.deleteIfExists(backup);
      Files.move(target, backup, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Step 5, the commit point: renames the journal to its committed name. */
  void commit() throws IOException {
    Path committed = dir.resolve(COMMITTED);
    faults.before(StoreFaults.Operation.RENAME, committed);
    Files.move(dir.resolve(PREPARED), committed, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.syncDirectory(dir);
  }

  /** Step 6 (and roll-forward): deletes the backups, empty folders and the committed journal. */
  void cleanUp() throws IOException {
    for (Change change : changes) {
      if (change.backup() != null) {
        Path backup = resolve(change.backup());
        faults.before(StoreFaults.Operation.DELETE, backup);
        Files.deleteIfExists(backup);
      }
      if (change.staged() == null) {
        deleteEmptyParents(dir, resolve(change.target()));
      }
    }
    Path committed = dir.resolve(COMMITTED);
    faults.before(StoreFaults.Operation.DELETE, committed);
    Files.deleteIfExists(committed);
    AtomicFiles.syncDirectory(dir);
  }

  /**
   * Undoes a write that has not committed: every target back to its old version (or gone, if it had
   * none), staged files deleted, the registry entry as it was, then the journal deleted.
   * Idempotent: it may run again after a crash part-way.
   */
  void rollBack(Catalog catalog, Duration timeout) throws IOException {
    Set<Path> folders = new LinkedHashSet<>();
    for (int i = changes.size() - 1; i >= 0; i--) {
      Change change = changes.get(i);
      Path target = resolve(change.target());
      if (change.backup() != null) {
        Path backup = resolve(change.backup());
        if (Files.exists(backup) && Files.exists(target) && Files.isSameFile(backup, target)) {
          // The switch stopped after the link: the target is still the old version, and a
          // rename between two links of one file does nothing (POSIX), so drop the link.
          faults.before(StoreFaults.Operation.DELETE, backup);
          Files.delete(backup);
        } else if (Files.exists(backup)) {
          faults.before(StoreFaults.Operation.RENAME, target);
          Files.move(
              backup, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      } else if (change.staged() != null) {
        // No old version: whatever is at the target is this write's new file.
        faults.before(StoreFaults.Operation.DELETE, target);
        Files.deleteIfExists(target);
      }
      if (change.staged() != null) {
        Path staged = resolve(change.staged());
        faults.before(StoreFaults.Operation.DELETE, staged);
        Files.deleteIfExists(staged);
      }
      folders.add(target.getParent());
    }
    folders.forEach(AtomicFiles::syncDirectory);
    for (Change change : changes) {
      if (change.backup() == null) {
        deleteEmptyParents(dir, resolve(change.target()));
      }
    }
    // Only write the registry if the write got that far: a full disk may refuse this write too.
    if (!Objects.equals(catalog.read().get(id.toString()), previous)) {
      catalog.update(
          timeout,
          entries -> {
            if (previous == null) {
              entries.remove(id.toString());
            } else {
              entries.put(id.toString(), previous);
            }
          });
    }
    Path journal = dir.resolve(PREPARED);
    faults.before(StoreFaults.Operation.DELETE, journal);
    Files.deleteIfExists(journal);
    AtomicFiles.syncDirectory(dir);
  }

  /**
   * Finishes whatever write of the dataset was cut short: rolls a prepared journal back and a
   * committed one forward, and deletes temp files that dead writers left in the dataset folder. The
   * caller holds the dataset's lock.
   *
   * @return true if a journal was found
   * @throws StoreException if the journal cannot be read or the recovery fails; the journal is then
   *     kept, so the next attempt starts over
   */
  static boolean recover(
      DatasetId id, Path dir, Catalog catalog, Duration timeout, StoreFaults faults) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try {
      AtomicFiles.recover(dir);
      Optional<WriteJournal> committed = read(id, dir, COMMITTED, faults);
      if (committed.isPresent()) {
        committed.get().cleanUp();
        return true;
      }
      Optional<WriteJournal> prepared = read(id, dir, PREPARED, faults);
      if (prepared.isPresent()) {
        prepared.get().rollBack(catalog, timeout);
        return true;
      }
      return false;
    } catch (IOException e) {
      throw new StoreException(
          "cannot finish the interrupted write of "
              + id
              + " recorded in its journal under "
              + dir
              + ": "
              + e.getMessage()
              + (StoreFaults.diskFull(e) ? " (the disk is full)" : "")
              + "; the journal is kept and recovery runs again on the next open, write or"
              + " refresh of the dataset: fix the cause (disk space, permissions) and retry",
          e);
    }
  }

  private static Optional<WriteJournal> read(
      DatasetId id, Path dir, String name, StoreFaults faults) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      if (root == null
          || !FORMAT.equals(root.path("format").asText())
          || !id.toString().equals(root.path("dataset").asText())
          || !root.path("changes").isArray()) {
        throw new IllegalArgumentException("it is not a " + FORMAT + " journal of dataset " + id);
      }
      JsonNode old = root.get("previous");
      DatasetInfo previous =
          old == null || old.isNull() ? null : Catalog.parseDataset(old, "previous");
      List<Change> changes = new ArrayList<>();
      for (JsonNode node : root.get("changes")) {
        Change change =
            new Change(text(node, "target"), text(node, "staged"), text(node, "backup"));
        if (change.target() == null) {
          throw new IllegalArgumentException("a change has no target");
        }
        changes.add(change);
      }
      WriteJournal journal = new WriteJournal(id, dir, previous, changes, faults);
      for (Change change : changes) {
        journal.resolve(change.target());
        Optional.ofNullable(change.staged()).ifPresent(journal::resolve);
        Optional.ofNullable(change.backup()).ifPresent(journal::resolve);
      }
      return Optional.of(journal);
    } catch (IOException | RuntimeException e) {
      throw new StoreException(
          "the write journal "
              + file
              + " of "
              + id
              + " is damaged ("
              + e.getMessage()
              + "); the data files were not touched: check them, then delete the journal and"
              + " rebuild the registry with `inventory --refresh` (BarStore.refreshAll())",
          e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** A journal path inside the dataset folder; anything else means the journal is not ours. */
  private Path resolve(String relative) {
    Path path = dir.resolve(relative).normalize();
    if (!path.startsWith(dir) || path.equals(dir)) {
      throw new IllegalArgumentException("path '" + relative + "' leaves the dataset folder");
    }
    return path;
  }

  static void deleteEmptyParents(Path dir, Path file) throws IOException {
    for (Path parent = file.getParent();
        parent != null && !parent.equals(dir) && parent.startsWith(dir);
        parent = parent.getParent()) {
      if (!Files.isDirectory(parent)) {
        continue;
      }
      try (var entries = Files.list(parent)) {
        if (entries.findAny().isPresent()) {
          return;
        }
      }
      Files.deleteIfExists(parent);
    }
  }
}
