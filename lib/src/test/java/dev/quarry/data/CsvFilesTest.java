package dev.quarry.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class CsvFilesTest {
  private static InputStream csv(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final LongConsumer NO_PROGRESS = bytes -> {};

  private static Table bars(String text) {
    return CsvFiles.readBars(csv(text), "bars.csv", NO_PROGRESS);
  }

  private static Table trades(String text) {
    return CsvFiles.readTrades(csv(text), "trades.csv", NO_PROGRESS);
  }

  private static String barsError(String text) {
    return assertThrows(IllegalArgumentException.class, () -> bars(text)).getMessage();
  }

  private static String tradesError(String text) {
    return assertThrows(IllegalArgumentException.class, () -> trades(text)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
    }
  }

  @Test
  void readsBarsInFileOrder() {
    Table t =
        bars(
            "timestamp,open,high,low,close,volume\n"
                + "2013-11-25T00:00:00Z,800,810,795,805,1.5\n"
                + "2013-11-25T00:01:00Z,805,806,800,801,2\n");
    assertEquals(
        List.of(Bars.TIMESTAMP, Bars.OPEN, Bars.HIGH, Bars.LOW, Bars.CLOSE, Bars.VOLUME),
        t.columnNames());
    assertEquals(2, t.rowCount());
    assertEquals(Instant.parse("2013-11-25T00:01:00Z"), t.instantColumn(Bars.TIMESTAMP).get(1));
    assertArrayEquals(new double[] {800, 805}, t.doubleColumn(Bars.OPEN).asDoubleArray());
    assertArrayEquals(new double[] {810, 806}, t.doubleColumn(Bars.HIGH).asDoubleArray());
    assertArrayEquals(new double[] {795, 800}, t.doubleColumn(Bars.LOW).asDoubleArray());
    assertArrayEquals(new double[] {805, 801}, t.doubleColumn(Bars.CLOSE).asDoubleArray());
    assertArrayEquals(new double[] {1.5, 2}, t.doubleColumn(Bars.VOLUME).asDoubleArray());
  }

  @Test
  void barsHeaderInAnyOrderAndCaseWithExtraColumns() {
    Table t =
        bars(
            "Volume,CLOSE,symbol,Low,High,Open,DATE\n"
                + "3,101,BTC,99,102,100,2013-11-25\n"
                + "4,103,BTC,100,104,101,2013-11-26\n");
    assertEquals(2, t.rowCount());
    assertEquals(Instant.parse("2013-11-26T00:00:00Z"), t.instantColumn(Bars.TIMESTAMP).get(1));
    assertArrayEquals(new double[] {100, 101}, t.doubleColumn(Bars.OPEN).asDoubleArray());
    assertArrayEquals(new double[] {102, 104}, t.doubleColumn(Bars.HIGH).asDoubleArray());
    assertArrayEquals(new double[] {99, 100}, t.doubleColumn(Bars.LOW).asDoubleArray());
    assertArrayEquals(new double[] {101, 103}, t.doubleColumn(Bars.CLOSE).asDoubleArray());
    assertArrayEquals(new double[] {3, 4}, t.doubleColumn(Bars.VOLUME).asDoubleArray());
  }

  @Test
  void timeColumnAliases() {
    for (String name : List.of("timestamp", "date", "time", "datetime", "Time", " DateTime ")) {
      Table t = bars(name + ",open,high,low,close,volume\n1385337600,1,2,0.5,1.5,10\n");
      assertEquals(
          Instant.parse("2013-11-25T00:00:00Z"), t.instantColumn(Bars.TIMESTAMP).get(0), name);
    }
  }

  @Test
  void mixedTimestampFormsInOneFile() {
    Table t =
        bars(
            "timestamp,open,high,low,close,volume\n"
                + "1385337600,1,1,1,1,1\n"
                + "1385337660000,1,1,1,1,1\n"
                + "2013-11-25 00:02:00,1,1,1,1,1\n"
                + "2013-11-25T01:03:00+01:00,1,1,1,1,1\n");
    assertEquals(Instant.parse("2013-11-25T00:00:00Z"), t.instantColumn(Bars.TIMESTAMP).get(0));
    assertEquals(Instant.parse("2013-11-25T00:01:00Z"), t.instantColumn(Bars.TIMESTAMP).get(1));
    assertEquals(Instant.parse("2013-11-25T00:02:00Z"), t.instantColumn(Bars.TIMESTAMP).get(2));
    assertEquals(Instant.parse("2013-11-25T00:03:00Z"), t.instantColumn(Bars.TIMESTAMP).get(3));
  }

  @Test
  void readsTradesWithEveryAmountAlias() {
    for (String amount : List.of("amount", "volume", "size", "qty", "QTY", "Amount")) {
      Table t =
          trades(
              "price,"
                  + amount
                  + ",timestamp\n"
                  + "800.5,0.25,1385337600\n"
                  + "801,1.75,1385337601\n");
      assertEquals(List.of(Bars.TIMESTAMP, Bars.PRICE, Bars.AMOUNT), t.columnNames(), amount);
      assertArrayEquals(new double[] {800.5, 801}, t.doubleColumn(Bars.PRICE).asDoubleArray());
      assertArrayEquals(new double[] {0.25, 1.75}, t.doubleColumn(Bars.AMOUNT).asDoubleArray());
      assertEquals(Instant.ofEpochSecond(1385337601), t.instantColumn(Bars.TIMESTAMP).get(1));
    }
  }

  @Test
  void tradesTimeColumnAliases() {
    Table t = trades("Date,Price,Size\n2013-11-25,800,1\n");
    assertEquals(Instant.parse("2013-11-25T00:00:00Z"), t.instantColumn(Bars.TIMESTAMP).get(0));
  }

  @Test
  void quotedCellsAndCrlfLineEnds() {
    Table t =
        bars(
            "\"timestamp\",\"open\",\"high\",\"low\",\"close\",\"volume\"\r\n"
                + "\"2013-11-25T00:00:00Z\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\"\r\n");
    assertEquals(1, t.rowCount());
    assertEquals(2.0, t.doubleColumn(Bars.HIGH).get(0));
  }

  @Test
  void missingBarsColumnListsTheHeaderAndTheExpectedColumns() {
    String message = barsError("timestamp,open,high,low,volume\n2013-11-25,1,1,1,1\n");
    assertContains(
        message,
        "bars.csv",
        "no column close",
        "[timestamp, open, high, low, volume]",
        "timestamp,open,high,low,close,volume");
  }

  @Test
  void missingTimeColumnNamesItsAliases() {
    String message = barsError("when,open,high,low,close,volume\nx,1,1,1,1,1\n");
    assertContains(message, "timestamp / date / time", "[when, open, high, low, close, volume]");
  }

  @Test
  void missingTradesAmountColumnNamesItsAliases() {
    String message = tradesError("timestamp,price,quantity\n1385337600,800,1\n");
    assertContains(
        message,
        "trades.csv",
        "amount / volume / size / qty",
        "[timestamp, price, quantity]",
        "timestamp,price,amount");
  }

  @Test
  void nonNumberCellNamesFileLineAndColumn() {
    // Header is line 1, so the third data row is line 4.
    String message =
        barsError(
            "timestamp,open,high,low,close,volume\n"
                + "2013-11-25T00:00:00Z,1,2,0.5,1.5,10\n"
                + "2013-11-25T00:01:00Z,1,2,0.5,1.5,10\n"
                + "2013-11-25T00:02:00Z,1,2,0.5,abc,10\n"
                + "2013-11-25T00:03:00Z,1,2,0.5,1.5,10\n");
    assertContains(message, "bars.csv", "line 4", "column close", "'abc'", "not a number");
  }

  @Test
  void lineNumberIsTheFileLineOnTheFirstAndLastRow() {
    assertContains(
        barsError("timestamp,open,high,low,close,volume\n2013-11-25,x,1,1,1,1\n"),
        "line 2,",
        "column open");
    // no newline at the end of the file
    assertContains(
        barsError(
            "timestamp,open,high,low,close,volume\n2013-11-25,1,1,1,1,1\n2013-11-26,1,1,1,1,z"),
        "line 3,",
        "column volume");
  }

  @Test
  void lineNumberCountsBlankLinesAndCrlf() {
    assertContains(
        barsError(
            "timestamp,open,high,low,close,volume\r\n"
                + "2013-11-25,1,1,1,1,1\r\n"
                + "\r\n"
                + "2013-11-26,1,1,1,1,1\r\n"
                + "2013-11-27,1,1,1,1,-\r\n"),
        "line 5,",
        "column volume");
  }

  @Test
  void tradeNonNumberCellNamesLineAndColumn() {
    String message =
        tradesError("timestamp,price,qty\n1385337600,800,1\n1385337601,8O1,1\n1385337602,802,1\n");
    assertContains(message, "trades.csv", "line 3", "column price", "'8O1'");
  }

  @Test
  void badTimestampNamesLineColumnAndText() {
    String message =
        barsError("Date,open,high,low,close,volume\n2013-11-25,1,1,1,1,1\n25/11/2013,1,1,1,1,1\n");
    assertContains(message, "bars.csv", "line 3", "column Date", "'25/11/2013'");
  }

  @Test
  void missingCellNamesLineAndColumn() {
    assertContains(
        barsError("timestamp,open,high,low,close,volume\n2013-11-25,1,1,1,1\n"),
        "line 2",
        "column volume",
        "missing value");
    assertContains(
        barsError("timestamp,open,high,low,close,volume\n2013-11-25,1,,1,1,1\n"),
        "line 2",
        "column high",
        "missing value");
  }

  @Test
  void emptyFileIsRefused() {
    assertContains(barsError(""), "bars.csv", "empty", "timestamp,open,high,low,close,volume");
    assertContains(tradesError(""), "trades.csv", "empty", "timestamp,price,amount");
  }

  @Test
  void headerOnlyFileIsRefused() {
    assertContains(barsError("timestamp,open,high,low,close,volume\n"), "bars.csv", "no data rows");
    assertContains(tradesError("timestamp,price,amount"), "trades.csv", "no data rows");
  }

  @Test
  void progressEndsWithTheTotalByteCount() {
    String text =
        "timestamp,open,high,low,close,volume\n"
            + "2013-11-25T00:00:00Z,800,810,795,805,1.5\n"
            + "2013-11-25T00:01:00Z,805,806,800,801,2\n";
    List<Long> calls = new ArrayList<>();
    CsvFiles.readBars(csv(text), "bars.csv", calls::add);
    assertTrue(!calls.isEmpty(), "progress never called");
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, calls.get(calls.size() - 1));
  }

  @Test
  void progressReportsLargeFilesAlongTheWayInIncreasingOrder() {
    StringBuilder text = new StringBuilder("timestamp,price,amount\n");
    long t = 1385337600L;
    while (text.length() < 3 << 20) {
      text.append(t++).append(",800.25,0.125\n");
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    List<Long> calls = new ArrayList<>();
    Table trades = CsvFiles.readTrades(new ByteArrayInputStream(bytes), "big.csv", calls::add);
    assertEquals(t - 1385337600L, trades.rowCount());
    assertTrue(calls.size() >= 3, "expected a call about every megabyte, got " + calls);
    for (int i = 1; i < calls.size(); i++) {
      assertTrue(calls.get(i) >= calls.get(i - 1), calls.toString());
    }
    assertEquals(bytes.length, calls.get(calls.size() - 1));
  }

  @Test
  void javaNumberFormsAreRefusedWithLineAndColumn() {
    for (String form : List.of("0x1.4p3", "11d", "1e3f", "NaN", "Infinity", "1_000")) {
      String message =
          barsError(
              "timestamp,open,high,low,close,volume\n"
                  + "2013-11-25T00:00:00Z,800,810,795,805,1.5\n"
                  + "2013-11-25T00:01:00Z,805,"
                  + form
                  + ",800,801,2\n");
      assertContains(message, "bars.csv, line 3, column high", "'" + form + "'", "decimal");
    }
  }

  @Test
  void decimalNumbersWithSignPointAndExponentAreRead() {
    Table t =
        bars(
            "timestamp,open,high,low,close,volume\n"
                + "2013-11-25T00:00:00Z,+8e2,8.1E2,795.,.805e3,-0.0\n");
    assertArrayEquals(new double[] {800}, t.doubleColumn(Bars.OPEN).asDoubleArray());
    assertArrayEquals(new double[] {810}, t.doubleColumn(Bars.HIGH).asDoubleArray());
    assertArrayEquals(new double[] {805}, t.doubleColumn(Bars.CLOSE).asDoubleArray());
  }

  @Test
  void aLineWithMoreThan512FieldsSaysTooManyColumnsAndItsLine() {
    String wide = "2013-11-25T00:01:00Z,805,806,800,801,2" + ",x".repeat(600);
    String message =
        barsError(
            "timestamp,open,high,low,close,volume\n"
                + "2013-11-25T00:00:00Z,800,810,795,805,1.5\n"
                + wide
                + "\n");
    assertContains(message, "bars.csv, line 3", "too many columns (limit 512)");
    assertTrue(!message.contains("ArrayIndexOutOfBounds"), message);
  }

  @Test
  void timestampsOutsideTheYears0000To9999AreRefusedWithTheirLineBeforeATableWrapsThem() {
    for (String at :
        List.of("+12345-01-01T00:00:00Z", "-0001-12-31T00:00:00Z", "999999999999999")) {
      String message =
          barsError(
              "timestamp,open,high,low,close,volume\n"
                  + "2013-11-25T00:00:00Z,800,810,795,805,1.5\n"
                  + at
                  + ",805,806,800,801,2\n");
      assertContains(message, "bars.csv, line 3, column timestamp", "'" + at + "'", "0000 to 9999");
    }
  }
}
