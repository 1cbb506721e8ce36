package dev.quarry.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import dev.quarry.store.WriteOptions;
import dev.quarry.store.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Fixtures follow each vendor's published layout. */
class CsvFormatTest {
  @TempDir Path dir;

  private static final CsvFormat.Options DEFAULTS = CsvFormat.Options.defaults();

  /** data.binance.vision spot klines: headerless, 12 columns, open time in ms (before 2025). */
  private static final String BINANCE_MS =
      "1704067200000,42283.58000000,42554.57000000,42261.02000000,42475.23000000,"
          + "1271.68108000,1704067259999,53957248.97378900,47134,682.57581000,"
          + "28957416.82022510,0\n"
          + "1704067260000,42475.23000000,42775.00000000,42475.22000000,42613.56000000,"
          + "1196.37856000,1704067319999,50984661.56210580,45938,803.03753000,"
          + "34226043.55219910,0\n";

  /** The same layout from 2025 on: open and close times in microseconds. */
  private static final String BINANCE_US =
      "1735689600000000,93576.00000000,93610.93000000,93537.50000000,93610.93000000,"
          + "8.21827000,1735689659999999,768978.11522100,1438,3.95532000,370120.06040260,0\n"
          + "1735689660000000,93610.93000000,93652.00000000,93606.38000000,93642.01000000,"
          + "10.12000000,1735689719999999,947652.09000000,1501,4.01000000,375511.00000000,0\n";

  /** A Yahoo Finance daily download, with a row Yahoo marks missing. */
  private static final String YAHOO =
      "Date,Open,High,Low,Close,Adj Close,Volume\n"
          + "2024-01-02,187.149994,188.440002,183.889999,185.639999,184.290421,82488700\n"
          + "2024-01-03,184.220001,185.880005,183.429993,184.250000,182.910522,58414500\n"
          + "2024-01-04,182.149994,183.089996,180.880005,181.910004,180.587524,71983600\n";

  private static final String STOOQ =
      "Date,Open,High,Low,Close,Volume\n"
          + "2024-01-02,187.15,188.44,183.885,185.64,8.24887e+07\n"
          + "2024-01-03,184.22,185.88,183.43,184.25,5.84145e+07\n";

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static Instant time(Table bars, int row) {
    return bars.instantColumn(Bars.TIMESTAMP).get(row);
  }

  private static double value(Table bars, String column, int row) {
    return bars.doubleColumn(column).getDouble(row);
  }

