package dev.quarry.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
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
}
