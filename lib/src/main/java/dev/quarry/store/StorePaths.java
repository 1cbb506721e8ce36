package dev.quarry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Keeps the store's reads and writes inside its root on disk, not only in the path's text.
 *
 * <p>{@link DatasetId#directory} refuses names that climb out of the root, but a folder on the way
 * ({@code <provider>}, {@code <timeframe>}, {@code symbol=…}, {@code year=}, {@code month=}) can
 * itself be a symbolic link to elsewhere. These checks resolve the real path of the nearest part
 * that exists (following every link) and require it under the root's real path.
 */
final class StorePaths {
  private StorePaths() {}

  /**
   * Returns where a path really leads: the real path of its nearest existing ancestor (itself if it
   * exists), with the names that do not exist yet appended.
   *
   * @throws StoreException if a link on the way leads nowhere, or the disk cannot be read
   */
  static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      throw new StoreException(
          "cannot resolve " + existing + " (a link that leads nowhere?): " + e.getMessage(), e);
    }
  }

  /** Tells whether a path really lies under the store root. */
  static boolean inside(Path root, Path path) {
    return real(path).startsWith(real(root));
  }

  /**
   * Refuses a path of the store that really leads out of it.
   *
   * @param root the store root
   * @param path a path under the root, by its text
   * @param what what is being done, for the message (e.g. {@code write bitstamp/1m/BTC-USD})
   * @return the path, unchanged
   * @throws StoreException if a link sends the path out of the root
   */
  static Path requireInside(Path root, Path path, String what) {
    if (!inside(root, path)) {
      throw new StoreException(
          what
              + ": "
              + path
              + " leads to "
              + real(path)
              + ", outside the store at "
              + real(root)
              + " (a symbolic link on the way); nothing was read or written. Replace the link with"
              + " a real folder (move the data into the store), or open the store where the data"
              + " is");
    }
    return path;
  }

  /**
   * Returns a dataset's folder after checking that it, and every folder and file already under it,
   * stays inside the store: a write creates only real folders, but one that exists may be a link.
   *
   * @throws StoreException if any of them leads out of the store
   */
  static Path datasetDir(Path root, DatasetId id, String what) {
    Path dir = requireInside(root, id.directory(root), what);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return dir;
    }
    try {
      for (Path entry : DatasetFiles.entries(dir, 3)) {
        if (Files.isSymbolicLink(entry)) {
          requireInside(root, entry, what);
        }
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      return dir; // the dataset folder itself went away (a replace emptied it): nothing to check
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }
}
