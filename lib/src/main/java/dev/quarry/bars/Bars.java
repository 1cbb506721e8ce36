package dev.quarry.bars;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.instant.PackedInstant;
import tech.tablesaw.columns.times.PackedLocalTime;

/**
 * The bar schema and the trades → OHLCV aggregation.
 *
 * <p>A bar table has a UTC {@code timestamp} ({@link InstantColumn}, the bar's start) and {@code
 * open, high, low, close, volume} doubles, in time order. A trades table has {@code timestamp},
 * {@code price} and {@code amount}.
 */
public final class Bars {
  /** Column holding the bar's start (or the trade's time). */
  public static final String TIMESTAMP = "timestamp";

  /** Price columns and volume, in schema order. */
  public static final String OPEN = "open";

  /** Highest trade price in the bar. */
  public static final String HIGH = "high";

  /** Lowest trade price in the bar. */
  public static final String LOW = "low";

  /** Last trade price in the bar. */
  public static final String CLOSE = "close";

  /** Sum of traded amounts in the bar. */
  public static final String VOLUME = "volume";

  /** Trade price column of a trades table. */
  public static final String PRICE = "price";

  /** Trade amount column of a trades table. */
  public static final String AMOUNT = "amount";

  /** The bar columns, in the store's order: timestamp, open, high, low, close, volume. */
  public static final List<String> COLUMNS = List.of(TIMESTAMP, OPEN, HIGH, LOW, CLOSE, VOLUME);

  private Bars() {}

  /**
   * Creates an empty bar table with the standard schema.
   *
   * @param name the table name
   * @return an empty table with timestamp, open, high, low, close, volume
   */
  public static Table empty(String name) {
    return Table.create(
        name,
        InstantColumn.create(TIMESTAMP),
        DoubleColumn.create(OPEN),
        DoubleColumn.create(HIGH),
        DoubleColumn.create(LOW),
        DoubleColumn.create(CLOSE),
        DoubleColumn.create(VOLUME));
  }

