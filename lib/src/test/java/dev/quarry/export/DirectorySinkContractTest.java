package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectorySinkContractTest extends BatchSinkContract<ArtifactFile> {
  private Path target() {
    return dir.resolve("run");
  }

  @Override
  BatchSink<ArtifactFile> newSink() {
    return new DirectorySink(target());
  }

  /** Pieces go to nested folders too, named so that name order is write order. */
  @Override
  ArtifactFile piece(int index, String text) {
    String name = index % 2 == 0 ? "p" + index + ".txt" : "p" + index + "/part.txt";
    return new ArtifactFile(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  boolean artifactVisible() {
    return Files.exists(target());
  }

  @Override
  String readArtifact() {
    try (Stream<Path> files = Files.walk(target())) {
      List<Path> sorted = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
      StringBuilder text = new StringBuilder();
      for (Path p : sorted) {
        text.append(Files.readString(p));
      }
      return text.toString();
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
    return List.of("run");
  }

  @Test
  void existingTargetIsRefusedAndLeftAlone() throws IOException {
    Files.createDirectory(target());
    Files.writeString(target().resolve("keep.txt"), "kept");
    DirectorySink sink = new DirectorySink(target());
    ExportError e = assertThrows(ExportError.class, sink::open);
    assertEquals(ExportStage.OPEN, e.stage());
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertTrue(e.component().startsWith("DirectorySink("), e.component());
    assertEquals(List.of("run"), listing());
    assertEquals(List.of("keep.txt"), Recording.listing(target()));
  }

  @Test
  void targetAppearingDuringTheExportIsNotOverwritten() throws IOException {
    DirectorySink sink = new DirectorySink(target());
    sink.open();
    sink.write(piece(0, "mine"));
    Files.createDirectory(target());
    ExportError e = assertThrows(ExportError.class, sink::commit);
    assertEquals(ExportStage.COMMIT, e.stage());
    assertEquals(List.of("run"), listing());
    assertEquals(List.of(), Recording.listing(target()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/abs", ".hidden", "a/../b", "a/./b", "", "a//b", "a/", "-x"})
  void artifactFileRefusesNamesThatCouldLeaveTheFolder(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ArtifactFile(name, new byte[0]));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }

  @Test
  void duplicateFileNameIsAWriteErrorAndLeavesNothing() {
    DirectorySink sink = new DirectorySink(target());
    sink.open();
    sink.write(new ArtifactFile("a.txt", new byte[] {1}));
    ExportError e =
        assertThrows(ExportError.class, () -> sink.write(new ArtifactFile("a.txt", new byte[0])));
    assertEquals(ExportStage.WRITE, e.stage());
    assertTrue(e.getMessage().contains("'a.txt'"), e.getMessage());
    assertFalse(artifactVisible());
    assertEquals(List.of(), listing());
  }

  @Test
  void tempFolderIsHiddenAndNextToTheTarget() {
    DirectorySink sink = new DirectorySink(target());
    sink.open();
    List<String> names = listing();
    assertEquals(1, names.size());
    assertTrue(names.get(0).startsWith(".run."), names.get(0));
    assertTrue(names.get(0).endsWith(".tmp"), names.get(0));
    sink.close();
    assertEquals(List.of(), listing());
  }
}
