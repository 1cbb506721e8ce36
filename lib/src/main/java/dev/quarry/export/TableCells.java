package dev.quarry.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
import tech.tablesaw.api.TextColumn;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;

/**
 * How the JSON and CSV cores write a table cell, one implementation per column type, chosen once
 * per column. The text of every value is fixed, so exports are byte-identical on every JDK:
 *
 * <ul>
 *   <li>doubles and floats: the shortest decimal that reads back to the same value (Jackson's
 *       Schubfach writer, not {@code Double.toString}, whose output changed in JDK 19); {@code
 *       Infinity} and {@code -Infinity} as such (JSON: as strings);
 *   <li>integers: decimal; booleans: {@code true}/{@code false};
 *   <li>instants: ISO-8601 in UTC ({@code 2013-11-25T10:00:00Z}, fractions only when non-zero);
 *       date-times {@code 2013-11-25T10:00:00}; dates {@code 2013-11-25}; times {@code 10:00:00};
 *   <li>missing values (Tablesaw's: NaN, the integer sentinels, null): JSON {@code null}, CSV an
 *       empty field.
 * </ul>
 */
abstract class TableCells {
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_TIME;

  final String name;

  /** The name as a JSON field name, quoted and encoded once. */
  final SerializedString jsonName;

  /** About how many bytes a value takes, for sizing the output of a batch. */
  final int width;

  private TableCells(String name, int width) {
    this.name = name;
    this.jsonName = new SerializedString(name);
    this.width = width;
  }

  /** Writes the cell as a JSON value (the field name is written by the caller). */
  abstract void json(JsonGenerator g, int row) throws IOException;

  /** Writes the cell as a CSV field, quoted if needed; nothing for a missing value. */
  abstract void csv(EncodedBytes out, int row);

  static String number(double value) {
    return NumberOutput.toString(value, true);
  }

  static String number(float value) {
    return NumberOutput.toString(value, true);
  }

  /** The cell writer of a column; built-in Tablesaw column types only. */
  static TableCells of(Column<?> column) {
    String name = column.name();
    if (column instanceof DoubleColumn c) {
      return new TableCells(name, 20) {
        @Override
        void json(JsonGenerator g, int row) throws IOException {
          double v = c.getDouble(row);
          if (Double.isNaN(v)) {
            g.writeNull();
          } else if (Double.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
          } else {
            g.writeNumber(v);
          }
        }

        @Override
        void csv(EncodedBytes out, int row) {
          double v = c.getDouble(row);
          if (!Double.isNaN(v)) {
            out.text(number(v));
          }
        }
      };
    }
    if (column instanceof FloatColumn c) {
      return new TableCells(name, 12) {
        @Override
        void json(JsonGenerator g, int row) throws IOException {
          float v = c.getFloat(row);
          if (Float.isNaN(v)) {
            g.writeNull();
          } else if (Float.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
          } else {
            g.writeNumber(v);
          }
        }

        @Override
        void csv(EncodedBytes out, int row) {
          float v = c.getFloat(row);
          if (!Float.isNaN(v)) {
            out.text(number(v));
          }
        }
      };
    }
    if (column instanceof IntColumn c) {
      return new TableCells(name, 11) {
        @Override
        void json(JsonGenerator g, int row) throws IOException {
          if (c.isMissing(row)) {
            g.writeNull();
          } else {
            g.writeNumber(c.getInt(row));
          }
        }

        @Override
        void csv(EncodedBytes out, int row) {
          if (!c.isMissing(row)) {
            out.text(Integer.toString(c.getInt(row)));
          }
        }
      };
    }
    if (column instanceof LongColumn c) {
      return new TableCells(name, 20) {
        @Override
        void json(JsonGenerator g, int row) throws IOException {
          if (c.isMissing(row)) {
            g.writeNull();
          } else {
            g.writeNumber(c.getLong(row));
          }
        }

        @Override
        void csv(EncodedBytes out, int row) {
          if (!c.isMissing(row)) {
            out.text(Long.toString(c.getLong(row)));
          }
        }
      };
    }
    if (column instanceof ShortColumn c) {
      return new TableCells(name, 6) {
        @Override
        void json(JsonGenerator g, int row) throws IOException {
          if (c.isMissing(row)) {
            g.writeNull();
          } else {
            g.writeNumber(c.getShort(row));
          }
        }

        @Override
        void csv(EncodedBytes out, int row) {
          if (!c.isMissing(row)) {
            out.text(Short.toString(c.getShort(row)));
          }
        }
      };
    }
    if (column instanceof BooleanColumn c) {
      return new TableCells(name, 5) {
        @Override
        void json(JsonGenerator g, int row) throws IOException {
          if (c.isMissing(row)) {
            g.writeNull();
          } else {
            g.writeBoolean(c.get(row));
          }
        }

        @Override
        void csv(EncodedBytes out, int row) {
          if (!c.isMissing(row)) {
            out.text(c.get(row) ? "true" : "false");
          }
        }
      };
    }
    if (column instanceof StringColumn || column instanceof TextColumn) {
      return new Text(
          name, 16, true, row -> column.isMissing(row) ? null : (String) column.get(row));
    }
    // Temporal texts never hold a comma, a quote or a line end: written without the CSV scan.
    if (column instanceof InstantColumn c) {
      return new Instants(name, c);
    }
    if (column instanceof DateTimeColumn c) {
      return new Text(
          name, 26, false, row -> c.isMissing(row) ? null : DATE_TIME.format(c.get(row)));
    }
    if (column instanceof DateColumn c) {
      return new Text(name, 10, false, row -> c.isMissing(row) ? null : c.get(row).toString());
    }
    if (column instanceof TimeColumn c) {
      return new Text(name, 15, false, row -> c.isMissing(row) ? null : TIME.format(c.get(row)));
    }
    throw new IllegalArgumentException(
        "column '"
            + name
            + "' has type "
            + column.type()
            + ", which has no JSON or CSV mapping; convert it to a built-in Tablesaw column type");
  }

