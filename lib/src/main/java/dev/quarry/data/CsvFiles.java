package dev.quarry.data;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.quarry.bars.Bars;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongConsumer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * Reads bar and trade CSV files (SPEC section 8) into Tablesaw tables, streaming.
 *
 * <ul>
 *   <li>bars: a header with {@code timestamp} (or {@code date} / {@code time}), {@code open},
 *       {@code high}, {@code low}, {@code close}, {@code volume}, in any order;
 *   <li>trades: {@code timestamp} (or {@code date} / {@code time}), {@code price}, {@code amount}
 *       (or {@code volume} / {@code size} / {@code qty}).
 * </ul>
 *
 * <p>Header names are matched case-insensitively; timestamps are read by {@link Timestamps};
 * numbers must be decimal ({@code 1234.5}, {@code -0.5}, {@code 1.2e3}). A line has at most 512
 * fields. Every error names the file, the line and the column.
 */
public final class CsvFiles {
  private static final List<String> TIME_NAMES = List.of("timestamp", "date", "time", "datetime");
  private static final List<String> AMOUNT_NAMES = List.of("amount", "volume", "size", "qty");
  private static final long PROGRESS_STEP = 1 << 20;

  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  /** The most fields a line may have. */
  static final int MAX_COLUMNS = 512;

  /**
   * A decimal number: optional sign, digits with an optional point, optional exponent. Java's other
   * forms ({@code 0x1.4p3}, {@code 11d}, {@code 1e3f}, {@code NaN}) are refused.
   */
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CsvFiles() {}

  /**
   * Reads a bars CSV.
   *
   * @param in the CSV (UTF-8); not closed
   * @param name the file's name, for messages
   * @param progress receives the bytes read so far, about every megabyte and at the end
   * @return a bar table in file order (the store checks order and OHLCV rules on write)
   * @throws IllegalArgumentException naming file, line and column on malformed input
   */
  public static Table readBars(InputStream in, String name, LongConsumer progress) {
    Columns columns =
        read(
            in,
            name,
            progress,
            List.of(
                TIME_NAMES,
                List.of(Bars.OPEN),
                List.of(Bars.HIGH),
                List.of(Bars.LOW),
                List.of(Bars.CLOSE),
                List.of(Bars.VOLUME)));
    return Table.create(
        name,
        columns.time(Bars.TIMESTAMP),
        columns.numbers(0, Bars.OPEN),
        columns.numbers(1, Bars.HIGH),
        columns.numbers(2, Bars.LOW),
        columns.numbers(3, Bars.CLOSE),
        columns.numbers(4, Bars.VOLUME));
  }

  /**
   * Reads a trades CSV.
   *
   * @param in the CSV (UTF-8); not closed
   * @param name the file's name, for messages
   * @param progress receives the bytes read so far, about every megabyte and at the end
   * @return a trades table ({@code timestamp}, {@code price}, {@code amount}) in file order
   * @throws IllegalArgumentException naming file, line and column on malformed input
   */
  public static Table readTrades(InputStream in, String name, LongConsumer progress) {
    Columns columns =
        read(in, name, progress, List.of(TIME_NAMES, List.of(Bars.PRICE), AMOUNT_NAMES));
    return Table.create(
        name,
        columns.time(Bars.TIMESTAMP),
        columns.numbers(0, Bars.PRICE),
        columns.numbers(1, Bars.AMOUNT));
  }

  /**
   * Reads a bars CSV file.
   *
   * @param file the CSV (UTF-8)
   * @param progress receives the bytes read so far, about every megabyte and at the end
   * @return a bar table in file order, named after the file
   * @throws IllegalArgumentException if the file is missing or unreadable, or naming file, line and
   *     column on malformed input
   */
  public static Table readBars(Path file, LongConsumer progress) {
    return readFile(file, in -> readBars(in, file.getFileName().toString(), progress));
  }

  /**
   * Reads a trades CSV file.
   *
   * @param file the CSV (UTF-8)
   * @param progress receives the bytes read so far, about every megabyte and at the end
   * @return a trades table ({@code timestamp}, {@code price}, {@code amount}) in file order, named
   *     after the file
   * @throws IllegalArgumentException if the file is missing or unreadable, or naming file, line and
   *     column on malformed input
   */
  public static Table readTrades(Path file, LongConsumer progress) {
    return readFile(file, in -> readTrades(in, file.getFileName().toString(), progress));
  }

