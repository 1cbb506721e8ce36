package dev.quarry.bench;

import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteMode;
import dev.quarry.store.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

/**
 * SPEC §9, store: read one month out of five years of 1-minute bars vs reading all five years,
 * target: the month ≥ 50× faster.
 *
 * <p>Set-up writes five years of minutes (2020-01-01 to 2024-12-31, {@value #ROWS} rows, 60 monthly
 * partitions, snappy) once. Quarry: {@code store.read(id, monthStart, nextMonthStart)} for June
 * 2022 ({@value #MONTH_ROWS} rows), the same for the year 2022 ({@value #YEAR_ROWS} rows) and
 * {@code store.read(id)}, all columns into a Tablesaw table. References, same run, over the same
 * files through DuckDB's {@code read_parquet(..., hive_partitioning=true)}: {@code Rows} rows fetch
 * every row over JDBC into Java arrays (epoch millis and the five doubles; DuckDB keeps file order,
 * which is time order), {@code Aggregate} rows only compute {@code count(*), sum(close)} inside
 * DuckDB. The month query filters on the Hive keys {@code year} and {@code month}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class StoreReadBenchmark {
  static final int ROWS = 2_630_880;
  static final int MONTH_ROWS = 43_200;
  static final int YEAR_ROWS = 525_600;
  private static final DatasetId ID = new DatasetId("bench", "1m", "BTC-USD");
  private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
  private static final YearMonth MONTH = YearMonth.of(2022, 6);
  private static final Instant MONTH_START =
      MONTH.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Instant MONTH_END =
      MONTH.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final int YEAR = 2022;
  private static final Instant YEAR_START = Instant.parse(YEAR + "-01-01T00:00:00Z");
  private static final Instant YEAR_END = Instant.parse((YEAR + 1) + "-01-01T00:00:00Z");

  private Path dir;
  private BarStore store;
  private Connection duck;
  private String source;

  /** Holds one query's rows, as a JDBC client would keep them. */
  public static final class Columns {
    final long[] time;
    final double[] open;
    final double[] high;
    final double[] low;
    final double[] close;
    final double[] volume;
    int size;

    Columns(int capacity) {
      time = new long[capacity];
      open = new double[capacity];
      high = new double[capacity];
      low = new double[capacity];
      close = new double[capacity];
      volume = new double[capacity];
    }
  }

  /** Writes the five years once and checks that every reader sees the expected rows. */
  @Setup
  public void setUp() throws SQLException {
    dir = TempDirs.create("quarry-bench-store-read");
    store = BarStore.open(dir.resolve("store"));
    Table bars = MinuteBars.walk(ID.toString(), START, ROWS, 7);
    Checks.equal(
        Instant.parse("2024-12-31T23:59:00Z"),
        bars.instantColumn("timestamp").get(ROWS - 1),
        "last bar");
    Checks.count(
        60,
        store
            .write(ID, bars, WriteOptions.defaults().withMode(WriteMode.REPLACE))
            .partitionsWritten()
            .size(),
        "partitions written");
    Checks.count(MONTH_ROWS, readOneMonth().rowCount(), "Quarry rows in the month");
    Checks.count(YEAR_ROWS, readOneYear().rowCount(), "Quarry rows in the year");
    Checks.count(ROWS, readFiveYears().rowCount(), "Quarry rows in five years");

    source =
        "read_parquet('"
            + MinuteBars.sql(ID.directory(store.root()).resolve("*/*/*.parquet"))
            + "', hive_partitioning=true)";
    duck = DriverManager.getConnection("jdbc:duckdb:");
    MinuteBars.execute(duck, "SET TimeZone='UTC'");
    System.out.println(
        "\nDuckDB "
            + MinuteBars.stringValue(duck, "SELECT version()")
            + ", threads="
            + MinuteBars.stringValue(duck, "SELECT current_setting('threads')"));
    Columns month = referenceDuckDbMonthRows();
    Checks.count(MONTH_ROWS, month.size, "DuckDB rows in the month");
    Checks.count(MONTH_START.toEpochMilli(), month.time[0], "DuckDB's first bar in the month");
    Columns year = referenceDuckDbOneYearRows();
    Checks.count(YEAR_ROWS, year.size, "DuckDB rows in the year");
    Checks.count(YEAR_START.toEpochMilli(), year.time[0], "DuckDB's first bar in the year");
    Columns all = referenceDuckDbFiveYearsRows();
    Checks.count(ROWS, all.size, "DuckDB rows in five years");
    for (int i = 1; i < all.size; i++) {
      if (all.time[i] <= all.time[i - 1]) {
        throw new IllegalStateException("benchmark set-up check failed: DuckDB row order at " + i);
      }
    }
    Checks.count(MONTH_ROWS, referenceDuckDbMonthAggregate()[0], "DuckDB count in the month");
  }

  /** Closes DuckDB and deletes the store. */
  @TearDown
  public void tearDown() throws SQLException {
    duck.close();
    TempDirs.delete(dir);
  }

  /**
   * Quarry: one month, all columns.
   *
   * @return the month's bars
   */
  @Benchmark
  public Table readOneMonth() {
    return store.read(ID, MONTH_START, MONTH_END);
  }

  /**
   * Quarry: one year (2022, {@value #YEAR_ROWS} rows in 12 partitions), all columns.
   *
   * @return the year's bars
   */
  @Benchmark
  public Table readOneYear() {
    return store.read(ID, YEAR_START, YEAR_END);
  }

  /**
   * Quarry: the whole dataset, all columns.
   *
   * @return five years of bars
   */
  @Benchmark
  public Table readFiveYears() {
    return store.read(ID);
  }

  /**
   * Reference: DuckDB, the month's rows fetched into Java arrays.
   *
   * @return the rows
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public Columns referenceDuckDbMonthRows() throws SQLException {
    return rows(
        " WHERE year = " + MONTH.getYear() + " AND month = " + MONTH.getMonthValue(), MONTH_ROWS);
  }

  /**
   * Reference: DuckDB, the year's rows fetched into Java arrays.
   *
   * @return the rows
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public Columns referenceDuckDbOneYearRows() throws SQLException {
    return rows(" WHERE year = " + YEAR, YEAR_ROWS);
  }

  /**
   * Reference: DuckDB, all rows fetched into Java arrays.
   *
   * @return the rows
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public Columns referenceDuckDbFiveYearsRows() throws SQLException {
    return rows("", ROWS);
  }

  /**
   * Reference: DuckDB aggregates the month ({@code count(*), sum(close)}), nothing materialised.
   *
   * @return count and the bits of the sum
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public long[] referenceDuckDbMonthAggregate() throws SQLException {
    return aggregate(" WHERE year = " + MONTH.getYear() + " AND month = " + MONTH.getMonthValue());
  }

  /**
   * Reference: DuckDB aggregates five years ({@code count(*), sum(close)}).
   *
   * @return count and the bits of the sum
   * @throws SQLException if DuckDB fails
   */
  @Benchmark
  public long[] referenceDuckDbFiveYearsAggregate() throws SQLException {
    return aggregate("");
  }

  private Columns rows(String where, int capacity) throws SQLException {
    Columns c = new Columns(capacity);
    try (Statement st = duck.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT epoch_ms(timestamp), open, high, low, close, volume FROM "
                    + source
                    + where)) {
      int i = 0;
      while (rs.next()) {
        c.time[i] = rs.getLong(1);
        c.open[i] = rs.getDouble(2);
        c.high[i] = rs.getDouble(3);
        c.low[i] = rs.getDouble(4);
        c.close[i] = rs.getDouble(5);
        c.volume[i] = rs.getDouble(6);
        i++;
      }
      c.size = i;
    }
    return c;
  }

  private long[] aggregate(String where) throws SQLException {
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), sum(close) FROM " + source + where)) {
      rs.next();
      return new long[] {rs.getLong(1), Double.doubleToLongBits(rs.getDouble(2))};
    }
  }
}
