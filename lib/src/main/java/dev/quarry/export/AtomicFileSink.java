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
 * temp file: the target is then exactly as before (absent, or its previous complete version). A
 * process killed mid-export leaves only the temp file, which {@link AtomicFiles#recover} deletes.
 */
public class AtomicFileSink extends BatchSink<byte[]> {
  private final Path target;
  private AtomicFiles.Pending pending;
  private long bytes;

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

  /**
   * Bytes written so far.
   *
   * @return the count
   */
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
    pending = AtomicFiles.begin(target);
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
  }
}
