package dev.quarry.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.instant.PackedInstant;

/**
 * The column-wise reader ({@link ColumnarReader}) against tablesaw-parquet's row-by-row reader
 * ({@link ParquetFiles#readRowWise}): the same tables, value for value and bit for bit, on Quarry's
 * files, on files parquet-hadoop's own writer made (millisecond and microsecond timestamps, nulls,
 * many row groups and pages, dictionary and version-2 pages), and through the store.
 */
class ColumnarReadTest {
  private static final List<String> ALL = List.of();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void theSamplesRealBarsReadTheSameAsRowByRow(Compression compression) throws IOException {
    Table bars = RealBars.minutes();
    Path file = write(bars, compression);

    Table read = ParquetFiles.read(file, ALL);

    assertSameTable(ParquetFiles.readRowWise(file, ALL), read);
    assertSameValues(bars, read);
  }

  @Test
  void randomTablesWithMissingValuesAndExtremeInstantsReadTheSameInAnyColumnOrder()
      throws IOException {
    Random random = new Random(17);
    for (int round = 0; round < 12; round++) {
      Table bars = randomBars(random, random.nextInt(5_000));
      Path file = write(bars, Compression.values()[random.nextInt(Compression.values().length)]);
      for (List<String> columns : subsets(random)) {
        Table read = ParquetFiles.read(file, columns);
        assertSameTable(ParquetFiles.readRowWise(file, columns), read);
        assertEquals(columns.isEmpty() ? Bars.COLUMNS : columns, read.columnNames());
      }
    }
  }

  @Test
  void aTableWithNoRowsReadsAsTheRowReaderReadsIt() throws IOException {
    Path file = write(Bars.empty("BTC-USD"), Compression.ZSTD);

    assertSameTable(ParquetFiles.readRowWise(file, ALL), ParquetFiles.read(file, ALL));
  }

  @Test
  void filesParquetHadoopWroteWithMillisAndMicrosReadTheSameAsRowByRow() throws IOException {
    Random random = new Random(5);
    int files = 0;
    java.util.Set<String> encodings = new java.util.TreeSet<>();
    for (String unit : List.of("MILLIS", "MICROS")) {
      for (WriterVersion version : WriterVersion.values()) {
        for (boolean required : new boolean[] {true, false}) {
          for (Compression compression : Compression.values()) {
            int rows = 1 + random.nextInt(20_000);
            Table bars = random.nextBoolean() ? randomBars(random, rows) : fewValues(random, rows);
            long extraMicros = unit.equals("MICROS") ? random.nextInt(3) * 333 : 0;
            Path file =
                writeForeign(
                    "f" + files++, unit, required, version, compression, bars, extraMicros);
            for (List<String> columns : subsets(random)) {
              assertSameTable(
                  ParquetFiles.readRowWise(file, columns), ParquetFiles.read(file, columns));
            }
            encodings.addAll(encodings(file));
          }
        }
      }
    }
    // the decoders met: dictionaries, delta-encoded longs and plain values
    assertTrue(
        encodings.containsAll(
            List.of("PLAIN", "PLAIN_DICTIONARY", "RLE_DICTIONARY", "DELTA_BINARY_PACKED")),
        encodings.toString());
  }

  @Test
  void aRangeSkipsRowGroupsOutsideItAndKeepsEveryRowInside() throws IOException {
    Random random = new Random(23);
    for (String unit : List.of("MILLIS", "MICROS")) {
      Table bars =
          TestBars.regular("BTC-USD", Instant.parse("2024-01-30T00:00:00Z"), MINUTE, 30_000);
      Path file =
          writeForeign(
              "r" + unit, unit, false, WriterVersion.PARQUET_1_0, Compression.SNAPPY, bars, 0);
      Table all = ParquetFiles.readRowWise(file, ALL);
      int groups = rowGroups(file);
      assertTrue(groups > 5, groups + " row groups");
      for (int round = 0; round < 20; round++) {
        int from = random.nextInt(bars.rowCount());
        int to = from + random.nextInt(bars.rowCount() - from + 1);
        Instant start = bars.instantColumn(Bars.TIMESTAMP).get(from);
        Instant end =
            to == bars.rowCount()
                ? Instant.MAX
                : bars.instantColumn(Bars.TIMESTAMP).get(to).minusNanos(random.nextInt(2));
        List<String> columns = new ArrayList<>(Bars.COLUMNS);
        Collections.shuffle(columns, random);

        Table read = ParquetFiles.read(file, columns, new TimeRange(Bars.TIMESTAMP, start, end));

        assertTrue(read.rowCount() < all.rowCount() || to - from > bars.rowCount() / 2);
        assertSameTable(
            inRange(all.selectColumns(columns.toArray(String[]::new)), start, end),
            inRange(read, start, end));
      }
    }
  }