  /**
   * The instants of a column as epoch milliseconds, without building an {@code Instant} per row
   * (Tablesaw packs each instant as a date and a time of day; {@code asEpochMillisArray} goes
   * through {@code LocalDateTime}s).
   *
   * @param column the column, without missing values
   * @return epoch milliseconds, one per row
   * @throws IllegalArgumentException naming the first row without a value
   */
  public static long[] epochMillis(InstantColumn column) {
    int n = column.size();
    long[] millis = new long[n];
    int lastDate = 0;
    long lastDayMillis = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long packed = column.getLongInternal(i);
      if (InstantColumn.valueIsMissing(packed)) {
        throw new IllegalArgumentException(
            "column '" + column.name() + "' has no value at row " + i);
      }
      int date = PackedInstant.date(packed);
      if (date != lastDate || lastDayMillis == Long.MIN_VALUE) {
        lastDate = date; // bars of one day share the date: convert it once
        lastDayMillis = PackedLocalDate.toEpochDay(date) * 86_400_000L;
      }
      // A packed time of day is (hour, minute, millisecond of the minute): its millisecond of the
      // day is exact in ints, the same as toNanoOfDay / 1e6 without the long arithmetic.
      int time = PackedInstant.time(packed);
      millis[i] =
          lastDayMillis
              + PackedLocalTime.getHour(time) * 3_600_000
              + PackedLocalTime.getMinute(time) * 60_000
              + PackedLocalTime.getMillisecondOfMinute(time);
    }
    return millis;
  }

  /**
   * Parses a timeframe such as {@code 30s}, {@code 1m}, {@code 15m}, {@code 1h} or {@code 1d}.
   *
   * @param text a positive count followed by {@code s}, {@code m}, {@code h} or {@code d}
   * @return the duration
   * @throws IllegalArgumentException if the text is not a timeframe
   */
  public static Duration timeframe(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([1-9][0-9]{0,5})([smhd])").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "timeframe '" + text + "' is not a count and a unit (s, m, h, d), e.g. 1m, 15m, 1h, 1d");
    }
    long count = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(count);
      case "m" -> Duration.ofMinutes(count);
      case "h" -> Duration.ofHours(count);
      default -> Duration.ofDays(count);
    };
  }

  /**
   * Aggregates trades into OHLCV bars of a fixed timeframe.
   *
   * <p>A trade at time t belongs to the bar starting at t rounded down to a multiple of the
   * timeframe since the epoch (UTC). Open is the bar's first trade price, close its last, high and
   * low the extremes, volume the sum of amounts. Intervals without trades produce no bar. Trades
   * must be in time order (equal times keep their order). The rules are those of {@link TradeBars},
   * which builds the same bars from a stream of trades.
   *
   * @param trades a table with {@code timestamp} (Instant), {@code price} and {@code amount}
   * @param timeframe the bar length, a whole number of seconds, at least one second
   * @return the bars, in time order, named after the trades table
   * @throws IllegalArgumentException if a column is missing, the trades are out of order, a price
   *     or amount is not finite, or the timeframe is not a positive whole number of seconds
   */
  public static Table fromTrades(Table trades, Duration timeframe) {
    Table bars = empty(trades.name());
    InstantColumn barTime = bars.instantColumn(TIMESTAMP);
    DoubleColumn open = bars.doubleColumn(OPEN);
    DoubleColumn high = bars.doubleColumn(HIGH);
    DoubleColumn low = bars.doubleColumn(LOW);
    DoubleColumn close = bars.doubleColumn(CLOSE);
    DoubleColumn volume = bars.doubleColumn(VOLUME);
    TradeBars builder =
        new TradeBars(
            timeframe,
            (start, o, h, l, c, v) -> {
              barTime.append(Instant.ofEpochMilli(start));
              open.append(o);
              high.append(h);
              low.append(l);
              close.append(c);
              volume.append(v);
            });
    InstantColumn time = trades.instantColumn(TIMESTAMP);
    DoubleColumn price = trades.doubleColumn(PRICE);
    DoubleColumn amount = trades.doubleColumn(AMOUNT);
    for (int row = 0; row < trades.rowCount(); row++) {
      Instant at = time.get(row);
      if (at == null) {
        throw new IllegalArgumentException("trade at row " + row + " has a missing time");
      }
      try {
        builder.add(at.toEpochMilli(), price.getDouble(row), amount.getDouble(row));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "trade at row " + row + " (" + at + "): " + e.getMessage(), e);
      }
    }
    builder.flush();
    return bars;
  }

  /**
   * The bars' spacing: the smallest gap between consecutive starts. Bars of a timeframe are never
   * closer than it, so this is the timeframe, or a multiple of it when every bar has gaps; a
   * backtest treats it as the bars' length, which can only deliver a bar late, never early.
   *
   * @param bars a bar table in time order, with at least two rows
   * @return the smallest gap
   * @throws IllegalArgumentException if there are fewer than two bars, or two starts are not
   *     increasing (naming the row)
   */
  public static Duration spacing(Table bars) {
    long[] t = epochMillis(bars.instantColumn(TIMESTAMP));
    if (t.length < 2) {
      throw new IllegalArgumentException(
          "table '"
              + bars.name()
              + "' has "
              + t.length
              + " bar(s): the timeframe cannot be inferred from fewer than two; give it explicitly");
    }
    long min = Long.MAX_VALUE;
    for (int i = 1; i < t.length; i++) {
      long gap = t[i] - t[i - 1];
      if (gap <= 0) {
        throw new IllegalArgumentException(
            "table '"
                + bars.name()
                + "': the bar at row "
                + i
                + " ("
                + Instant.ofEpochMilli(t[i])
                + ") does not start after the one before; sort the bars and drop duplicates");
      }
      min = Math.min(min, gap);
    }
    return Duration.ofMillis(min);
  }

  /**
   * The length of {@link #resample}'s buckets, checked.
   *
   * @param base the base bars' timeframe
   * @param timeframe the new timeframe
   * @return {@code timeframe} in milliseconds
   * @throws IllegalArgumentException if {@code timeframe} is not a whole multiple of {@code base},
   *     or either is not a positive whole number of seconds
   */
  public static long resampleBucket(Duration base, Duration timeframe) {
    long step = TradeBars.stepMillis(base);
    long bucket = TradeBars.stepMillis(timeframe);
    if (bucket % step != 0) {
      throw new IllegalArgumentException(
          "cannot resample "
              + base
              + " bars to "
              + timeframe
              + ": the new timeframe must be a whole multiple of the base one");
    }
    return bucket;
  }

  /**
   * Resamples bars to a longer timeframe (SPEC §12): buckets aligned to multiples of {@code
   * timeframe} since the epoch (UTC, so days start at 00:00 UTC), open = first open, high = max,
   * low = min, close = last close, volume = sum; buckets without bars give no bar. The last bucket
   * is dropped when it is incomplete: when the last base bar ends before the bucket does.
   *
   * @param bars base bars in time order ({@link #COLUMNS})
   * @param base the base bars' timeframe
   * @param timeframe the new timeframe, a whole multiple of {@code base}
   * @return the resampled bars, named {@code <name>@<timeframe>}
   * @throws IllegalArgumentException if {@code timeframe} is not a multiple of {@code base}, or the
   *     bars are not in time order
   */
  public static Table resample(Table bars, Duration base, Duration timeframe) {
    long step = TradeBars.stepMillis(base);
    long bucket = resampleBucket(base, timeframe);
    long[] t = epochMillis(bars.instantColumn(TIMESTAMP));
    double[] o = bars.doubleColumn(OPEN).asDoubleArray();
    double[] h = bars.doubleColumn(HIGH).asDoubleArray();
    double[] l = bars.doubleColumn(LOW).asDoubleArray();
    double[] c = bars.doubleColumn(CLOSE).asDoubleArray();
    double[] v = bars.doubleColumn(VOLUME).asDoubleArray();
    Table out = empty(bars.name() + "@" + timeframe);
    int i = 0;
    while (i < t.length) {
      long start = Math.floorDiv(t[i], bucket) * bucket;
      long end = start + bucket;
      double open = o[i];
      double high = h[i];
      double low = l[i];
      double volume = 0;
      int last = i;
      for (; i < t.length && t[i] < end; i++) {
        if (i > last && t[i] <= t[i - 1]) {
          throw new IllegalArgumentException(
              "table '" + bars.name() + "': bar at row " + i + " is not after the one before");
        }
        high = Math.max(high, h[i]);
        low = Math.min(low, l[i]);
        volume += v[i];
        last = i;
      }
      if (i == t.length && t[last] + step < end) {
        break; // the data ends inside this bucket: it is not complete, so it is not a bar yet
      }
      out.instantColumn(TIMESTAMP).append(Instant.ofEpochMilli(start));
      out.doubleColumn(OPEN).append(open);
      out.doubleColumn(HIGH).append(high);
      out.doubleColumn(LOW).append(low);
      out.doubleColumn(CLOSE).append(c[last]);
      out.doubleColumn(VOLUME).append(volume);
    }
    return out;
  }
}