  @Test
  void binanceMillisecondOpenTimes() throws IOException {
    Table bars = CsvFormat.binance().readBars(write("BTCUSDT-1m-2024-01.csv", BINANCE_MS), b -> {});
    assertEquals(2, bars.rowCount());
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), time(bars, 0));
    assertEquals(Instant.parse("2024-01-01T00:01:00Z"), time(bars, 1));
    assertEquals(42283.58, value(bars, Bars.OPEN, 0));
    assertEquals(42554.57, value(bars, Bars.HIGH, 0));
    assertEquals(42261.02, value(bars, Bars.LOW, 0));
    assertEquals(42475.23, value(bars, Bars.CLOSE, 0));
    assertEquals(1271.68108, value(bars, Bars.VOLUME, 0));
  }

  @Test
  void binanceMicrosecondOpenTimesAreToldApartByMagnitude() throws IOException {
    Table bars = CsvFormat.binance().readBars(write("BTCUSDT-1m-2025-01.csv", BINANCE_US), b -> {});
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), time(bars, 0));
    assertEquals(Instant.parse("2025-01-01T00:01:00Z"), time(bars, 1));
    assertEquals(93642.01, value(bars, Bars.CLOSE, 1));
  }

  @Test
  void binanceFuturesHeaderLineIsSkipped() throws IOException {
    Table bars =
        CsvFormat.binance()
            .readBars(
                write(
                    "um.csv",
                    "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
                        + "taker_buy_volume,taker_buy_quote_volume,ignore\n"
                        + BINANCE_MS),
                b -> {});
    assertEquals(2, bars.rowCount());
  }

  @Test
  void binanceRowWithTheWrongColumnCountNamesLineAndLayout() throws IOException {
    Path file = write("agg.csv", BINANCE_MS + "1704067320000,1,2,3\n");
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> CsvFormat.binance().readBars(file, b -> {}))
            .getMessage();
    assertTrue(message.contains("agg.csv, line 3: 4 columns"), message);
    assertTrue(message.contains("has 12"), message);
  }

  @Test
  void binanceBadNumberNamesFileLineColumnAndValue() throws IOException {
    Path file = write("bad.csv", BINANCE_MS.replace("42775.00000000", "42775,O0"));
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> CsvFormat.binance().readBars(file, b -> {}))
            .getMessage();
    assertTrue(message.contains("bad.csv, line 2"), message);
  }

  @Test
  void yahooDailyBars() throws IOException {
    Table bars = CsvFormat.yahoo(false).readBars(write("AAPL.csv", YAHOO), b -> {});
    assertEquals(3, bars.rowCount());
    assertEquals(Instant.parse("2024-01-02T00:00:00Z"), time(bars, 0));
    assertEquals(185.639999, value(bars, Bars.CLOSE, 0));
    assertEquals(82488700, value(bars, Bars.VOLUME, 0));
  }

  @Test
  void yahooNullRowIsRefusedWithItsLineAndWhatToDo() throws IOException {
    Path file =
        write(
            "AAPL-null.csv",
            YAHOO
                + "2024-01-05,null,null,null,null,null,null\n"
                + "2024-01-08,1,2,0.5,1.5,1.5,10\n");
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvFormat.yahoo(false).readBars(file, b -> {}))
            .getMessage();
    assertTrue(message.contains("AAPL-null.csv, line 5, column Open: 'null'"), message);
    assertTrue(message.contains("2024-01-05"), message);
    assertTrue(message.contains("delete that line"), message);
  }

  @Test
  void yahooAdjustedScalesOpenHighLowCloseByAdjCloseOverClose() throws IOException {
    Table bars = CsvFormat.yahoo(true).readBars(write("AAPL.csv", YAHOO), b -> {});
    double factor = 184.290421 / 185.639999;
    assertEquals(187.149994 * factor, value(bars, Bars.OPEN, 0), 1e-9);
    assertEquals(188.440002 * factor, value(bars, Bars.HIGH, 0), 1e-9);
    assertEquals(183.889999 * factor, value(bars, Bars.LOW, 0), 1e-9);
    assertEquals(184.290421, value(bars, Bars.CLOSE, 0), 1e-9);
    assertEquals(82488700, value(bars, Bars.VOLUME, 0));
  }

  @Test
  void stooqDailyBars() throws IOException {
    Table bars = CsvFormat.stooq(ZoneOffset.UTC).readBars(write("aapl_us_d.csv", STOOQ), b -> {});
    assertEquals(2, bars.rowCount());
    assertEquals(Instant.parse("2024-01-03T00:00:00Z"), time(bars, 1));
    assertEquals(8.24887e7, value(bars, Bars.VOLUME, 0));
  }

  @Test
  void stooqWithoutVolumeAndIntradayWithATimeColumn() throws IOException {
    Table fx =
        CsvFormat.stooq(ZoneOffset.UTC)
            .readBars(
                write("eurusd_d.csv", "Date,Open,High,Low,Close\n2024-01-02,1.1,1.2,1.0,1.15\n"),
                b -> {});
    assertEquals(0, value(fx, Bars.VOLUME, 0));
    Table intraday =
        CsvFormat.stooq(ZoneId.of("Europe/Warsaw"))
            .readBars(
                write(
                    "aapl_us_5.csv",
                    "Date,Time,Open,High,Low,Close,Volume\n"
                        + "2024-01-02,15:35:00,187.15,187.5,186.9,187.2,1000\n"),
                b -> {});
    assertEquals(Instant.parse("2024-01-02T14:35:00Z"), time(intraday, 0));
    Table inDate =
        CsvFormat.stooq(ZoneId.of("Europe/Warsaw"))
            .readBars(
                write(
                    "aapl_us_h.csv",
                    "Date,Open,High,Low,Close,Volume\n"
                        + "2024-01-02 16:00:00,187.15,187.5,186.9,187.2,1000\n"),
                b -> {});
    assertEquals(Instant.parse("2024-01-02T15:00:00Z"), time(inDate, 0));
  }

  @Test
  void mappedFileWithLocalTimesInATimezone() throws IOException {
    Path file =
        write(
            "export.csv",
            "Symbol;x,Heure,Ouverture,Haut,Bas,Cloture,Qte\n"
                + "CAC,2024-07-01 09:00:00,7600,7610,7590,7605,12\n"
                + "CAC,2024-07-01 09:01:00,7605,7620,7600,7615,8\n");
    CsvFormat format =
        CsvFormat.mapped(
            "time=Heure,open=Ouverture,high=Haut,low=Bas,close=Cloture,volume=Qte",
            null,
            ZoneId.of("Europe/Paris"));
    Table bars = format.readBars(file, b -> {});
    assertEquals(Instant.parse("2024-07-01T07:00:00Z"), time(bars, 0));
    assertEquals(7615, value(bars, Bars.CLOSE, 1));
    assertEquals(8, value(bars, Bars.VOLUME, 1));
  }

  @Test
  void mappedByIndexWithATimeUnitAndNoHeader() throws IOException {
    Path file =
        write("raw.csv", "1704067200000000,x,1,2,0.5,1.5\n1704067260000000,x,1.5,2,1,1.8\n");
    CsvFormat format =
        CsvFormat.mapped(
            "time=0,open=2,high=3,low=4,close=5", TimeUnit.MICROSECONDS, ZoneOffset.UTC);
    Table bars = format.readBars(file, b -> {});
    assertEquals(2, bars.rowCount());
    assertEquals(Instant.parse("2024-01-01T00:01:00Z"), time(bars, 1));
    assertEquals(0, value(bars, Bars.VOLUME, 1));
  }

  @Test
  void mappingErrorsSayWhatIsExpected() throws IOException {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvFormat.mapped("time=0,open=1", null, ZoneOffset.UTC))
            .getMessage()
            .contains("no high column"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvFormat.mapped("when=0,open=1,high=2,low=3,close=4", null, ZoneOffset.UTC))
            .getMessage()
            .contains("unknown key 'when'"));
    Path file = write("short.csv", "2024-01-02T00:00:00Z,1,2,0.5\n");
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    CsvFormat.mapped("time=0,open=1,high=2,low=3,close=4", null, ZoneOffset.UTC)
                        .readBars(file, b -> {}))
            .getMessage();
    assertTrue(message.contains("short.csv, line 1: 4 columns"), message);
  }

  @Test
  void autoDetectsEachFormatAndSaysWhy() throws IOException {
    assertEquals("binance", detect("b-ms.csv", BINANCE_MS).format().name());
    CsvFormat.Detection micro = detect("b-us.csv", BINANCE_US);
    assertEquals("binance", micro.format().name());
    assertTrue(micro.reason().contains("microseconds"), micro.reason());
    assertEquals("yahoo", detect("y.csv", YAHOO).format().name());
    assertEquals("stooq", detect("s.csv", STOOQ).format().name());
    assertEquals(
        "stooq",
        detect("s5.csv", "Date,Time,Open,High,Low,Close,Volume\n2024-01-02,15:35:00,1,2,0.5,1,1\n")
            .format()
            .name());
    assertEquals(
        "quarry",
        detect("q.csv", "timestamp,open,high,low,close,volume\n2024-01-02T00:00:00Z,1,2,0.5,1,1\n")
            .format()
            .name());
    Path mapped = write("m.csv", "a,b\n");
    assertEquals(
        "mapped",
        CsvFormat.detect(
                mapped,
                new CsvFormat.Options(
                    false, "time=0,open=1,high=1,low=1,close=1", null, ZoneOffset.UTC))
            .format()
            .name());
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> detect("n.csv", "1704067200,1,2,0.5,1\n"))
            .getMessage();
    assertTrue(message.contains("no header line"), message);
    assertTrue(message.contains("--columns"), message);
  }

  private CsvFormat.Detection detect(String name, String text) throws IOException {
    return CsvFormat.detect(write(name, text), DEFAULTS);
  }

  @Test
  void aFolderOfTwoBinanceFilesIsOneSeriesAndReingestingChangesNothing() throws IOException {
    write("klines/BTCUSDT-1m-2025-01-01.csv", BINANCE_US);
    write("klines/BTCUSDT-1m-2024-01-01.csv", BINANCE_MS);
    write("klines/notes.txt", "not a csv");
    List<Path> files = CsvInputs.resolve(List.of(dir.resolve("klines").toString()));
    assertEquals(2, files.size());
    assertTrue(files.get(0).toString().endsWith("2024-01-01.csv"), files.toString());
    assertEquals(
        files, CsvInputs.resolve(List.of(dir.resolve("klines/BTCUSDT-1m-202?-*.csv").toString())));

    long[] progress = {0};
    CsvSource source =
        CsvSource.bars(
            files, CsvFormat.binance(), "binance", "BTCUSDT", null, b -> progress[0] = b);
    assertEquals("1m", source.timeframe());
    Table bars = source.frame("BTCUSDT", "1m", TimeRange.all());
    assertEquals(4, bars.rowCount());
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), time(bars, 0));
    assertEquals(Instant.parse("2025-01-01T00:01:00Z"), time(bars, 3));
    assertEquals(source.size(), progress[0]);

    BarStore store = BarStore.open(dir.resolve("store"));
    DatasetId id = new DatasetId("binance", "1m", "BTCUSDT");
    WriteOptions options = WriteOptions.defaults().withDeduplicate(true);
    WriteResult first = store.write(id, bars, options);
    assertTrue(first.toString().contains("4 added"), first.toString());
    WriteResult again = store.write(id, source.frame("BTCUSDT", "1m", TimeRange.all()), options);
    assertTrue(again.toString().contains("0 added"), again.toString());
    assertTrue(again.toString().contains("4 duplicates dropped"), again.toString());
    assertTrue(again.toString().contains("dataset now 4 rows"), again.toString());
  }

  @Test
  void overlappingFilesOfABatchAreOneWriteWithTheRepeatsDropped() throws IOException {
    Path monthly = write("BTCUSDT-1m-2024-01.csv", BINANCE_MS);
    Path daily = write("BTCUSDT-1m-2024-01-01.csv", BINANCE_MS.lines().findFirst().get() + "\n");
    CsvSource source =
        CsvSource.bars(
            List.of(daily, monthly), CsvFormat.binance(), "binance", "BTCUSDT", "1m", b -> {});
    Table bars = source.frame("BTCUSDT", "1m", TimeRange.all());
    assertEquals(3, bars.rowCount());
    WriteResult result =
        BarStore.open(dir.resolve("store"))
            .write(
                new DatasetId("binance", "1m", "BTCUSDT"),
                bars,
                WriteOptions.defaults().withDeduplicate(true));
    assertTrue(result.toString().contains("2 added"), result.toString());
    assertTrue(result.toString().contains("1 duplicates dropped"), result.toString());
  }

  @Test
  void aBatchOfDifferentFormatsIsRefusedNamingBoth() throws IOException {
    Path binance = write("a.csv", BINANCE_MS);
    Path yahoo = write("b.csv", YAHOO);
    assertTrue(
        CsvFormat.detect(List.of(binance, write("c.csv", BINANCE_US)), DEFAULTS)
            .reason()
            .contains("all 2 files"));
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvFormat.detect(List.of(binance, yahoo), DEFAULTS))
            .getMessage();
    assertTrue(message.contains("a.csv is binance but " + yahoo + " is yahoo"), message);
    assertTrue(message.contains("ingest them separately"), message);
  }

  @Test
  void binanceBarsOffTheGridNameTheBarNotALine() throws IOException {
    Path file =
        write(
            "off.csv",
            "1704067200000,1,2,0.5,1,1,0,0,0,0,0,0\n1704067290000,1,2,0.5,1,1,0,0,0,0,0,0\n"
                + "1704067350000,1,2,0.5,1,1,0,0,0,0,0,0\n");
    CsvSource source =
        CsvSource.bars(List.of(file), CsvFormat.binance(), "binance", "X", "1m", b -> {});
    String message =
        assertThrows(IllegalArgumentException.class, () -> source.frame("X", "1m", TimeRange.all()))
            .getMessage();
    assertTrue(message.contains("(bar 2 in time order)"), message);
  }

  @Test
  void inputsThatGiveNoFileAreRefusedByName() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvInputs.resolve(List.of(dir.resolve("empty").toString())))
            .getMessage()
            .contains("no *.csv file in the folder"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvInputs.resolve(List.of(dir.resolve("x-*.csv").toString())))
            .getMessage()
            .contains("no file matches"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvInputs.resolve(List.of(dir.resolve("none.csv").toString())))
            .getMessage()
            .contains("no such file"));
  }
}
