package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

/**
 * JSON and CSV exports are encoded and written {@code chunkRows} rows at a time, and give the same
 * bytes as one piece for every row count around the chunk boundaries, over many tables, and over a
 * store slice read a month at a time.
 */
class ChunkedExportTest {
  private static final int CHUNK = 4;
  private static final int[] ROWS = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 3};

  @TempDir Path dir;

  private final ExportFactory factory =
      new ExportFactory(TableExports.register(new ExportRegistry()));

  /** Sample bars with missing values, quoted and non-ASCII strings, and infinities. */
  private static Table sample(int rows) {
    Table t = SampleTables.bars(rows, rows);
    if (rows > 2) {
      t.doubleColumn("price").set(2, Double.POSITIVE_INFINITY);
      t.doubleColumn("volume").set(rows - 1, Double.NEGATIVE_INFINITY);
    }
    return t;
  }

  /** The bytes of the core encoding the whole table as one piece (the unchunked path). */
  private static byte[] whole(BatchWriterCore<Table, byte[]> core, Table... tables) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    core.onStart();
    for (Table t : tables) {
      out.writeBytes(core.onEncode(t));
    }
    core.onEnd().ifPresent(out::writeBytes);
    return out.toByteArray();
  }

  private byte[] export(ExportKey<Table> key, String chunkRows, Iterable<Table> tables)
      throws IOException {
    Path target = dir.resolve(key.name() + "-" + chunkRows);
    factory.create(key, ExportSettings.to(target).with("chunkRows", chunkRows)).export(tables);
    return Files.readAllBytes(target);
  }

  @ParameterizedTest
  @ValueSource(strings = {"table.json", "table.csv"})
  void chunkedExportEqualsOnePieceAtEveryBoundary(String name) throws IOException {
    ExportKey<Table> key = name.endsWith("json") ? TableExports.JSON : TableExports.CSV;
    Supplier<BatchWriterCore<Table, byte[]>> core =
        name.endsWith("json") ? JsonTableCore::new : CsvTableCore::new;
    for (int rows : ROWS) {
      Table table = sample(rows);
      byte[] expected = whole(core.get(), table);
      assertArrayEquals(expected, export(key, "1000000", List.of(table)), rows + " rows, one");
      assertArrayEquals(expected, export(key, "" + CHUNK, List.of(table)), rows + " rows");
      assertArrayEquals(expected, export(key, "1", List.of(table)), rows + " rows, chunk 1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"table.json", "table.csv"})
  void manyTablesStreamedEqualTheirAppendedTable(String name) throws IOException {
    ExportKey<Table> key = name.endsWith("json") ? TableExports.JSON : TableExports.CSV;
    Table all = sample(3 * CHUNK + 1);
    List<Table> parts = new ArrayList<>();
    int[] cuts = {0, 0, 1, 1 + CHUNK, 2 + 2 * CHUNK, 3 * CHUNK + 1};
    for (int i = 1; i < cuts.length; i++) {
      parts.add(all.inRange(cuts[i - 1], cuts[i]));
    }
    byte[] appended = export(key, "1000000", List.of(all));
    assertArrayEquals(appended, export(key, "" + CHUNK, parts));
    Path selected = dir.resolve("selected");
    factory
        .create(
            key, ExportSettings.to(selected).with("columns", "side,price").with("chunkRows", "3"))
        .export(parts);
    Path reference = dir.resolve("reference");
    factory.create(key, ExportSettings.to(reference).with("columns", "side,price")).exportOne(all);
    assertEquals(-1L, Files.mismatch(selected, reference));
  }

  @Test
  void aCoreHandsTheSinkOnePiecePerChunk() {
    InMemorySink<byte[]> sink = new InMemorySink<>();
    CsvTableCore core = new CsvTableCore();
    core.inject(ExportSettings.none().with("chunkRows", "" + CHUNK), System.getLogger("test"));
    try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(core, sink)) {
      writer.start();
      writer.write(sample(2 * CHUNK + 1));
      writer.commit();
    }
    List<byte[]> pieces = sink.artifact();
    assertEquals(3, pieces.size());
    assertEquals(1 + CHUNK, lines(pieces.get(0)), "header and a chunk");
    assertEquals(1, lines(pieces.get(2)));
  }

  /** Lines ending in a newline outside quotes (the samples quote embedded newlines). */
  private static int lines(byte[] csv) {
    int lines = 0;
    boolean quoted = false;
    for (byte b : csv) {
      if (b == '"') {
        quoted = !quoted;
      } else if (b == '\n' && !quoted) {
        lines++;
      }
    }
    return lines;
  }

  @Test
  void eachTableIsWrittenBeforeTheNextIsRead() throws IOException {
    Path target = dir.resolve("stream.csv");
    List<Long> writtenBeforeEachRead = new ArrayList<>();
    Iterable<Table> source =
        () ->
            new Iterator<>() {
              private int next;

              @Override
              public boolean hasNext() {
                return next < 3;
              }

              @Override
              public Table next() {
                writtenBeforeEachRead.add(tempBytes(target));
                next++;
                return sample(3000);
              }
            };
    factory.create(TableExports.CSV, ExportSettings.to(target)).export(source);
    assertEquals(0L, writtenBeforeEachRead.get(0));
    assertTrue(writtenBeforeEachRead.get(1) > 0, writtenBeforeEachRead.toString());
    assertTrue(
        writtenBeforeEachRead.get(2) > writtenBeforeEachRead.get(1),
        writtenBeforeEachRead.toString());
    assertEquals(List.of("stream.csv"), Recording.listing(dir));
  }

  /** The size of the export's hidden temp file next to the target, or 0 if there is none yet. */
  private static long tempBytes(Path target) {
    try (var files = Files.list(target.getParent())) {
      long size = 0;
      for (Path p : files.toList()) {
        if (p.getFileName().toString().startsWith("." + target.getFileName())) {
          // the sink's stream buffers; a flushed piece shows once the buffer overflows or closes
          size += Files.size(p);
        }
      }
      return size;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFailingSourceAfterSomeChunksPublishesNothing() throws IOException {
    Path target = dir.resolve("broken.json");
    Files.writeString(target, "previous");
    Iterable<Table> source =
        () ->
            new Iterator<>() {
              private int next;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Table next() {
                if (next++ == 2) {
                  throw new IllegalStateException("source gone");
                }
                return sample(100);
              }
            };
    ExportError e =
        assertThrows(
            ExportError.class,
            () ->
                factory
                    .create(TableExports.JSON, ExportSettings.to(target).with("chunkRows", "7"))
                    .export(source));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertTrue(e.getMessage().contains("reading raw item 2"), e.getMessage());
    assertEquals("previous", Files.readString(target));
    assertEquals(List.of("broken.json"), Recording.listing(dir));
  }

  @Test
  void tablesWithOtherColumnsAreRefusedMidStreamAndNothingIsPublished() {
    Path target = dir.resolve("mixed.json");
    Table other = sample(3).removeColumns("side");
    ExportError e =
        assertThrows(
            ExportError.class,
            () ->
                factory
                    .create(TableExports.JSON, ExportSettings.to(target))
                    .export(List.of(sample(3), other)));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertTrue(e.getMessage().contains("table 1"), e.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void aBadChunkSizeIsRefused() {
    ExportError e =
        assertThrows(
            ExportError.class,
            () ->
                factory
                    .create(
                        TableExports.CSV,
                        ExportSettings.to(dir.resolve("x.csv")).with("chunkRows", "0"))
                    .exportOne(sample(3)));
    assertTrue(e.getMessage().contains("chunkRows is '0'"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.csv")));
  }

  @Test
  void aStoreSliceReadByMonthEqualsTheTableOfTheWholeRead() throws IOException {
    BarStore store = BarStore.open(dir.resolve("store"));
    DatasetId id = new DatasetId("test", "1h", "BTC-USD");
    store.write(
        id, hourly(Instant.parse("2024-01-30T00:00:00Z"), 24 * 35), WriteOptions.defaults());
    assertEquals(
        List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3)),
        store.partitionMonths(id));
    List<StoreSlice> slices =
        List.of(
            StoreSlice.all(store, id),
            new StoreSlice(
                store,
                id,
                Instant.parse("2024-01-31T05:00:00Z"),
                Instant.parse("2024-03-02T07:00:00Z"),
                List.of("timestamp", "close")),
            new StoreSlice(
                store,
                id,
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-02-01T00:00:00Z"),
                List.of()),
            new StoreSlice(
                store,
                id,
                Instant.parse("2024-01-31T23:30:00Z"),
                Instant.parse("2024-02-01T02:00:00Z"),
                List.of("close")),
            new StoreSlice(
                store,
                id,
                Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-30T00:00:00Z"),
                List.of()));
    for (StoreSlice slice : slices) {
      for (String format : List.of("json", "csv")) {
        ExportKey<StoreSlice> sliceKey =
            format.equals("json") ? TableExports.SLICE_JSON : TableExports.SLICE_CSV;
        ExportKey<Table> tableKey = format.equals("json") ? TableExports.JSON : TableExports.CSV;
        Path byMonth = dir.resolve("slice." + format);
        factory
            .create(sliceKey, ExportSettings.to(byMonth).with("chunkRows", "50"))
            .exportOne(slice);
        Path whole = dir.resolve("whole." + format);
        factory.create(tableKey, ExportSettings.to(whole)).exportOne(slice.read());
        assertEquals(-1L, Files.mismatch(byMonth, whole), slice + " " + format);
      }
    }
    List<Integer> monthRows = new ArrayList<>();
    slices.get(1).readByMonth(t -> monthRows.add(t.rowCount()));
    assertEquals(List.of(19, 29 * 24, 24 + 7), monthRows);
    monthRows.clear();
    slices.get(3).readByMonth(t -> monthRows.add(t.rowCount()));
    assertEquals(List.of(2), monthRows, "a month without bars in the slice is skipped");
    monthRows.clear();
    slices.get(4).readByMonth(t -> monthRows.add(t.rowCount()));
    assertEquals(List.of(0), monthRows, "an empty slice gives one empty table");
  }

  /** {@code n} hourly bars from {@code start}. */
  private static Table hourly(Instant start, int n) {
    Table t = Bars.empty("bars");
    for (int i = 0; i < n; i++) {
      double p = 100 + i * 0.25;
      t.instantColumn(Bars.TIMESTAMP).append(start.plusSeconds(3600L * i));
      t.doubleColumn(Bars.OPEN).append(p);
      t.doubleColumn(Bars.HIGH).append(p + 1);
      t.doubleColumn(Bars.LOW).append(p - 1);
      t.doubleColumn(Bars.CLOSE).append(p + 0.5);
      t.doubleColumn(Bars.VOLUME).append(i % 3);
    }
    return t;
  }
}
