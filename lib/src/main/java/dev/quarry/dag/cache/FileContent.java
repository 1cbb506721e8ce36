package dev.quarry.dag.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fingerprints files by location and content: a regular file by its absolute, normalised path and
 * the SHA-256 of its bytes (streamed), a directory by its path and its sorted relative paths and
 * their contents. The path is part of it because a node may write next to what it reads: the same
 * content in another folder is another input.
 */
final class FileContent {
  private static final int BUFFER_BYTES = 64 * 1024;

  private FileContent() {}

  /** Writes the file or directory tag and its content digest. */
  static void write(Path path, CanonicalOutput out, String where) throws UnsupportedValueException {
    try {
      if (Files.isRegularFile(path)) {
        out.writeByte(Tags.FILE);
        out.writeString(path.toAbsolutePath().normalize().toString());
        byte[] digest = digestOfFile(path);
        out.writeRaw(digest, 0, digest.length);
      } else if (Files.isDirectory(path)) {
        out.writeByte(Tags.DIRECTORY);
        out.writeString(path.toAbsolutePath().normalize().toString());
        byte[] digest = digestOfDirectory(path, where);
        out.writeRaw(digest, 0, digest.length);
      } else if (Files.exists(path)) {
        throw new UnsupportedValueException(
            where, "path " + path + " is neither a regular file nor a directory");
      } else {
        throw new UnsupportedValueException(
            where, "file " + path.toAbsolutePath() + " does not exist, so it has no content");
      }
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedValueException(where, "file " + path + " cannot be read (" + e + ")");
    }
  }

  private static byte[] digestOfFile(Path file) throws IOException {
    MessageDigest md = Fingerprints.sha256();
    byte[] buf = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  private static byte[] digestOfDirectory(Path dir, String where)
      throws IOException, UnsupportedValueException {
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
      entries = walk.filter(p -> !p.equals(dir)).collect(Collectors.toList());
    }
    List<String> relative =
        entries.stream().map(p -> portable(dir.relativize(p))).sorted().toList();
    MessageDigest md = Fingerprints.sha256();
    CanonicalOutput out = CanonicalOutput.into(md, 1024);
    out.writeInt(relative.size());
    for (String rel : relative) {
      Path p = dir.resolve(rel);
      out.writeString(rel);
      if (Files.isDirectory(p)) {
        out.writeByte(Tags.DIRECTORY);
      } else if (Files.isRegularFile(p)) {
        out.writeByte(Tags.FILE);
        byte[] digest = digestOfFile(p);
        out.writeRaw(digest, 0, digest.length);
      } else {
        throw new UnsupportedValueException(
            where,
            "directory " + dir + " holds " + rel + ", which is neither a file nor a directory");
      }
    }
    out.flush();
    return md.digest();
  }

  /** Relative path with '/' separators, the same on every platform. */
  private static String portable(Path relative) {
    StringBuilder sb = new StringBuilder();
    for (Path part : relative) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
