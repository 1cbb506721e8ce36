package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

/**
 * A Parquet export goes to its sink in pieces of at most 1 MiB that together are the one-array
 * encoding, still holds one table only, and publishes nothing when the sink fails mid-file.
 */
class ParquetStreamingExportTest {
  /** A file of several MiB. */
  private static final Table LARGE = SampleTables.bars(300_000, 42);

  @TempDir Path dir;

  private static byte[] oneArray(Table table) {
    ParquetTableCore core = new ParquetTableCore();
    core.onStart();
    return core.onEncode(table);
  }

  private static List<byte[]> pieces(Table table) {
    InMemorySink<byte[]> sink = new InMemorySink<>();
    try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(new ParquetTableCore(), sink)) {
      writer.start();
      writer.write(table);
      writer.commit();
    }
    return sink.artifact();
  }

  private static byte[] concat(List<byte[]> pieces) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    pieces.forEach(all::writeBytes);
    return all.toByteArray();
  }

  @Test
  void aLargeFileGoesInFullPiecesOfOneMebibyteThatAreTheOneArrayEncoding() {
    List<byte[]> pieces = pieces(LARGE);
    byte[] file = oneArray(LARGE);
    assertArrayEquals(file, concat(pieces));
    int expected = (file.length + ParquetTableCore.PIECE_BYTES - 1) / ParquetTableCore.PIECE_BYTES;
    assertTrue(expected >= 4, file.length + " bytes");
    assertEquals(expected, pieces.size(), "pieces of a " + file.length + "-byte file");
    for (int i = 0; i < pieces.size() - 1; i++) {
      assertEquals(ParquetTableCore.PIECE_BYTES, pieces.get(i).length, "piece " + i);
    }
    assertTrue(pieces.get(pieces.size() - 1).length > 0, "no empty last piece");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2_500})
  void aSmallFileIsOnePieceEqualToTheOneArrayEncoding(int rows) {
    Table table = SampleTables.bars(rows, 42);
    List<byte[]> pieces = pieces(table);
    assertEquals(1, pieces.size());
    assertArrayEquals(oneArray(table), pieces.get(0));
  }

  @Test
  void aSecondTableIsRefusedWhenStreamingToo() {
    InMemorySink<byte[]> sink = new InMemorySink<>();
    try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(new ParquetTableCore(), sink)) {
      writer.start();
      writer.write(SampleTables.bars(10, 1));
      ExportError e = assertThrows(ExportError.class, () -> writer.write(SampleTables.bars(10, 2)));
      assertTrue(e.getMessage().contains("a Parquet artifact holds one table"), e.getMessage());
    }
    assertEquals(false, sink.hasArtifact());
  }

  @Test
  void noTableIsRefusedWhenStreamingToo() {
    InMemorySink<byte[]> sink = new InMemorySink<>();
    try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(new ParquetTableCore(), sink)) {
      writer.start();
      ExportError e = assertThrows(ExportError.class, writer::commit);
      assertTrue(e.getMessage().contains("no table was written"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 6})
  void aSinkFailingOnItsNthPiecePublishesNothingAndLeavesTheOldFile(int failingWrite)
      throws IOException {
    Path target = dir.resolve("bars.parquet");
    byte[] old = "old content\n".getBytes(StandardCharsets.UTF_8);
    Files.write(target, old);
    FailingSink sink = new FailingSink(target, failingWrite);
    ExportError e;
    try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(new ParquetTableCore(), sink)) {
      writer.start();
      e =
          assertThrows(
              ExportError.class,
              () -> {
                writer.write(LARGE);
                writer.commit();
              });
    }
    assertSame(sink.failure, rootCause(e), e.toString());
    assertEquals(failingWrite, sink.writes);
    assertEquals(List.of("bars.parquet"), Recording.listing(dir));
    assertArrayEquals(old, Files.readAllBytes(target));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** An atomic file sink whose {@code n}th write fails after writing its piece. */
  private static final class FailingSink extends AtomicFileSink {
    private final int failingWrite;
    int writes;
    IOException failure;

    FailingSink(Path target, int failingWrite) {
      super(target);
      this.failingWrite = failingWrite;
    }

    @Override
    protected void doWrite(byte[] data) throws IOException {
      super.doWrite(data);
      if (++writes == failingWrite) {
        failure = new IOException("injected failure on piece " + writes);
        throw failure;
      }
    }
  }
}
