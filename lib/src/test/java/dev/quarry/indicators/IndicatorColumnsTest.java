package dev.quarry.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/** Indicator columns on a small bars table equal the indicator's own updates, row by row. */
class IndicatorColumnsTest {
  private static Table bars(int n) {
    Random random = new Random(7);
    InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
    DoubleColumn open = DoubleColumn.create(Bars.OPEN);
    DoubleColumn high = DoubleColumn.create(Bars.HIGH);
    DoubleColumn low = DoubleColumn.create(Bars.LOW);
    DoubleColumn close = DoubleColumn.create(Bars.CLOSE);
    DoubleColumn volume = DoubleColumn.create(Bars.VOLUME);
    double price = 100;
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      double o = price;
      price *= 1 + random.nextGaussian() * 0.01;
      time.append(t.plusSeconds(60L * i));
      open.append(o);
      high.append(Math.max(o, price) * (1 + random.nextDouble() * 0.003));
      low.append(Math.min(o, price) * (1 - random.nextDouble() * 0.003));
      close.append(price);
      volume.append(random.nextInt(5) == 0 ? 0 : random.nextDouble() * 10);
    }
    return Table.create("bars", time, open, high, low, close, volume);
  }

  @Test
  void everyNameMatchesItsOwnUpdates() {
    List<String> specs = new ArrayList<>();
    for (String usage : IndicatorSpec.usages()) {
      String name = usage.split("[:\\[]")[0];
      specs.add(
          switch (name) {
            case "macd" -> "macd:12,26,9";
            case "bbands" -> "bbands:20,2";
            case "stddev" -> "stddev:20";
            case "stochrsi" -> "stochrsi:14,5,3";
            case "stoch" -> "stoch:14,3,3";
            case "keltner" -> "keltner:20,2";
            case "trange", "obv", "sar" -> name;
            default -> name + ":14";
          });
    }
    Table table = bars(300);
    Table same = IndicatorColumns.add(table, specs.toArray(String[]::new));
    assertSame(table, same);
    int expectedColumns = 6;
    for (String text : specs) {
      IndicatorSpec spec = IndicatorSpec.parse(text);
      List<String> names = spec.columns();
      expectedColumns += names.size();
      Indicator indicator = spec.create();
      for (int i = 0; i < table.rowCount(); i++) {
        indicator.update(
            table.doubleColumn(Bars.OPEN).getDouble(i),
            table.doubleColumn(Bars.HIGH).getDouble(i),
            table.doubleColumn(Bars.LOW).getDouble(i),
            table.doubleColumn(Bars.CLOSE).getDouble(i),
            table.doubleColumn(Bars.VOLUME).getDouble(i));
        for (int o = 0; o < names.size(); o++) {
          DoubleColumn column = table.doubleColumn(names.get(o));
          double expected = indicator.value(o);
          assertEquals(expected, column.getDouble(i), names.get(o) + " at row " + i);
          assertEquals(Double.isNaN(expected), column.isMissing(i), names.get(o) + " missing");
        }
      }
      // NaN exactly before the lookback: Tablesaw counts those cells as missing.
      int lookback = spec.create().lookback();
      assertEquals(lookback, table.doubleColumn(names.get(0)).countMissing(), text);
    }
    assertEquals(expectedColumns, table.columnCount());
  }

  @Test
  void addsColumnsInOrderAtTheEnd() {
    Table table = IndicatorColumns.add(bars(50), "rsi:14", "macd:5,10,3");
    assertEquals(
        List.of(
            "timestamp",
            "open",
            "high",
            "low",
            "close",
            "volume",
            "rsi_14",
            "macd_5_10_3",
            "macd_5_10_3_signal",
            "macd_5_10_3_hist"),
        table.columnNames());
    assertTrue(table.doubleColumn("rsi_14").isMissing(13));
    assertTrue(!table.doubleColumn("rsi_14").isMissing(14));
  }

  @Test
  void refusesAnExistingOrRepeatedColumnAndAddsNothing() {
    Table table = IndicatorColumns.add(bars(30), "rsi:14");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> IndicatorColumns.add(table, "ema:5", "rsi:14"));
    assertEquals("the table already has a column 'rsi_14' (from 'rsi:14')", e.getMessage());
    assertEquals(7, table.columnCount(), "nothing added");
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class, () -> IndicatorColumns.add(table, "ema:5", "ema:5.0"));
    assertTrue(twice.getMessage().startsWith("column 'ema_5' comes twice"), twice::getMessage);
    assertEquals(7, table.columnCount(), "nothing added");
    Table closes = bars(30);
    closes.removeColumns(Bars.CLOSE);
    assertThrows(IllegalArgumentException.class, () -> IndicatorColumns.add(closes, "rsi:14"));
    assertThrows(IllegalArgumentException.class, () -> IndicatorColumns.add(bars(5), "rsx:14"));
  }

  @Test
  void refusesAMissingBarValue() {
    Table table = bars(20);
    table.doubleColumn(Bars.HIGH).setMissing(3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndicatorColumns.add(table, "atr:5"));
    assertEquals("bar column 'high' has a missing value at row 3", e.getMessage());
    assertEquals(6, table.columnCount());
  }

  @Test
  void anEmptyTableGetsEmptyColumns() {
    Table table = IndicatorColumns.add(bars(0), "bbands:20,2");
    assertEquals(9, table.columnCount());
    assertEquals(0, table.rowCount());
  }
}
