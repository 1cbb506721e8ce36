package dev.quarry.export;

import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Persists bytes as one file, atomically.
 *
 * <p>Protocol ({@link AtomicFiles#begin}): {@code open} creates the target's folders and a hidden
 * temp file {@code .<name>.<pid>-<random>.tmp} in the target's own folder (so the rename never
 * crosses file systems); {@code write} appends to it through a buffer; {@code commit} flushes and
 * fsyncs the temp file, renames it over the target in one atomic step and fsyncs the folder. A
 * second {@code commit} does nothing. {@code close} without a commit, or a failure, deletes the
 * temp file, and the folders {@code open} created if they are still empty: the target is then
 * exactly as before (absent, or its previous complete version). A process killed mid-export leaves
 * only the temp file, which {@link AtomicFiles#recover} deletes, and so does the next {@code open}
 * of the same target ({@link AtomicFiles#recoverTarget}).
 */
public class AtomicFileSink extends BatchSink<byte[]> {
  private final Path target;
  private AtomicFiles.Pending pending;
  private long bytes;

  /** The topmost folder {@code open} had to create for the target, or null. */
  private Path createdFolder;

  /**
   * A sink writing to {@code target}.
   *
   * @param target the file the artifact becomes
   */
  public AtomicFileSink(Path target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * A sink writing to the settings' target (for {@link BatchExportBinding#ofClasses}).
   *
   * @param settings settings with a target
   */
  public AtomicFileSink(ExportSettings settings) {
    this(settings.target());
  }

  /**
   * The target file.
   *
   * @return the target
   */
  public Path target() {
    return target;
  }

  @Override
  public long bytesWritten() {
    return bytes;
  }

  @Override
  public String name() {
    return "AtomicFileSink(" + target + ")";
  }

  @Override
  protected void doOpen() throws IOException {
    if (Files.isDirectory(target)) {
      throw new IOException(
          target + " is a folder; give the export a file name, such as " + target.resolve("out"));
    }
    Path folder = target.toAbsolutePath().getParent();
    for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
      createdFolder = p;
    }
    try {
      AtomicFiles.recoverTarget(target);
      pending = AtomicFiles.begin(target);
    } catch (IOException e) {
      removeCreatedFolders();
      throw new IOException(
          "cannot create a file in "
              + folder
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); check that the folder can be created and written to",
          e);
    }
  }

  @Override
  protected void doWrite(byte[] data) throws IOException {
    pending.out().write(data);
    bytes += data.length;
  }

  @Override
  protected void doCommit() throws IOException {
    pending.commit();
  }

  @Override
  protected void doRollback() throws IOException {
    pending.abort();
    removeCreatedFolders();
  }

  @Override
  protected void cleanupAfterError() {
    if (pending != null) {
      try {
        pending.abort();
      } catch (IOException | RuntimeException ignored) {
        // The temp file is hidden and recover() deletes it once this process is gone.
      }
    }
    removeCreatedFolders();
  }

  /** Deletes the folders {@code open} created for the target, if they are still empty. */
  private void removeCreatedFolders() {
    if (createdFolder == null) {
      return;
    }
    Path stop = createdFolder.getParent();
    for (Path p = target.toAbsolutePath().getParent();
        p != null && !p.equals(stop);
        p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException | RuntimeException notEmpty) {
        return; // someone else put something there: leave it
      }
    }
    createdFolder = null;
  }
}
