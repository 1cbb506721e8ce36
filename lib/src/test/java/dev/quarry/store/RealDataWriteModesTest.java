package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Every write mode on the sample's real 1-minute Bitstamp bars (November–December 2013). */
class RealDataWriteModesTest {
  private static final DatasetId ID = new DatasetId("bitstamp", "1m", "BTC-USD");
  private static final List<String> ALL =
      List.of("year=2013/month=11/BTC-USD.parquet", "year=2013/month=12/BTC-USD.parquet");

  @TempDir Path root;
  private BarStore store;
  private Table bars;

  @BeforeEach
  void open() {
    store = BarStore.open(root, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    bars = RealBars.minutes();
  }

  /** Every stored row, as text, in order: an exact comparison of timestamps and all values. */
  private static List<String> rows(Table table) {
    return table.stream()
        .map(
            row ->
                table.columnNames().stream()
                    .map(c -> String.valueOf(row.getObject(c)))
                    .toList()
                    .toString())
        .toList();
  }

  private int firstRowOfDecember() {
    Instant december = Instant.parse("2013-12-01T00:00:00Z");
    var time = bars.instantColumn(Bars.TIMESTAMP);
    for (int row = 0; row < time.size(); row++) {
      if (!time.get(row).isBefore(december)) {
        return row;
      }
    }
    throw new AssertionError("the sample has no December bar");
  }

  @Test
  void theSampleSpansTwoMonthsOfRealMinutes() {
    WriteResult result = store.write(ID, bars, WriteOptions.defaults());
    assertEquals(ALL, result.partitionsWritten());
    assertEquals(bars.rowCount(), result.rowsAdded());
    assertTrue(bars.rowCount() > 9_000, "rows: " + bars.rowCount());
    assertEquals(rows(bars), rows(store.read(ID)));
  }

  @Test
  void appendInTwoPartsAcrossTheMonthBoundaryEqualsOneWrite() {
    int half = firstRowOfDecember() - 100; // the second part starts in November and goes on
    store.write(ID, bars.inRange(0, half), WriteOptions.defaults());
    WriteResult second =
        store.write(ID, bars.inRange(half, bars.rowCount()), WriteOptions.defaults());
    assertEquals(ALL, second.partitionsWritten());
    assertEquals(bars.rowCount() - half, second.rowsAdded());
    assertEquals(rows(bars), rows(store.read(ID)));

    BarValidationException again =
        assertThrows(
            BarValidationException.class,
            () -> store.write(ID, bars.inRange(half - 3, half + 3), WriteOptions.defaults()));
    assertEquals(6, again.violations().size(), again.getMessage());
    assertEquals(rows(bars), rows(store.read(ID)));
  }

  @Test
  void deduplicatedAppendOfOverlappingRealRowsDropsOnlyTheExactRepeats() {
    int cut = bars.rowCount() / 2;
    store.write(ID, bars.inRange(0, cut), WriteOptions.defaults());
    WriteResult result =
        store.write(
            ID,
            bars.inRange(cut - 500, bars.rowCount()),
            WriteOptions.defaults().withDeduplicate(true));
    assertEquals(500, result.duplicatesDropped());
    assertEquals(bars.rowCount() - cut, result.rowsAdded());
    assertEquals(rows(bars), rows(store.read(ID)));
  }

  @Test
  void upsertOfModifiedRealRowsReplacesThemAndKeepsEveryOtherRow() {
    store.write(ID, bars, WriteOptions.defaults());
    int from = firstRowOfDecember() - 50;
    int to = firstRowOfDecember() + 50; // the modified rows straddle both partitions
    Table modified = bars.inRange(from, to).copy();
    for (String column : List.of(Bars.OPEN, Bars.HIGH, Bars.LOW, Bars.CLOSE, Bars.VOLUME)) {
      DoubleColumn values = modified.doubleColumn(column);
      for (int row = 0; row < values.size(); row++) {
        values.set(row, values.getDouble(row) * 1.01);
      }
    }

    WriteResult result =
        store.write(ID, modified, WriteOptions.defaults().withMode(WriteMode.UPSERT));
    assertEquals(100, result.rowsReplaced());
    assertEquals(0, result.rowsAdded());
    assertEquals(ALL, result.partitionsWritten());

    Table expected =
        bars.inRange(0, from).append(modified).append(bars.inRange(to, bars.rowCount()));
    assertEquals(rows(expected), rows(store.read(ID)));
  }

  @Test
  void replaceWithDecemberOnlyDeletesTheNovemberPartition() {
    store.write(ID, bars, WriteOptions.defaults());
    Table december = bars.inRange(firstRowOfDecember(), bars.rowCount());
    WriteResult result =
        store.write(ID, december, WriteOptions.defaults().withMode(WriteMode.REPLACE));
    assertEquals(List.of(ALL.get(1)), result.partitionsWritten());
    assertEquals(List.of(ALL.get(0)), result.partitionsDeleted());
    assertEquals(bars.rowCount(), result.rowsReplaced());
    assertEquals(rows(december), rows(store.read(ID)));
    assertEquals(december.rowCount(), store.info(ID).orElseThrow().totalRows());
  }
}
