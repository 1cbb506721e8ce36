package dev.quarry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads flat {@code DOUBLE} and {@code INT64 TIMESTAMP(MILLIS | MICROS)} columns column by column:
 * each column chunk is decoded page by page straight into a {@code double[]} or {@code long[]},
 * which then becomes a Tablesaw column, with no per-row record assembly and no boxing.
 *
 * <p>It gives what tablesaw-parquet's row-by-row reader gives for the same columns, value for
 * value: the caller passes the empty table tablesaw-parquet would fill (names, order and types),
 * doubles keep their bits, a timestamp becomes the {@link InstantColumn}'s packed date and
 * millisecond of day of its instant (microseconds rounded down to the millisecond, as
 * tablesaw-parquet's {@code Instant} is when packed), and a null is the column's missing value
 * (NaN, a missing instant).
 *
 * <p>It reads through the same {@link ParquetFileReader} (and so the same page CRC checks, {@link
 * CheckedDecompressors} and footer checks) as the row reader; only the decoding of the pages it
 * hands out is its own. A column chunk whose pages hold more or fewer values than its row group has
 * rows is corrupt. With a {@link TimeRange}, row groups whose timestamp statistics lie outside the
 * range are skipped, and the statistics of the groups read must match their timestamps.
 */
final class ColumnarReader {
  private ColumnarReader() {}

  /**
   * Whether this reader decodes every column of {@code template}.
   *
   * @param template the empty table tablesaw-parquet built for the request
   * @param requested the Parquet fields of its columns, in the same order
   */
  static boolean handles(Table template, MessageType requested) {
    if (template.columnCount() != requested.getFieldCount()) {
      return false;
    }
    for (int i = 0; i < template.columnCount(); i++) {
      Column<?> column = template.column(i);
      Type field = requested.getType(i);
      if (!field.getName().equals(column.name())
          || !field.isPrimitive()
          || field.isRepetition(Type.Repetition.REPEATED)) {
        return false;
      }
      PrimitiveType type = field.asPrimitiveType();
      boolean decodable =
          column instanceof DoubleColumn
              ? type.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE
              : column instanceof InstantColumn && timestampUnit(type).isPresent();
      if (!decodable) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the row groups of {@code reader} (all, or those that may meet {@code range}) into a table
   * shaped like {@code template}.
   *
   * @throws StoreException if a column chunk is corrupt in a way Parquet does not notice
   * @throws IOException if reading or decompressing fails
   */
  static Table read(
      Path file,
      ParquetFileReader reader,
      Table template,
      MessageType requested,
      Optional<TimeRange> range)
      throws IOException {
    List<ColumnDescriptor> descriptors = requested.getColumns();
    int rangeColumn = range.map(r -> indexOf(template, r.column())).orElse(-1);
    List<BlockMetaData> groups = reader.getRowGroups();
    boolean[] keep = new boolean[groups.size()];
    long total = 0;
    for (int g = 0; g < groups.size(); g++) {
      keep[g] = rangeColumn < 0 || meets(groups.get(g), descriptors.get(rangeColumn), range.get());
      total += keep[g] ? groups.get(g).getRowCount() : 0;
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new StoreException(
          "Parquet file '"
              + file
              + "' has "
              + total
              + " rows, more than one Tablesaw table holds; read fewer rows at a time");
    }
    List<ColumnBuffer> buffers = new ArrayList<>();
    for (int i = 0; i < template.columnCount(); i++) {
      PrimitiveType type = requested.getType(i).asPrimitiveType();
      buffers.add(
          template.column(i) instanceof DoubleColumn
              ? new DoubleBuffer((int) total)
              : new InstantBuffer((int) total, timestampUnit(type).orElseThrow()));
    }
    for (int g = 0; g < groups.size(); g++) {
      if (!keep[g]) {
        reader.skipNextRowGroup();
        continue;
      }
      PageReadStore pages = reader.readNextRowGroup();
      if (pages == null) {
        throw ParquetFiles.corrupt(file, "row group " + g + " ended the file early", null);
      }
      long rows = groups.get(g).getRowCount();
      for (int i = 0; i < buffers.size(); i++) {
        ColumnDescriptor descriptor = descriptors.get(i);
        ColumnBuffer buffer = buffers.get(i);
        long values = readChunk(pages.getPageReader(descriptor), descriptor, rows, buffer);
        if (values != rows) {
          throw ParquetFiles.corrupt(
              file,
              "the pages of column '"
                  + template.column(i).name()
                  + "' hold "
                  + values
                  + " values in a row group of "
                  + rows
                  + " rows",
              null);
        }
      }
      if (rangeColumn >= 0) {
        requireStatisticsMatch(file, g, groups.get(g), descriptors.get(rangeColumn), buffers);
      }
    }
    List<Column<?>> columns = new ArrayList<>();
    for (int i = 0; i < buffers.size(); i++) {
      columns.add(buffers.get(i).toColumn(template.column(i).name()));
    }
    return Table.create(template.name(), columns);
  }

  private static int indexOf(Table template, String column) {
    int index = template.columnNames().indexOf(column);
    if (index < 0 || !(template.column(index) instanceof InstantColumn)) {
      throw new IllegalArgumentException(
          "the time range's column '" + column + "' is not a timestamp column of the request");
    }
    return index;
  }

  /** The unit of a {@code TIMESTAMP(MILLIS | MICROS)} INT64 column, or empty for anything else. */
  private static Optional<TimeUnit> timestampUnit(PrimitiveType type) {
    if (type.getPrimitiveTypeName() != PrimitiveTypeName.INT64
        || !(type.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation stamp)) {
      return Optional.empty();
    }
    TimeUnit unit = stamp.getUnit();
    return unit == TimeUnit.MILLIS || unit == TimeUnit.MICROS
        ? Optional.of(unit)
        : Optional.empty();
  }

  /** Epoch milliseconds of a raw timestamp, rounded down as an {@code Instant} packs it. */
  static long toMillis(long raw, TimeUnit unit) {
    return unit == TimeUnit.MICROS ? Math.floorDiv(raw, 1000L) : raw;
  }

  /**
   * Whether a row group may hold rows in the range; without usable statistics, it may. The footer
   * has no checksum: statistics damaged into a range that misses the read would drop the group's
   * rows unnoticed; the groups read are checked ({@link #requireStatisticsMatch}).
   */
  private static boolean meets(BlockMetaData group, ColumnDescriptor time, TimeRange range) {
    Optional<long[]> minMax = statistics(group, time);
    if (minMax.isEmpty() || minMax.get()[0] > minMax.get()[1]) {
      return true; // read, and the statistics checked against the pages
    }
    TimeUnit unit = timestampUnit(time.getPrimitiveType()).orElseThrow();
    return range.meets(
        Instant.ofEpochMilli(toMillis(minMax.get()[0], unit)),
        Instant.ofEpochMilli(toMillis(minMax.get()[1], unit)));
  }

  private static Optional<long[]> statistics(BlockMetaData group, ColumnDescriptor time) {
    for (ColumnChunkMetaData chunk : group.getColumns()) {
      if (!chunk.getPath().equals(ColumnPath.get(time.getPath()))) {
        continue;
      }
      Statistics<?> stats = chunk.getStatistics();
      if (stats == null
          || stats.isEmpty()
          || !stats.hasNonNullValue()
          || !(stats.genericGetMin() instanceof Long min)
          || !(stats.genericGetMax() instanceof Long max)) {
        return Optional.empty();
      }
      return Optional.of(new long[] {min, max});
    }
    return Optional.empty();
  }

  /** Statistics decided which groups were skipped: those of a group read must tell the truth. */
  private static void requireStatisticsMatch(
      Path file, int g, BlockMetaData group, ColumnDescriptor time, List<ColumnBuffer> buffers) {
    Optional<long[]> stated = statistics(group, time);
    for (ColumnBuffer buffer : buffers) {
      if (buffer instanceof InstantBuffer instants
          && instants.hasGroupValues()
          && stated.isPresent()
          && (stated.get()[0] != instants.groupMin || stated.get()[1] != instants.groupMax)) {
        throw ParquetFiles.corrupt(
            file,
            "the statistics of row group "
                + g
                + " give timestamps "
                + stated.get()[0]
                + " to "
                + stated.get()[1]
                + " but its pages hold "
                + instants.groupMin
                + " to "
                + instants.groupMax,
            null);
      }
    }
    buffers.forEach(ColumnBuffer::startGroup);
  }

  /**
   * Decodes one column chunk's pages onto the end of {@code out}.
   *
   * @return the number of values its pages hold; more than {@code rows} stops the decoding, so that
   *     nothing is allocated for what a damaged page header claims
   */
  private static long readChunk(
      PageReader pages, ColumnDescriptor descriptor, long rows, ColumnBuffer out)
      throws IOException {
    DictionaryPage dictionaryPage = pages.readDictionaryPage();
    Dictionary dictionary =
        dictionaryPage == null
            ? null
            : dictionaryPage.getEncoding().initDictionary(descriptor, dictionaryPage);
    long read = 0;
    int[] levels = new int[0];
    for (DataPage page = pages.readPage(); page != null; page = pages.readPage()) {
      int n = page.getValueCount();
      if (n < 0 || read + n > rows) {
        return read + n;
      }
      read += n;
      out.reserve(n);
      int maxLevel = descriptor.getMaxDefinitionLevel();
      ByteBufferInputStream values;
      Encoding encoding;
      if (maxLevel > 0 && levels.length < n) {
        levels = new int[n];
      }
      if (page instanceof DataPageV1 v1) {
        values = v1.getBytes().toInputStream();
        v1.getRlEncoding()
            .getValuesReader(descriptor, ValuesType.REPETITION_LEVEL)
            .initFromPage(n, values);
        ValuesReader definition =
            v1.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
        definition.initFromPage(n, values);
        for (int i = 0; maxLevel > 0 && i < n; i++) {
          levels[i] = definition.readInteger();
        }
        encoding = v1.getValueEncoding();
      } else if (page instanceof DataPageV2 v2) {
        if (maxLevel > 0) {
          RunLengthBitPackingHybridDecoder definition =
              new RunLengthBitPackingHybridDecoder(
                  BytesUtils.getWidthFromMaxInt(maxLevel),
                  v2.getDefinitionLevels().toInputStream());
          for (int i = 0; i < n; i++) {
            levels[i] = definition.readInt();
          }
        }
        values = v2.getData().toInputStream();
        encoding = v2.getDataEncoding();
      } else {
        throw new IOException("a data page of an unknown kind: " + page);
      }
      int present = n;
      if (maxLevel > 0) {
        present = 0;
        for (int i = 0; i < n; i++) {
          present += levels[i] == maxLevel ? 1 : 0;
        }
      }
      if (encoding == Encoding.PLAIN) {
        out.plain(values.slice(present * 8).order(ByteOrder.LITTLE_ENDIAN), present);
      } else {
        ValuesReader reader;
        if (encoding.usesDictionary()) {
          if (dictionary == null) {
            throw new IOException(
                "a page of column '"
                    + String.join(".", descriptor.getPath())
                    + "' is dictionary-encoded but its column chunk has no dictionary");
          }
          reader =
              encoding.getDictionaryBasedValuesReader(descriptor, ValuesType.VALUES, dictionary);
        } else {
          reader = encoding.getValuesReader(descriptor, ValuesType.VALUES);
        }
        reader.initFromPage(n, values);
        out.decode(reader, present);
      }
      out.finishPage(levels, n, present, maxLevel);
    }
    return read;
  }

  /** A growing primitive array, filled page by page. */
  private abstract static class ColumnBuffer {
    /** Values filled, those of the page being decoded excluded. */
    int size;

    final int total;

    ColumnBuffer(int total) {
      this.total = total;
    }

    /** Makes room for {@code n} more values, never beyond the rows the footer announced. */
    abstract void reserve(int n);

    /** Stores {@code present} little-endian plain values at {@code size}. */
    abstract void plain(ByteBuffer bytes, int present) throws IOException;

    /** Stores {@code present} values from an encoded reader at {@code size}. */
    abstract void decode(ValuesReader reader, int present);

    /** Spreads the page's present values over its {@code n} rows and ends the page. */
    abstract void finishPage(int[] levels, int n, int present, int maxLevel);

    /** Starts the statistics of a new row group. */
    void startGroup() {}

    abstract Column<?> toColumn(String name);

    int grownCapacity(int capacity, int n) {
      long needed = (long) size + n;
      if (needed <= capacity) {
        return capacity;
      }
      return (int) Math.min(Math.max(needed, 2L * capacity), Math.max(total, needed));
    }
  }

  private static final class DoubleBuffer extends ColumnBuffer {
    private static final double MISSING =
        tech.tablesaw.columns.numbers.DoubleColumnType.missingValueIndicator();

    private double[] values;

    DoubleBuffer(int total) {
      super(total);
      values = new double[Math.min(total, 1 << 16)];
    }

    @Override
    void reserve(int n) {
      int capacity = grownCapacity(values.length, n);
      if (capacity != values.length) {
        values = java.util.Arrays.copyOf(values, capacity);
      }
    }

    @Override
    void plain(ByteBuffer bytes, int present) {
      bytes.asDoubleBuffer().get(values, size, present);
    }

    @Override
    void decode(ValuesReader reader, int present) {
      for (int i = size, end = size + present; i < end; i++) {
        values[i] = reader.readDouble();
      }
    }

    @Override
    void finishPage(int[] levels, int n, int present, int maxLevel) {
      if (present < n) {
        for (int i = n - 1, j = size + present - 1; i >= 0; i--) {
          values[size + i] = levels[i] == maxLevel ? values[j--] : MISSING;
        }
      }
      size += n;
    }

    @Override
    Column<?> toColumn(String name) {
      return DoubleColumn.create(
          name, values.length == size ? values : java.util.Arrays.copyOf(values, size));
    }
  }

  /** Timestamps as {@link InstantColumn}'s packed longs. */
  private static final class InstantBuffer extends ColumnBuffer {
    private static final long MISSING =
        tech.tablesaw.columns.instant.InstantColumnType.missingValueIndicator();

    private final TimeUnit unit;
    private final InstantPacker packer = new InstantPacker();
    private long[] values;
    long groupMin = Long.MAX_VALUE;
    long groupMax = Long.MIN_VALUE;

    InstantBuffer(int total, TimeUnit unit) {
      super(total);
      this.unit = unit;
      values = new long[Math.min(total, 1 << 16)];
    }

    boolean hasGroupValues() {
      return groupMin <= groupMax;
    }

    @Override
    void startGroup() {
      groupMin = Long.MAX_VALUE;
      groupMax = Long.MIN_VALUE;
    }

    @Override
    void reserve(int n) {
      int capacity = grownCapacity(values.length, n);
      if (capacity != values.length) {
        values = java.util.Arrays.copyOf(values, capacity);
      }
    }

    @Override
    void plain(ByteBuffer bytes, int present) {
      bytes.asLongBuffer().get(values, size, present);
    }

    @Override
    void decode(ValuesReader reader, int present) {
      for (int i = size, end = size + present; i < end; i++) {
        values[i] = reader.readLong();
      }
    }

    @Override
    void finishPage(int[] levels, int n, int present, int maxLevel) {
      long min = groupMin;
      long max = groupMax;
      for (int i = size, end = size + present; i < end; i++) {
        long raw = values[i];
        min = Math.min(min, raw);
        max = Math.max(max, raw);
        values[i] = packer.pack(toMillis(raw, unit));
      }
      groupMin = min;
      groupMax = max;
      if (present < n) {
        for (int i = n - 1, j = size + present - 1; i >= 0; i--) {
          values[size + i] = levels[i] == maxLevel ? values[j--] : MISSING;
        }
      }
      size += n;
    }

    @Override
    Column<?> toColumn(String name) {
      return InstantColumn.createInternal(
          name, values.length == size ? values : java.util.Arrays.copyOf(values, size));
    }
  }
}
