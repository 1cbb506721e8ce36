package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.export.ArtifactFile;
import dev.quarry.export.DirectorySink;
import dev.quarry.export.ExportError;
import dev.quarry.export.ExportStage;
import dev.quarry.store.ParquetTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RunFolderTest {
  private static final List<String> FILES =
      List.of(
          "equity.parquet",
          "metrics.json",
          "orders.csv",
          "report.html",
          "trades.csv",
          "trades.json");

  @TempDir Path tmp;

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String text(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void writesEveryFileOfTheRunFolder() throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    assertEquals(tmp.resolve("run"), dir);
    assertEquals(FILES, names(dir));
    assertEquals(List.of("run"), names(tmp), "no temp folder is left next to the run");
  }

  @Test
  void tradesCsvHoldsTheElevenColumnsWithExactValuesAndEmptyExitFieldsForAnOpenTrade()
      throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    assertEquals(
        "entry_time,exit_time,side,quantity,entry_price,exit_price,fees,pnl,strategy,symbol,"
            + "exit_reason\n"
            + "2024-01-01T00:03:00Z,2024-01-01T00:10:00Z,long,0.5,100.0,110.0,0.105,4.895,"
            + "sample,BTC-USD,signal\n"
            + "2024-01-01T00:20:00Z,2024-01-01T00:35:00Z,short,1.25,108.5,109.0,0.27,-0.895,"
            + "sample,BTC-USD,stop-loss\n"
            + "2024-01-01T01:30:00Z,,long,2.0,95.25,,0.19,3.31,sample,BTC-USD,open\n",
        text(dir.resolve("trades.csv")));
  }

  @Test
  void tradesJsonHoldsEveryTradeColumnWithNullsForAnOpenTrade() throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    String json = text(dir.resolve("trades.json"));
    assertTrue(
        json.startsWith(
            "[\n{\"entry_time\":\"2024-01-01T00:03:00Z\",\"exit_time\":\"2024-01-01T00:10:00Z\","
                + "\"side\":\"long\",\"quantity\":0.5,\"entry_price\":100.0,\"exit_price\":110.0,"
                + "\"fees\":0.105,\"pnl\":4.895,\"strategy\":\"sample\",\"symbol\":\"BTC-USD\","
                + "\"exit_reason\":\"signal\"},\n"),
        json);
    assertTrue(
        json.endsWith(
            "{\"entry_time\":\"2024-01-01T01:30:00Z\",\"exit_time\":null,\"side\":\"long\","
                + "\"quantity\":2.0,\"entry_price\":95.25,\"exit_price\":null,\"fees\":0.19,"
                + "\"pnl\":3.31,\"strategy\":\"sample\",\"symbol\":\"BTC-USD\","
                + "\"exit_reason\":\"open\"}\n]\n"),
        json);
  }

  @Test
  void ordersCsvHoldsEveryOrderColumnAndTheRejectedOrderWithoutFill() throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    List<String> lines = Files.readAllLines(dir.resolve("orders.csv"));
    assertEquals(
        "id,time,strategy,symbol,side,type,quantity,limit_price,status,fill_time,fill_price,"
            + "fill_quantity,fee,reason,stop_price,role,slippage",
        lines.get(0));
    assertEquals(5, lines.size());
    assertEquals(
        "3,2024-01-01T00:15:00Z,sma-cross,BTC-USD,buy,limit,1000.0,90.0,rejected,,,,,"
            + "not enough cash,,,",
        lines.get(3));
    assertEquals(
        "4,2024-01-01T00:20:00Z,sma-cross,BTC-USD,sell,market,1.25,,filled,"
            + "2024-01-01T00:20:00Z,108.5,1.25,0.135,\"cross, \"\"down\"\"\",,,0.0",
        lines.get(4));
  }

  @Test
  void equityParquetHoldsTheFiveColumnsOfEveryRow() {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    Table equity = ParquetTables.read(dir.resolve("equity.parquet"));
    assertEquals(
        List.of("timestamp", "equity", "cash", "position", "strategy"), equity.columnNames());
    assertEquals(100, equity.rowCount());
    Table expected = SampleResults.equity(100);
    assertEquals(
        expected.instantColumn("timestamp").get(99), equity.instantColumn("timestamp").get(99));
    assertEquals(expected.doubleColumn("equity").sum(), equity.doubleColumn("equity").sum());
  }

  @Test
  void metricsJsonIsAsMapInOrderPrettyPrintedWithNullsAndAFinalNewline() throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    assertEquals(
        "{\n"
            + "  \"total_return\": 7.31E-4,\n"
            + "  \"cagr\": null,\n"
            + "  \"buy_and_hold_return\": 0.0512,\n"
            + "  \"excess_return\": -0.050469,\n"
            + "  \"volatility\": 0.1834,\n"
            + "  \"sharpe\": 1.23456,\n"
            + "  \"sortino\": 2.5,\n"
            + "  \"calmar\": null,\n"
            + "  \"alpha\": -0.125,\n"
            + "  \"beta\": 0.75,\n"
            + "  \"max_drawdown\": 0.0087654,\n"
            + "  \"max_drawdown_duration\": 5400.0,\n"
            + "  \"win_rate\": 0.5,\n"
            + "  \"trade_count\": 3,\n"
            + "  \"open_trades\": 1,\n"
            + "  \"profit_factor\": 1.5,\n"
            + "  \"expectancy\": 1.75,\n"
            + "  \"average_win\": 9.93,\n"
            + "  \"average_loss\": -6.62,\n"
            + "  \"payoff_ratio\": 1.5,\n"
            + "  \"average_holding_time\": 1230.0,\n"
            + "  \"exposure\": 0.66,\n"
            + "  \"turnover\": 2.04,\n"
            + "  \"total_costs\": 15.75,\n"
            + "  \"fees\": 12.5,\n"
            + "  \"slippage_costs\": 3.25,\n"
            + "  \"borrow_costs\": 0.0,\n"
            + "  \"pessimistic_exits\": 1,\n"
            + "  \"initial_cash\": 10000.0,\n"
            + "  \"final_equity\": 10007.31,\n"
            + "  \"bars\": 100,\n"
            + "  \"start\": \"2024-01-01T00:00:00Z\",\n"
            + "  \"end\": \"2024-01-01T01:39:00Z\"\n"
            + "}\n",
        text(dir.resolve("metrics.json")));
  }

  @Test
  void duckDbReadsTradesCsvAndEquityParquet() throws SQLException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("run"));
    String trades = dir.resolve("trades.csv").toString().replace("'", "''");
    String equity = dir.resolve("equity.parquet").toString().replace("'", "''");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*), count(exit_time), sum(pnl), sum(quantity),"
                  + " epoch_ms(max(entry_time)) FROM read_csv('"
                  + trades
                  + "', header = true)")) {
        assertTrue(r.next());
        assertEquals(3, r.getLong(1));
        assertEquals(2, r.getLong(2));
        assertEquals(4.895 - 0.895 + 3.31, r.getDouble(3), 1e-9);
        assertEquals(3.75, r.getDouble(4), 1e-12);
        assertEquals(SampleResults.minute(90).toEpochMilli(), r.getLong(5));
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*), sum(equity), sum(position), epoch_ms(min(timestamp)),"
                  + " epoch_ms(max(timestamp)) FROM read_parquet('"
                  + equity
                  + "')")) {
        assertTrue(r.next());
        Table expected = SampleResults.equity(100);
        assertEquals(100, r.getLong(1));
        assertEquals(expected.doubleColumn("equity").sum(), r.getDouble(2), 1e-6);
        assertEquals(expected.doubleColumn("position").sum(), r.getDouble(3), 1e-9);
        assertEquals(SampleResults.T0.toEpochMilli(), r.getLong(4));
        assertEquals(SampleResults.minute(99).toEpochMilli(), r.getLong(5));
      }
    }
  }

  @Test
  void theSameResultGivesByteIdenticalFiles() throws IOException {
    Path first = RunFolder.write(SampleResults.sample(), tmp.resolve("a"));
    Path second = RunFolder.write(SampleResults.sample(), tmp.resolve("b"));
    assertEquals(FILES, names(second));
    for (String file : FILES) {
      assertArrayEquals(
          Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
    }
  }

  @Test
  void createsMissingParentFolders() throws IOException {
    Path dir = RunFolder.write(SampleResults.sample(), tmp.resolve("x/y/run"));
    assertEquals(FILES, names(dir));
  }

  @Test
  void anExistingEmptyFolderIsRefusedByNameAndLeftInPlace() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("run"));
    ExportError e =
        assertThrows(ExportError.class, () -> RunFolder.write(SampleResults.sample(), dir));
    assertEquals(ExportStage.OPEN, e.stage());
    assertTrue(
        e.getMessage().contains(dir + " already exists (a folder); a run folder is always new"),
        e.getMessage());
    assertTrue(Files.isDirectory(dir));
    assertEquals(List.of(), names(dir));
    assertEquals(List.of("run"), names(tmp));
  }

  @Test
  void anExistingNonEmptyFolderIsRefusedAndLeftUntouched() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("run"));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    ExportError e =
        assertThrows(ExportError.class, () -> RunFolder.write(SampleResults.sample(), dir));
    assertEquals(ExportStage.OPEN, e.stage());
    assertTrue(e.getMessage().contains(dir + " already exists (a folder)"), e.getMessage());
    assertEquals(List.of("notes.txt"), names(dir));
    assertEquals("mine", text(dir.resolve("notes.txt")));
    assertEquals(List.of("run"), names(tmp));
  }

  @Test
  void anExistingFileIsRefusedAndLeftUntouched() throws IOException {
    Path file = Files.writeString(tmp.resolve("run"), "mine");
    ExportError e =
        assertThrows(ExportError.class, () -> RunFolder.write(SampleResults.sample(), file));
    assertEquals(ExportStage.OPEN, e.stage());
    assertEquals("mine", text(file));
  }

  @Test
  void aColumnOfTheWrongTypeFailsMidWriteAndLeavesNoFolderNoTempFileNoCreatedParent()
      throws IOException {
    BacktestResult good = SampleResults.sample();
    Table equity = good.equity().copy();
    StringColumn position = equity.doubleColumn("position").asStringColumn().setName("position");
    equity.replaceColumn("position", position);
    BacktestResult bad =
        new BacktestResult(good.settings(), good.trades(), good.orders(), equity, good.metrics());
    ExportError e =
        assertThrows(ExportError.class, () -> RunFolder.write(bad, tmp.resolve("new/parent/run")));
    assertEquals(ExportStage.VALIDATE_FORMATTED, e.stage());
    assertTrue(
        e.getMessage().contains("equity.parquet: column 'position' of the equity table is STRING"),
        e.getMessage());
    assertEquals(List.of(), names(tmp), "the folder, its temp folder and the parents are gone");
  }

  @Test
  void aMissingColumnIsRefusedWithTheColumnsNeeded() throws IOException {
    BacktestResult good = SampleResults.sample();
    BacktestResult bad =
        new BacktestResult(
            good.settings(),
            good.trades().copy().removeColumns("fees"),
            good.orders(),
            good.equity(),
            good.metrics());
    ExportError e = assertThrows(ExportError.class, () -> RunFolder.write(bad, tmp.resolve("run")));
    assertTrue(e.getMessage().contains("trades table has no column 'fees'"), e.getMessage());
    assertEquals(List.of(), names(tmp));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void aFailureWritingAnyFileLeavesNoFolderAndNoTempFile(int failAt) throws IOException {
    Path target = tmp.resolve("runs/run").toAbsolutePath();
    ExportError e =
        assertThrows(
            ExportError.class,
            () ->
                RunFolder.writeWith(
                    SampleResults.sample(), target, t -> new FailingSink(t, failAt)));
    assertEquals(ExportStage.WRITE, e.stage());
    assertTrue(e.getMessage().contains("disk full at file " + failAt), e.getMessage());
    assertEquals(List.of(), names(tmp));
  }

  @Test
  void aReadOnlyParentLeavesNoFolderAndNoTempFile() throws IOException {
    Path parent = Files.createDirectory(tmp.resolve("locked"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeTrue(!Files.isWritable(parent), "running as a user who can write anywhere");
      ExportError e =
          assertThrows(
              ExportError.class,
              () -> RunFolder.write(SampleResults.sample(), parent.resolve("run")));
      assertEquals(ExportStage.OPEN, e.stage());
      assertEquals(List.of(), names(parent));
    } finally {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aParentThatIsAFileFailsOnOpenAndLeavesTheFileAsItWas() throws IOException {
    Path file = Files.writeString(tmp.resolve("parent"), "mine");
    ExportError e =
        assertThrows(
            ExportError.class, () -> RunFolder.write(SampleResults.sample(), file.resolve("run")));
    assertEquals(ExportStage.OPEN, e.stage());
    assertEquals(List.of("parent"), names(tmp));
    assertEquals("mine", text(file));
  }

  @Test
  void filesAreWrittenInTheirDocumentedOrder() {
    List<String> order =
        RunFolder.parts(SampleResults.sample()).stream().map(RunPart::file).toList();
    assertEquals(
        List.of(
            "trades.csv",
            "trades.json",
            "orders.csv",
            "equity.parquet",
            "metrics.json",
            "report.html"),
        order);
  }

  /** A directory sink whose disk fills up at one file. */
  private static final class FailingSink extends DirectorySink {
    private final int failAt;
    private int files;

    FailingSink(Path target, int failAt) {
      super(target);
      this.failAt = failAt;
    }

    @Override
    protected void doWrite(ArtifactFile file) throws IOException {
      if (files++ == failAt) {
        throw new IOException("disk full at file " + failAt);
      }
      super.doWrite(file);
    }
  }
}
