package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * {@link ParquetFiles#write} streams the file to the caller's stream and holds only what the writer
 * adds when closing: the bytes are those the fully buffered writer gave, row groups reach the
 * stream before the last row is written, and a failing stream gets nothing after its failure.
 */
class ParquetStreamingTest {
  private static final Table ROWS_200K = MixedTables.table(200_000, 7);

  /** Small enough that {@link #ROWS_200K} makes many row groups. */
  private static final long SMALL_ROW_GROUP = 256 * 1024;

  @TempDir Path dir;

  /**
   * Size and SHA-256 of {@code MixedTables.table(rows, 7)} as the writer gave it before streaming,
   * when it built the whole file in one array and then made its footer canonical.
   */
  static Stream<Arguments> bufferedWriterFiles() {
    String empty = "db330c4fa39d1cf8edb280820d543fc2d50586392470fe6de33e50ba02e714fc";
    return Stream.of(
        Arguments.of(0, Compression.SNAPPY, 266, empty),
        Arguments.of(0, Compression.ZSTD, 266, empty),
        Arguments.of(0, Compression.GZIP, 266, empty),
        Arguments.of(
            1,
            Compression.SNAPPY,
            1_299,
            "69af79f46b50c577589fabebdd14742b6287b2029e89f96f24294bab29305d8f"),
        Arguments.of(
            1,
            Compression.ZSTD,
            1_342,
            "2836aaa15c32af8744c6123fcac8a4cebd89ed0aa1406e9b17287e244bbe7038"),
        Arguments.of(
            1,
            Compression.GZIP,
            1_403,
            "8990d5a055dde0d61ca7e93d1cb2baef351f07087ac1bc61e3379bf8185ff266"),
        Arguments.of(
            200_000,
            Compression.SNAPPY,
            4_397_737,
            "dfd447b6b5a633dd73cc7f7a36f2b5b5e2c36a1e3dee40a0603ed4fb45d003a8"),
        Arguments.of(
            200_000,
            Compression.ZSTD,
            3_443_740,
            "2a969541875fa62edd957ae791b2b3c59ee4f518a6f1d84199bfc5a8e3987958"),
        Arguments.of(
            200_000,
            Compression.GZIP,
            3_564_560,
            "88699de27232cfb08e4c33a4030381f8bab4fb5093638732977af363daa26988"));
  }

  @ParameterizedTest
  @MethodSource("bufferedWriterFiles")
  void theStreamedFileIsTheFileTheBufferedWriterGave(
      int rows, Compression compression, int size, String sha256) throws IOException {
    Table table = rows == ROWS_200K.rowCount() ? ROWS_200K : MixedTables.table(rows, 7);
    Recorder out = new Recorder();
    ParquetFiles.write(table, out, compression);
    byte[] file = out.bytes.toByteArray();
    assertEquals(size, file.length);
    assertEquals(sha256, sha256(file));
    assertEquals(1, out.flushes, "the stream is flushed once, at the end");
    assertSameTable(table, readBack(file));
  }

  @Test
  void severalRowGroupsReachTheStreamBeforeTheLastRowIsWritten() throws IOException {
    WatchedColumn watched = new WatchedColumn(ROWS_200K.doubleColumn("price"));
    Table table = ROWS_200K.copy().replaceColumn("price", watched);
    Recorder out = new Recorder(watched);
    ParquetFiles.write(table, out, Compression.SNAPPY, SMALL_ROW_GROUP);
    byte[] file = out.bytes.toByteArray();

    int groups = footer(file).getRow_groups().size();
    assertTrue(groups >= 8, groups + " row groups");
    assertTrue(
        out.bytesBeforeLastRow > file.length / 2,
        out.bytesBeforeLastRow + " of " + file.length + " bytes reached the stream before the end");
    ByteArrayOutputStream buffered = new ByteArrayOutputStream();
    ParquetFiles.write(table, buffered, Compression.SNAPPY, SMALL_ROW_GROUP);
    assertArrayEquals(buffered.toByteArray(), file);
    assertSameTable(ROWS_200K, readBack(file));
  }

  @Test
  void withTheDefaultRowGroupSizeTheWholeFileIsTheHeldTail() throws IOException {
    WatchedColumn watched = new WatchedColumn(ROWS_200K.doubleColumn("price"));
    Table table = ROWS_200K.copy().replaceColumn("price", watched);
    Recorder out = new Recorder(watched);
    ParquetFiles.write(table, out, Compression.SNAPPY);
    assertEquals(1, footer(out.bytes.toByteArray()).getRow_groups().size());
    assertEquals(0, out.bytesBeforeLastRow, "one row group: everything is written when closing");
  }

  @Test
  void theSameTableWrittenTwiceInSeveralRowGroupsGivesIdenticalBytes() throws IOException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ParquetFiles.write(ROWS_200K, first, Compression.ZSTD, SMALL_ROW_GROUP);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    ParquetFiles.write(MixedTables.table(200_000, 7), second, Compression.ZSTD, SMALL_ROW_GROUP);
    assertArrayEquals(first.toByteArray(), second.toByteArray());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 10, 40})
  void aStreamFailingOnItsNthWriteFailsTheWriteAndGetsNothingMore(int failingWrite) {
    Recorder out = new Recorder();
    out.failOnWrite = failingWrite;
    IOException e =
        assertThrows(
            IOException.class,
            () -> ParquetFiles.write(ROWS_200K, out, Compression.SNAPPY, SMALL_ROW_GROUP));
    assertSame(out.failure, e);
    assertEquals(failingWrite, out.writes, "no write after the failing one");
    assertEquals(0, out.flushes);
  }

  @Test
  void aStreamFailingWhileTheTailIsWrittenFailsTheWrite() throws IOException {
    Recorder counting = new Recorder();
    ParquetFiles.write(ROWS_200K, counting, Compression.SNAPPY);
    Recorder out = new Recorder();
    out.failOnWrite = counting.writes;
    IOException e =
        assertThrows(
            IOException.class, () -> ParquetFiles.write(ROWS_200K, out, Compression.SNAPPY));
    assertSame(out.failure, e);
    assertEquals(counting.writes, out.writes);
    assertEquals(0, out.flushes);
  }

  @Test
  void aRowGroupSizeThatIsNotPositiveIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParquetFiles.write(ROWS_200K, new ByteArrayOutputStream(), Compression.ZSTD, 0));
    assertTrue(e.getMessage().contains("row-group size 0"), e.getMessage());
  }

  private Table readBack(byte[] file) throws IOException {
    Path path = Files.write(dir.resolve("back.parquet"), file);
    return ParquetTables.read(path);
  }

  private static void assertSameTable(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames());
    assertEquals(expected.rowCount(), actual.rowCount());
    for (int c = 0; c < expected.columnCount(); c++) {
      Column<?> want = expected.column(c);
      Column<?> got = actual.column(c);
      assertEquals(want.type(), got.type(), want.name());
      for (int row = 0; row < want.size(); row++) {
        assertEquals(want.isMissing(row), got.isMissing(row), want.name() + " row " + row);
        if (!want.isMissing(row)) {
          assertEquals(want.get(row), got.get(row), want.name() + " row " + row);
        }
      }
    }
  }

  private static FileMetaData footer(byte[] file) throws IOException {
    int end = file.length - 8;
    int length =
        (file[end] & 0xff)
            | (file[end + 1] & 0xff) << 8
            | (file[end + 2] & 0xff) << 16
            | (file[end + 3] & 0xff) << 24;
    return Util.readFileMetaData(new ByteArrayInputStream(file, end - length, length));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A column of doubles that counts how many of its rows the writer has asked about. */
  private static final class WatchedColumn extends DoubleColumn {
    private int rowsRead;

    WatchedColumn(DoubleColumn source) {
      super(source.name(), new DoubleArrayList(source.asDoubleArray()));
    }

    @Override
    public boolean isMissing(int row) {
      rowsRead = Math.max(rowsRead, row + 1);
      return super.isMissing(row);
    }
  }

  /**
   * Keeps what is written, counts writes and flushes, can fail on one write, and notes how many
   * bytes came before the writer had read the last row of a watched column.
   */
  private static final class Recorder extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final WatchedColumn watched;
    int writes;
    int flushes;
    int failOnWrite = -1;
    IOException failure;
    long bytesBeforeLastRow;

    Recorder() {
      this(null);
    }

    Recorder(WatchedColumn watched) {
      this.watched = watched;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writes++;
      if (writes == failOnWrite) {
        failure = new IOException("injected failure on write " + writes);
        throw failure;
      }
      if (watched != null && watched.rowsRead < watched.size()) {
        bytesBeforeLastRow += len;
      }
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }
}
