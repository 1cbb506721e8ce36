package dev.quarry.data;

import dev.quarry.bars.Bars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * The layouts of bar CSV files that {@code ingest --csv} reads, each turned into a bar table
 * ({@code timestamp,open,high,low,close,volume}, UTC).
 *
 * <ul>
 *   <li>{@code quarry}: Quarry's own bars CSV ({@link CsvFiles#readBars}), unchanged;
 *   <li>{@code binance}: Binance public-data klines (data.binance.vision): 12 columns {@code
 *       open_time,open,high,low,close,volume,close_time,quote_volume,trades,taker_buy_base,
 *       taker_buy_quote,ignore}, headerless (spot) or with that header line (futures); the open
 *       time is epoch milliseconds, or microseconds in spot files from 2025 on, told apart by
 *       magnitude (from 10<sup>15</sup> on it is microseconds);
 *   <li>{@code yahoo}: a Yahoo Finance daily download, header {@code Date,Open,High,Low,Close,Adj
 *       Close,Volume}, dates {@code YYYY-MM-DD}; rows Yahoo marks missing with {@code null} are
 *       refused with their line; adjusted, open/high/low/close are scaled by {@code Adj Close /
 *       Close};
 *   <li>{@code stooq}: a Stooq download, header {@code Date,Open,High,Low,Close,Volume} (daily,
 *       {@code YYYY-MM-DD}; {@code Volume} may be absent, for indices and currencies, then 0), an
 *       intraday variant with a {@code Time} column ({@code HH:MM:SS}) or a date-time in {@code
 *       Date} ({@code YYYY-MM-DD HH:MM:SS}), read in the given zone, and the bulk-pack header
 *       {@code <TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>, <OPENINT>} (dates
 *       {@code YYYYMMDD}, times {@code HHMMSS}; {@code PER} {@code D}, {@code W} or {@code M} rows
 *       are days);
 *   <li>{@code mapped}: any CSV, its columns named by {@code time=0,open=1,...} (indexes from 0 or
 *       header names); numeric times in a given unit, local date-times in a given zone.
 * </ul>
 *
 * <p>Dates without a time of day are always UTC midnight, the store's daily grid; date-times
 * without an offset are read in the zone. Every error names file, line, column and value.
 */
public abstract class CsvFormat {
  /** Names accepted by {@link #of}. */
  public static final List<String> NAMES = List.of("quarry", "binance", "yahoo", "stooq", "mapped");

  private static final String YAHOO_HEADER = "Date,Open,High,Low,Close,Adj Close,Volume";
  private static final List<String> BINANCE_COLUMNS =
      List.of(
          "open_time",
          "open",
          "high",
          "low",
          "close",
          "volume",
          "close_time",
          "quote_volume",
          "trades",
          "taker_buy_base",
          "taker_buy_quote",
          "ignore");
  private static final List<String> MAPPED_KEYS =
      List.of("time", "open", "high", "low", "close", "volume");

  /**
   * What a format may need besides the file.
   *
   * @param adjusted scale Yahoo prices by {@code Adj Close / Close}
   * @param columns the mapping {@code time=0,open=1,...}, or null
   * @param timeUnit the unit of numeric times in a mapped file, or null (seconds or milliseconds,
   *     by their number of digits: {@link Timestamps})
   * @param zone the zone of local date-times
   */
  public record Options(boolean adjusted, String columns, TimeUnit timeUnit, ZoneId zone) {
    /** Checks the zone. */
    public Options {
      Objects.requireNonNull(zone, "zone");
    }

    /**
     * The defaults: unadjusted, no mapping, times by digits, UTC.
     *
     * @return the options
     */
    public static Options defaults() {
      return new Options(false, null, null, ZoneOffset.UTC);
    }

    /**
     * Parses a time unit name.
     *
     * @param text {@code s}, {@code ms}, {@code us} or {@code ns}
     * @return the unit
     * @throws IllegalArgumentException for any other text
     */
    public static TimeUnit timeUnit(String text) {
      switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "s":
          return TimeUnit.SECONDS;
        case "ms":
          return TimeUnit.MILLISECONDS;
        case "us":
        case "µs":
          return TimeUnit.MICROSECONDS;
        case "ns":
          return TimeUnit.NANOSECONDS;
        default:
          throw new IllegalArgumentException(
              "unknown time unit '" + text + "'; use s, ms, us or ns");
      }
    }

