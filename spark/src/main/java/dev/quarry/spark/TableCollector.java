package dev.quarry.spark;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** {@link QuarrySpark#toTable}: a guarded collect into Tablesaw columns by Spark type. */
final class TableCollector {
  private TableCollector() {}

  static Table collect(Dataset<Row> rows, long maxRows) {
    Objects.requireNonNull(rows, "rows");
    if (maxRows < 0) {
      throw new QuarrySparkException("maxRows is " + maxRows + "; give a limit of 0 or more");
    }
    StructField[] fields = rows.schema().fields();
    List<Column<?>> columns = new ArrayList<>(fields.length);
    for (StructField field : fields) {
      columns.add(column(field));
    }
    // limit(maxRows + 1) stops counting early on a huge dataset: one row over is enough to know.
    long count = rows.limit((int) Math.min(Integer.MAX_VALUE, maxRows + 1)).count();
    if (count > maxRows) {
      throw new QuarrySparkException(
          "the dataset has more than "
              + maxRows
              + " rows, too many to collect into one table in the driver; aggregate it in Spark"
              + " first (groupBy, a coarser timeframe), filter it (fewer symbols, a shorter"
              + " range), take a sample (sample, limit), or write it with writeForQuarry and read"
              + " it with BarStore");
    }
    List<Row> collected = rows.collectAsList();
    for (Row row : collected) {
      for (int i = 0; i < fields.length; i++) {
        append(columns.get(i), row.isNullAt(i) ? null : row.get(i));
      }
    }
    return Table.create("spark", columns);
  }

  private static Column<?> column(StructField field) {
    String name = field.name();
    DataType type = field.dataType();
    if (type.equals(DataTypes.TimestampType)) {
      return InstantColumn.create(name);
    } else if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      return DoubleColumn.create(name);
    } else if (type.equals(DataTypes.LongType)) {
      return LongColumn.create(name);
    } else if (type.equals(DataTypes.IntegerType)) {
      return IntColumn.create(name);
    } else if (type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType)) {
      return ShortColumn.create(name);
    } else if (type.equals(DataTypes.StringType)) {
      return StringColumn.create(name);
    } else if (type.equals(DataTypes.BooleanType)) {
      return BooleanColumn.create(name);
    } else if (type.equals(DataTypes.DateType)) {
      return DateColumn.create(name);
    }
    throw new QuarrySparkException(
        "column '"
            + name
            + "' is of Spark type "
            + type.simpleString()
            + ", which has no Tablesaw column here; select it as a supported type first (e.g."
            + " col(\""
            + name
            + "\").cast(\"double\") or \"string\"): timestamp, double, float, long, int, short,"
            + " byte, string, boolean, date");
  }

  private static void append(Column<?> column, Object value) {
    if (value == null) {
      column.appendMissing();
    } else if (column instanceof InstantColumn instants) {
      instants.append(
          value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value);
    } else if (column instanceof DoubleColumn doubles) {
      doubles.append(((Number) value).doubleValue());
    } else if (column instanceof LongColumn longs) {
      longs.append(((Number) value).longValue());
    } else if (column instanceof IntColumn ints) {
      ints.append(((Number) value).intValue());
    } else if (column instanceof ShortColumn shorts) {
      shorts.append(((Number) value).shortValue());
    } else if (column instanceof StringColumn strings) {
      strings.append((String) value);
    } else if (column instanceof BooleanColumn booleans) {
      booleans.append((Boolean) value);
    } else if (column instanceof DateColumn dates) {
      dates.append(value instanceof Date date ? date.toLocalDate() : (LocalDate) value);
    } else {
      throw new IllegalStateException("no appender for " + column.getClass().getName());
    }
  }
}
