package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class RunTablesTest {
  @TempDir Path tmp;

  /** Every column of {@code actual} holds the values and type of the same column of expected. */
  private static void assertSameColumns(Table expected, Table actual) {
    for (String name : actual.columnNames()) {
      assertEquals(expected.column(name).type(), actual.column(name).type(), name);
      assertEquals(expected.column(name).asList(), actual.column(name).asList(), name);
    }
  }

  @Test
  void tradesComeBackFromTradesCsvWithTheirTypesAndAnOpenTradesMissingExit() {
    BacktestResult result = SampleResults.sample();
    Path dir = RunFolder.write(result, tmp.resolve("run"));
    Table trades = RunFolder.read(dir).table("trades");
    assertEquals("trades", trades.name());
    assertEquals(RunSchema.TRADES.columns(), trades.columnNames());
    assertEquals(result.trades().rowCount(), trades.rowCount());
    assertEquals(ColumnType.INSTANT, trades.column("exit_time").type());
    assertTrue(trades.instantColumn("exit_time").countMissing() > 0, "the open trade has no exit");
    assertSameColumns(result.trades(), trades);
  }

  @Test
  void ordersComeBackFromOrdersCsvWithEveryColumn() {
    BacktestResult result = SampleResults.sample();
    Table orders = RunFolder.read(RunFolder.write(result, tmp.resolve("run"))).table("orders");
    assertEquals(RunSchema.ORDERS.columns(), orders.columnNames());
    assertEquals(result.orders().rowCount(), orders.rowCount());
    assertSameColumns(result.orders(), orders);
  }

  @Test
  void equityComesBackFromEquityParquet() {
    BacktestResult result = SampleResults.sample();
    Table equity = RunFolder.read(RunFolder.write(result, tmp.resolve("run"))).table("equity");
    assertEquals(RunSchema.EQUITY.columns(), equity.columnNames());
    assertSameColumns(result.equity(), equity);
  }

  @Test
  void anUnknownTableIsRefusedListingTheTablesThereAre() {
    RunTables run = RunFolder.read(RunFolder.write(SampleResults.sample(), tmp.resolve("run")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run.table("metrics"));
    assertEquals(
        "no table 'metrics' in a run folder; the tables are trades, orders, equity",
        e.getMessage());
  }

  @Test
  void aMissingFolderOrAFolderWithoutRunFilesIsRefusedByName() throws IOException {
    Path missing = tmp.resolve("nowhere");
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> RunFolder.read(missing));
    assertEquals("no run folder at " + missing, none.getMessage());
    Path other = Files.createDirectory(tmp.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    IllegalArgumentException foreign =
        assertThrows(IllegalArgumentException.class, () -> RunFolder.read(other));
    assertTrue(
        foreign.getMessage().startsWith(other + " is not a run folder"), foreign.getMessage());
  }

  @Test
  void aRunFolderMissingOneFileNamesItWhenThatTableIsAsked() throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    Files.delete(dir.resolve("orders.csv"));
    RunTables run = RunFolder.read(dir);
    assertEquals(List.of("trades", "orders", "equity"), RunTables.NAMES);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run.table("orders"));
    assertTrue(e.getMessage().contains("has no orders.csv"), e.getMessage());
  }
}