  @Test
  void rowGroupStatisticsThatDisagreeWithTheTimestampsAreCorruption() throws IOException {
    Table bars = TestBars.regular("BTC-USD", Instant.parse("2024-01-30T00:00:00Z"), MINUTE, 30_000);
    Path file =
        writeForeign("s", "MILLIS", true, WriterVersion.PARQUET_1_0, Compression.SNAPPY, bars, 0);
    // Row group 1 claims to start a minute later than it does.
    rewriteFooter(
        file,
        footer -> {
          var stats =
              footer.getRow_groups().get(1).getColumns().get(0).getMeta_data().getStatistics();
          long min = ByteBuffer.wrap(stats.getMin_value()).order(ByteOrder.LITTLE_ENDIAN).getLong();
          byte[] later =
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(min + 60_000).array();
          stats.setMin_value(later);
          stats.setMin(later);
        });

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                ParquetFiles.read(
                    file, ALL, new TimeRange(Bars.TIMESTAMP, Instant.EPOCH, Instant.MAX)));

    assertTrue(e.getMessage().contains("'" + file + "' is corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains("the statistics of row group 1"), e.getMessage());
  }

  @Test
  void rowGroupStatisticsWithMinimumAboveMaximumAreReadAndRefused() throws IOException {
    Table bars = TestBars.regular("BTC-USD", Instant.parse("2024-01-30T00:00:00Z"), MINUTE, 30_000);
    Path file =
        writeForeign("t", "MILLIS", true, WriterVersion.PARQUET_1_0, Compression.SNAPPY, bars, 0);
    // Row group 1's minimum raised past its maximum: a range inside the group must not skip it.
    rewriteFooter(
        file,
        footer -> {
          var stats =
              footer.getRow_groups().get(1).getColumns().get(0).getMeta_data().getStatistics();
          byte[] max = stats.getMax_value();
          long above = ByteBuffer.wrap(max).order(ByteOrder.LITTLE_ENDIAN).getLong() + 1;
          byte[] min = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(above).array();
          stats.setMin_value(min);
          stats.setMin(min);
        });
    Table all = ParquetFiles.readRowWise(file, ALL);
    int firstOfGroup1 = (int) footerRows(file, 0);
    Instant inside = all.instantColumn(Bars.TIMESTAMP).get(firstOfGroup1 + 1);

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                ParquetFiles.read(
                    file, ALL, new TimeRange(Bars.TIMESTAMP, inside, inside.plusMillis(1))));

    assertTrue(e.getMessage().contains("the statistics of row group 1"), e.getMessage());
  }

  @Test
  void theStoreReadsWhatWasWrittenForAnyRangeAndColumns() throws IOException {
    Random random = new Random(41);
    for (Compression compression : Compression.values()) {
      BarStore store = BarStore.open(dir.resolve("store-" + compression));
      DatasetId id = new DatasetId("test", "1m", "BTC-USD");
      Instant first =
          Instant.parse("2023-11-28T00:00:00Z").plus(Duration.ofMinutes(random.nextInt(5_000)));
      Table bars = TestBars.regular("BTC-USD", first, MINUTE, 1 + random.nextInt(150_000));
      store.write(id, bars, WriteOptions.defaults().withCompression(compression));
      InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
      for (int round = 0; round < 10; round++) {
        int from = random.nextInt(bars.rowCount());
        int to = from + 1 + random.nextInt(bars.rowCount() - from);
        Instant start = time.get(from).minusMillis(random.nextInt(2));
        Instant end = to == bars.rowCount() ? Instant.MAX : time.get(to);
        List<String> columns = subsets(random).get(1);

        Table read = store.read(id, start, end, columns.toArray(String[]::new));

        Table expected = bars.inRange(from, to);
        assertSameValues(
            columns.isEmpty() ? expected : expected.selectColumns(columns.toArray(String[]::new)),
            read);
      }
      for (Path file : DatasetFiles.dataFiles(id.directory(store.root()), id.symbol())) {
        assertSameTable(ParquetFiles.readRowWise(file, ALL), ParquetFiles.read(file, ALL));
      }
    }
  }

