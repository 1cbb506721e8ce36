package dev.quarry.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns {@code ingest --csv} arguments into files: a file is itself; a folder is every {@code
 * *.csv} directly inside it (any case), sorted by name; a glob ({@code *}, {@code ?}, {@code [..]}
 * or <code>{..}</code> in the file name part, e.g. {@code data/BTCUSDT-1m-2024-*.csv}) is every
 * file it matches in its folder, sorted by name. A file named twice is read once.
 */
public final class CsvInputs {
  private CsvInputs() {}

  /**
   * Resolves the arguments.
   *
   * @param arguments files, folders or globs
   * @return the files, in argument order, each folder's or glob's sorted by name
   * @throws IllegalArgumentException if a file is missing, or a folder or glob gives no file
   */
  public static List<Path> resolve(List<String> arguments) {
    Set<Path> files = new LinkedHashSet<>();
    for (String argument : arguments) {
      files.addAll(resolve(argument));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no CSV file given");
    }
    return List.copyOf(files);
  }

  private static List<Path> resolve(String argument) {
    Path path = Path.of(argument);
    if (Files.isDirectory(path)) {
      List<Path> found =
          list(
              path,
              p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"),
              argument);
      if (found.isEmpty()) {
        throw new IllegalArgumentException(
            "no *.csv file in the folder " + path + "; name the files, or give a glob");
      }
      return found;
    }
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    if (name.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
      Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
      if (dir.toString().chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
        throw new IllegalArgumentException(
            "'" + argument + "': wildcards are read in the file name only, not in folders");
      }
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "no such folder: " + dir + " (in --csv " + argument + ")");
      }
      PathMatcher matcher;
      try {
        matcher = dir.getFileSystem().getPathMatcher("glob:" + name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + argument + "' is not a valid glob: " + e.getMessage(), e);
      }
      List<Path> found = list(dir, p -> matcher.matches(p.getFileName()), argument);
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no file matches " + argument);
      }
      return found;
    }
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no such file: " + path);
    }
    return List.of(path);
  }

  private static List<Path> list(Path dir, DirectoryStream.Filter<Path> filter, String argument) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(dir, p -> Files.isRegularFile(p) && filter.accept(p))) {
      entries.forEach(found::add);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list " + dir + " (--csv " + argument + "): " + e.getMessage(), e);
    }
    found.sort(null);
    return found;
  }
}
