package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

class ExportDeterminismTest {
  private static final Table BARS = SampleTables.bars(2_500, 42);

  @TempDir Path dir;

  private final ExportFactory factory =
      new ExportFactory(TableExports.register(new ExportRegistry()));

  private static ExportKey<Table> key(String format) {
    return switch (format) {
      case "json" -> TableExports.JSON;
      case "csv" -> TableExports.CSV;
      case "parquet" -> TableExports.PARQUET;
      default -> throw new IllegalArgumentException(format);
    };
  }

  private byte[] export(String format, String name, Table table) throws IOException {
    Path out = dir.resolve(name + "." + format);
    factory.create(key(format), ExportSettings.to(out)).exportOne(table);
    return Files.readAllBytes(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void twoExportsOfTheSameTableAreByteIdentical(String format) throws IOException {
    byte[] first = export(format, "first", BARS);
    byte[] second = export(format, "second", BARS);
    assertArrayEquals(first, second);
    byte[] other = export(format, "other", SampleTables.bars(2_500, 43));
    assertFalse(Arrays.equals(first, other), "a different table gives different bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void anEqualTableBuiltAgainExportsTheSameBytes(String format) throws IOException {
    assertArrayEquals(
        export(format, "first", BARS), export(format, "again", SampleTables.bars(2_500, 42)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv"})
  void oneBatchAndTwoBatchesThroughTheCoreGiveTheSameBytes(String format) throws IOException {
    byte[] oneBatch = export(format, "one", BARS);
    Supplier<BatchWriterCore<Table, byte[]>> core =
        format.equals("json") ? JsonTableCore::new : CsvTableCore::new;
    InMemorySink<byte[]> sink = new InMemorySink<>();
    int half = 1_234;
    try (BatchWriter<Table, byte[]> writer = new BatchWriter<>(core.get(), sink)) {
      writer.start();
      writer.write(BARS.inRange(0, half));
      writer.write(BARS.inRange(half, BARS.rowCount()));
      writer.commit();
    }
    assertArrayEquals(oneBatch, concat(sink.artifact()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv"})
  void twoTablesInOneExportEqualTheirConcatenation(String format) throws IOException {
    int half = 1_000;
    Path out = dir.resolve("parts." + format);
    factory
        .create(key(format), ExportSettings.to(out))
        .export(List.of(BARS.inRange(0, half), BARS.inRange(half, BARS.rowCount())));
    assertArrayEquals(export(format, "whole", BARS), Files.readAllBytes(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv"})
  void emptyTableExportsTheSameBytesEveryTime(String format) throws IOException {
    Table empty = BARS.emptyCopy();
    byte[] bytes = export(format, "empty1", empty);
    assertArrayEquals(bytes, export(format, "empty2", empty));
    assertEquals(
        format.equals("json") ? "[]\n" : "timestamp,price,volume,trades,side\n",
        new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static byte[] concat(List<byte[]> pieces) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] piece : pieces) {
      out.write(piece);
    }
    return out.toByteArray();
  }
}
