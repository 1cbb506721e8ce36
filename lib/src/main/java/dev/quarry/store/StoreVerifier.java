package dev.quarry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a store's files with its registry for {@link BarStore#verify()}: presence, size, row
 * count and SHA-256 of every registered file (a full read for files without a checksum), each
 * dataset's totals, and data files or dataset folders the registry does not list.
 */
final class StoreVerifier {
  private final Path root;
  private final Catalog catalog;

  StoreVerifier(Path root, Catalog catalog) {
    this.root = root;
    this.catalog = catalog;
  }

  /** Verifies every registered dataset; {@code onDisk} are the dataset folders holding files. */
  VerifyReport verify(List<DatasetId> onDisk) {
    VerifyTally tally = new VerifyTally();
    Map<String, DatasetInfo> entries = catalog.read();
    if (!Files.exists(catalog.file()) && !onDisk.isEmpty()) {
      tally.problems.add(
          catalog.file()
              + ": no registry, so no file can be compared with it; rebuild it with `inventory"
              + " --refresh` (it records the files as they are now)");
    }
    for (DatasetInfo info : entries.values()) {
      verifyDataset(info, tally);
    }
    for (DatasetId id : onDisk) {
      if (!entries.containsKey(id.toString())) {
        tally.problems.add(
            id.directory(root)
                + ": dataset "
                + id
                + " has data files but no registry entry (run inventory --refresh)");
      }
    }
    return new VerifyReport(tally.files, tally.bytes, tally.unchecked, tally.problems);
  }

  /** What {@link #verify(List)} has counted so far. */
  private static final class VerifyTally {
    int files;
    long bytes;
    int unchecked;
    final List<String> problems = new ArrayList<>();
  }

  private void verifyDataset(DatasetInfo info, VerifyTally tally) {
    Path dir;
    try {
      dir = StorePaths.datasetDir(root, info.id(), "verify " + info.id());
    } catch (StoreException outside) {
      tally.problems.add(outside.getMessage());
      return;
    }
    List<String> registered = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    for (PartitionInfo p : info.partitions()) {
      registered.add(p.path());
      rows += p.rows();
      bytes += p.bytes();
      Path file = dir.resolve(p.path()).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        tally.problems.add(
            file + ": registered but missing (restore it, re-ingest, or run inventory --refresh)");
        continue;
      }
      tally.files++;
      tally.bytes += p.bytes();
      verifyFile(file, p, tally);
    }
    if (rows != info.totalRows()
        || bytes != info.fileSizeBytes()
        || info.partitions().size() != info.totalPartitions()) {
      tally.problems.add(
          dir
              + ": the registry's totals for "
              + info.id()
              + " ("
              + info.totalRows()
              + " rows, "
              + info.totalPartitions()
              + " files, "
              + info.fileSizeBytes()
              + " bytes) do not add up to its files' ("
              + rows
              + " rows, "
              + info.partitions().size()
              + " files, "
              + bytes
              + " bytes); run inventory --refresh");
    }
    for (Path file : DatasetFiles.dataFiles(dir, info.symbol())) {
      if (!registered.contains(DatasetFiles.relative(dir, file))) {
        tally.problems.add(
            file + ": data file not in the registry (run refreshAll / inventory --refresh)");
      }
    }
  }

  /** Compares one present file with its registry record: size, checksum or full read, rows. */
  private static void verifyFile(Path file, PartitionInfo p, VerifyTally tally) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      tally.problems.add(file + ": cannot read its size: " + e.getMessage());
      return;
    }
    long actualRows;
    try {
      if (p.sha256() != null) {
        String actual = DatasetFiles.sha256(file);
        if (!actual.equals(p.sha256())) {
          tally.problems.add(
              file + ": SHA-256 " + actual + " does not match the registry's " + p.sha256());
          return;
        }
        actualRows = ParquetFiles.rowCount(file);
      } else {
        tally.unchecked++;
        actualRows = DatasetFiles.describeChecked(file.getParent(), file).rows();
      }
    } catch (StoreException damaged) {
      tally.problems.add(file + ": " + damaged.getMessage());
      return;
    }
    if (size != p.bytes() || actualRows != p.rows()) {
      tally.problems.add(
          file
              + ": the file has "
              + actualRows
              + " rows and "
              + size
              + " bytes, the registry says "
              + p.rows()
              + " rows and "
              + p.bytes()
              + " bytes");
    }
  }
}
