package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySinkContractTest extends BatchSinkContract<String> {
  private InMemorySink<String> last;

  @Override
  BatchSink<String> newSink() {
    last = new InMemorySink<>();
    return last;
  }

  @Override
  String piece(int index, String text) {
    return text;
  }

  @Override
  boolean artifactVisible() {
    return last.hasArtifact();
  }

  @Override
  String readArtifact() {
    return String.join("", last.artifact());
  }

  @Override
  List<String> listing() {
    return Recording.listing(dir);
  }

  @Override
  List<String> listingWithArtifact() {
    return List.of();
  }

  @Test
  void artifactBeforeCommitSaysWhy() {
    InMemorySink<String> sink = new InMemorySink<>();
    sink.open();
    IllegalStateException e = assertThrows(IllegalStateException.class, sink::artifact);
    assertTrue(e.getMessage().contains("OPENED"), e.getMessage());
  }

  @Test
  void committedArtifactIsImmutable() {
    InMemorySink<String> sink = new InMemorySink<>();
    sink.open();
    sink.write("a");
    sink.commit();
    assertThrows(UnsupportedOperationException.class, () -> sink.artifact().add("b"));
    assertEquals(List.of("a"), sink.artifact());
  }
}
