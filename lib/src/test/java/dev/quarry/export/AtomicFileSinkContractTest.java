package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtomicFileSinkContractTest extends BatchSinkContract<byte[]> {
  private Path target() {
    return dir.resolve("out.csv");
  }

  @Override
  BatchSink<byte[]> newSink() {
    return new AtomicFileSink(target());
  }

  @Override
  byte[] piece(int index, String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  boolean artifactVisible() {
    return Files.exists(target());
  }

  @Override
  String readArtifact() {
    try {
      return Files.readString(target());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  List<String> listing() {
    return Recording.listing(dir);
  }

  @Override
  List<String> listingWithArtifact() {
    return List.of("out.csv");
  }

  @Test
  void replacingKeepsTheOldContentUntilCommit() throws IOException {
    Files.writeString(target(), "old");
    AtomicFileSink sink = new AtomicFileSink(target());
    sink.open();
    sink.write("new".getBytes(StandardCharsets.UTF_8));
    assertEquals("old", readArtifact());
    assertEquals(3, sink.bytesWritten());
    sink.commit();
    sink.close();
    assertEquals("new", readArtifact());
    assertEquals(List.of("out.csv"), listing());
  }

  @Test
  void replacingKeepsTheOldContentWhenTheExportFailsOrRollsBack() throws IOException {
    Files.writeString(target(), "old");
    AtomicFileSink failed = new AtomicFileSink(target());
    failed.open();
    failed.write("new".getBytes(StandardCharsets.UTF_8));
    failed.fail();
    assertEquals("old", readArtifact());
    assertEquals(List.of("out.csv"), listing());

    AtomicFileSink rolledBack = new AtomicFileSink(target());
    rolledBack.open();
    rolledBack.write("new".getBytes(StandardCharsets.UTF_8));
    rolledBack.close();
    assertEquals("old", readArtifact());
    assertEquals(List.of("out.csv"), listing());
  }

  @Test
  void commitFailureKeepsTheOldContentAndRemovesTheTempFile() throws IOException {
    Files.writeString(target(), "old");
    AtomicFileSink sink =
        new AtomicFileSink(target()) {
          @Override
          protected void doCommit() throws IOException {
            throw new IOException("disk full");
          }
        };
    sink.open();
    sink.write("new".getBytes(StandardCharsets.UTF_8));
    assertEquals(2, listing().size(), "the temp file exists while open");
    ExportError e = assertThrows(ExportError.class, sink::commit);
    assertEquals(ExportStage.COMMIT, e.stage());
    assertEquals("old", readArtifact());
    assertEquals(List.of("out.csv"), listing());
  }

  @Test
  void tempFileIsHiddenAndNextToTheTarget() {
    AtomicFileSink sink = new AtomicFileSink(target());
    sink.open();
    List<String> names = listing();
    assertEquals(1, names.size());
    assertTrue(names.get(0).startsWith(".out.csv."), names.get(0));
    assertTrue(names.get(0).endsWith(".tmp"), names.get(0));
    sink.close();
    assertEquals(List.of(), listing());
  }

  @Test
  void folderTargetIsAnOpenErrorNamingTheFix() throws IOException {
    Files.createDirectory(target());
    AtomicFileSink sink = new AtomicFileSink(target());
    ExportError e = assertThrows(ExportError.class, sink::open);
    assertEquals(ExportStage.OPEN, e.stage());
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    assertTrue(e.component().startsWith("AtomicFileSink("), e.component());
    assertEquals(List.of("out.csv"), listing());
  }

  @Test
  void missingParentFoldersAreCreated() {
    Path deep = dir.resolve("a/b/out.csv");
    AtomicFileSink sink = new AtomicFileSink(deep);
    sink.open();
    sink.write(new byte[] {1, 2});
    sink.commit();
    sink.close();
    assertTrue(Files.isRegularFile(deep));
    assertEquals(List.of("out.csv"), Recording.listing(deep.getParent()));
  }

  @Test
  void foldersCreatedForARolledBackOrFailedExportAreRemovedButNotFoldersThatExisted()
      throws IOException {
    Files.createDirectory(dir.resolve("a"));
    AtomicFileSink rolledBack = new AtomicFileSink(dir.resolve("a/b/c/out.csv"));
    rolledBack.open();
    rolledBack.write(new byte[] {1});
    rolledBack.close();
    assertEquals(List.of("a"), listing());
    assertEquals(List.of(), Recording.listing(dir.resolve("a")));

    AtomicFileSink failed = new AtomicFileSink(dir.resolve("x/y/out.csv"));
    failed.open();
    failed.fail();
    assertEquals(List.of("a"), listing());
  }

  @Test
  void aTargetUnderAFileIsAnOpenErrorNamingTheFolderNotTheTempFile() throws IOException {
    Files.writeString(dir.resolve("plain"), "a file, not a folder");
    AtomicFileSink sink = new AtomicFileSink(dir.resolve("plain/out.csv"));
    ExportError e = assertThrows(ExportError.class, sink::open);
    assertEquals(ExportStage.OPEN, e.stage());
    assertTrue(
        e.getMessage().contains("cannot create a file in " + dir.resolve("plain")), e.getMessage());
    assertTrue(!e.getMessage().contains(".tmp"), e.getMessage());
  }

  @Test
  void openDeletesTheStaleTempFileOfACrashedExportOfTheSameTarget() throws IOException {
    Path stale = dir.resolve(".out.csv.9999999999-0123456789abcdef.tmp");
    Files.writeString(stale, "partial");
    AtomicFileSink sink = new AtomicFileSink(target());
    sink.open();
    sink.write(new byte[] {1, 2, 3});
    assertEquals(3, sink.bytesWritten());
    sink.commit();
    sink.close();
    assertEquals(List.of("out.csv"), listing());
  }
}
