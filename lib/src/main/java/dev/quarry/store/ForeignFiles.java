package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * Checks that a bar file, whoever wrote it (Quarry, Apache Spark, DuckDB, pyarrow, a copy by hand),
 * is one the store reads exactly: otherwise it is refused with a message naming the file, what is
 * wrong and how to write it, instead of a {@code ClassCastException} on read, a time cut short, or
 * rows registered in the wrong month.
 *
 * <p>A bar file is accepted when
 *
 * <ul>
 *   <li>its columns are exactly {@code timestamp, open, high, low, close, volume}, in any order,
 *       optional or required, none repeated or nested;
 *   <li>{@code timestamp} is INT64 annotated {@code TIMESTAMP(MILLIS, isAdjustedToUTC=true)}
 *       (Quarry's own files) or {@code TIMESTAMP(MICROS, isAdjustedToUTC=true)} (Spark with {@code
 *       spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS}, DuckDB, pyarrow) whose values are
 *       whole milliseconds, since a bar's time holds milliseconds and a finer part would be cut off
 *       on read. INT96 (Spark's default), local timestamps (isAdjustedToUTC=false, Spark's {@code
 *       TimestampNTZType}), NANOS and plain numbers or strings are refused;
 *   <li>the other five columns are DOUBLE;
 *   <li>it holds rows, every row has a timestamp, and the timestamps strictly increase;
 *   <li>in a {@code year=YYYY/month=MM} folder, every row lies in that UTC month (the store prunes
 *       reads by folder, so a row elsewhere would never be read).
 * </ul>
 */
final class ForeignFiles {
  private ForeignFiles() {}

  /**
   * Reads a whole bar file after checking its footer, then checks its rows' times.
   *
   * @param file the Parquet file
   * @param month the UTC month of the folder it is in, or null for a file of no month
   * @param where what is being done, prefixed to messages (may be empty)
   * @return every column of the file
   * @throws StoreException naming the file and what to do, if any check fails or it is unreadable
   */
  static Table readChecked(Path file, YearMonth month, String where) {
    requireBarColumns(file, where);
    Table all = ParquetFiles.read(file, List.of());
    requireTimes(file, all.instantColumn(Bars.TIMESTAMP), month, where);
    return all;
  }

  /**
   * Reads the {@code timestamp} column of a bar file after checking its footer, then checks it.
   *
   * @see #readChecked
   */
  static InstantColumn readCheckedTimes(Path file, YearMonth month, String where) {
    requireBarColumns(file, where);
    InstantColumn time =
        ParquetFiles.read(file, List.of(Bars.TIMESTAMP)).instantColumn(Bars.TIMESTAMP);
    requireTimes(file, time, month, where);
    return time;
  }

  /**
   * Checks the column names and types in the footer, and that MICROS timestamps are whole
   * milliseconds.
   *
   * @throws StoreException naming the file, the column and what to do
   */
  static void requireBarColumns(Path file, String where) {
    MessageType schema = ParquetFiles.schema(file);
    List<String> present = new ArrayList<>();
    for (Type field : schema.getFields()) {
      present.add(field.getName());
      if (!Bars.COLUMNS.contains(field.getName())) {
        throw refuse(
            where,
            file,
            "has an unexpected column '"
                + field.getName()
                + "'; bar files have exactly the columns "
                + Bars.COLUMNS
                + ": drop it before writing (the symbol, year and month are in the dataset's"
                + " folders, not in its files)");
      }
    }
    for (String name : Bars.COLUMNS) {
      if (!present.contains(name)) {
        throw refuse(
            where,
            file,
            "has no column '"
                + name
                + "' (it has "
                + present
                + "); bar files have exactly the columns "
                + Bars.COLUMNS
                + ": add or rename the column before writing");
      }
    }
    for (Type field : schema.getFields()) {
      requireFlat(where, file, field);
      PrimitiveType type = field.asPrimitiveType();
      if (field.getName().equals(Bars.TIMESTAMP)) {
        requireTimestampType(where, file, type);
      } else if (type.getPrimitiveTypeName() != PrimitiveTypeName.DOUBLE) {
        throw refuse(
            where,
            file,
            "has column '"
                + field.getName()
                + "' as "
                + describe(type)
                + "; prices and volume are DOUBLE: cast it before writing (Spark: col(\""
                + field.getName()
                + "\").cast(\"double\"))");
      }
    }
    TimestampLogicalTypeAnnotation time =
        (TimestampLogicalTypeAnnotation) schema.getType(Bars.TIMESTAMP).getLogicalTypeAnnotation();
    if (time.getUnit() == TimeUnit.MICROS) {
      OptionalLong finer =
          ParquetFiles.firstInt64(file, Bars.TIMESTAMP, micros -> micros % 1000 != 0);
      if (finer.isPresent()) {
        long micros = finer.getAsLong();
        Instant at =
            Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        throw refuse(
            where,
            file,
            "has timestamp "
                + at
                + ", with a fraction of a millisecond; a bar's time holds milliseconds and reading"
                + " it would cut the rest off: round the timestamps to the millisecond (or to the"
                + " bar's start) before writing");
      }
    }
  }

