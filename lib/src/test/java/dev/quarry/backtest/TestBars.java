package dev.quarry.backtest;

import dev.quarry.bars.Bars;
import java.time.Instant;
import tech.tablesaw.api.Table;

/** Small bar tables for tests, and result tables as text. */
final class TestBars {
  private TestBars() {}

  /**
   * Bars from {open, high, low, close} rows, volume 1.
   *
   * @param start first bar's start, epoch ms
   * @param step spacing, ms
   * @param ohlc the prices
   * @return the table
   */
  static Table of(long start, long step, double[][] ohlc) {
    Table t = Bars.empty("bars");
    for (int i = 0; i < ohlc.length; i++) {
      t.instantColumn(Bars.TIMESTAMP).append(Instant.ofEpochMilli(start + step * i));
      t.doubleColumn(Bars.OPEN).append(ohlc[i][0]);
      t.doubleColumn(Bars.HIGH).append(ohlc[i][1]);
      t.doubleColumn(Bars.LOW).append(ohlc[i][2]);
      t.doubleColumn(Bars.CLOSE).append(ohlc[i][3]);
      t.doubleColumn(Bars.VOLUME).append(1);
    }
    return t;
  }

  /**
   * A table as CSV text, every value as Tablesaw writes it: for comparing result tables whole.
   *
   * @param t the table
   * @return its CSV
   */
  static String csv(Table t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.write().csv(w);
    return w.toString();
  }
}