    /**
     * Parses a zone id.
     *
     * @param text such as {@code UTC} or {@code Europe/Paris}
     * @return the zone
     * @throws IllegalArgumentException naming the text if it is no zone
     */
    public static ZoneId zone(String text) {
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "unknown time zone '" + text + "'; use a region id such as Europe/Paris, or UTC", e);
      }
    }
  }

  /** A format picked from a file's first lines, and why. */
  public record Detection(CsvFormat format, String reason) {}

  CsvFormat() {}

  /**
   * Returns the format's name, as {@code --format} takes it.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * Reads a file of this format into bars.
   *
   * @param in the CSV (UTF-8); not closed
   * @param fileName the file's name, for messages
   * @param progress receives the bytes read so far
   * @return a bar table in file order
   * @throws IllegalArgumentException naming file, line, column and value on malformed input
   */
  public abstract Table readBars(InputStream in, String fileName, LongConsumer progress);

  /**
   * Reads a file of this format into bars.
   *
   * @param file the CSV (UTF-8)
   * @param progress receives the bytes read so far
   * @return a bar table in file order, named after the file
   * @throws IllegalArgumentException if the file is missing or unreadable, or on malformed input
   */
  public Table readBars(Path file, LongConsumer progress) {
    try (InputStream in = Files.newInputStream(file)) {
      return readBars(in, file.getFileName().toString(), progress);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name();
  }

  /**
   * Quarry's own bars CSV.
   *
   * @return the format
   */
  public static CsvFormat quarry() {
    return new Quarry();
  }

  /**
   * Binance public-data klines.
   *
   * @return the format
   */
  public static CsvFormat binance() {
    return new Binance();
  }

  /**
   * A Yahoo Finance daily download.
   *
   * @param adjusted scale open/high/low/close by {@code Adj Close / Close}
   * @return the format
   */
  public static CsvFormat yahoo(boolean adjusted) {
    return new Yahoo(adjusted);
  }

  /**
   * A Stooq download.
   *
   * @param zone the zone of intraday times
   * @return the format
   */
  public static CsvFormat stooq(ZoneId zone) {
    return new Stooq(zone);
  }

  /**
   * Any CSV through a column mapping.
   *
   * @param columns {@code time=0,open=1,high=2,low=3,close=4,volume=5}: indexes from 0 or header
   *     names; volume may be left out (then 0)
   * @param timeUnit the unit of numeric times, or null (seconds or milliseconds by digits)
   * @param zone the zone of local date-times
   * @return the format
   * @throws IllegalArgumentException if the mapping is malformed
   */
  public static CsvFormat mapped(String columns, TimeUnit timeUnit, ZoneId zone) {
    return new Mapped(parseMapping(columns), timeUnit, zone);
  }

  /**
   * The format of a name.
   *
   * @param name one of {@link #NAMES}
   * @param options what the format needs
   * @return the format
   * @throws IllegalArgumentException for an unknown name, or {@code mapped} without columns
   */
  public static CsvFormat of(String name, Options options) {
    switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
      case "quarry":
        return quarry();
      case "binance":
        return binance();
      case "yahoo":
        return yahoo(options.adjusted());
      case "stooq":
        return stooq(options.zone());
      case "mapped":
        if (options.columns() == null) {
          throw new IllegalArgumentException(
              "--format mapped needs --columns, e.g. --columns"
                  + " time=0,open=1,high=2,low=3,close=4,volume=5");
        }
        return mapped(options.columns(), options.timeUnit(), options.zone());
      default:
        throw new IllegalArgumentException(
            "unknown format '" + name + "'; use auto, " + String.join(", ", NAMES));
    }
  }

  /**
   * Recognises a file's format from its first two lines: a mapping given is {@code mapped}; the
   * header {@code Date,Open,High,Low,Close,Adj Close,Volume} is Yahoo; 12 columns starting with
   * {@code open_time}, or headerless with a whole number first, are Binance; {@code Date,Open,...}
   * headers spelt as Stooq spells them (and its bulk {@code <TICKER>,<PER>,...}) are Stooq; any
   * other header is Quarry's own format. A headerless file that is not Binance is refused.
   *
   * @param file the CSV
   * @param options what the formats need
   * @return the format and why
   * @throws IllegalArgumentException if the file is missing, empty or not recognised
   */
  public static Detection detect(Path file, Options options) {
    if (options.columns() != null) {
      return new Detection(
          mapped(options.columns(), options.timeUnit(), options.zone()),
          "--columns " + options.columns());
    }
    List<String> lines = firstLines(file, 2);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(file + " is empty");
    }
    String first = lines.get(0).strip();
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1);
    }
    List<String> cells = new ArrayList<>();
    for (String cell : first.split(",", -1)) {
      cells.add(cell.strip().replace("\"", ""));
    }
    String joined = String.join(",", cells);
    if (joined.equalsIgnoreCase(YAHOO_HEADER)) {
      return new Detection(
          yahoo(options.adjusted()), "header " + YAHOO_HEADER + " (Yahoo Finance)");
    }
    if (cells.size() == 12 && cells.get(0).equalsIgnoreCase("open_time")) {
      return new Detection(binance(), "12 columns under the header open_time,... (Binance klines)");
    }
    if (cells.size() == 12 && cells.get(0).chars().allMatch(Character::isDigit)) {
      return new Detection(
          binance(),
          "no header, 12 columns starting with the whole number "
              + cells.get(0)
              + " (Binance klines, open time in "
              + (Binance.isMicros(cells.get(0)) ? "microseconds" : "milliseconds")
              + ")");
    }
    if (Stooq.isBulkHeader(cells)
        || List.of(
                "Date,Open,High,Low,Close,Volume",
                "Date,Open,High,Low,Close",
                "Date,Time,Open,High,Low,Close,Volume",
                "Date,Time,Open,High,Low,Close")
            .contains(joined)) {
      return new Detection(stooq(options.zone()), "header " + joined + " (Stooq)");
    }
    if (!cells.isEmpty() && (cells.get(0).isEmpty() || Character.isDigit(cells.get(0).charAt(0)))) {
      throw new IllegalArgumentException(
          file
              + " has no header line (its first line is '"
              + abbreviate(first)
              + "') and is not a Binance kline file (12 columns): say which column holds what,"
              + " e.g. --columns time=0,open=1,high=2,low=3,close=4,volume=5");
    }
    return new Detection(quarry(), "header " + abbreviate(joined) + " (Quarry's bars CSV)");
  }

  /**
   * Recognises the format of every file of a batch ({@link #detect(Path, Options)}); they must
   * agree.
   *
   * @param files the CSVs, at least one
   * @param options what the formats need
   * @return the first file's format and why, with the number of files when several
   * @throws IllegalArgumentException naming two files of different formats, or as {@link
   *     #detect(Path, Options)}
   */
  public static Detection detect(List<Path> files, Options options) {
    Detection first = null;
    for (Path file : files) {
      Detection found = detect(file, options);
      if (first == null) {
        first = found;
      } else if (!found.format().name().equals(first.format().name())) {
        throw new IllegalArgumentException(
            files.get(0)
                + " is "
                + first.format().name()
                + " but "
                + file
                + " is "
                + found.format().name()
                + " ("
                + found.reason()
                + "); ingest them separately, or pass --format");
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("no CSV file given");
    }
    return files.size() == 1
        ? first
        : new Detection(first.format(), first.reason() + "; all " + files.size() + " files");
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  private static List<String> firstLines(Path file, int count) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (lines.size() < count && (line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- shared helpers

  /** Growing bar columns. */
  static final class BarRows {
    private Instant[] times = new Instant[1024];
    private double[][] values = new double[5][1024];
    private int size;

    void add(Instant at, double open, double high, double low, double close, double volume) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        for (int i = 0; i < values.length; i++) {
          values[i] = Arrays.copyOf(values[i], size * 2);
        }
      }
      times[size] = at;
      values[0][size] = open;
      values[1][size] = high;
      values[2][size] = low;
      values[3][size] = close;
      values[4][size] = volume;
      size++;
    }

    Table table(String name) {
      if (size == 0) {
        throw new IllegalArgumentException(name + " has no data rows");
      }
      InstantColumn time = InstantColumn.create(Bars.TIMESTAMP, size);
      for (int i = 0; i < size; i++) {
        time.set(i, times[i]);
      }
      return Table.create(
          name,
          time,
          DoubleColumn.create(Bars.OPEN, Arrays.copyOf(values[0], size)),
          DoubleColumn.create(Bars.HIGH, Arrays.copyOf(values[1], size)),
          DoubleColumn.create(Bars.LOW, Arrays.copyOf(values[2], size)),
          DoubleColumn.create(Bars.CLOSE, Arrays.copyOf(values[3], size)),
          DoubleColumn.create(Bars.VOLUME, Arrays.copyOf(values[4], size)));
    }
  }

  static String cell(String[] row, int index) {
    return index >= 0 && index < row.length && row[index] != null ? row[index].strip() : null;
  }

  static String where(String file, long line, String column) {
    return file + ", line " + line + ", column " + column;
  }

  static String[] lower(String[] row) {
    String[] out = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      String c = row[i] == null ? "" : row[i].strip();
      if (i == 0 && c.startsWith("\uFEFF")) {
        c = c.substring(1);
      }
      out[i] = c.toLowerCase(Locale.ROOT);
    }
    return out;
  }

  static int indexOf(String[] header, String... names) {
    for (int i = 0; i < header.length; i++) {
      for (String name : names) {
        if (header[i].equals(name)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * A date ({@code YYYY-MM-DD}: UTC midnight), an ISO date-time with offset, or a local date-time
   * ({@code 2024-01-02 09:30:00} or with {@code T}) in the zone.
   */
  static Instant dateTime(String text, ZoneId zone) {
    String value = text.strip();
    if (value.length() == 10) {
      return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    String iso = value.replace(' ', 'T');
    if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
      return OffsetDateTime.parse(iso).toInstant();
    }
    return LocalDateTime.parse(iso).atZone(zone).toInstant();
  }

  // ---------------------------------------------------------------- formats

  /** Quarry's bars CSV. */
  static final class Quarry extends CsvFormat {
    @Override
    public String name() {
      return "quarry";
    }

    @Override
    public Table readBars(InputStream in, String fileName, LongConsumer progress) {
      return CsvFiles.readBars(in, fileName, progress);
    }
  }

  /** Binance public-data klines. */
  static final class Binance extends CsvFormat {
    /** From here on, an open time is microseconds (about the year 33658 as milliseconds). */
    static final long MICROS_FROM = 1_000_000_000_000_000L;

    /** Ten times later than any microsecond time of the store's years: nanoseconds or garbage. */
    static final long TOO_LARGE = 1_000_000_000_000_000_000L;

    static boolean isMicros(String digits) {
      return digits.length() >= 16;
    }

    @Override
    public String name() {
      return "binance";
    }

    @Override
    public Table readBars(InputStream in, String fileName, LongConsumer progress) {
      BarRows rows = new BarRows();
      CsvFiles.forEachRow(
          in,
          fileName,
          progress,
          (row, line) -> {
            String first = cell(row, 0);
            if (line == 1 && first != null && first.replace("\uFEFF", "").equals("open_time")) {
              return; // the futures files' header
            }
            if (row.length != 12) {
              throw new IllegalArgumentException(
                  fileName
                      + ", line "
                      + line
                      + ": "
                      + row.length
                      + " columns, but a Binance kline file has 12 ("
                      + String.join(",", BINANCE_COLUMNS)
                      + "); is this a kline file (not aggTrades or trades)? Otherwise pass"
                      + " --columns");
            }
            rows.add(
                openTime(first, fileName, line),
                CsvFiles.decimal(cell(row, 1), fileName, line, "open"),
                CsvFiles.decimal(cell(row, 2), fileName, line, "high"),
                CsvFiles.decimal(cell(row, 3), fileName, line, "low"),
                CsvFiles.decimal(cell(row, 4), fileName, line, "close"),
                CsvFiles.decimal(cell(row, 5), fileName, line, "volume"));
          });
      return rows.table(fileName);
    }

    private static Instant openTime(String text, String fileName, long line) {
      long value;
      try {
        if (text == null || text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
          throw new NumberFormatException();
        }
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            where(fileName, line, "open_time")
                + ": '"
                + text
                + "' is not an epoch time in milliseconds or microseconds; is this a Binance kline"
                + " file?",
            e);
      }
      if (value >= TOO_LARGE) {
        throw new IllegalArgumentException(
            where(fileName, line, "open_time")
                + ": '"
                + text
                + "' is too large for microseconds; Binance open times are milliseconds, or"
                + " microseconds from 2025");
      }
      Instant at =
          value >= MICROS_FROM
              ? Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000)
              : Instant.ofEpochMilli(value);
      try {
        return CsvFiles.inStoreYears(at, text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where(fileName, line, "open_time") + ": " + e.getMessage(), e);
      }
    }
  }

  /** A Yahoo Finance daily download. */
  static final class Yahoo extends CsvFormat {
    private final boolean adjusted;

    Yahoo(boolean adjusted) {
      this.adjusted = adjusted;
    }

    @Override
    public String name() {
      return "yahoo";
    }

    @Override
    public Table readBars(InputStream in, String fileName, LongConsumer progress) {
      BarRows rows = new BarRows();
      String[] names = YAHOO_HEADER.split(",");
      boolean[] header = {false};
      CsvFiles.forEachRow(
          in,
          fileName,
          progress,
          (row, line) -> {
            if (!header[0]) {
              String[] got = lower(row);
              if (!String.join(",", got).equals(YAHOO_HEADER.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                    fileName
                        + ", line "
                        + line
                        + ": the header is '"
                        + String.join(",", row)
                        + "', not Yahoo Finance's "
                        + YAHOO_HEADER
                        + "; pick another --format, or --columns");
              }
              header[0] = true;
              return;
            }
            for (int i = 0; i < names.length; i++) {
              if ("null".equalsIgnoreCase(cell(row, i))) {
                throw new IllegalArgumentException(
                    where(fileName, line, names[i])
                        + ": 'null': Yahoo has no prices for "
                        + cell(row, 0)
                        + " (a holiday or a gap in its data); delete that line, or download the"
                        + " file again, and ingest again");
              }
            }
            String date = cell(row, 0);
            Instant at;
            try {
              at =
                  LocalDate.parse(date == null ? "" : date)
                      .atStartOfDay()
                      .toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException(
                  where(fileName, line, "Date")
                      + ": '"
                      + date
                      + "' is not a date YYYY-MM-DD as Yahoo writes them",
                  e);
            }
            double open = CsvFiles.decimal(cell(row, 1), fileName, line, names[1]);
            double high = CsvFiles.decimal(cell(row, 2), fileName, line, names[2]);
            double low = CsvFiles.decimal(cell(row, 3), fileName, line, names[3]);
            double close = CsvFiles.decimal(cell(row, 4), fileName, line, names[4]);
            double adj = CsvFiles.decimal(cell(row, 5), fileName, line, names[5]);
            double volume = CsvFiles.decimal(cell(row, 6), fileName, line, names[6]);
            if (adjusted) {
              if (close == 0) {
                throw new IllegalArgumentException(
                    where(fileName, line, "Close")
                        + ": 0, so Adj Close / Close has no value; drop --adjusted or fix the line");
              }
              double factor = adj / close;
              open *= factor;
              high *= factor;
              low *= factor;
              close = adj;
            }
            rows.add(at, open, high, low, close, volume);
          });
      if (!header[0]) {
        throw new IllegalArgumentException(fileName + " is empty");
      }
      return rows.table(fileName);
    }
  }

  /** A Stooq download (daily, intraday with a Time column, or the bulk packs' layout). */
  static final class Stooq extends CsvFormat {
    private static final DateTimeFormatter BASIC_TIME = DateTimeFormatter.ofPattern("HHmmss");
    private final ZoneId zone;

    Stooq(ZoneId zone) {
      this.zone = zone;
    }

    static boolean isBulkHeader(List<String> cells) {
      return cells.size() >= 8
          && cells.get(0).equalsIgnoreCase("<TICKER>")
          && cells.get(1).equalsIgnoreCase("<PER>")
          && cells.get(2).equalsIgnoreCase("<DATE>");
    }

    @Override
    public String name() {
      return "stooq";
    }

    @Override
    public Table readBars(InputStream in, String fileName, LongConsumer progress) {
      BarRows rows = new BarRows();
      int[][] index = {null};
      String[][] header = {null};
      CsvFiles.forEachRow(
          in,
          fileName,
          progress,
          (row, line) -> {
            if (index[0] == null) {
              String[] names = lower(row);
              for (int i = 0; i < names.length; i++) {
                names[i] = names[i].replace("<", "").replace(">", "");
              }
              int[] at = {
                indexOf(names, "date"),
                indexOf(names, "time"),
                indexOf(names, "open"),
                indexOf(names, "high"),
                indexOf(names, "low"),
                indexOf(names, "close"),
                indexOf(names, "volume", "vol"),
                indexOf(names, "per")
              };
              if (at[0] < 0 || at[2] < 0 || at[3] < 0 || at[4] < 0 || at[5] < 0) {
                throw new IllegalArgumentException(
                    fileName
                        + ", line "
                        + line
                        + ": the header is '"
                        + String.join(",", row)
                        + "', not Stooq's Date,Open,High,Low,Close,Volume (or"
                        + " Date,Time,Open,...); pick another --format, or --columns");
              }
              index[0] = at;
              header[0] = row;
              return;
            }
            int[] at = index[0];
            String dateColumn = header[0][at[0]];
            String date = cell(row, at[0]);
            String per = cell(row, at[7]);
            String time = at[1] < 0 ? null : cell(row, at[1]);
            boolean daily =
                per != null && List.of("D", "W", "M").contains(per.toUpperCase(Locale.ROOT));
            Instant when;
            try {
              if (time == null && date != null && date.length() > 10) {
                rows.add(
                    dateTime(date, zone),
                    CsvFiles.decimal(cell(row, at[2]), fileName, line, header[0][at[2]]),
                    CsvFiles.decimal(cell(row, at[3]), fileName, line, header[0][at[3]]),
                    CsvFiles.decimal(cell(row, at[4]), fileName, line, header[0][at[4]]),
                    CsvFiles.decimal(cell(row, at[5]), fileName, line, header[0][at[5]]),
                    at[6] < 0
                        ? 0
                        : CsvFiles.decimal(cell(row, at[6]), fileName, line, header[0][at[6]]));
                return;
              }
              LocalDate day =
                  date != null && date.length() == 8
                      ? LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE)
                      : LocalDate.parse(date == null ? "" : date);
              if (time == null || daily) {
                when = day.atStartOfDay().toInstant(ZoneOffset.UTC);
              } else {
                LocalTime clock =
                    time.length() == 6 ? LocalTime.parse(time, BASIC_TIME) : LocalTime.parse(time);
                when = day.atTime(clock).atZone(zone).toInstant();
              }
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException(
                  where(fileName, line, dateColumn + (time == null ? "" : " and time"))
                      + ": '"
                      + date
                      + (time == null ? "" : " " + time)
                      + "' is not a Stooq date (YYYY-MM-DD or YYYYMMDD) and time (HH:MM:SS or"
                      + " HHMMSS)",
                  e);
            }
            rows.add(
                when,
                CsvFiles.decimal(cell(row, at[2]), fileName, line, header[0][at[2]]),
                CsvFiles.decimal(cell(row, at[3]), fileName, line, header[0][at[3]]),
                CsvFiles.decimal(cell(row, at[4]), fileName, line, header[0][at[4]]),
                CsvFiles.decimal(cell(row, at[5]), fileName, line, header[0][at[5]]),
                at[6] < 0
                    ? 0
                    : CsvFiles.decimal(cell(row, at[6]), fileName, line, header[0][at[6]]));
          });
      if (index[0] == null) {
        throw new IllegalArgumentException(fileName + " is empty");
      }
      return rows.table(fileName);
    }
  }

  /** Parses {@code time=0,open=1,...} into key → index or header name, in key order. */
  static Map<String, String> parseMapping(String columns) {
    String usage = "; expected e.g. --columns time=0,open=1,high=2,low=3,close=4,volume=5";
    if (columns == null || columns.isBlank()) {
      throw new IllegalArgumentException("--columns is empty" + usage);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String part : columns.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(
            "--columns: '" + part.strip() + "' is not key=column" + usage);
      }
      String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).strip();
      if (!MAPPED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "--columns: unknown key '" + key + "'; the keys are " + String.join(", ", MAPPED_KEYS));
      }
      if (map.put(key, value) != null) {
        throw new IllegalArgumentException("--columns: " + key + " is given twice");
      }
    }
    for (String key : List.of("time", "open", "high", "low", "close")) {
      if (!map.containsKey(key)) {
        throw new IllegalArgumentException(
            "--columns: no " + key + " column (volume may be left out: then 0)" + usage);
      }
    }
    return map;
  }

  /** Any CSV through a mapping. */
  static final class Mapped extends CsvFormat {
    private final Map<String, String> mapping;
    private final TimeUnit unit;
    private final ZoneId zone;

    Mapped(Map<String, String> mapping, TimeUnit unit, ZoneId zone) {
      this.mapping = mapping;
      this.unit = unit;
      this.zone = zone;
    }

    @Override
    public String name() {
      return "mapped";
    }

    private boolean byName() {
      return mapping.values().stream().anyMatch(v -> !v.chars().allMatch(Character::isDigit));
    }

    @Override
    public Table readBars(InputStream in, String fileName, LongConsumer progress) {
      BarRows rows = new BarRows();
      int[][] index = {null};
      String[][] labels = {null};
      CsvFiles.forEachRow(
          in,
          fileName,
          progress,
          (row, line) -> {
            if (index[0] == null) {
              index[0] = new int[MAPPED_KEYS.size()];
              labels[0] = new String[MAPPED_KEYS.size()];
              String[] names = lower(row);
              boolean header = byName();
              for (int k = 0; k < MAPPED_KEYS.size(); k++) {
                String value = mapping.get(MAPPED_KEYS.get(k));
                if (value == null) {
                  index[0][k] = -1;
                  continue;
                }
                if (value.chars().allMatch(Character::isDigit)) {
                  index[0][k] = Integer.parseInt(value);
                } else {
                  index[0][k] = indexOf(names, value.toLowerCase(Locale.ROOT));
                  if (index[0][k] < 0) {
                    throw new IllegalArgumentException(
                        fileName
                            + ": --columns "
                            + MAPPED_KEYS.get(k)
                            + "="
                            + value
                            + " but the header "
                            + Arrays.toString(row)
                            + " has no column "
                            + value);
                  }
                }
                labels[0][k] = MAPPED_KEYS.get(k) + " (column " + index[0][k] + ")";
              }
              // By indexes only: the first line is a header if its open cell is no number.
              if (header || !CsvFiles.isDecimal(cell(row, index[0][1]))) {
                return;
              }
            }
            int[] at = index[0];
            for (int k = 0; k < at.length; k++) {
              if (at[k] >= row.length) {
                throw new IllegalArgumentException(
                    fileName
                        + ", line "
                        + line
                        + ": "
                        + row.length
                        + " columns, but --columns "
                        + MAPPED_KEYS.get(k)
                        + "="
                        + at[k]
                        + " asks for column "
                        + at[k]
                        + " (counted from 0)");
              }
            }
            rows.add(
                time(cell(row, at[0]), fileName, line, labels[0][0]),
                CsvFiles.decimal(cell(row, at[1]), fileName, line, labels[0][1]),
                CsvFiles.decimal(cell(row, at[2]), fileName, line, labels[0][2]),
                CsvFiles.decimal(cell(row, at[3]), fileName, line, labels[0][3]),
                CsvFiles.decimal(cell(row, at[4]), fileName, line, labels[0][4]),
                at[5] < 0 ? 0 : CsvFiles.decimal(cell(row, at[5]), fileName, line, labels[0][5]));
          });
      if (index[0] == null) {
        throw new IllegalArgumentException(fileName + " is empty");
      }
      return rows.table(fileName);
    }

    private Instant time(String text, String fileName, long line, String column) {
      try {
        if (text == null || text.isEmpty()) {
          throw new IllegalArgumentException("empty timestamp");
        }
        Instant at;
        if (text.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
          at = unit == null ? Timestamps.parse(text) : epoch(text, unit);
        } else {
          try {
            at = dateTime(text, zone);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                "'"
                    + text
                    + "' is no date-time this reads: use ISO-8601 (2024-01-02T09:30:00,"
                    + " 2024-01-02 09:30:00, 2024-01-02, with an offset or in --timezone) or"
                    + " epoch numbers with --time-unit",
                e);
          }
        }
        return CsvFiles.inStoreYears(at, text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where(fileName, line, column) + ": " + e.getMessage(), e);
      }
    }

    private static Instant epoch(String text, TimeUnit unit) {
      try {
        int shift =
            switch (unit) {
              case MILLISECONDS -> 3;
              case MICROSECONDS -> 6;
              case NANOSECONDS -> 9;
              default -> 0;
            };
        BigDecimal seconds = new BigDecimal(text).movePointLeft(shift);
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos =
            seconds
                .subtract(whole)
                .movePointRight(9)
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
      } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
        throw new IllegalArgumentException(
            "cannot read '" + text + "' as epoch " + unit.toString().toLowerCase(Locale.ROOT), e);
      }
    }
  }
}
