package dev.quarry.export;

import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Persists several files as one artifact: a folder that appears complete, or not at all.
 *
 * <p>Protocol: {@code open} refuses an existing target and creates a hidden temp folder {@code
 * .<name>.<pid>-<random>.tmp} next to it; each {@code write} adds one {@link ArtifactFile} (its
 * relative name cannot leave the folder; a name may be written once) and fsyncs it; {@code commit}
 * fsyncs every folder inside, renames the temp folder to the target in one atomic step and fsyncs
 * the parent. {@code close} without a commit, or a failure, deletes the temp folder. A process
 * killed mid-export leaves only the temp folder, which {@link AtomicFiles#recover} deletes, and so
 * does the next {@code open} of the same target ({@link AtomicFiles#recoverTarget}).
 *
 * <p>The target must not exist: a run folder is written once. To replace an artifact, delete it
 * first or export to a new name.
 */
public class DirectorySink extends BatchSink<ArtifactFile> {
  private final Path target;
  private final Set<String> names = new HashSet<>();
  private Path temp;
  private long bytes;

  /**
   * A sink creating the folder {@code target}.
   *
   * @param target the folder the artifact becomes; must not exist
   */
  public DirectorySink(Path target) {
    this.target = Objects.requireNonNull(target, "target").toAbsolutePath().normalize();
  }

  /**
   * A sink creating the settings' target (for {@link BatchExportBinding#ofClasses}).
   *
   * @param settings settings with a target
   */
  public DirectorySink(ExportSettings settings) {
    this(settings.target());
  }

  @Override
  public String name() {
    return "DirectorySink(" + target + ")";
  }

  @Override
  protected void doOpen() throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + " already exists; export to a new folder, or delete it first");
    }
    AtomicFiles.recoverTarget(target);
    temp = AtomicFiles.createTempDirectoryFor(target);
  }

  @Override
  protected void doWrite(ArtifactFile file) throws IOException {
    if (!names.add(file.name())) {
      throw new IOException("the artifact already has a file '" + file.name() + "'");
    }
    Path path = temp.resolve(file.name()).normalize();
    if (!path.startsWith(temp)) {
      throw new IOException("'" + file.name() + "' would leave the artifact's folder");
    }
    Files.createDirectories(path.getParent());
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      AtomicFiles.writeFully(channel, file.bytes(), 0, file.bytes().length);
      channel.force(true);
    }
    bytes += file.bytes().length;
  }

  @Override
  public long bytesWritten() {
    return bytes;
  }

  @Override
  protected void doCommit() throws IOException {
    Set<Path> folders = new TreeSet<>();
    folders.add(temp);
    for (String name : names) {
      for (Path p = temp.resolve(name).getParent(); p.startsWith(temp); p = p.getParent()) {
        folders.add(p);
      }
    }
    for (Path folder : folders) {
      AtomicFiles.syncDirectory(folder);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + " appeared while the export ran; nothing was published");
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.syncDirectory(target.getParent());
  }

  @Override
  protected void doRollback() throws IOException {
    AtomicFiles.deleteTree(temp);
  }

  @Override
  protected void cleanupAfterError() {
    if (temp != null) {
      try {
        AtomicFiles.deleteTree(temp);
      } catch (IOException | RuntimeException ignored) {
        // Hidden, and recover() deletes it once this process is gone.
      }
    }
  }
}