  private static void requireFlat(String where, Path file, Type field) {
    if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
      throw refuse(
          where,
          file,
          "has column '"
              + field.getName()
              + "' as a "
              + (field.isPrimitive() ? "repeated value" : "group (struct, list or map)")
              + "; bar columns hold one value per row: flatten it before writing");
    }
  }

  private static void requireTimestampType(String where, Path file, PrimitiveType type) {
    if (type.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
      throw refuse(
          where,
          file,
          "has column 'timestamp' stored as INT96 timestamps (Spark's legacy default), which"
              + " carry no time zone and which Quarry does not read; write with"
              + " spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS (or TIMESTAMP_MILLIS)");
    }
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (type.getPrimitiveTypeName() == PrimitiveTypeName.INT64
        && annotation instanceof TimestampLogicalTypeAnnotation time) {
      if (!time.isAdjustedToUTC()) {
        throw refuse(
            where,
            file,
            "has column 'timestamp' as a local timestamp ("
                + annotation
                + ", Spark's TimestampNTZType), which says nothing of the time zone; write it as a"
                + " UTC timestamp (isAdjustedToUTC=true; Spark: cast it to \"timestamp\" with"
                + " spark.sql.session.timeZone=UTC)");
      }
      if (time.getUnit() == TimeUnit.NANOS) {
        throw refuse(
            where,
            file,
            "has column 'timestamp' in nanoseconds ("
                + annotation
                + "); write MICROS or MILLIS (pyarrow: coerce_timestamps='us'; DuckDB: cast to"
                + " TIMESTAMPTZ)");
      }
      return;
    }
    throw refuse(
        where,
        file,
        "has column 'timestamp' as "
            + describe(type)
            + "; it must be a UTC timestamp, INT64 TIMESTAMP(MICROS or MILLIS,"
            + " isAdjustedToUTC=true): convert it before writing (Spark: to_timestamp,"
            + " timestamp_millis or timestamp_micros)");
  }

  /**
   * Checks that a file's timestamps are present, strictly increasing and (if {@code month} is not
   * null) all in that UTC month.
   *
   * @throws StoreException naming the file and the first row at fault
   */
  static void requireTimes(Path file, InstantColumn time, YearMonth month, String where) {
    if (time.isEmpty()) {
      throw refuse(where, file, "holds no rows; delete it, or write the month's bars into it");
    }
    for (int row = 0; row < time.size(); row++) {
      Instant at = time.get(row);
      if (at == null) {
        throw refuse(
            where,
            file,
            "has no timestamp at row "
                + row
                + "; every bar needs its start time: drop or fill the row before writing");
      }
      if (row > 0 && !at.isAfter(time.get(row - 1))) {
        throw refuse(
            where,
            file,
            "is not in time order: row "
                + row
                + " ("
                + at
                + ") does not come after row "
                + (row - 1)
                + " ("
                + time.get(row - 1)
                + "); timestamps must strictly increase within a file: sort the rows and drop"
                + " repeated ones before writing (Spark: sortWithinPartitions(\"timestamp\"))");
      }
      if (month != null && !month.equals(DatasetFiles.monthOf(at))) {
        throw refuse(
            where,
            file,
            "is in the folder of month "
                + month
                + " but row "
                + row
                + " is at "
                + at
                + ", in "
                + DatasetFiles.monthOf(at)
                + " (UTC); each bar belongs in its UTC month's folder: partition by the year and"
                + " month of the timestamp computed in UTC (Spark: spark.sql.session.timeZone=UTC)");
      }
    }
  }

  private static String describe(PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    return type.getPrimitiveTypeName() + (annotation == null ? "" : " (" + annotation + ")");
  }

  private static StoreException refuse(String where, Path file, String problem) {
    return new StoreException(
        (where.isEmpty() ? "" : where + ": ") + "data file " + file + " " + problem);
  }
}
