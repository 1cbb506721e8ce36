package dev.quarry.dag.cache;

import dev.quarry.dag.PipelineException;
import dev.quarry.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CacheStore} with one file per entry at {@code <root>/<key[0..2]>/<key>.entry}, in the
 * {@link EntryFormat} layout, written through {@link AtomicFiles}. Holds no state besides its root,
 * so it is thread-safe, and several processes may share a root.
 */
final class FileCacheStore implements CacheStore {
  private static final String SUFFIX = ".entry";

  private final Path root;

  FileCacheStore(Path dir) {
    this.root = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      AtomicFiles.recover(root);
    } catch (IOException e) {
      throw new PipelineException(
          "cannot open the cache directory "
              + root
              + " ("
              + e
              + "); check that it is a writable directory or point the cache elsewhere",
          e);
    }
  }

  Path fileFor(String key) {
    return root.resolve(key.substring(0, 2)).resolve(key + SUFFIX);
  }

  @Override
  public Optional<CacheEntry> load(String key) {
    return read(key, false).map(CacheEntry.class::cast);
  }

  @Override
  public Optional<CacheManifest> manifest(String key) {
    return read(key, true).map(CacheManifest.class::cast);
  }

  private Optional<Object> read(String key, boolean headerOnly) {
    Path file = fileFor(CacheKeys.requireValid(key));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      // A buffer no larger than the file: most entries are small, and a 64 KB buffer per read
      // dominated the cost of planning against a warm cache.
      int buffer = (int) Math.max(512, Math.min(size, 64 * 1024));
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), buffer);
      return Optional.of(
          headerOnly ? EntryFormat.readManifest(in, size, key) : EntryFormat.read(in, size, key));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (EntryFormat.Damage e) {
      throw new CacheCorruptException(
          "cache entry "
              + key
              + " in "
              + file
              + " is corrupt: "
              + e.getMessage()
              + "; remove it (CacheStore.remove) and the node will be recomputed",
          e);
    } catch (IOException e) {
      throw new PipelineException(
          "cannot read cache entry " + key + " from " + file + " (" + e + "); check permissions",
          e);
    }
  }

  @Override
  public void save(String key, CacheEntry entry) {
    Path file = fileFor(CacheKeys.requireValid(key));
    Objects.requireNonNull(entry, "entry");
    try {
      AtomicFiles.write(file, out -> EntryFormat.write(out, key, entry));
    } catch (IOException e) {
      throw new PipelineException(
          "cannot save cache entry "
              + key
              + " to "
              + file
              + " ("
              + e
              + "); check free space and permissions under "
              + root,
          e);
    }
  }

  @Override
  public boolean remove(String key) {
    Path file = fileFor(CacheKeys.requireValid(key));
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new PipelineException(
          "cannot remove cache entry " + key + " at " + file + " (" + e + "); check permissions",
          e);
    }
  }

  /**
   * Deletes every entry file. Shard directories and other files stay: a concurrent save may be
   * about to write into a shard, and files that are not entries are not the store's to delete.
   */
  @Override
  public void clear() {
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, "[0-9a-f][0-9a-f]")) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*" + SUFFIX)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            if (CacheKeys.isValid(name.substring(0, name.length() - SUFFIX.length()))) {
              Files.deleteIfExists(file);
            }
          }
        } catch (NoSuchFileException e) {
          // the shard vanished meanwhile: nothing left to clear in it
        }
      }
    } catch (IOException e) {
      throw new PipelineException(
          "cannot clear the cache at " + root + " (" + e + "); check permissions", e);
    }
  }

  @Override
  public String describe() {
    return "file cache store at " + root;
  }

  @Override
  public String toString() {
    return describe();
  }
}
