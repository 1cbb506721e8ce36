package dev.quarry.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.tlabs.tablesaw.parquet.TablesawParquetReadOptions;
import net.tlabs.tablesaw.parquet.TablesawParquetReadOptions.ManageGroupsAs;
import net.tlabs.tablesaw.parquet.TablesawReadSupport;
import net.tlabs.tablesaw.parquet.TablesawWriteSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport.ReadContext;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TextColumn;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;

/**
 * Reads and writes single Parquet files of Tablesaw tables, without Hadoop's file system.
 *
 * <p>Column mapping (tablesaw-parquet's): {@link InstantColumn} is an INT64 timestamp in
 * milliseconds, annotated as adjusted to UTC, which DuckDB reads as {@code TIMESTAMP WITH TIME
 * ZONE} and Spark and pyarrow as UTC timestamps. Milliseconds because that is all an {@code
 * InstantColumn} holds (it packs date and millisecond of day), so finer units would only store
 * zeros. Doubles are DOUBLE, and every column is optional: a missing value (for doubles, NaN) is
 * written as null and read back as missing.
 *
 * <p>Writing is deterministic: the same table gives the same bytes, in any JVM (the footer holds
 * the schema, statistics, offsets, the constant {@code created_by} of the Parquet library and the
 * writer model name, and no time stamp; its sets are sorted, see {@link #canonicalFooter}). It
 * streams: row groups go to the caller's stream as Parquet completes them, and only what the writer
 * adds when closing (the last row group and the footer) is held in memory.
 *
 * <p>Reading trusts nothing in the file: every data page carries a CRC-32, which reads verify; the
 * footer is parsed with length limits and checked against the file size and its own row counts
 * ({@link FooterChecks}); a page must decompress to the size its header states ({@link
 * CheckedDecompressors}). Any failure is a {@link StoreException} naming the file.
 *
 * <p>Columns of doubles and UTC timestamps (all the bar store holds) are decoded column by column
 * into arrays ({@link ColumnarReader}); other columns go through tablesaw-parquet's row-by-row
 * record assembly ({@link #readRowWise}). Both read the pages through the same checked reader and
 * give the same table.
 */
final class ParquetFiles {
  /** Shared, never modified; {@code false}: no Hadoop XML resources to parse. */
  private static final Configuration CONF = new Configuration(false);

  private ParquetFiles() {}

