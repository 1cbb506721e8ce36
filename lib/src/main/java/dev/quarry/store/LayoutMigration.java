package dev.quarry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a store from the layout of earlier versions, {@code <provider>/<timeframe>/<SYMBOL>/…}, to
 * the Hive layout {@code <provider>/<timeframe>/symbol=<SYMBOL>/…} that Spark, DuckDB, Trino and
 * pyarrow read as one dataset per provider and timeframe, with a {@code symbol} column.
 *
 * <p>The migration runs once, when the store is opened for writing, under a store-wide lock:
 *
 * <ol>
 *   <li>every dataset folder of the old layout is listed (a folder named like a symbol, holding
 *       data files or a write's journal); if a folder of the new name already exists for one of
 *       them, nothing is done and the open fails, naming both;
 *   <li>the list of moves is written atomically to the journal {@value #JOURNAL} in the root;
 *   <li>each folder is renamed to its new name (one atomic rename per dataset: its partitions, its
 *       lock file and a write journal it may hold move together; the registry records paths
 *       relative to the dataset folder, so it needs no change);
 *   <li>the journal is deleted. That deletion ends the migration.
 * </ol>
 *
 * <p>A crash or a failure at any step leaves the journal (or nothing at all, before step 2); the
 * next open finishes the moves it lists, skipping those already done, so every open sees the whole
 * store in the new layout before it reads or writes anything. {@link BarStore#openReadOnly} never
 * migrates: it refuses a store that needs it.
 */
final class LayoutMigration {
  /** The journal of a migration under way, in the store root. */
  static final String JOURNAL = ".quarry-layout-migration.json";

  /** The lock taken by whoever migrates, in the store root. */
  static final String LOCK = ".quarry-layout.lock";

  /** The prefix of a symbol's folder in the Hive layout. */
  static final String SYMBOL_PREFIX = "symbol=";

  private static final String FORMAT = "quarry-layout-migration/1";
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One dataset folder to rename, relative to the store root with {@code /} separators.
   *
   * @param from its old name, {@code <provider>/<timeframe>/<SYMBOL>}
   * @param to its new name, {@code <provider>/<timeframe>/symbol=<SYMBOL>}
   */
  record Move(String from, String to) {}

  private LayoutMigration() {}

  /**
   * Tells why a store cannot be opened read-only as it is: a migration is under way, or dataset
   * folders are still in the old layout.
   *
   * @param root the store root
   * @return the reason, or null if the store is in the Hive layout
   */
  static String pendingReason(Path root) {
    if (Files.exists(root.resolve(JOURNAL))) {
      return "its move to the Hive layout (symbol=<SYMBOL> folders) was cut short";
    }
    List<Move> moves = oldDatasets(root);
    if (!moves.isEmpty()) {
      return moves.size()
          + (moves.size() == 1 ? " dataset folder is" : " dataset folders are")
          + " in the layout of earlier versions (e.g. "
          + moves.get(0).from()
          + " instead of "
          + moves.get(0).to()
          + ")";
    }
    return null;
  }

  /**
   * Finishes a migration cut short, or migrates a store in the old layout; does nothing to a store
   * in the new one.
   *
   * @param root the store root
   * @param faults the hook called before each file operation (tests)
   * @return the dataset folders renamed by this call
   * @throws StoreException if another process holds the migration lock for 30 s, a new folder
   *     already exists for an old one, or a file operation fails (the journal then stays, and the
   *     next open finishes the migration)
   */
  static int migrate(Path root, StoreFaults faults) {
    Path journal = root.resolve(JOURNAL);
    if (!Files.exists(journal)) {
      List<Move> moves = oldDatasets(root);
      if (moves.isEmpty()) {
        return 0; // the common case: no lock file is created in a store that needs nothing
      }
      refuseConflicts(root, moves); // before the lock file too, so a refusal changes nothing
    }
    try (FileLocks.Held lock =
        FileLocks.acquire(root.resolve(LOCK), LOCK_WAIT, "the store's layout migration")) {
      List<Move> moves;
      if (Files.exists(journal)) {
        moves = readJournal(journal);
      } else {
        moves = oldDatasets(root); // listed again under the lock: another process may have moved
        if (moves.isEmpty()) {
          return 0;
        }
        refuseConflicts(root, moves);
        faults.before(StoreFaults.Operation.WRITE, journal);
        AtomicFiles.writeBytes(journal, journalBytes(moves));
      }
      int moved = 0;
      for (Move move : moves) {
        Path from = root.resolve(move.from());
        Path to = root.resolve(move.to());
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
          continue; // renamed before a crash
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
          throw new StoreException(conflict(root, move) + "; the migration stopped there");
        }
        faults.before(StoreFaults.Operation.RENAME, from);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(to.getParent());
        moved++;
      }
      faults.before(StoreFaults.Operation.DELETE, journal);
      Files.delete(journal);
      AtomicFiles.syncDirectory(root);
      return moved;
    } catch (IOException e) {
      throw new StoreException(
          "cannot move the store at "
              + root
              + " to the Hive layout (symbol=<SYMBOL> folders): "
              + e.getMessage()
              + ". Nothing is lost: the folders moved so far are listed in "
              + journal
              + ", and the next open of the store finishes the move once the cause is fixed",
          e);
    }
  }

  /** Every dataset folder of the old layout, sorted: a symbol's folder with data or a journal. */
  static List<Move> oldDatasets(Path root) {
    List<Move> moves = new ArrayList<>();
    for (Path provider : folders(root)) {
      for (Path timeframe : folders(provider)) {
        for (Path symbol : folders(timeframe)) {
          String name = symbol.getFileName().toString();
          if (name.startsWith(SYMBOL_PREFIX) || !isOldDataset(root, symbol)) {
            continue;
          }
          String parent = root.relativize(timeframe).toString().replace('\\', '/');
          moves.add(new Move(parent + "/" + name, parent + "/" + SYMBOL_PREFIX + name));
        }
      }
    }
    return moves;
  }

  private static boolean isOldDataset(Path root, Path dir) {
    String[] parts = root.relativize(dir).toString().split("[/\\\\]");
    DatasetId id;
    try {
      id = new DatasetId(parts[0], parts[1], parts[2]);
    } catch (StoreException notADataset) {
      return false;
    }
    return Files.isSymbolicLink(dir)
        || !DatasetFiles.dataFiles(dir, id.symbol()).isEmpty()
        || Files.exists(dir.resolve(WriteJournal.PREPARED))
        || Files.exists(dir.resolve(WriteJournal.COMMITTED))
        || Files.exists(dir.resolve(DatasetFiles.MARKER));
  }

  /** The sub-folders of a folder (links to folders included), sorted; none if it is not one. */
  private static List<Path> folders(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var entries = Files.list(dir)) {
      return entries
          .filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void refuseConflicts(Path root, List<Move> moves) {
    for (Move move : moves) {
      if (Files.exists(root.resolve(move.to()), LinkOption.NOFOLLOW_LINKS)) {
        throw new StoreException(conflict(root, move) + "; nothing was moved");
      }
    }
  }

  private static String conflict(Path root, Move move) {
    return "cannot move the store at "
        + root
        + " to the Hive layout: both "
        + move.from()
        + " (the layout of earlier versions) and "
        + move.to()
        + " (the new one) exist. Keep one: move the files of the dataset you want into "
        + move.to()
        + ", delete "
        + move.from()
        + ", then run ./jbang inventory --refresh";
  }

  private static byte[] journalBytes(List<Move> moves) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    ArrayNode list = node.putArray("moves");
    for (Move move : moves) {
      list.addObject().put("from", move.from()).put("to", move.to());
    }
    return JSON.writeValueAsBytes(node);
  }

  private static List<Move> readJournal(Path journal) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(journal.toFile());
    } catch (IOException e) {
      throw new IOException("the migration journal " + journal + " is unreadable", e);
    }
    if (node == null || !FORMAT.equals(node.path("format").asText())) {
      throw new IOException(
          "the migration journal " + journal + " is not a " + FORMAT + " journal");
    }
    List<Move> moves = new ArrayList<>();
    for (JsonNode move : node.path("moves")) {
      String from = move.path("from").asText();
      String to = move.path("to").asText();
      String[] parts = from.split("/");
      try {
        new DatasetId(parts[0], parts[1], parts[2]); // each part checked: nothing climbs out
      } catch (StoreException | ArrayIndexOutOfBoundsException e) {
        throw new IOException("the migration journal " + journal + " lists a bad move: " + move, e);
      }
      if (parts.length != 3
          || !to.equals(parts[0] + "/" + parts[1] + "/" + SYMBOL_PREFIX + parts[2])) {
        throw new IOException("the migration journal " + journal + " lists a bad move: " + move);
      }
      moves.add(new Move(from, to));
    }
    return moves;
  }
}
