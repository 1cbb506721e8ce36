package dev.quarry.dag.cache;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TextColumn;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;

/**
 * Encodes a Tablesaw table column by column from the columns' raw primitive values (no boxing per
 * cell): column count, then per column a type code, its name, its row count and its values.
 *
 * <p>Missing values are Tablesaw's own sentinels (for example {@code Integer.MIN_VALUE} in an int
 * column, the empty string in a string column), so they round-trip as they are. For fingerprints
 * every missing float or double is written as the canonical NaN, since Tablesaw treats every NaN as
 * missing; stored payloads keep the raw bits. Fingerprints and payloads both include the table's
 * name.
 */
final class TableEncoding {
  private static final byte SHORT = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte FLOAT = 4;
  private static final byte DOUBLE = 5;
  private static final byte BOOLEAN = 6;
  private static final byte STRING = 7;
  private static final byte TEXT = 8;
  private static final byte DATE = 9;
  private static final byte TIME = 10;
  private static final byte DATE_TIME = 11;
  private static final byte INSTANT = 12;

  private TableEncoding() {}

  /**
   * Writes the table (without the {@link Tags#TABLE} tag).
   *
   * @param forFingerprint canonicalise missing floating-point values
   */
  static void write(Table table, CanonicalOutput out, boolean forFingerprint, String where)
      throws UnsupportedValueException {
    List<Column<?>> columns = table.columns();
    for (Column<?> column : columns) {
      if (code(column) == 0) {
        throw new UnsupportedValueException(
            where,
            "table column '"
                + column.name()
                + "' has type "
                + column.type().name()
                + ", which the cache cannot encode (supported column types: SHORT, INTEGER, LONG,"
                + " FLOAT, DOUBLE, BOOLEAN, STRING, TEXT, LOCAL_DATE, LOCAL_TIME, LOCAL_DATE_TIME,"
                + " INSTANT)");
      }
    }
    // The name is content: a "Report for BTC" table must not stand in for the ETH one.
    out.writeBoolean(table.name() != null);
    if (table.name() != null) {
      out.writeString(table.name());
    }
    out.writeInt(columns.size());
    for (Column<?> column : columns) {
      byte code = code(column);
      out.writeByte(code);
      out.writeString(column.name());
      out.writeInt(column.size());
      writeValues(code, column, out, forFingerprint);
    }
  }

  /**
   * The column's type code, or 0 if unsupported. Decided by column class: Tablesaw can hold two
   * instances of a column type when its classes initialise in an unlucky order, so type identity is
   * not reliable.
   */
  private static byte code(Column<?> column) {
    if (column instanceof ShortColumn) {
      return SHORT;
    } else if (column instanceof IntColumn) {
      return INT;
    } else if (column instanceof LongColumn) {
      return LONG;
    } else if (column instanceof FloatColumn) {
      return FLOAT;
    } else if (column instanceof DoubleColumn) {
      return DOUBLE;
    } else if (column instanceof BooleanColumn) {
      return BOOLEAN;
    } else if (column instanceof StringColumn) {
      return STRING;
    } else if (column instanceof TextColumn) {
      return TEXT;
    } else if (column instanceof DateColumn) {
      return DATE;
    } else if (column instanceof TimeColumn) {
      return TIME;
    } else if (column instanceof DateTimeColumn) {
      return DATE_TIME;
    } else if (column instanceof InstantColumn) {
      return INSTANT;
    }
    return 0;
  }

