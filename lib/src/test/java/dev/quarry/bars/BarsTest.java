package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

class BarsTest {
  private static Table trades(long[] seconds, double[] prices, double[] amounts) {
    InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
    for (long s : seconds) {
      time.append(Instant.ofEpochSecond(s));
    }
    return Table.create(
        "t",
        time,
        DoubleColumn.create(Bars.PRICE, prices),
        DoubleColumn.create(Bars.AMOUNT, amounts));
  }

  @Test
  void tradesAggregateIntoOhlcvBarsStartingOnTheTimeframeGrid() {
    // 60 is 00:01:00; trades at 00:01:05, 00:01:30, 00:01:59 → one bar; 00:03:00 → next bar (gap at
    // 00:02).
    Table bars =
        Bars.fromTrades(
            trades(
                new long[] {65, 90, 119, 180},
                new double[] {10, 12, 9, 11},
                new double[] {1, 2, 3, 0.5}),
            Duration.ofMinutes(1));
    assertEquals(2, bars.rowCount());
    assertEquals(Instant.ofEpochSecond(60), bars.instantColumn(Bars.TIMESTAMP).get(0));
    assertArrayEquals(new double[] {10, 11}, bars.doubleColumn(Bars.OPEN).asDoubleArray());
    assertArrayEquals(new double[] {12, 11}, bars.doubleColumn(Bars.HIGH).asDoubleArray());
    assertArrayEquals(new double[] {9, 11}, bars.doubleColumn(Bars.LOW).asDoubleArray());
    assertArrayEquals(new double[] {9, 11}, bars.doubleColumn(Bars.CLOSE).asDoubleArray());
    assertArrayEquals(new double[] {6, 0.5}, bars.doubleColumn(Bars.VOLUME).asDoubleArray());
  }

  @Test
  void outOfOrderTradesAndBadTimeframesAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Bars.fromTrades(
                trades(new long[] {90, 60}, new double[] {1, 1}, new double[] {1, 1}),
                Duration.ofMinutes(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Bars.fromTrades(
                trades(new long[] {60}, new double[] {Double.NaN}, new double[] {1}),
                Duration.ofMinutes(1)));
    assertThrows(IllegalArgumentException.class, () -> Bars.timeframe("1x"));
    assertThrows(IllegalArgumentException.class, () -> Bars.timeframe("0m"));
    assertEquals(Duration.ofMinutes(15), Bars.timeframe("15m"));
    assertEquals(Duration.ofDays(1), Bars.timeframe("1d"));
  }

  @Test
  void theStreamingBuilderHandsOverABarWhenATradeOfALaterBarArrives() {
    List<String> bars = new ArrayList<>();
    TradeBars minutes =
        new TradeBars(
            Duration.ofMinutes(1),
            (start, o, h, l, c, v) ->
                bars.add(start + ":" + o + "/" + h + "/" + l + "/" + c + "/" + v));
    minutes.add(-30_000, 5, 1); // before the epoch: the bar starts at -60 s
    minutes.add(65_000, 10, 1);
    assertEquals(List.of("-60000:5.0/5.0/5.0/5.0/1.0"), bars);
    minutes.add(90_000, 12, 2);
    minutes.add(119_999, 9, 3);
    assertEquals(1, bars.size(), "the minute at 60 s is not finished yet");
    assertTrue(minutes.building());
    minutes.add(180_000, 11, 0.5);
    assertEquals("60000:10.0/12.0/9.0/9.0/6.0", bars.get(1));
    assertTrue(minutes.flush());
    assertEquals("180000:11.0/11.0/11.0/11.0/0.5", bars.get(2));
    assertFalse(minutes.flush(), "nothing left to hand over");
    assertFalse(minutes.building());
  }

  @Test
  void theStreamingBuilderRejectsEarlierTradesAndNonFiniteValuesWithoutChangingItsBar() {
    List<Long> starts = new ArrayList<>();
    TradeBars minutes =
        new TradeBars(Duration.ofMinutes(1), (start, o, h, l, c, v) -> starts.add(start));
    minutes.add(90_000, 1, 1);
    IllegalArgumentException early =
        assertThrows(IllegalArgumentException.class, () -> minutes.add(89_999, 1, 1));
    assertEquals(
        "out of time order: it follows a later trade at 1970-01-01T00:01:30Z", early.getMessage());
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> minutes.add(95_000, 1, Double.NaN));
    assertEquals("non-finite price/amount (price 1.0, amount NaN)", nan.getMessage());
    minutes.add(90_000, 2, 1); // an equal time is in order
    minutes.flush();
    assertEquals(List.of(60_000L), starts);
    assertThrows(
        IllegalArgumentException.class,
        () -> new TradeBars(Duration.ofMillis(1500), (start, o, h, l, c, v) -> {}));
  }

  @Test
  void fromTradesSaysWhichRowIsWrongAndWhy() {
    IllegalArgumentException order =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Bars.fromTrades(
                    trades(new long[] {90, 60}, new double[] {1, 1}, new double[] {1, 1}),
                    Duration.ofMinutes(1)));
    assertEquals(
        "trade at row 1 (1970-01-01T00:01:00Z): out of time order: it follows a later trade at"
            + " 1970-01-01T00:01:30Z",
        order.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Bars.fromTrades(
                    trades(
                        new long[] {60, 61},
                        new double[] {1, Double.POSITIVE_INFINITY},
                        new double[] {1, 1}),
                    Duration.ofMinutes(1)));
    assertTrue(
        nan.getMessage().startsWith("trade at row 1 (1970-01-01T00:01:01Z): non-finite price"),
        nan.getMessage());
  }

  @Test
  void epochMillisReadsPackedInstantsExactly() {
    java.util.Random random = new java.util.Random(7);
    tech.tablesaw.api.InstantColumn c = tech.tablesaw.api.InstantColumn.create("t");
    for (int i = 0; i < 10_000; i++) {
      // 1900 to 2100, millisecond precision, negative epochs included
      c.append(Instant.ofEpochMilli(-2_208_988_800_000L + (long) (random.nextDouble() * 6.3e12)));
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(c.asEpochMillisArray(), Bars.epochMillis(c));
    c.appendMissing();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Bars.epochMillis(c));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("has no value at row 10000"), e.getMessage());
  }
}
