package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * The on-disk layout of one dataset and the file-level operations on it.
 *
 * <pre>
 * &lt;dataset&gt;/year=YYYY/month=MM/&lt;SYMBOL&gt;.parquet   partitioned by UTC year and month
 * &lt;dataset&gt;/&lt;SYMBOL&gt;.parquet                      or one file per symbol
 * &lt;dataset&gt;/.lock                                writers' cross-process lock
 * &lt;dataset&gt;/.quarry-journal.json                 a write between its journal and its commit
 * &lt;dataset&gt;/.quarry-journal.committed.json       a committed write still cleaning up
 * .../.&lt;name&gt;.&lt;hex&gt;.quarry-backup               an old version kept until the commit
 * .../.&lt;name&gt;.&lt;pid&gt;-&lt;hex&gt;.tmp                  a file being written
 * &lt;dataset&gt;/.writing                             a write marker of stores before the journal
 * </pre>
 *
 * <p>See {@link WriteJournal} for the commit protocol.
 *
 * <p>Partition values live only in the folder names (Hive style), never inside the files.
 */
final class DatasetFiles {
  static final String LOCK = ".lock";
  static final String MARKER = ".writing";
  private static final Pattern PARTITION =
      Pattern.compile("year=(\\d{4})/month=(\\d{2})/([^/]+)\\.parquet");

  private DatasetFiles() {}

  /** The file holding one month of a partitioned dataset. */
  static Path partitionFile(Path dir, String symbol, YearMonth month) {
    return dir.resolve(String.format("year=%04d", month.getYear()))
        .resolve(String.format("month=%02d", month.getMonthValue()))
        .resolve(symbol + ".parquet");
  }

  /** The single file of a dataset stored without date partitions. */
  static Path singleFile(Path dir, String symbol) {
    return dir.resolve(symbol + ".parquet");
  }

  /** The month a bar belongs to, in UTC. */
  static YearMonth monthOf(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC));
  }

  /** The month of a partition file given relative to the dataset, or null for a single file. */
  static YearMonth monthOf(String relativePath) {
    Matcher m = PARTITION.matcher(relativePath);
    return m.matches()
        ? YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
        : null;
  }

  /** Every data file of a dataset, sorted by relative path; empty if the dataset is absent. */
  static List<Path> dataFiles(Path dir, String symbol) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    Path single = singleFile(dir, symbol);
    if (Files.isRegularFile(single)) {
      files.add(single);
    }
    List<Path> partitions = new ArrayList<>();
    try {
      for (Path p : entries(dir, 3)) {
        if (p.getFileName().toString().equals(symbol + ".parquet")
            && PARTITION.matcher(relative(dir, p)).matches()
            && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          partitions.add(p);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the files of " + dir + ": " + e.getMessage(), e);
    }
    partitions.sort(null);
    files.addAll(partitions);
    return files;
  }

  /**
   * The dataset's data files that can hold bars of {@code [start, end)}: the single file if there
   * is one, and the partitions of the months that overlap the range, found by listing only the year
   * folders of the range and their month folders (a read of one month out of sixty lists seven
   * folders, not the whole dataset). Sorted by path.
   */
  static List<Path> dataFiles(Path dir, String symbol, Instant start, Instant end) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    Path single = singleFile(dir, symbol);
    if (Files.isRegularFile(single)) {
      files.add(single);
    }
    YearMonth first = start.equals(Instant.MIN) ? null : monthOf(start);
    YearMonth last = end.equals(Instant.MAX) ? null : monthOf(end.minusNanos(1));
    try {
      for (Path year : folders(dir, "year=")) {
        int y = Integer.parseInt(year.getFileName().toString().substring(5));
        if (first != null && y < first.getYear() || last != null && y > last.getYear()) {
          continue;
        }
        for (Path month : folders(year, "month=")) {
          YearMonth ym =
              YearMonth.of(y, Integer.parseInt(month.getFileName().toString().substring(6)));
          if (first != null && ym.isBefore(first) || last != null && ym.isAfter(last)) {
            continue;
          }
          Path file = month.resolve(symbol + ".parquet");
          if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            files.add(file);
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the files of " + dir + ": " + e.getMessage(), e);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return dataFiles(dir, symbol); // a range at the ends of time: list everything
    }
    files.sort(null);
    return files;
  }

  /** The sub-folders {@code <prefix>NN…} of a partition level with a well-formed number. */
  private static List<Path> folders(Path dir, String prefix) throws IOException {
    List<Path> found = new ArrayList<>();
    int digits = prefix.equals("year=") ? 4 : 2;
    try (var entries = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.length() == prefix.length() + digits
            && name.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
          found.add(p);
        }
      }
    } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException gone) {
      return found;
    }
    return found;
  }

  /**
   * Every entry under {@code start} down to {@code depth} levels (the start included), without
   * following links. Writers' temp files come and go while we list: an entry gone by the time it is
   * visited is skipped, not an error ({@code Files.walk} would throw).
   *
   * @throws IOException if the folder cannot be read for another reason
   */
  static List<Path> entries(Path start, int depth) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        start,
        java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        depth,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(
              Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
            found.add(dir);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
            found.add(file);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e)
              throws IOException {
            if (e instanceof java.nio.file.NoSuchFileException) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return found;
  }

  /** A path relative to the dataset folder, with '/' separators. */
  static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  /** Streams a file through SHA-256. */
  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = newDigest();
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchFileException e) {
      throw new StoreException("file " + file + " vanished while it was being checked", e);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Describes a file from its content: rows, time range, size and (optionally) checksum, after the
   * checks of {@link ForeignFiles} on its footer and timestamps (types, order, month).
   */
  static PartitionInfo describe(Path dir, Path file, boolean checksum) {
    InstantColumn time = ForeignFiles.readCheckedTimes(file, monthOf(relative(dir, file)), "");
    try {
      return new PartitionInfo(
          relative(dir, file),
          time.size(),
          Files.size(file),
          checksum ? sha256(file) : null,
          time.get(0),
          time.get(time.size() - 1));
    } catch (IOException e) {
      throw new StoreException("cannot read the size of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Describes a file after reading all of it: every page's CRC is checked and the columns must be
   * the bar schema's (see {@link ForeignFiles}), so a file damaged anywhere, or written by another
   * engine in a way the store cannot read exactly, is refused. The checksum is always computed.
   */
  static PartitionInfo describeChecked(Path dir, Path file) {
    Table all = ForeignFiles.readChecked(file, monthOf(relative(dir, file)), "");
    BarValidator.checkSchema(all, "data file " + file);
    InstantColumn time = all.instantColumn(Bars.TIMESTAMP);
    try {
      return new PartitionInfo(
          relative(dir, file),
          time.size(),
          Files.size(file),
          sha256(file),
          time.get(0),
          time.get(time.size() - 1));
    } catch (IOException e) {
      throw new StoreException("cannot read the size of " + file + ": " + e.getMessage(), e);
    }
  }

  /** The dataset checksum: SHA-256 over "path sha256" lines, or null if a file has none. */
  static String datasetChecksum(List<PartitionInfo> partitions) {
    MessageDigest digest = newDigest();
    for (PartitionInfo p : partitions) {
      if (p.sha256() == null) {
        return null;
      }
      digest.update(
          (p.path() + " " + p.sha256() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