  private static void writeValues(
      byte code, Column<?> column, CanonicalOutput out, boolean forFingerprint) {
    int n = column.size();
    switch (code) {
      case SHORT -> {
        ShortColumn c = (ShortColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeShort(c.getShort(i));
        }
      }
      case INT -> {
        IntColumn c = (IntColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeInt(c.getInt(i));
        }
      }
      case LONG -> {
        LongColumn c = (LongColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeLong(c.getLong(i));
        }
      }
      case FLOAT -> {
        FloatColumn c = (FloatColumn) column;
        for (int i = 0; i < n; i++) {
          float v = c.getFloat(i);
          out.writeInt(forFingerprint ? Float.floatToIntBits(v) : Float.floatToRawIntBits(v));
        }
      }
      case DOUBLE -> {
        DoubleColumn c = (DoubleColumn) column;
        for (int i = 0; i < n; i++) {
          double v = c.getDouble(i);
          out.writeLong(
              forFingerprint ? Double.doubleToLongBits(v) : Double.doubleToRawLongBits(v));
        }
      }
      case BOOLEAN -> {
        BooleanColumn c = (BooleanColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeByte(c.getByte(i));
        }
      }
      case STRING -> {
        StringColumn c = (StringColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeString(c.get(i));
        }
      }
      case TEXT -> {
        TextColumn c = (TextColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeString(c.get(i));
        }
      }
      case DATE -> {
        DateColumn c = (DateColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeInt(c.getIntInternal(i));
        }
      }
      case TIME -> {
        TimeColumn c = (TimeColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeInt(c.getIntInternal(i));
        }
      }
      case DATE_TIME -> {
        DateTimeColumn c = (DateTimeColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeLong(c.getLongInternal(i));
        }
      }
      case INSTANT -> {
        InstantColumn c = (InstantColumn) column;
        for (int i = 0; i < n; i++) {
          out.writeLong(c.getLongInternal(i));
        }
      }
      default -> throw new IllegalStateException("unknown column code " + code);
    }
  }

  /** Reads a table written by {@link #write} for storage. */
  static Table read(CanonicalInput in) {
    String name = in.readBoolean("table name flag") ? in.readString("table name") : null;
    int columnCount = in.readCount("table column", 9);
    List<Column<?>> columns = new ArrayList<>(columnCount);
    for (int c = 0; c < columnCount; c++) {
      byte code = in.readByte("column type");
      String columnName = in.readString("column name");
      int rows = in.readCount("row", 1);
      columns.add(readColumn(code, columnName, rows, in));
    }
    Table table = Table.create(name);
    try {
      table.addColumns(columns.toArray(Column<?>[]::new));
    } catch (IllegalArgumentException e) {
      throw new CacheCorruptException(
          "cached table columns do not fit together: " + e.getMessage(), e);
    }
    return table;
  }

  private static Column<?> readColumn(byte code, String name, int n, CanonicalInput in) {
    String what = "column '" + name + "'";
    switch (code) {
      case SHORT -> {
        short[] v = new short[n];
        for (int i = 0; i < n; i++) {
          v[i] = in.readShort(what);
        }
        return ShortColumn.create(name, v);
      }
      case INT -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = in.readInt(what);
        }
        return IntColumn.create(name, v);
      }
      case LONG -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = in.readLong(what);
        }
        return LongColumn.create(name, v);
      }
      case FLOAT -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = Float.intBitsToFloat(in.readInt(what));
        }
        return FloatColumn.create(name, v);
      }
      case DOUBLE -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = Double.longBitsToDouble(in.readLong(what));
        }
        return DoubleColumn.create(name, v);
      }
      case BOOLEAN -> {
        BooleanColumn c = BooleanColumn.create(name);
        for (int i = 0; i < n; i++) {
          c.append(in.readByte(what));
        }
        return c;
      }
      case STRING -> {
        return StringColumn.create(name, readStrings(n, what, in));
      }
      case TEXT -> {
        return TextColumn.create(name, readStrings(n, what, in));
      }
      case DATE -> {
        return DateColumn.createInternal(name, readInts(n, what, in));
      }
      case TIME -> {
        return TimeColumn.createInternal(name, readInts(n, what, in));
      }
      case DATE_TIME -> {
        return DateTimeColumn.createInternal(name, readLongs(n, what, in));
      }
      case INSTANT -> {
        return InstantColumn.createInternal(name, readLongs(n, what, in));
      }
      default -> throw new CacheCorruptException(
          "payload is garbled: unknown column type code " + code + " for " + what);
    }
  }

  private static String[] readStrings(int n, String what, CanonicalInput in) {
    String[] v = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readString(what);
    }
    return v;
  }

  private static int[] readInts(int n, String what, CanonicalInput in) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readInt(what);
    }
    return v;
  }

  private static long[] readLongs(int n, String what, CanonicalInput in) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readLong(what);
    }
    return v;
  }
}
