package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.Table;

/**
 * Parquet files of bars as another engine writes them (Apache Spark's layout and encodings), made
 * with parquet-hadoop's own example writer rather than Quarry's.
 */
final class ForeignParquet {
  private static final String PRICES =
      " optional double open; optional double high; optional double low;"
          + " optional double close; optional double volume; }";

  /** Spark with {@code outputTimestampType=TIMESTAMP_MICROS}: UTC microseconds. */
  static final String MICROS =
      "message spark_schema { optional int64 timestamp (TIMESTAMP(MICROS,true));" + PRICES;

  /** Spark's default: INT96 timestamps. */
  static final String INT96 = "message spark_schema { optional int96 timestamp;" + PRICES;

  /** Spark's TimestampNTZType: local microseconds. */
  static final String LOCAL_MICROS =
      "message spark_schema { optional int64 timestamp (TIMESTAMP(MICROS,false));" + PRICES;

  /** Microseconds, with {@code open} written as a string. */
  static final String OPEN_AS_STRING =
      "message spark_schema { optional int64 timestamp (TIMESTAMP(MICROS,true));"
          + " optional binary open (STRING); optional double high; optional double low;"
          + " optional double close; optional double volume; }";

  private ForeignParquet() {}

  /** Writes bars to one file with the given schema (column types decide each value's encoding). */
  static Path write(Path file, String schema, Table bars) throws IOException {
    return write(file, schema, bars, 0);
  }

  /** As {@link #write(Path, String, Table)}, adding {@code extraMicros} to every MICROS time. */
  static Path write(Path file, String schemaText, Table bars, long extraMicros) throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    Files.createDirectories(file.getParent());
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (OutputStream out = Files.newOutputStream(file);
        ParquetWriter<Group> writer =
            ExampleParquetWriter.builder(new StreamOutputFile(out))
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build()) {
      for (int row = 0; row < bars.rowCount(); row++) {
        Group group = groups.newGroup();
        for (Type field : schema.getFields()) {
          String name = field.getName();
          if (name.equals(Bars.TIMESTAMP)) {
            addTime(group, field.asPrimitiveType(), bars.instantColumn(name).get(row), extraMicros);
          } else if (field.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
            group.add(name, Double.toString(bars.doubleColumn(name).getDouble(row)));
          } else {
            group.add(name, bars.doubleColumn(name).getDouble(row));
          }
        }
        writer.write(group);
      }
    }
    return file;
  }

  private static void addTime(Group group, PrimitiveType type, Instant at, long extraMicros) {
    long micros =
        TimeUnit.SECONDS.toMicros(at.getEpochSecond()) + at.getNano() / 1000 + extraMicros;
    if (type.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
      // Spark's INT96: nanoseconds of the day, then the Julian day, little-endian.
      long day = Math.floorDiv(micros, 86_400_000_000L);
      long nanosOfDay = Math.floorMod(micros, 86_400_000_000L) * 1000;
      ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      bytes.putLong(nanosOfDay).putInt((int) (day + 2_440_588));
      group.add(Bars.TIMESTAMP, Binary.fromConstantByteArray(bytes.array()));
      return;
    }
    var time =
        (LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) type.getLogicalTypeAnnotation();
    group.add(
        Bars.TIMESTAMP,
        time.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? micros : at.toEpochMilli());
  }

  /**
   * Writes bars as Spark's {@code df.write.partitionBy("year", "month")} does: one {@code
   * part-00000-<uuid>.c000.snappy.parquet} per {@code year=YYYY/month=M} folder (the month not
   * padded, as Spark writes an integer), each with Hadoop's {@code .crc} sidecar, and {@code
   * _SUCCESS} at the top.
   *
   * @return the data files written, by month
   */
  static Map<YearMonth, Path> sparkFolder(Path staging, String schema, Table bars)
      throws IOException {
    Map<YearMonth, Path> files = new LinkedHashMap<>();
    for (Map.Entry<YearMonth, Table> month : byMonth(bars).entrySet()) {
      YearMonth at = month.getKey();
      Path folder = staging.resolve("year=" + at.getYear()).resolve("month=" + at.getMonthValue());
      String name = "part-00000-" + UUID.randomUUID() + ".c000.snappy.parquet";
      Path file = write(folder.resolve(name), schema, month.getValue());
      Files.write(folder.resolve("." + name + ".crc"), new byte[] {1, 2, 3, 4});
      files.put(at, file);
    }
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("_SUCCESS"), "");
    Files.write(staging.resolve("._SUCCESS.crc"), new byte[] {5, 6});
    return files;
  }

  /** Splits time-sorted bars into their UTC months. */
  static Map<YearMonth, Table> byMonth(Table bars) {
    Map<YearMonth, Table> months = new LinkedHashMap<>();
    List<Integer> starts = new ArrayList<>();
    var time = bars.instantColumn(Bars.TIMESTAMP);
    for (int row = 0; row < bars.rowCount(); row++) {
      if (row == 0
          || !DatasetFiles.monthOf(time.get(row)).equals(DatasetFiles.monthOf(time.get(row - 1)))) {
        starts.add(row);
      }
    }
    starts.add(bars.rowCount());
    for (int i = 0; i + 1 < starts.size(); i++) {
      months.put(
          DatasetFiles.monthOf(time.get(starts.get(i))),
          bars.inRange(starts.get(i), starts.get(i + 1)));
    }
    return months;
  }
}
