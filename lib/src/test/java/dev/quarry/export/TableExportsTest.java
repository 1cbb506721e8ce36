package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.store.ParquetTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableExportsTest {
  @TempDir Path dir;

  static Table sample() {
    InstantColumn time = InstantColumn.create("timestamp");
    time.append(Instant.parse("2013-11-25T10:00:00Z"));
    time.append(Instant.parse("2013-11-25T10:01:00.5Z"));
    time.appendMissing();
    return Table.create(
        "sample",
        time,
        DoubleColumn.create("close", 802.0, 0.1 + 0.2, Double.NaN),
        IntColumn.create("n", 1, Integer.MIN_VALUE, 3),
        StringColumn.create("note", "plain", "a,\"quoted\"", ""));
  }

  private final ExportFactory factory =
      new ExportFactory(TableExports.register(new ExportRegistry()));

  @Test
  void csvHasFixedFormats() throws IOException {
    Path out = dir.resolve("sample.csv");
    ExportResult result =
        factory.create(TableExports.CSV, ExportSettings.to(out)).exportOne(sample());
    assertEquals(1, result.items());
    assertEquals(Files.size(out), result.bytes());
    assertEquals(
        "timestamp,close,n,note\n"
            + "2013-11-25T10:00:00Z,802.0,1,plain\n"
            + "2013-11-25T10:01:00.500Z,0.30000000000000004,,\"a,\"\"quoted\"\"\"\n"
            + ",,3,\n",
        Files.readString(out));
  }

  @Test
  void jsonIsAnArrayOfRowObjects() throws IOException {
    Path out = dir.resolve("sample.json");
    factory.create(TableExports.JSON, ExportSettings.to(out)).exportOne(sample());
    assertEquals(
        "[\n"
            + "{\"timestamp\":\"2013-11-25T10:00:00Z\",\"close\":802.0,\"n\":1,\"note\":\"plain\"},\n"
            + "{\"timestamp\":\"2013-11-25T10:01:00.500Z\",\"close\":0.30000000000000004,\"n\":null,"
            + "\"note\":\"a,\\\"quoted\\\"\"},\n"
            + "{\"timestamp\":null,\"close\":null,\"n\":3,\"note\":null}\n"
            + "]\n",
        Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void parquetReadsBackAndColumnsOptionSelects() {
    Path out = dir.resolve("sample.parquet");
    factory
        .create(TableExports.PARQUET, ExportSettings.to(out).with("columns", "close,timestamp"))
        .exportOne(sample());
    Table back = ParquetTables.read(out);
    assertEquals(List.of("close", "timestamp"), back.columnNames());
    assertEquals(802.0, back.doubleColumn("close").getDouble(0));
  }

  @Test
  void anUnknownColumnFailsInFormatAndLeavesNothing() throws IOException {
    Path out = dir.resolve("x.csv");
    ExportError e =
        assertThrows(
            ExportError.class,
            () ->
                factory
                    .create(TableExports.CSV, ExportSettings.to(out).with("columns", "volume"))
                    .exportOne(sample()));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertTrue(e.getMessage().contains("no column 'volume'"), e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }
}