  /** Instants, with {@link InstantText} instead of {@code Instant.toString()} (same text). */
  private static final class Instants extends TableCells {
    private final InstantColumn column;
    private final InstantText text = new InstantText();

    Instants(String name, InstantColumn column) {
      super(name, 22);
      this.column = column;
    }

    @Override
    void json(JsonGenerator g, int row) throws IOException {
      if (column.isMissing(row)) {
        g.writeNull();
        return;
      }
      Instant v = column.get(row);
      int length = text.format(v);
      if (length < 0) {
        g.writeString(v.toString());
      } else {
        g.writeString(text.chars, 0, length);
      }
    }

    @Override
    void csv(EncodedBytes out, int row) {
      if (column.isMissing(row)) {
        return;
      }
      Instant v = column.get(row);
      int length = text.format(v);
      if (length < 0) {
        out.text(v.toString());
      } else {
        out.ascii(text.chars, length);
      }
    }
  }

  /** A cell whose value is text: JSON strings, CSV fields quoted when they need it. */
  private static final class Text extends TableCells {
    private final boolean mayNeedQuotes;
    private final java.util.function.IntFunction<String> value;

    Text(
        String name,
        int width,
        boolean mayNeedQuotes,
        java.util.function.IntFunction<String> value) {
      super(name, width);
      this.mayNeedQuotes = mayNeedQuotes;
      this.value = value;
    }

    @Override
    void json(JsonGenerator g, int row) throws IOException {
      String v = value.apply(row);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeString(v);
      }
    }

    @Override
    void csv(EncodedBytes out, int row) {
      String v = value.apply(row);
      if (v != null) {
        out.text(mayNeedQuotes ? csvField(v) : v);
      }
    }
  }

  /**
   * RFC 4180: a field containing a comma, a double quote, CR or LF is quoted, and its quotes
   * doubled; so is an empty string, to tell it from a missing value.
   */
  static String csvField(String v) {
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char ch = v.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