  /**
   * Writes {@code table} as one complete Parquet file to {@code out}, from the stream's current
   * state on, with Parquet's default row-group size. The bytes go to {@code out} as the Parquet
   * writer produces them, except those it writes when closing (the last row group and the footer):
   * those are held in memory until the footer is put in canonical order ({@link #canonicalFooter}).
   * The stream is flushed but not closed. If writing fails, nothing more goes to {@code out} after
   * the failure; what already went is a partial file, which the caller discards.
   *
   * @param table the table; every column a built-in Tablesaw column type
   * @param out where the file goes, typically the stream of {@code AtomicFiles.write}
   * @param compression codec of the data pages
   * @throws IOException if the stream fails
   * @throws IllegalArgumentException if a column has a type that is not a built-in Tablesaw type
   */
  static void write(Table table, OutputStream out, Compression compression) throws IOException {
    write(table, out, compression, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /**
   * Writes as {@link #write(Table, OutputStream, Compression)} does, closing a row group once it
   * holds about {@code rowGroupBytes}. Only tests choose the size: a small one makes the writer
   * send several row groups to {@code out} before it closes.
   *
   * @param rowGroupBytes the row-group size Parquet aims at, in bytes; positive
   */
  static void write(Table table, OutputStream out, Compression compression, long rowGroupBytes)
      throws IOException {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(compression, "compression");
    if (rowGroupBytes <= 0) {
      throw new IllegalArgumentException(
          "row-group size " + rowGroupBytes + " is not positive; give a size in bytes");
    }
    requireWritableColumns(table);
    TailHoldingStream file = new TailHoldingStream(out);
    TableWriterBuilder builder =
        new TableWriterBuilder(new StreamOutputFile(file), table)
            .withConf(CONF)
            .withCompressionCodec(compression.codec())
            .withRowGroupSize(rowGroupBytes)
            .withPageWriteChecksumEnabled(true)
            // Bar columns are all but unique within a file (timestamps always are): Parquet
            // would build a dictionary for each page, find it no smaller and fall back to plain
            // values, which halved the write rate of monthly 1-minute bar files for no gain.
            // Strings (symbols, sides) repeat, and keep their dictionary.
            .withDictionaryEncoding(false);
    for (Column<?> column : table.columns()) {
      if (column instanceof StringColumn || column instanceof TextColumn) {
        builder.withDictionaryEncoding(column.name(), true);
      }
    }
    ParquetWriter<Row> writer = builder.build();
    try {
      for (Row row : table) {
        writer.write(row);
      }
      file.holdTail();
    } catch (IOException | RuntimeException | Error e) {
      // Closing writes the rest of the file; none of it may follow the failure into out.
      file.discardRest();
      try {
        writer.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    writer.close();
    Tail tail = file.tail();
    canonicalFooter(tail);
    tail.writeTo(out);
    out.flush();
  }

  /**
   * Rewrites the footer, at the end of {@code tail}, with its sets in a fixed order. parquet-mr
   * gathers each column chunk's encodings in a {@code HashSet} of enum constants, whose order
   * follows the JVM's identity hash codes: the same table gave footers that differed between two
   * JVMs (same length, the encodings listed in another order). Sorting the encodings, the
   * page-encoding statistics and the key-value metadata makes the file a function of the table
   * alone. The reordered footer has the same length, since the compact protocol encodes each list
   * element on its own, so it is patched in place.
   */
  private static void canonicalFooter(Tail tail) throws IOException {
    byte[] trailer = new byte[8]; // footer length (4 bytes, little-endian), then "PAR1"
    long end = tail.size() - trailer.length;
    tail.read(end, trailer);
    int length =
        (trailer[0] & 0xff)
            | (trailer[1] & 0xff) << 8
            | (trailer[2] & 0xff) << 16
            | (trailer[3] & 0xff) << 24;
    long start = end - length;
    if (length < 0 || start < 0) {
      throw new IOException(
          "the Parquet footer of "
              + Integer.toUnsignedString(length)
              + " bytes does not fit in the "
              + tail.size()
              + " bytes the writer wrote when closing; this is a bug in Quarry's footer"
              + " normalisation");
    }
    byte[] bytes = new byte[length];
    tail.read(start, bytes);
    org.apache.parquet.format.FileMetaData footer =
        org.apache.parquet.format.Util.readFileMetaData(new java.io.ByteArrayInputStream(bytes));
    for (org.apache.parquet.format.RowGroup group : footer.getRow_groups()) {
      for (org.apache.parquet.format.ColumnChunk chunk : group.getColumns()) {
        org.apache.parquet.format.ColumnMetaData meta = chunk.getMeta_data();
        if (meta == null) {
          continue;
        }
        meta.getEncodings().sort(Comparator.comparingInt(e -> e.getValue()));
        if (meta.getEncoding_stats() != null) {
          meta.getEncoding_stats()
              .sort(
                  Comparator.comparingInt(
                          (org.apache.parquet.format.PageEncodingStats st) ->
                              st.getPage_type().getValue())
                      .thenComparingInt(st -> st.getEncoding().getValue()));
        }
      }
    }
    if (footer.getKey_value_metadata() != null) {
      footer.getKey_value_metadata().sort(Comparator.comparing(kv -> kv.getKey()));
    }
    java.io.ByteArrayOutputStream rewritten = new java.io.ByteArrayOutputStream(length);
    org.apache.parquet.format.Util.writeFileMetaData(footer, rewritten);
    if (rewritten.size() != length) {
      throw new IOException(
          "the reordered Parquet footer has "
              + rewritten.size()
              + " bytes instead of "
              + length
              + "; this is a bug in Quarry's footer normalisation");
    }
    tail.overwrite(start, rewritten.toByteArray());
  }

  /**
   * The stream parquet-mr writes to: passes the bytes on to the caller's stream through a small
   * buffer (writes larger than it, such as whole pages, go straight through) until {@link
   * #holdTail}, then keeps what follows in a {@link Tail}, so that the footer can be made canonical
   * before any of it is written. parquet-mr flushes only when it closes, while the tail is held, so
   * flushing does nothing here; {@link ParquetFiles#write} flushes the caller's stream once, at the
   * end.
   */
  private static final class TailHoldingStream extends OutputStream {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int buffered;
    private Tail tail;
    private boolean discarding;

    TailHoldingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (discarding) {
        return;
      }
      if (tail != null) {
        tail.write(b, off, len);
        return;
      }
      if (len > buffer.length - buffered) {
        drain();
      }
      if (len >= buffer.length) {
        out.write(b, off, len);
        return;
      }
      System.arraycopy(b, off, buffer, buffered, len);
      buffered += len;
    }

    /** Passes the buffered bytes on; everything written from now on is held in the tail. */
    void holdTail() throws IOException {
      drain();
      tail = new Tail();
    }

    /** Drops everything written from now on, and what is buffered, after a failure. */
    void discardRest() {
      discarding = true;
      buffered = 0;
      tail = null;
    }

    /** What was written after {@link #holdTail}. */
    Tail tail() {
      return Objects.requireNonNull(tail, "holdTail() was not called");
    }

    private void drain() throws IOException {
      if (buffered > 0) {
        int n = buffered;
        buffered = 0;
        out.write(buffer, 0, n);
      }
    }
  }

  /**
   * Bytes held in blocks of 1 MiB, so that holding a large last row group never copies it into a
   * bigger array, and whose end can be read and patched in place.
   */
  private static final class Tail {
    private static final int BLOCK_BYTES = 1 << 20;

    private final List<byte[]> blocks = new ArrayList<>();
    private long size;

    void write(byte[] b, int off, int len) {
      while (len > 0) {
        int at = (int) (size % BLOCK_BYTES);
        if (at == 0 && size / BLOCK_BYTES == blocks.size()) {
          blocks.add(new byte[BLOCK_BYTES]);
        }
        int n = Math.min(len, BLOCK_BYTES - at);
        System.arraycopy(b, off, blocks.get((int) (size / BLOCK_BYTES)), at, n);
        size += n;
        off += n;
        len -= n;
      }
    }

    long size() {
      return size;
    }

    /** Copies {@code into.length} bytes from position {@code from} into {@code into}. */
    void read(long from, byte[] into) {
      copy(from, into, true);
    }

    /** Replaces the bytes from position {@code from} on with {@code bytes}. */
    void overwrite(long from, byte[] bytes) {
      copy(from, bytes, false);
    }

    private void copy(long from, byte[] bytes, boolean toBytes) {
      Objects.checkFromIndexSize(from, bytes.length, size);
      for (int done = 0; done < bytes.length; ) {
        long position = from + done;
        byte[] block = blocks.get((int) (position / BLOCK_BYTES));
        int at = (int) (position % BLOCK_BYTES);
        int n = Math.min(bytes.length - done, BLOCK_BYTES - at);
        if (toBytes) {
          System.arraycopy(block, at, bytes, done, n);
        } else {
          System.arraycopy(bytes, done, block, at, n);
        }
        done += n;
      }
    }

    void writeTo(OutputStream out) throws IOException {
      long left = size;
      for (byte[] block : blocks) {
        int n = (int) Math.min(left, BLOCK_BYTES);
        out.write(block, 0, n);
        left -= n;
      }
    }
  }

  /**
   * Reads a Parquet file into a table named after the file (without {@code .parquet}).
   *
   * @param file the Parquet file
   * @param columns the columns to read, in the order wanted; empty for all, in file order
   * @return the table
   * @throws StoreException naming the file if it is missing, unreadable, not Parquet, truncated or
   *     corrupt, or lacks a requested column or has one Tablesaw cannot represent
   * @throws IllegalArgumentException if {@code columns} names a column twice
   */
  static Table read(Path file, List<String> columns) {
    return read(file, columns, Optional.empty(), true);
  }

  /**
   * Reads a Parquet file as {@link #read(Path, List)} does, skipping the row groups whose
   * statistics put all of their {@code range.column()} timestamps outside the range. The rows of
   * the groups read are all returned, in or out of the range: the caller filters them.
   *
   * <p>Columns of doubles and of UTC millisecond or microsecond timestamps (the bar store's) are
   * decoded column by column ({@link ColumnarReader}); a request with any other column goes through
   * tablesaw-parquet's record assembly, row by row, and reads every row group. Both give the same
   * table.
   *
   * @param range the timestamps needed; its column must be one of those read
   * @throws StoreException as {@link #read(Path, List)}, and if the statistics of a row group read
   *     disagree with its timestamps
   */
  static Table read(Path file, List<String> columns, TimeRange range) {
    return read(file, columns, Optional.of(range), true);
  }

  /** Reads as {@link #read(Path, List)} does, always through the row-by-row record assembly. */
  static Table readRowWise(Path file, List<String> columns) {
    return read(file, columns, Optional.empty(), false);
  }

  private static Table read(
      Path file, List<String> columns, Optional<TimeRange> range, boolean columnar) {
    Objects.requireNonNull(file, "file");
    List<String> wanted = List.copyOf(columns);
    if (new LinkedHashSet<>(wanted).size() != wanted.size()) {
      throw new IllegalArgumentException(
          "columns " + wanted + " name a column more than once; list each column once");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ParquetFileReader reader = open(file, channel)) {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      requirePresent(file, fileSchema, wanted);
      TablesawReadSupport support = new TablesawReadSupport(readOptions(file, wanted));
      MessageType requested = requestedSchema(file, reader, support, wanted);
      if (columnar && ColumnarReader.handles(support.getTable(), requested)) {
        reader.setRequestedSchema(requested);
        return ColumnarReader.read(file, reader, support.getTable(), requested, range);
      }
      return readRows(file, reader, support, requested);
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Counts the rows of a Parquet file from its footer, without reading any data page.
   *
   * @param file the Parquet file
   * @return the number of rows
   * @throws StoreException naming the file if it is missing, unreadable, not Parquet, truncated or
   *     has a corrupt footer
   */
  static long rowCount(Path file) {
    Objects.requireNonNull(file, "file");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ParquetFileReader reader = open(file, channel)) {
      return reader.getRecordCount();
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Reads a Parquet file's schema from its footer, without reading any data page.
   *
   * @param file the Parquet file
   * @return the file's schema
   * @throws StoreException naming the file if it is missing, unreadable, not Parquet, truncated or
   *     has a corrupt footer
   */
  static MessageType schema(Path file) {
    Objects.requireNonNull(file, "file");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ParquetFileReader reader = open(file, channel)) {
      return reader.getFooter().getFileMetaData().getSchema();
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Finds the first value of a flat INT64 column that passes a test, reading the raw values (a
   * {@code TIMESTAMP(MICROS)} column as microseconds, which Tablesaw would cut to milliseconds).
   * Missing values are skipped.
   *
   * @param file the Parquet file
   * @param column a top-level INT64 column of the file
   * @param test what to look for
   * @return the first such value, or empty if none passes
   * @throws StoreException naming the file if it is unreadable or corrupt
   */
  static java.util.OptionalLong firstInt64(
      Path file, String column, java.util.function.LongPredicate test) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ParquetFileReader reader = open(file, channel)) {
      FileMetaData meta = reader.getFooter().getFileMetaData();
      MessageType projection =
          new MessageType(meta.getSchema().getName(), meta.getSchema().getType(column));
      reader.setRequestedSchema(projection);
      org.apache.parquet.column.ColumnDescriptor descriptor = projection.getColumns().get(0);
      for (PageReadStore pages = reader.readNextRowGroup();
          pages != null;
          pages = reader.readNextRowGroup()) {
        org.apache.parquet.column.ColumnReader values =
            new org.apache.parquet.column.impl.ColumnReadStoreImpl(
                    pages,
                    new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(
                            projection)
                        .getRootConverter(),
                    projection,
                    meta.getCreatedBy())
                .getColumnReader(descriptor);
        for (long i = 0, n = pages.getRowCount(); i < n; i++) { // flat: one entry a row
          if (values.getCurrentDefinitionLevel() == descriptor.getMaxDefinitionLevel()
              && test.test(values.getLong())) {
            return java.util.OptionalLong.of(values.getLong());
          }
          values.consume();
        }
      }
      return java.util.OptionalLong.empty();
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  private static ParquetFileReader open(Path file, FileChannel channel) throws IOException {
    FooterChecks.requireBoundedThrift(file, channel);
    ParquetReadOptions options =
        ParquetReadOptions.builder()
            .withCodecFactory(new CheckedDecompressors(CONF))
            .usePageChecksumVerification(true)
            .build();
    ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(channel, file), options);
    try {
      FooterChecks.requireConsistent(file, reader.getFooter(), channel.size());
      return reader;
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static void requirePresent(Path file, MessageType fileSchema, List<String> wanted) {
    List<String> present = new ArrayList<>();
    for (Type field : fileSchema.getFields()) {
      present.add(field.getName());
    }
    List<String> missing = new ArrayList<>(wanted);
    missing.removeAll(present);
    if (!missing.isEmpty()) {
      throw new StoreException(
          "Parquet file '"
              + file
              + "' has no column "
              + String.join(", ", missing)
              + "; it has "
              + String.join(", ", present)
              + "; request only columns the file has");
    }
  }

  /**
   * Lets tablesaw-parquet map the wanted columns (it builds the empty table to fill) and returns
   * their Parquet fields, in the table's column order.
   */
  private static MessageType requestedSchema(
      Path file, ParquetFileReader reader, TablesawReadSupport support, List<String> wanted) {
    FileMetaData meta = reader.getFooter().getFileMetaData();
    MessageType fileSchema = meta.getSchema();
    ReadContext context =
        support.init(new InitContext(CONF, toSetMultiMap(meta.getKeyValueMetaData()), fileSchema));
    MessageType requested = context.getRequestedSchema();
    int expected = wanted.isEmpty() ? fileSchema.getFieldCount() : wanted.size();
    if (requested.getFieldCount() != expected) {
      throw unsupportedColumns(file, fileSchema, requested, wanted);
    }
    return requested;
  }

  /** Drives Parquet's record assembly into tablesaw-parquet's table builder, row group by group. */
  private static Table readRows(
      Path file, ParquetFileReader reader, TablesawReadSupport support, MessageType requested)
      throws IOException {
    FileMetaData meta = reader.getFooter().getFileMetaData();
    MessageType fileSchema = meta.getSchema();
    ReadContext context = new ReadContext(requested);
    reader.setRequestedSchema(requested);
    RecordMaterializer<Row> materializer =
        support.prepareForRead(CONF, meta.getKeyValueMetaData(), fileSchema, context);
    MessageColumnIO io =
        new ColumnIOFactory(meta.getCreatedBy()).getColumnIO(requested, fileSchema, true);
    for (PageReadStore pages = reader.readNextRowGroup();
        pages != null;
        pages = reader.readNextRowGroup()) {
      RecordReader<Row> records = io.getRecordReader(pages, materializer, FilterCompat.NOOP);
      for (long i = 0, n = pages.getRowCount(); i < n; i++) {
        records.read();
      }
    }
    Table table = support.getTable();
    if (table.rowCount() != reader.getRecordCount()) {
      throw corrupt(
          file,
          "the footer promises "
              + reader.getRecordCount()
              + " rows but "
              + table.rowCount()
              + " were read",
          null);
    }
    return table;
  }

  private static TablesawParquetReadOptions readOptions(Path file, List<String> wanted) {
    Path name = file.getFileName();
    String tableName = name == null ? file.toString() : name.toString();
    if (tableName.endsWith(".parquet")) {
      tableName = tableName.substring(0, tableName.length() - ".parquet".length());
    }
    // Skipped rather than rendered as text (tablesaw-parquet's default), so that nested columns
    // are reported by readRows instead of turning into strings nobody asked for.
    TablesawParquetReadOptions.Builder options =
        TablesawParquetReadOptions.builder(file.toFile())
            .tableName(tableName)
            .withManageGroupAs(ManageGroupsAs.SKIP);
    if (!wanted.isEmpty()) {
      options.withOnlyTheseColumns(wanted.toArray(String[]::new));
    }
    return options.build();
  }

  private static StoreException unsupportedColumns(
      Path file, MessageType fileSchema, MessageType requested, List<String> wanted) {
    List<String> skipped = new ArrayList<>();
    for (Type field : fileSchema.getFields()) {
      boolean asked = wanted.isEmpty() || wanted.contains(field.getName());
      if (asked && !requested.containsField(field.getName())) {
        String kind =
            field.isPrimitive() ? field.asPrimitiveType().getPrimitiveTypeName().name() : "group";
        LogicalTypeAnnotation annotation = field.getLogicalTypeAnnotation();
        skipped.add(
            field.getName() + " (" + kind + (annotation == null ? "" : " " + annotation) + ")");
      }
    }
    return new StoreException(
        "Parquet file '"
            + file
            + "' has columns Tablesaw cannot represent: "
            + String.join(", ", skipped)
            + "; read only the other columns, or convert the file");
  }

  private static Map<String, Set<String>> toSetMultiMap(Map<String, String> map) {
    Map<String, Set<String>> result = new HashMap<>();
    map.forEach((k, v) -> result.put(k, Set.of(v)));
    return result;
  }

  private static void requireWritableColumns(Table table) {
    for (Column<?> column : table.columns()) {
      // instanceof, not type() ==: in Tablesaw 0.43.1 class-init order can create two instances
      // of a column type, so identity comparisons fail in a fresh JVM.
      if (!(column instanceof BooleanColumn
          || column instanceof ShortColumn
          || column instanceof IntColumn
          || column instanceof LongColumn
          || column instanceof FloatColumn
          || column instanceof DoubleColumn
          || column instanceof StringColumn
          || column instanceof TextColumn
          || column instanceof DateColumn
          || column instanceof TimeColumn
          || column instanceof DateTimeColumn
          || column instanceof InstantColumn)) {
        throw new IllegalArgumentException(
            "column '"
                + column.name()
                + "' of table '"
                + table.name()
                + "' has type "
                + column.type()
                + ", which has no Parquet mapping; convert it to a built-in Tablesaw column type");
      }
    }
  }

  static StoreException corrupt(Path file, String detail, Throwable cause) {
    return new StoreException(
        "Parquet file '"
            + file
            + "' is corrupt: "
            + detail
            + "; restore it from a backup or rewrite the partition from its source",
        cause);
  }

  private static StoreException unreadable(Path file, Exception e) {
    if (e instanceof NoSuchFileException) {
      return new StoreException(
          "Parquet file '" + file + "' does not exist; check the path or rescan the store", e);
    }
    if (e instanceof AccessDeniedException) {
      return new StoreException(
          "Parquet file '" + file + "' cannot be opened: permission denied; check its permissions",
          e);
    }
    // The innermost causes say what was wrong ("a page decompresses to ..."); the outer ones where.
    StringBuilder reason = new StringBuilder(e.getClass().getSimpleName());
    int depth = 0;
    for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
      if (t.getMessage() != null && reason.indexOf(t.getMessage()) < 0) {
        reason.append(": ").append(t.getMessage());
      }
    }
    return new StoreException(
        "cannot read Parquet file '"
            + file
            + "': it is truncated, corrupt or not a Parquet file ("
            + reason
            + "); restore it from a backup or rewrite the partition from its source",
        e);
  }

  /** Parquet's writer builder bound to one table through tablesaw-parquet's write support. */
  private static final class TableWriterBuilder
      extends ParquetWriter.Builder<Row, TableWriterBuilder> {
    private final Table table;

    TableWriterBuilder(StreamOutputFile file, Table table) {
      super(file);
      this.table = table;
    }

    @Override
    protected TableWriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new TablesawWriteSupport(table);
    }
  }
}
