package dev.quarry.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash-safe file replacement: readers see either the old file or the complete new one, never a
 * partial write, even if the writing process is killed or the machine loses power.
 *
 * <p>The commit protocol of {@link #write(Path, IoWriter)}:
 *
 * <ol>
 *   <li>Create the parent directories, then a new hidden temp file {@code
 *       .<name>.<pid>-<random>.tmp} in the same directory as the target (same directory, so the
 *       rename in step 4 never crosses a file system). {@code <name>} is the target's file name,
 *       cut to 48 characters; {@code <pid>} is the writing process, which lets {@link
 *       #recover(Path)} tell a crashed writer's leftovers from another process's write in progress.
 *   <li>Hand the caller a buffered stream on the temp file and let it write everything.
 *   <li>Flush and fsync the temp file ({@link FileChannel#force(boolean) force(true)}), so its
 *       bytes are on disk before any name points at them.
 *   <li>Rename the temp file over the target with {@link StandardCopyOption#ATOMIC_MOVE} and {@link
 *       StandardCopyOption#REPLACE_EXISTING}: the switch from old to new is one step.
 *   <li>Fsync the directory so the rename itself survives a power loss. Some file systems and
 *       platforms (Windows, some network and FUSE mounts) cannot open or sync a directory and throw
 *       {@link IOException}; that failure is ignored, because the new file is already complete and
 *       visible and the only thing lost is the durability of the rename across a power cut, which
 *       such file systems do not offer anyway.
 * </ol>
 *
 * <p>If anything fails before step 4 completes (the writer throws, the disk is full, the rename is
 * refused) the temp file is deleted, the target is left exactly as it was, and the failure is
 * rethrown. A process killed mid-write leaves only a temp file behind; {@link #recover(Path)}
 * removes those when the owning directory is next opened.
 *
 * <p>Example:
 *
 * <pre>{@code
 * AtomicFiles.write(dir.resolve("metrics.json"), out -> mapper.writeValue(out, metrics));
 * }</pre>
 */
public final class AtomicFiles {
  /** Longest part of the target name kept in a temp name, so temp names fit in 255 bytes. */
  private static final int NAME_CHARS_IN_TEMP = 48;

  private static final int BUFFER_BYTES = 64 * 1024;

  private static final int SLICE_BYTES = 64 * 1024;

  private static final Pattern TEMP_NAME =
      Pattern.compile("\\..+\\.([0-9]{1,19})-[0-9a-f]{16}\\.tmp");

  private AtomicFiles() {}

  /**
   * Writes the content of a file; called once with a stream on the temp file.
   *
   * <p>The stream is buffered. The writer may close it but need not: {@link AtomicFiles} flushes,
   * syncs and closes the file itself.
   */
  @FunctionalInterface
  public interface IoWriter {
    /**
     * Writes the complete content.
     *
     * @param out the stream on the temp file
     * @throws IOException to abort: the target stays untouched and the temp file is deleted
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Replaces (or creates) {@code target} atomically with what {@code writer} writes, following the
   * protocol in the class description.
   *
   * @param target the file to create or replace; its parent directories are created
   * @param writer writes the new content
   * @throws IOException if writing, syncing or renaming fails; the target is then unchanged and no
   *     temp file is left behind
   * @throws IllegalArgumentException if {@code target} has no file name (such as {@code /})
   */
  public static void write(Path target, IoWriter writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    Pending pending = begin(target);
    try {
      writer.write(new KeepOpen(pending.out()));
    } catch (IOException | RuntimeException | Error e) {
      pending.abortQuietly(e);
      throw e;
    }
    pending.commit();
  }

  /**
   * Starts an atomic replacement of {@code target} that the caller drives step by step: write to
   * {@link Pending#out()}, then {@link Pending#commit()} (steps 3 to 5 of the protocol) or {@link
   * Pending#abort()}. This is {@link #write(Path, IoWriter)} for writers that cannot hand over all
   * their content in one call, such as an export sink receiving batches.
   *
   * @param target the file to create or replace; its parent directories are created
   * @return the pending write, with its temp file created
   * @throws IOException if the directories or the temp file cannot be created
   * @throws IllegalArgumentException if {@code target} has no file name (such as {@code /})
   */
  public static Pending begin(Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath();
    Path name = absolute.getFileName();
    if (name == null) {
      throw new IllegalArgumentException(
          "cannot write atomically to '" + target + "': it has no file name; pass a file path");
    }
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    recoverShallow(dir);
    return new Pending(absolute, dir.resolve(tempName(name.toString())));
  }

  /**
   * Deletes the temp files and temp folders of dead processes directly inside {@code dir} (not
   * below): what a writer killed mid-write left beside its target. Called before every write into a
   * folder, so such leftovers never outlive the next write there, whatever its target.
   *
   * @param dir the folder
   * @return how many were deleted
   * @throws IOException if one cannot be deleted
   */
  public static int recoverShallow(Path dir) throws IOException {
    int deleted = 0;
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!isStale(p)) {
          continue;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(p);
          deleted++;
        } else if (Files.deleteIfExists(p)) {
          deleted++;
        }
      }
    } catch (NoSuchFileException e) {
      return deleted;
    }
    return deleted;
  }

  /**
   * An atomic replacement in progress: a temp file next to its target, not yet visible under the
   * target's name. Not thread-safe.
   */
  public static final class Pending {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean committed;
    private boolean aborted;
    private boolean prepared;

    private Pending(Path target, Path temp) throws IOException {
      this.target = target;
      this.temp = temp;
      this.channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      this.out = new BufferedOutputStream(new ChannelStream(channel), BUFFER_BYTES);
    }

    /**
     * The target, as an absolute path.
     *
     * @return where the file appears on commit
     */
    public Path target() {
      return target;
    }

    /**
     * The hidden temp file the content goes to until the commit.
     *
     * @return the temp file
     */
    public Path temp() {
      return temp;
    }

    /**
     * The buffered stream on the temp file. Closing it is not needed (and does not commit).
     *
     * @return the stream
     * @throws IllegalStateException after a commit or an abort
     */
    public OutputStream out() {
      if (prepared && !committed && !aborted) {
        throw new IllegalStateException("the atomic write of " + target + " is prepared");
      }
      if (committed || aborted) {
        throw new IllegalStateException(
            "the atomic write of " + target + " is " + (committed ? "committed" : "aborted"));
      }
      return out;
    }

    /**
     * Flushes and fsyncs the temp file, renames it over the target and fsyncs the directory.
     * Calling it again after success does nothing.
     *
     * @throws IOException if any step fails; the temp file is then deleted and the target is
     *     unchanged
     * @throws IllegalStateException after an abort
     */
    public void commit() throws IOException {
      if (committed) {
        return;
      }
      if (aborted) {
        throw new IllegalStateException("the atomic write of " + target + " was aborted");
      }
      try {
        if (!prepared) {
          out.flush();
          channel.force(true);
          channel.close();
        }
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException | Error e) {
        abortQuietly(e);
        throw e;
      }
      committed = true;
      syncDirectory(target.getParent());
    }

    /**
     * Flushes, fsyncs and closes the temp file without renaming it, for a caller that renames
     * several files itself as one commit (the store's write journal): the temp file then holds the
     * complete content, durably, under its hidden name. {@link #commit()} still renames it; {@link
     * #abort()} deletes it; {@link #out()} is closed to writes. Calling it again does nothing.
     *
     * @return the temp file
     * @throws IOException if flushing or syncing fails; the temp file is then deleted
     * @throws IllegalStateException after a commit or an abort
     */
    public Path prepare() throws IOException {
      if (committed || aborted) {
        throw new IllegalStateException(
            "the atomic write of " + target + " is " + (committed ? "committed" : "aborted"));
      }
      if (prepared) {
        return temp;
      }
      try {
        out.flush();
        channel.force(true);
        channel.close();
      } catch (IOException | RuntimeException | Error e) {
        abortQuietly(e);
        throw e;
      }
      prepared = true;
      return temp;
    }

    /**
     * Closes and deletes the temp file; the target stays as it was. Does nothing after a commit or
     * a previous abort.
     *
     * @throws IOException if the temp file cannot be deleted
     */
    public void abort() throws IOException {
      if (committed || aborted) {
        return;
      }
      aborted = true;
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(temp);
      }
    }

    private void abortQuietly(Throwable failure) {
      try {
        abort();
      } catch (IOException | RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
    }
  }

  /**
   * Replaces (or creates) {@code target} atomically with {@code bytes}; see {@link #write(Path,
   * IoWriter)}.
   *
   * @param target the file to create or replace; its parent directories are created
   * @param bytes the complete new content
   * @throws IOException if writing, syncing or renaming fails; the target is then unchanged
   */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /**
   * Deletes the temp files (and temp directories) that crashed writers left under {@code dir}
   * (recursively), and returns how many it deleted.
   *
   * <p>A temp file is stale when the process that created it (the {@code <pid>} in its name) is no
   * longer running. Temp files of running processes, including this one, are writes in progress and
   * are kept, so several processes may share a directory and each recover it when they open it. The
   * check is local: processes on other hosts sharing a network file system are not seen.
   *
   * @param dir the directory to clean; a missing directory holds nothing to recover
   * @return the number of temp files deleted
   * @throws IOException if the directory cannot be listed or a stale file cannot be deleted
   */
  public static int recover(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int[] deleted = {0};
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path sub, BasicFileAttributes attrs)
              throws IOException {
            // A temp directory (a multi-file artifact being assembled) of a dead process.
            if (!sub.equals(dir) && isStale(sub)) {
              deleteTree(sub);
              deleted[0]++;
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile() && isStale(file) && Files.deleteIfExists(file)) {
              deleted[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // Another process may delete files while we walk; that is not an error here.
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return deleted[0];
  }

  /**
   * Deletes the temp files and temp directories that crashed writers left for one target: the stale
   * {@code .<name>.<pid>-<random>.tmp} entries next to it. Cheaper than {@link #recover(Path)} on a
   * large folder; sinks call it before they write.
   *
   * @param target the file or directory whose leftovers to delete
   * @return the number of entries deleted
   * @throws IOException if the folder cannot be listed or an entry cannot be deleted
   */
  public static int recoverTarget(Path target) throws IOException {
    Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path name = absolute.getFileName();
    Path dir = absolute.getParent();
    if (name == null || dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    String prefix = tempPrefix(name.toString());
    int deleted = 0;
    try (var entries =
        Files.newDirectoryStream(dir, p -> String.valueOf(p.getFileName()).startsWith(prefix))) {
      for (Path entry : entries) {
        Path entryName = entry.getFileName();
        String rest = entryName == null ? "" : entryName.toString().substring(prefix.length());
        if (rest.matches("[0-9]{1,19}-[0-9a-f]{16}\\.tmp") && isStale(entry)) {
          deleteTree(entry);
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Creates a new hidden temp directory next to {@code target}, named like a temp file ({@code
   * .<name>.<pid>-<random>.tmp}), so that {@link #recover(Path)} deletes it if this process dies
   * before moving it into place.
   *
   * @param target the directory the temp directory will become
   * @return the new, empty temp directory
   * @throws IOException if it cannot be created
   * @throws IllegalArgumentException if {@code target} has no file name
   */
  public static Path createTempDirectoryFor(Path target) throws IOException {
    Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path name = absolute.getFileName();
    if (name == null) {
      throw new IllegalArgumentException(
          "cannot stage a directory for '" + target + "': it has no name; pass a directory path");
    }
    Files.createDirectories(absolute.getParent());
    recoverShallow(absolute.getParent());
    return Files.createDirectory(absolute.getParent().resolve(tempName(name.toString())));
  }

  /**
   * Fsyncs a directory, so renames into it survive a power loss; ignored where the platform cannot
   * sync a directory (see step 5 of the class description).
   *
   * @param dir the directory
   */
  public static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // See step 5 of the class description: the file is complete; only the rename's
      // durability across power loss is not guaranteed on such file systems.
    }
  }

  /**
   * Deletes a file or a directory with everything in it; a missing path is not an error.
   *
   * @param root what to delete
   * @throws IOException if something cannot be deleted
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Tells whether {@code p} is named like a temp file of {@link #write(Path, IoWriter)}: {@code
   * .<name>.<pid>-<16 hex digits>.tmp}. Only the name is checked, not the file.
   *
   * @param p any path
   * @return true if its file name matches the temp file pattern
   */
  public static boolean isTempFile(Path p) {
    Path name = Objects.requireNonNull(p, "p").getFileName();
    return name != null && TEMP_NAME.matcher(name.toString()).matches();
  }

  private static boolean isStale(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return false;
    }
    Matcher m = TEMP_NAME.matcher(name.toString());
    if (!m.matches()) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return true; // nineteen digits above Long.MAX_VALUE: no process has that id
    }
    if (pid == ProcessHandle.current().pid()) {
      return false;
    }
    return ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
  }

  static String tempName(String targetName) {
    String random = String.format("%016x", ThreadLocalRandom.current().nextLong());
    return tempPrefix(targetName) + ProcessHandle.current().pid() + "-" + random + ".tmp";
  }

  /** {@code .<name, cut to 48 characters>.}: how every temp entry of a target starts. */
  private static String tempPrefix(String targetName) {
    String base = targetName;
    if (base.length() > NAME_CHARS_IN_TEMP) {
      int end = NAME_CHARS_IN_TEMP;
      if (Character.isHighSurrogate(base.charAt(end - 1))) {
        end--;
      }
      base = base.substring(0, end);
    }
    return "." + base + ".";
  }

  /**
   * Writes {@code len} bytes of {@code b} to {@code channel}, in slices of at most 64 KB: a file
   * channel copies a heap buffer through a temporary direct buffer as large as the write, which for
   * a whole encoded table (100 MB and more) costs more than producing the bytes.
   *
   * @param channel the channel
   * @param b the bytes
   * @param off where they start
   * @param len how many
   * @throws IOException if the channel fails
   */
  public static void writeFully(FileChannel channel, byte[] b, int off, int len)
      throws IOException {
    for (int at = off, end = off + len; at < end; at += SLICE_BYTES) {
      ByteBuffer slice = ByteBuffer.wrap(b, at, Math.min(SLICE_BYTES, end - at));
      while (slice.hasRemaining()) {
        channel.write(slice);
      }
    }
  }

  /** A file channel as a stream, writing through {@link #writeFully}. */
  private static final class ChannelStream extends OutputStream {
    private final FileChannel channel;

    ChannelStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
      writeFully(channel, new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writeFully(channel, b, off, len);
    }
  }

  /** Lets the writer close its stream without closing the channel we still have to sync. */
  private static final class KeepOpen extends OutputStream {
    private final OutputStream delegate;

    KeepOpen(OutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      delegate.flush();
    }
  }
}
