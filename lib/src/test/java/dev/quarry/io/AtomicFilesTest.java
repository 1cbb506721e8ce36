package dev.quarry.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  /** Above Linux's pid_max (2^22) and macOS's 99998: no process can have it. */
  private static final long DEAD_PID = 9_999_999_999L;

  @TempDir Path dir;

  @Test
  void writeCreatesParentDirectoriesAndTheFile() throws IOException {
    Path target = dir.resolve("a/b/c.txt");

    AtomicFiles.writeBytes(target, "hello".getBytes(UTF_8));

    assertEquals("hello", Files.readString(target));
    assertEquals(List.of(target), filesUnder(dir));
  }

  @Test
  void prepareLeavesTheCompleteContentInTheTempFileAndTheTargetUntouched() throws IOException {
    Path target = dir.resolve("c.txt");
    Files.writeString(target, "old");
    AtomicFiles.Pending pending = AtomicFiles.begin(target);
    pending.out().write("new".getBytes(UTF_8));

    Path temp = pending.prepare();

    assertEquals("old", Files.readString(target));
    assertEquals("new", Files.readString(temp));
    assertTrue(AtomicFiles.isTempFile(temp));
    assertThrows(IllegalStateException.class, pending::out, "prepared: closed to writes");
    pending.commit();
    assertEquals("new", Files.readString(target));
    assertEquals(List.of(target), filesUnder(dir));
  }

  @Test
  void abortAfterPrepareDeletesTheTempFile() throws IOException {
    Path target = dir.resolve("c.txt");
    AtomicFiles.Pending pending = AtomicFiles.begin(target);
    pending.out().write("new".getBytes(UTF_8));
    pending.prepare();

    pending.abort();

    assertEquals(List.of(), filesUnder(dir));
  }

  @Test
  void writeReplacesTheWholeExistingContent() throws IOException {
    Path target = dir.resolve("c.txt");
    Files.writeString(target, "a much longer old content");

    AtomicFiles.write(target, out -> out.write("new".getBytes(UTF_8)));

    assertEquals("new", Files.readString(target));
  }

  @Test
  void writerFailingWithIoExceptionLeavesTargetUntouchedAndNoTempFile() throws IOException {
    Path target = dir.resolve("c.txt");
    Files.writeString(target, "old");
    IOException fault = new IOException("disk full (injected)");

    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[100_000]);
                      throw fault;
                    }));

    assertSame(fault, thrown);
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), filesUnder(dir));
  }

  @Test
  void writerFailingWithRuntimeExceptionLeavesNoTargetAndNoTempFile() throws IOException {
    Path target = dir.resolve("sub/c.txt");

    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write(1);
                  throw new IllegalStateException("injected");
                }));

    assertFalse(Files.exists(target));
    assertEquals(List.of(), filesUnder(dir));
  }

  @Test
  void refusedRenameLeavesTheExistingDirectoryAndNoTempFile() throws IOException {
    Path target = dir.resolve("occupied");
    Files.createDirectories(target.resolve("child"));

    assertThrows(IOException.class, () -> AtomicFiles.writeBytes(target, new byte[] {1, 2}));

    assertTrue(Files.isDirectory(target.resolve("child")));
    assertEquals(List.of(), filesUnder(dir));
  }

  @Test
  void writerMayCloseItsStreamAndWriteLargeContent() throws IOException {
    Path target = dir.resolve("big.bin");
    byte[] content = new byte[1_000_003];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }

    AtomicFiles.write(
        target,
        out -> {
          out.write(content, 0, 10);
          out.write(content, 10, content.length - 10);
          out.close();
        });

    assertArrayEquals(content, Files.readAllBytes(target));
  }

  @Test
  void targetWithAVeryLongNameStillGetsATempFileThatFits() throws IOException {
    Path target = dir.resolve("x".repeat(250));

    AtomicFiles.writeBytes(target, new byte[] {7});

    assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
  }

  @Test
  void recoverDeletesTempFilesOfDeadProcessesRecursively() throws IOException {
    Path top = touch(dir.resolve(".a.entry." + DEAD_PID + "-0123456789abcdef.tmp"));
    Path nested = touch(dir.resolve("x/y/.b." + DEAD_PID + "-fedcba9876543210.tmp"));

    int deleted = AtomicFiles.recover(dir);

    assertEquals(2, deleted);
    assertFalse(Files.exists(top));
    assertFalse(Files.exists(nested));
  }

  @Test
  void recoverKeepsTempFilesOfRunningProcessesAndOtherFiles() throws IOException {
    long self = ProcessHandle.current().pid();
    Path inProgress = touch(dir.resolve(".a.entry." + self + "-0123456789abcdef.tmp"));
    Path hiddenUserFile = touch(dir.resolve(".notes.tmp"));
    Path plainTmp = touch(dir.resolve("data.tmp"));
    Path entry = touch(dir.resolve("k/abc.entry"));

    int deleted = AtomicFiles.recover(dir);

    assertEquals(0, deleted);
    assertEquals(
        List.of(inProgress, hiddenUserFile, plainTmp, entry).stream().sorted().toList(),
        filesUnder(dir));
  }

  @Test
  void writingIntoAFolderDeletesTheTempFilesOfDeadProcessesBesideItsTarget() throws IOException {
    Path deadFile = touch(dir.resolve(".other.csv." + DEAD_PID + "-0123456789abcdef.tmp"));
    Path deadDir = touch(dir.resolve(".run-1." + DEAD_PID + "-0123456789abcdef.tmp/trades.csv"));
    long self = ProcessHandle.current().pid();
    Path mine = touch(dir.resolve(".third.csv." + self + "-0123456789abcdef.tmp"));
    AtomicFiles.write(dir.resolve("target.csv"), out -> out.write(1));
    assertFalse(Files.exists(deadFile), "a dead export's temp file beside another target");
    assertFalse(Files.exists(deadDir.getParent()), "a dead export's temp folder");
    assertTrue(Files.exists(mine), "a live process's temp file stays");
  }

  @Test
  void recoverDeletesTempDirectoriesOfDeadProcessesButNotOfThisOne() throws IOException {
    // staging a folder cleans the dead ones beside it, so stage ours first
    Path mine = AtomicFiles.createTempDirectoryFor(dir.resolve("run-2"));
    Path dead = touch(dir.resolve(".run-1." + DEAD_PID + "-0123456789abcdef.tmp/trades.csv"));

    assertEquals(1, AtomicFiles.recover(dir));

    assertFalse(Files.exists(dead.getParent()));
    assertTrue(Files.isDirectory(mine));
    assertTrue(AtomicFiles.isTempFile(mine));
  }

  @Test
  void recoverTargetDeletesOnlyTheStaleLeftoversOfThatTarget() throws IOException {
    Path target = dir.resolve("we[ir]d*name.csv");
    Path stale = touch(dir.resolve(".we[ir]d*name.csv." + DEAD_PID + "-0123456789abcdef.tmp"));
    Path staleDir =
        touch(dir.resolve(".we[ir]d*name.csv." + DEAD_PID + "-1123456789abcdef.tmp/x")).getParent();
    Path other = touch(dir.resolve(".other.csv." + DEAD_PID + "-0123456789abcdef.tmp"));
    Path live =
        touch(
            dir.resolve(
                ".we[ir]d*name.csv." + ProcessHandle.current().pid() + "-0123456789abcdef.tmp"));

    assertEquals(2, AtomicFiles.recoverTarget(target));

    assertFalse(Files.exists(stale));
    assertFalse(Files.exists(staleDir));
    assertTrue(Files.exists(other));
    assertTrue(Files.exists(live));
  }

  @Test
  void pendingCommitPublishesOnceAndAbortLeavesTheOldFile() throws IOException {
    Path target = dir.resolve("out.csv");
    Files.writeString(target, "old");

    AtomicFiles.Pending aborted = AtomicFiles.begin(target);
    aborted.out().write("partial".getBytes(UTF_8));
    assertTrue(Files.exists(aborted.temp()));
    aborted.abort();
    aborted.abort();
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), filesUnder(dir));
    assertThrows(IllegalStateException.class, aborted::commit);
    assertThrows(IllegalStateException.class, aborted::out);

    AtomicFiles.Pending pending = AtomicFiles.begin(target);
    pending.out().write("new".getBytes(UTF_8));
    assertEquals("old", Files.readString(target));
    pending.commit();
    pending.commit();
    pending.abort();
    assertEquals("new", Files.readString(target));
    assertEquals(List.of(target), filesUnder(dir));
  }

  @Test
  void recoverOfAMissingDirectoryFindsNothing() throws IOException {
    assertEquals(0, AtomicFiles.recover(dir.resolve("absent")));
  }

  @Test
  void isTempFileMatchesOnlyTheTempNamePattern() {
    assertTrue(AtomicFiles.isTempFile(Path.of("/d/.k.entry.123-0123456789abcdef.tmp")));
    assertTrue(AtomicFiles.isTempFile(Path.of(AtomicFiles.tempName("report.json"))));
    assertFalse(AtomicFiles.isTempFile(Path.of("/d/k.entry.123-0123456789abcdef.tmp")));
    assertFalse(AtomicFiles.isTempFile(Path.of("/d/.k.entry.123-0123456789abcdef")));
    assertFalse(AtomicFiles.isTempFile(Path.of("/d/.k.entry.123-0123456789ABCDEF.tmp")));
    assertFalse(AtomicFiles.isTempFile(Path.of("/d/.k.tmp")));
    assertFalse(AtomicFiles.isTempFile(Path.of("/")));
  }

  private static Path touch(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "partial");
  }

  private static List<Path> filesUnder(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
