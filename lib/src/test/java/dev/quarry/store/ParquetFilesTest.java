package dev.quarry.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

class ParquetFilesTest {
  private static final List<String> ALL = List.of();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void barsRoundTripExactlyWithEachCodecNamedInTheFooter(Compression compression)
      throws IOException {
    Table bars = barsWithExtremes();
    Path file = dir.resolve("BTC-USD.parquet");

    AtomicFiles.write(file, out -> ParquetFiles.write(bars, out, compression));
    Table read = ParquetFiles.read(file, ALL);

    assertSameContent(bars, read);
    assertEquals("BTC-USD", read.name(), "table named after the file");
    ParquetMetadata footer = footer(file);
    assertEquals(
        List.of(CompressionCodecName.valueOf(compression.name())),
        footer.getBlocks().stream()
            .flatMap(b -> b.getColumns().stream())
            .map(ColumnChunkMetaData::getCodec)
            .distinct()
            .collect(Collectors.toList()));
  }

  @Test
  void instantsAreUtcAdjustedInt64MillisecondTimestamps() throws IOException {
    Table bars = barsWithExtremes();
    Path file = dir.resolve("BTC-USD.parquet");
    AtomicFiles.write(file, out -> ParquetFiles.write(bars, out, Compression.SNAPPY));

    ParquetMetadata footer = footer(file);
    PrimitiveType time =
        footer.getFileMetaData().getSchema().getType(Bars.TIMESTAMP).asPrimitiveType();
    assertEquals(PrimitiveTypeName.INT64, time.getPrimitiveTypeName());
    assertEquals(
        LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS),
        time.getLogicalTypeAnnotation());
    // The stored numbers are epoch milliseconds: the column statistics hold the extremes.
    ColumnChunkMetaData chunk = footer.getBlocks().get(0).getColumns().get(0);
    InstantColumn instants = bars.instantColumn(Bars.TIMESTAMP);
    assertEquals(instants.min().toEpochMilli(), chunk.getStatistics().genericGetMin());
    assertEquals(instants.max().toEpochMilli(), chunk.getStatistics().genericGetMax());
  }

  @Test
  void barColumnsArePlainEncodedWhileStringsKeepADictionary() throws IOException {
    Table bars = TestBars.regular("BTC-USD", Instant.EPOCH, Duration.ofMinutes(1), 5000);
    StringColumn side = StringColumn.create("side");
    for (int i = 0; i < bars.rowCount(); i++) {
      side.append(i % 3 == 0 ? "buy" : "sell");
    }
    bars.addColumns(side);
    Path file = write(bars, Compression.SNAPPY);

    Map<String, Boolean> dictionary = new HashMap<>();
    for (ColumnChunkMetaData chunk : footer(file).getBlocks().get(0).getColumns()) {
      dictionary.put(chunk.getPath().toDotString(), chunk.hasDictionaryPage());
    }

    assertEquals(
        Map.of(
            "timestamp",
            false,
            "open",
            false,
            "high",
            false,
            "low",
            false,
            "close",
            false,
            "volume",
            false,
            "side",
            true),
        dictionary);
    assertEquals(side.asList(), ParquetFiles.read(file, List.of("side")).column(0).asList());
  }

  @Test
  void subMillisecondInstantsKeepTheMillisecondsTablesawHolds() throws IOException {
    Table bars = TestBars.regular("ETH-USD", Instant.EPOCH, Duration.ofMinutes(1), 2);
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    time.set(0, Instant.parse("2024-03-01T12:34:56.789123456Z"));

    Table read = roundTrip(bars, Compression.ZSTD);

    assertEquals(Instant.parse("2024-03-01T12:34:56.789Z"), read.instantColumn(0).get(0));
  }

  @Test
  void anEmptyTableRoundTripsWithItsColumns() throws IOException {
    Table read = roundTrip(Bars.empty("empty"), Compression.SNAPPY);

    assertEquals(0, read.rowCount());
    assertEquals(Bars.empty("x").columnNames(), read.columnNames());
    assertTrue(read.column(Bars.TIMESTAMP) instanceof InstantColumn);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void theSameTableWrittenTwiceGivesIdenticalBytes(Compression compression) throws IOException {
    Table bars = barsWithExtremes();

    byte[] first = bytes(bars, compression);
    byte[] again = bytes(bars, compression);
    byte[] ofCopy = bytes(bars.copy(), compression);
    Path file = dir.resolve("BTC-USD.parquet");
    AtomicFiles.write(file, out -> ParquetFiles.write(bars, out, compression));

    assertArrayEquals(first, again);
    assertArrayEquals(first, ofCopy);
    assertArrayEquals(first, Files.readAllBytes(file));
  }

  @Test
  void theFooterHoldsNoTimeStampOrHostSpecificValue() throws IOException {
    Path file = dir.resolve("BTC-USD.parquet");
    AtomicFiles.write(file, out -> ParquetFiles.write(barsWithExtremes(), out, Compression.GZIP));

    ParquetMetadata footer = footer(file);
    assertEquals(
        Map.of("writer.model.name", "net.tlabs.tablesaw.parquet"),
        footer.getFileMetaData().getKeyValueMetaData());
    assertTrue(
        footer.getFileMetaData().getCreatedBy().startsWith("parquet-mr version 1.12.2 "),
        footer.getFileMetaData().getCreatedBy());
  }

  @Test
  void projectionReturnsOnlyTheRequestedColumnsInTheRequestedOrder() throws IOException {
    Table bars = barsWithExtremes();
    Path file = write(bars, Compression.SNAPPY);

    Table read = ParquetFiles.read(file, List.of(Bars.CLOSE, Bars.TIMESTAMP, Bars.OPEN));

    assertEquals(List.of(Bars.CLOSE, Bars.TIMESTAMP, Bars.OPEN), read.columnNames());
    for (String name : read.columnNames()) {
      assertEquals(bars.column(name).asList(), read.column(name).asList(), name);
    }
  }

  @Test
  void anEmptyColumnListReadsEveryColumnInFileOrder() throws IOException {
    List<String> order =
        List.of(Bars.VOLUME, Bars.TIMESTAMP, Bars.HIGH, Bars.CLOSE, Bars.OPEN, Bars.LOW);
    Table bars = barsWithExtremes().reorderColumns(order.toArray(String[]::new));
    Path file = write(bars, Compression.SNAPPY);

    Table read = ParquetFiles.read(file, ALL);

    assertEquals(order, read.columnNames());
    assertSameContent(bars, read);
  }

  @Test
  void aMissingRequestedColumnIsAStoreExceptionNamingFileAndColumns() throws IOException {
    Path file = write(barsWithExtremes(), Compression.SNAPPY);

    StoreException e =
        assertThrows(
            StoreException.class, () -> ParquetFiles.read(file, List.of(Bars.CLOSE, "vwap")));

    assertEquals(
        "Parquet file '"
            + file
            + "' has no column vwap; it has timestamp, open, high, low, close, volume;"
            + " request only columns the file has",
        e.getMessage());
  }

  @Test
  void aColumnRequestedTwiceIsRejected() throws IOException {
    Path file = write(barsWithExtremes(), Compression.SNAPPY);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParquetFiles.read(file, List.of(Bars.CLOSE, Bars.CLOSE)));
    assertTrue(e.getMessage().contains("more than once"), e.getMessage());
  }

  @Test
  void rowCountComesFromTheFooterWithoutReadingData() throws IOException {
    Table bars = barsWithExtremes();
    Path file = write(bars, Compression.SNAPPY);
    assertEquals(bars.rowCount(), ParquetFiles.rowCount(file));

    // Ruin every data page: the count still comes out, a full read fails.
    byte[] content = Files.readAllBytes(file);
    long dataEnd =
        footer(file).getBlocks().get(0).getColumns().stream()
            .mapToLong(c -> c.getStartingPos() + c.getTotalSize())
            .max()
            .orElseThrow();
    for (int i = 4; i < dataEnd; i++) {
      content[i] = (byte) 0xA5;
    }
    Files.write(file, content);

    assertEquals(bars.rowCount(), ParquetFiles.rowCount(file));
    assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void bytesFlippedInTheMiddleGiveAStoreExceptionNamingTheFile(Compression compression)
      throws IOException {
    Path file = write(barsWithExtremes(), compression);
    byte[] content = Files.readAllBytes(file);
    for (int i = content.length / 2; i < content.length / 2 + 16; i++) {
      content[i] ^= (byte) 0xFF;
    }
    Files.write(file, content);

    assertNamesFileAndSaysCorrupt(
        file, assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL)));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aPageHeaderClaimingMoreDataThanItHasFailsInsteadOfHanging(Compression compression)
      throws IOException {
    // Snappy's stream answers "0 bytes" forever once drained, and Parquet's own readFully spins.
    Table bars = TestBars.regular("BTC-USD", Instant.EPOCH, Duration.ofMinutes(1), 1000);
    Path file = write(bars, compression);
    byte[] content = Files.readAllBytes(file);
    // The first page header follows "PAR1" (Thrift compact): 0x15 and the page type, then 0x15
    // and uncompressed_page_size as a varint. Raise the varint's last byte to 0x7f: a larger size,
    // same length.
    assertEquals(0x15, content[4]);
    assertEquals(0x15, content[6]);
    int last = 7;
    while ((content[last] & 0x80) != 0) {
      last++;
    }
    assertTrue(last > 7 && content[last] != 0x7f, "a multi-byte varint to raise");
    content[last] = 0x7f;
    Files.write(file, content);

    StoreException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL)));
    assertNamesFileAndSaysCorrupt(file, e);
    assertTrue(e.getMessage().contains("its header says"), e.getMessage());
  }

  @Test
  void aRowGroupCountDisagreeingWithItsColumnsIsCorruptionNotFewerRows() throws IOException {
    Path file = write(barsWithExtremes(), Compression.SNAPPY);
    // Parquet alone would read exactly the rows the row group announces: 2999, silently.
    rewriteFooter(file, footer -> footer.getRow_groups().get(0).setNum_rows(2999));

    StoreException e = assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL));

    assertNamesFileAndSaysCorrupt(file, e);
    assertTrue(
        e.getMessage().contains("column 'timestamp' holds 3000 values in a row group of 2999 rows"),
        e.getMessage());
    assertThrows(StoreException.class, () -> ParquetFiles.rowCount(file));
  }

  @Test
  void aColumnChunkReachingPastTheFileIsCorruptionNotAHugeAllocation() throws IOException {
    Path file = write(barsWithExtremes(), Compression.SNAPPY);
    rewriteFooter(
        file,
        footer ->
            footer
                .getRow_groups()
                .get(0)
                .getColumns()
                .get(1)
                .getMeta_data()
                .setTotal_compressed_size(1L << 40));

    StoreException e = assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL));

    assertNamesFileAndSaysCorrupt(file, e);
    assertTrue(e.getMessage().contains("column chunk 'open' claims bytes"), e.getMessage());
  }

  @Test
  void aHugeLengthInTheFooterIsCorruptionNotOutOfMemory() throws IOException {
    // A footer whose created_by (field 6, binary: 0x68) claims 2^31 - 1 bytes. Unchecked, Thrift
    // allocates that array before reading: OutOfMemoryError whatever the heap.
    byte[] footer = new byte[32];
    System.arraycopy(new byte[] {0x68, -1, -1, -1, -1, 0x07}, 0, footer, 0, 6);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write("PAR1".getBytes(UTF_8));
    content.write(footer);
    content.write(new byte[] {32, 0, 0, 0});
    content.write("PAR1".getBytes(UTF_8));
    Path file = dir.resolve("BTC-USD.parquet");
    Files.write(file, content.toByteArray());

    StoreException e = assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL));

    assertNamesFileAndSaysCorrupt(file, e);
    assertTrue(e.getMessage().contains("its footer does not parse"), e.getMessage());
    assertThrows(StoreException.class, () -> ParquetFiles.rowCount(file));
  }

  @Test
  void truncatedFilesGiveAStoreExceptionNamingTheFile() throws IOException {
    Path file = write(barsWithExtremes(), Compression.SNAPPY);
    byte[] content = Files.readAllBytes(file);

    for (int length : new int[] {0, 3, 11, content.length / 2, content.length - 1}) {
      Files.write(file, Arrays.copyOf(content, length));
      assertNamesFileAndSaysCorrupt(
          file, assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL)));
      assertNamesFileAndSaysCorrupt(
          file, assertThrows(StoreException.class, () -> ParquetFiles.rowCount(file)));
    }
  }

  @Test
  void filesThatAreNotParquetGiveAStoreExceptionNamingTheFile() throws IOException {
    Path text = dir.resolve("notes.parquet");
    Files.writeString(text, "timestamp,open,high,low,close,volume\n", UTF_8);
    Path noise = dir.resolve("noise.parquet");
    byte[] random = new byte[50_000];
    new Random(42).nextBytes(random);
    Files.write(noise, random);
    Path fakeTail = dir.resolve("fake-tail.parquet");
    byte[] fake = random.clone();
    // Random content between "PAR1" magics and a footer length pointing inside the file.
    System.arraycopy("PAR1".getBytes(UTF_8), 0, fake, 0, 4);
    System.arraycopy(new byte[] {(byte) 0x90, 0x01, 0, 0}, 0, fake, fake.length - 8, 4);
    System.arraycopy("PAR1".getBytes(UTF_8), 0, fake, fake.length - 4, 4);
    Files.write(fakeTail, fake);

    for (Path file : List.of(text, noise, fakeTail)) {
      assertNamesFileAndSaysCorrupt(
          file, assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL)));
      assertNamesFileAndSaysCorrupt(
          file, assertThrows(StoreException.class, () -> ParquetFiles.rowCount(file)));
    }
  }

  @Test
  void aMissingFileIsAStoreExceptionSayingSo() {
    Path file = dir.resolve("BTC-USD/year=2024/month=01/BTC-USD.parquet");

    StoreException e = assertThrows(StoreException.class, () -> ParquetFiles.read(file, ALL));

    assertEquals(
        "Parquet file '" + file + "' does not exist; check the path or rescan the store",
        e.getMessage());
    assertThrows(StoreException.class, () -> ParquetFiles.rowCount(file));
  }

  @Test
  void writingLeavesOnlyTheDataFilesNoChecksumOrTempSidecars() throws IOException {
    Table bars = barsWithExtremes();
    for (Compression compression : Compression.values()) {
      Path file = dir.resolve("BTC-USD/year=2024/month=01/BTC-USD.parquet");
      AtomicFiles.write(file, out -> ParquetFiles.write(bars, out, compression));
      AtomicFiles.write(
          dir.resolve("BTC-USD/year=2024/month=02/BTC-USD.parquet"),
          out -> ParquetFiles.write(bars, out, compression));
    }

    assertEquals(
        List.of(
            "BTC-USD/year=2024/month=01/BTC-USD.parquet",
            "BTC-USD/year=2024/month=02/BTC-USD.parquet"),
        filesUnder(dir));
  }

  @Test
  void writeLeavesTheCallersStreamOpen() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("prefix".getBytes(UTF_8));
    Table bars = TestBars.regular("BTC-USD", Instant.EPOCH, Duration.ofMinutes(1), 10);

    ParquetFiles.write(bars, out, Compression.SNAPPY);
    out.write("!".getBytes(UTF_8));

    byte[] all = out.toByteArray();
    assertEquals("prefixPAR1", new String(all, 0, 10, UTF_8));
    assertEquals("PAR1!", new String(all, all.length - 5, 5, UTF_8));
  }

  /** A few thousand bars with the awkward values a store must keep bit for bit. */
  private static Table barsWithExtremes() {
    Table bars =
        TestBars.regular(
            "BTC-USD", Instant.parse("1969-12-30T00:00:00Z"), Duration.ofMinutes(1), 3000);
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    time.set(0, Instant.parse("1900-01-01T00:00:00.001Z"));
    time.set(1, Instant.parse("1969-12-31T23:59:59.999Z"));
    time.set(2, Instant.EPOCH);
    time.set(3, Instant.parse("2024-02-29T23:59:59.999Z"));
    time.set(4, Instant.parse("9999-12-31T23:59:59.999Z"));
    DoubleColumn open = bars.doubleColumn(Bars.OPEN);
    DoubleColumn high = bars.doubleColumn(Bars.HIGH);
    DoubleColumn low = bars.doubleColumn(Bars.LOW);
    DoubleColumn close = bars.doubleColumn(Bars.CLOSE);
    DoubleColumn volume = bars.doubleColumn(Bars.VOLUME);
    open.set(10, Double.MAX_VALUE);
    high.set(10, Double.POSITIVE_INFINITY);
    low.set(10, -Double.MAX_VALUE);
    close.set(10, Double.NEGATIVE_INFINITY);
    volume.set(10, Double.MIN_VALUE);
    open.set(11, -0.0);
    high.set(11, 0.0);
    low.set(11, Math.nextUp(1.0));
    close.set(11, 0.1 + 0.2);
    // NaN is Tablesaw's missing double: it is stored as null and comes back missing.
    volume.set(11, Double.NaN);
    close.set(2999, Double.NaN);
    return bars;
  }

  private static void assertSameContent(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames());
    assertEquals(expected.rowCount(), actual.rowCount());
    for (int i = 0; i < expected.columnCount(); i++) {
      Column<?> want = expected.column(i);
      Column<?> got = actual.column(i);
      assertEquals(want.getClass(), got.getClass(), want.name());
      if (want instanceof DoubleColumn) {
        double[] a = ((DoubleColumn) want).asDoubleArray();
        double[] b = ((DoubleColumn) got).asDoubleArray();
        for (int row = 0; row < a.length; row++) {
          assertEquals(
              Double.doubleToRawLongBits(a[row]),
              Double.doubleToRawLongBits(b[row]),
              want.name() + " row " + row + ": " + a[row] + " vs " + b[row]);
        }
      } else {
        assertEquals(want.asList(), got.asList(), want.name());
      }
    }
  }

  private static void assertNamesFileAndSaysCorrupt(Path file, StoreException e) {
    assertTrue(e.getMessage().contains("'" + file + "'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("corrupt") && e.getMessage().contains("rewrite the partition"),
        e.getMessage());
  }

  private Table roundTrip(Table table, Compression compression) throws IOException {
    return ParquetFiles.read(write(table, compression), ALL);
  }

  private Path write(Table table, Compression compression) throws IOException {
    Path file = dir.resolve(table.name() + ".parquet");
    AtomicFiles.write(file, out -> ParquetFiles.write(table, out, compression));
    return file;
  }

  private static byte[] bytes(Table table, Compression compression) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParquetFiles.write(table, out, compression);
    return out.toByteArray();
  }

  /** Re-encodes a file's footer after {@code change}; the data pages stay as they are. */
  private static void rewriteFooter(Path file, Consumer<FileMetaData> change) throws IOException {
    byte[] content = Files.readAllBytes(file);
    int length =
        ByteBuffer.wrap(content, content.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int start = content.length - 8 - length;
    FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(content, start, length));
    change.accept(footer);
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    Util.writeFileMetaData(footer, encoded);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(content, 0, start);
    encoded.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(encoded.size()).array());
    out.write("PAR1".getBytes(UTF_8));
    Files.write(file, out.toByteArray());
  }

  private static ParquetMetadata footer(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ParquetFileReader reader =
            ParquetFileReader.open(
                new ChannelInputFile(channel, file), ParquetReadOptions.builder().build())) {
      return reader.getFooter();
    }
  }

  private static List<String> filesUnder(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
