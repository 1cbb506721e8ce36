package dev.quarry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a folder of bars written by another engine for {@link BarStore#adopt}: Hive
 * partitions {@code year=YYYY/month=MM/} (Spark's {@code df.write.partitionBy("year", "month")},
 * whose integer months give {@code month=1} as well as {@code month=01}), each holding one Parquet
 * data file of any name ending in {@code .parquet}.
 *
 * <p>Entries whose names start with {@code _} or {@code .} are not data, by Hadoop's convention,
 * and are ignored (Spark's {@code _SUCCESS}, the {@code .crc} checksums of Hadoop's local file
 * system), except Spark's {@code _temporary} folder, which means the job that writes the folder has
 * not committed yet.
 */
final class StagingFolder {
  private static final Pattern YEAR = Pattern.compile("year=(\\d{4})");
  private static final Pattern MONTH = Pattern.compile("month=(\\d{1,2})");
  private static final String SPARK_EXAMPLE =
      "adopt takes a folder of year=YYYY/month=MM/<one file>.parquet"
          + " (Spark: df.repartition(col(\"year\"), col(\"month\")).write"
          + ".partitionBy(\"year\", \"month\").parquet(folder))";

  private StagingFolder() {}

  /**
   * Lists the data files of a staging folder by month.
   *
   * @param staging the folder
   * @param where what is being done, for messages
   * @return one file per month, in month order
   * @throws StoreException naming the entry at fault if the folder is not of that layout, has more
   *     than one file for a month, has no data file, or is still being written
   */
  static Map<YearMonth, Path> dataFiles(Path staging, String where) {
    Map<YearMonth, List<Path>> found = new TreeMap<>();
    for (Path year : entries(staging, where)) {
      Matcher y = YEAR.matcher(name(year));
      requireFolder(year, y.matches(), where);
      for (Path month : entries(year, where)) {
        Matcher m = MONTH.matcher(name(month));
        int value = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        requireFolder(month, value >= 1 && value <= 12, where);
        YearMonth at = YearMonth.of(Integer.parseInt(y.group(1)), value);
        for (Path file : entries(month, where)) {
          if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
              || !name(file).endsWith(".parquet")) {
            throw new StoreException(
                where
                    + ": "
                    + file
                    + " is not a Parquet data file ("
                    + (Files.isSymbolicLink(file)
                        ? "a symbolic link"
                        : Files.isDirectory(file)
                            ? "a folder"
                            : "its name does not end in .parquet")
                    + "); "
                    + SPARK_EXAMPLE
                    + ": move it out of the staging folder");
          }
          found.computeIfAbsent(at, k -> new ArrayList<>()).add(file);
        }
      }
    }
    Map<YearMonth, Path> files = new TreeMap<>();
    for (Map.Entry<YearMonth, List<Path>> month : found.entrySet()) {
      List<Path> parts = month.getValue();
      if (parts.size() > 1) {
        throw new StoreException(
            where
                + ": the staging folder has "
                + parts.size()
                + " data files for "
                + month.getKey()
                + " ("
                + String.join(", ", parts.stream().map(Path::toString).sorted().toList())
                + "); "
                + SPARK_EXAMPLE
                + ", so each month is one file");
      }
      files.put(month.getKey(), parts.get(0));
    }
    if (files.isEmpty()) {
      throw new StoreException(
          where + ": the staging folder " + staging + " holds no data file; " + SPARK_EXAMPLE);
    }
    return files;
  }

  /** The entries of a folder that are data (not {@code _} or {@code .} names), sorted. */
  private static List<Path> entries(Path folder, String where) {
    try (Stream<Path> list = Files.list(folder)) {
      List<Path> data = new ArrayList<>();
      for (Path entry : list.sorted().toList()) {
        String name = name(entry);
        if (name.equals("_temporary")) {
          throw new StoreException(
              where
                  + ": "
                  + entry
                  + " exists: the job writing the staging folder has not committed (Spark removes"
                  + " _temporary when it succeeds); wait for it to finish, or run it again");
        }
        if (!name.startsWith("_") && !name.startsWith(".")) {
          data.add(entry);
        }
      }
      return data;
    } catch (IOException e) {
      throw new StoreException(where + ": cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void requireFolder(Path entry, boolean named, String where) {
    if (!named || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreException(
          where
              + ": "
              + entry
              + " is not a "
              + (entry.getParent() != null && YEAR.matcher(name(entry.getParent())).matches()
                  ? "month=MM (1 to 12) folder"
                  : "year=YYYY folder")
              + "; "
              + SPARK_EXAMPLE
              + ": move it out of the staging folder");
    }
  }

  private static String name(Path path) {
    Path name = path.getFileName();
    return name == null ? "" : name.toString();
  }
}
