package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BatchSink} promises, run against each implementation: the artifact appears
 * complete on commit or not at all, and nothing else is ever left behind (for file sinks: the
 * folder listing, hidden files included, holds the artifact or nothing).
 *
 * @param <E> the encoded type of the sink
 */
abstract class BatchSinkContract<E> {
  @TempDir Path dir;

  /** A fresh sink whose artifact goes into {@link #dir}. */
  abstract BatchSink<E> newSink();

  /** The encoded piece number {@code index} with content {@code text}. */
  abstract E piece(int index, String text);

  /** Whether the artifact is visible. */
  abstract boolean artifactVisible();

  /** The artifact's content: its pieces' texts in order, concatenated. */
  abstract String readArtifact();

  /** Every name in {@link #dir} (hidden ones included); empty for sinks that use no files. */
  abstract List<String> listing();

  /** The listing once the artifact is published. */
  abstract List<String> listingWithArtifact();

  private BatchSink<E> written(String... texts) {
    BatchSink<E> sink = newSink();
    sink.open();
    for (int i = 0; i < texts.length; i++) {
      sink.write(piece(i, texts[i]));
    }
    return sink;
  }

  @Test
  void committedArtifactIsCompleteAndReadable() {
    BatchSink<E> sink = written("alpha,", "beta,", "gamma");
    sink.commit();
    assertEquals("alpha,beta,gamma", readArtifact());
    sink.close();
    assertEquals(BatchSink.State.CLOSED, sink.state());
    assertEquals("alpha,beta,gamma", readArtifact());
    assertEquals(listingWithArtifact(), listing());
  }

  @Test
  void emptyArtifactCommits() {
    BatchSink<E> sink = written();
    sink.commit();
    sink.close();
    assertTrue(artifactVisible());
    assertEquals("", readArtifact());
  }

  @Test
  void nothingIsVisibleBeforeCommit() {
    BatchSink<E> sink = written("alpha,", "beta");
    assertFalse(artifactVisible());
    sink.commit();
    assertTrue(artifactVisible());
    sink.close();
  }

  @Test
  void closeWithoutCommitRollsBackAndLeavesNothing() {
    BatchSink<E> sink = written("alpha,", "beta");
    sink.close();
    assertEquals(BatchSink.State.CLOSED, sink.state());
    assertFalse(artifactVisible());
    assertEquals(List.of(), listing());
  }

  @Test
  void closeRightAfterOpenLeavesNothing() {
    BatchSink<E> sink = written();
    sink.close();
    assertFalse(artifactVisible());
    assertEquals(List.of(), listing());
  }

  @Test
  void closeWithoutOpenLeavesNothing() {
    BatchSink<E> sink = newSink();
    sink.close();
    assertFalse(artifactVisible());
    assertEquals(List.of(), listing());
  }

  @Test
  void commitIsIdempotent() {
    BatchSink<E> sink = written("alpha");
    sink.commit();
    sink.commit();
    assertEquals(BatchSink.State.COMMITTED, sink.state());
    sink.close();
    assertEquals("alpha", readArtifact());
    assertEquals(listingWithArtifact(), listing());
  }

  @Test
  void failureAfterWritesLeavesNothing() {
    BatchSink<E> sink = written("alpha,", "beta");
    sink.fail();
    assertEquals(BatchSink.State.ERROR, sink.state());
    sink.close();
    assertFalse(artifactVisible());
    assertEquals(List.of(), listing());
    assertThrows(ExportError.class, sink::commit);
    assertFalse(artifactVisible());
  }

  @Test
  void failureAfterCommitKeepsTheArtifact() {
    BatchSink<E> sink = written("alpha");
    sink.commit();
    sink.fail();
    sink.close();
    assertEquals("alpha", readArtifact());
    assertEquals(listingWithArtifact(), listing());
  }

  @Test
  void aRolledBackSinkLeavesNothingInTheWayOfTheNextOne() {
    written("partial").close();
    BatchSink<E> sink = written("whole");
    sink.commit();
    sink.close();
    assertEquals("whole", readArtifact());
    assertEquals(listingWithArtifact(), listing());
  }
}