  private static Table readFile(Path file, Function<InputStream, Table> reader) {
    try (InputStream in = Files.newInputStream(file)) {
      return reader.apply(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parsed columns: times and a growing double array per numeric column. */
  private static final class Columns {
    Instant[] times = new Instant[1024];
    double[][] numbers;
    int size;

    Columns(int numeric) {
      numbers = new double[numeric][1024];
    }

    void grow() {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        for (int i = 0; i < numbers.length; i++) {
          numbers[i] = Arrays.copyOf(numbers[i], size * 2);
        }
      }
    }

    InstantColumn time(String name) {
      InstantColumn column = InstantColumn.create(name, size);
      for (int i = 0; i < size; i++) {
        column.set(i, times[i]);
      }
      return column;
    }

    DoubleColumn numbers(int index, String name) {
      return DoubleColumn.create(name, Arrays.copyOf(numbers[index], size));
    }
  }

  /** Receives the rows of a CSV, the first (header or data) included, with their line number. */
  interface RowHandler {
    void row(String[] row, long line);
  }

  /**
   * Streams a CSV's rows to a handler, skipping empty lines; malformed CSV is refused naming the
   * file and line.
   *
   * @return how many rows the handler received
   */
  static long forEachRow(InputStream raw, String name, LongConsumer progress, RowHandler handler) {
    CountingStream in = new CountingStream(raw, progress);
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(false);
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setIgnoreLeadingWhitespaces(true);
    settings.setIgnoreTrailingWhitespaces(true);
    settings.setMaxCharsPerColumn(4096);
    settings.setMaxColumns(MAX_COLUMNS);
    CsvParser parser = new CsvParser(settings);
    parser.beginParsing(new InputStreamReader(in, StandardCharsets.UTF_8));
    long rows = 0;
    try {
      String[] row;
      while ((row = parser.parseNext()) != null) {
        long line = parser.getContext().currentLine();
        if (row.length == 1 && (row[0] == null || row[0].isEmpty())) {
          continue;
        }
        handler.row(row, line);
        rows++;
      }
      progress.accept(in.count);
      return rows;
    } catch (TextParsingException e) {
      if (e.getCause() instanceof ArrayIndexOutOfBoundsException) {
        throw new IllegalArgumentException(
            name
                + ", line "
                + (e.getLineIndex() + 1)
                + ": too many columns (limit "
                + MAX_COLUMNS
                + "); is the delimiter a comma?",
            e);
      }
      throw new IllegalArgumentException(
          name
              + ", line "
              + e.getLineIndex()
              + ": malformed CSV ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")",
          e);
    } finally {
      parser.stopParsing();
    }
  }

  private static Columns read(
      InputStream raw, String name, LongConsumer progress, List<List<String>> wanted) {
    Columns columns = new Columns(wanted.size() - 1);
    String[][] header = new String[1][];
    int[][] index = new int[1][];
    forEachRow(
        raw,
        name,
        progress,
        (row, line) -> {
          if (header[0] == null) {
            header[0] = row;
            index[0] = locate(row, wanted, name);
            return;
          }
          columns.grow();
          columns.times[columns.size] = time(row, index[0][0], header[0], name, line);
          for (int i = 1; i < index[0].length; i++) {
            columns.numbers[i - 1][columns.size] = number(row, index[0][i], header[0], name, line);
          }
          columns.size++;
        });
    if (header[0] == null) {
      throw new IllegalArgumentException(
          name + " is empty; expected a header line with " + expected(wanted));
    }
    if (columns.size == 0) {
      throw new IllegalArgumentException(name + " has a header but no data rows");
    }
    return columns;
  }

  private static int[] locate(String[] header, List<List<String>> wanted, String name) {
    int[] index = new int[wanted.size()];
    for (int w = 0; w < wanted.size(); w++) {
      index[w] = -1;
      for (int h = 0; h < header.length && index[w] < 0; h++) {
        String cell = header[h] == null ? "" : header[h].trim().toLowerCase(Locale.ROOT);
        if (wanted.get(w).contains(cell)) {
          index[w] = h;
        }
      }
      if (index[w] < 0) {
        throw new IllegalArgumentException(
            name
                + ": no column "
                + String.join(" / ", wanted.get(w))
                + " in the header "
                + Arrays.toString(header)
                + "; expected "
                + expected(wanted));
      }
    }
    return index;
  }

  private static String expected(List<List<String>> wanted) {
    List<String> names = new ArrayList<>();
    wanted.forEach(w -> names.add(w.get(0)));
    return String.join(",", names);
  }

  private static Instant time(String[] row, int index, String[] header, String name, long line) {
    String cell = index < row.length ? row[index] : null;
    try {
      return inStoreYears(Timestamps.parse(cell), cell);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + ", line " + line + ", column " + header[index] + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses an instant outside the years 0000 to 9999 here, with its text: a table keeps years only
   * up to 32767 (later ones wrap around), and the store holds 0000 to 9999.
   */
  static Instant inStoreYears(Instant at, String cell) {
    if (at.isBefore(FIRST) || !at.isBefore(END)) {
      throw new IllegalArgumentException(
          "'"
              + cell
              + "' is "
              + at
              + ", outside the years 0000 to 9999; check the timestamp and its unit (epoch"
              + " seconds or milliseconds)");
    }
    return at;
  }

  private static double number(String[] row, int index, String[] header, String name, long line) {
    String cell = index < row.length ? row[index] : null;
    return decimal(cell, name, line, header[index]);
  }

  /** Whether the text is a number in decimal form (see the class comment). */
  static boolean isDecimal(String cell) {
    return cell != null && DECIMAL.matcher(cell).matches();
  }

  /** Reads a decimal number (see the class comment), or refuses it naming file, line and column. */
  static double decimal(String cell, String name, long line, String column) {
    if (cell == null || cell.isEmpty()) {
      throw new IllegalArgumentException(
          name + ", line " + line + ", column " + column + ": missing value");
    }
    try {
      if (!DECIMAL.matcher(cell).matches()) {
        throw new NumberFormatException(cell);
      }
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name
              + ", line "
              + line
              + ", column "
              + column
              + ": '"
              + cell
              + "' is not a number in decimal form (digits with an optional sign, point and exponent,"
              + " such as -12.5 or 1.25e3)",
          e);
    }
  }

  /** Counts bytes and reports progress about every megabyte. */
  private static final class CountingStream extends FilterInputStream {
    private final LongConsumer progress;
    long count;
    private long reported;

    CountingStream(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(long n) {
      count += n;
      if (count - reported >= PROGRESS_STEP) {
        reported = count;
        progress.accept(count);
      }
    }
  }
}