  @Test
  void packedInstantsMatchTablesawsOwnPackingOverTheWholeRange() {
    Random random = new Random(3);
    InstantPacker packer = new InstantPacker();
    List<Long> millis = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, 1L));
    for (int minute = 0; minute < 24 * 60; minute++) {
      millis.add(minute * 60_000L + random.nextInt(60_000));
      millis.add(-minute * 60_000L - random.nextInt(60_000));
    }
    for (int i = 0; i < 200_000; i++) {
      millis.add(random.nextLong());
      millis.add((long) (random.nextGaussian() * 4e12));
    }
    for (long ms : millis) {
      assertEquals(PackedInstant.pack(Instant.ofEpochMilli(ms)), packer.pack(ms), "at " + ms);
    }
  }

  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Bars with random prices (NaN among them: written as null) and times far from today. */
  private static Table randomBars(Random random, int rows) {
    Table bars = Bars.empty("BTC-USD");
    InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
    long at =
        random.nextBoolean()
            ? LocalDate.of(2023, 12, 31).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
            : -62_000_000_000_000L + random.nextInt(1_000_000);
    for (int i = 0; i < rows; i++) {
      at += 1 + random.nextInt(120_000);
      time.append(Instant.ofEpochMilli(at));
    }
    for (String name : Bars.COLUMNS.subList(1, Bars.COLUMNS.size())) {
      DoubleColumn column = bars.doubleColumn(name);
      for (int i = 0; i < rows; i++) {
        int kind = random.nextInt(50);
        column.append(
            kind == 0
                ? Double.NaN
                : kind == 1
                    ? -0.0
                    : kind == 2 ? Double.MIN_VALUE : random.nextDouble() * Math.pow(10, kind % 12));
      }
    }
    return bars;
  }

  /** Bars with a handful of distinct times and prices, which Parquet's dictionaries encode. */
  private static Table fewValues(Random random, int rows) {
    Table bars = Bars.empty("BTC-USD");
    for (int i = 0; i < rows; i++) {
      bars.instantColumn(Bars.TIMESTAMP)
          .append(Instant.ofEpochMilli(1_700_000_000_000L + 60_000L * random.nextInt(8)));
      for (String name : Bars.COLUMNS.subList(1, Bars.COLUMNS.size())) {
        bars.doubleColumn(name).append(random.nextInt(50) == 0 ? Double.NaN : random.nextInt(6));
      }
    }
    return bars;
  }

  /** All columns, then random non-empty subsets in random order. */
  private static List<List<String>> subsets(Random random) {
    List<List<String>> subsets = new ArrayList<>();
    subsets.add(ALL);
    for (int i = 0; i < 3; i++) {
      List<String> columns = new ArrayList<>(Bars.COLUMNS);
      Collections.shuffle(columns, random);
      subsets.add(List.copyOf(columns.subList(0, 1 + random.nextInt(columns.size()))));
    }
    return subsets;
  }

  private Path write(Table table, Compression compression) throws IOException {
    Path file = dir.resolve(table.name() + "-" + compression + ".parquet");
    AtomicFiles.write(file, out -> ParquetFiles.write(table, out, compression));
    return file;
  }

  /**
   * Writes bars with parquet-hadoop's example writer: small row groups and pages, dictionaries on,
   * the given page version; NaN prices left out (null) unless the columns are required.
   */
  private Path writeForeign(
      String name,
      String unit,
      boolean required,
      WriterVersion version,
      Compression compression,
      Table bars,
      long extraMicros)
      throws IOException {
    String repetition = required ? "required" : "optional";
    StringBuilder schema =
        new StringBuilder("message m { ")
            .append(repetition)
            .append(" int64 timestamp (TIMESTAMP(")
            .append(unit)
            .append(",true));");
    for (String column : Bars.COLUMNS.subList(1, Bars.COLUMNS.size())) {
      schema.append(' ').append(repetition).append(" double ").append(column).append(';');
    }
    MessageType type = MessageTypeParser.parseMessageType(schema.append(" }").toString());
    Path file = dir.resolve(name + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (OutputStream out = Files.newOutputStream(file);
        ParquetWriter<Group> writer =
            ExampleParquetWriter.builder(new StreamOutputFile(out))
                .withType(type)
                .withCompressionCodec(compression.codec())
                .withWriterVersion(version)
                .withRowGroupSize(64 * 1024)
                .withPageSize(4 * 1024)
                .withPageRowCountLimit(1_000)
                .withPageWriteChecksumEnabled(true)
                .build()) {
      InstantColumn time = bars.instantColumn(Bars.TIMESTAMP);
      for (int row = 0; row < bars.rowCount(); row++) {
        Group group = groups.newGroup();
        Instant at = time.get(row);
        group.add(
            Bars.TIMESTAMP,
            unit.equals("MICROS")
                ? Math.multiplyExact(at.toEpochMilli(), 1000L) + extraMicros
                : at.toEpochMilli());
        for (String column : Bars.COLUMNS.subList(1, Bars.COLUMNS.size())) {
          double value = bars.doubleColumn(column).getDouble(row);
          if (required || !Double.isNaN(value)) {
            group.add(column, value);
          }
        }
        writer.write(group);
      }
    }
    return file;
  }

  private static List<String> encodings(Path file) {
    try (var channel = java.nio.channels.FileChannel.open(file);
        var reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(new ChannelInputFile(channel, file))) {
      return reader.getRowGroups().stream()
          .flatMap(g -> g.getColumns().stream())
          .flatMap(c -> c.getEncodings().stream())
          .map(Enum::name)
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long footerRows(Path file, int group) {
    try (var channel = java.nio.channels.FileChannel.open(file);
        var reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(new ChannelInputFile(channel, file))) {
      return reader.getRowGroups().get(group).getRowCount();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int rowGroups(Path file) {
    try (var channel = java.nio.channels.FileChannel.open(file);
        var reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(new ChannelInputFile(channel, file))) {
      return reader.getRowGroups().size();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Table inRange(Table table, Instant start, Instant end) {
    InstantColumn time = table.instantColumn(Bars.TIMESTAMP);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < table.rowCount(); i++) {
      if (!time.get(i).isBefore(start) && time.get(i).isBefore(end)) {
        rows.add(i);
      }
    }
    return table.rows(rows.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Same name, column names, order and classes, and the same stored bits in every cell. */
  private static void assertSameTable(Table expected, Table actual) {
    assertEquals(expected.name(), actual.name());
    assertSameValues(expected, actual);
  }

  private static void assertSameValues(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames());
    assertEquals(expected.rowCount(), actual.rowCount(), "rows");
    for (int c = 0; c < expected.columnCount(); c++) {
      Column<?> e = expected.column(c);
      Column<?> a = actual.column(c);
      assertEquals(e.getClass(), a.getClass(), e.name());
      for (int row = 0; row < expected.rowCount(); row++) {
        if (e instanceof InstantColumn times) {
          assertEquals(
              times.getLongInternal(row),
              ((InstantColumn) a).getLongInternal(row),
              e.name() + " at row " + row);
        } else {
          assertEquals(
              Double.doubleToRawLongBits(((DoubleColumn) e).getDouble(row)),
              Double.doubleToRawLongBits(((DoubleColumn) a).getDouble(row)),
              e.name() + " at row " + row);
        }
      }
    }
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
}
