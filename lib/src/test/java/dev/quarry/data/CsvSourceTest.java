package dev.quarry.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.bars.Bars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class CsvSourceTest {
  @TempDir Path dir;

  /** Four daily bars with a weekend-like gap of 3 days after the second. */
  private Path dailyCsv() throws IOException {
    Path file = dir.resolve("daily.csv");
    Files.writeString(
        file,
        "date,open,high,low,close,volume\n"
            + "2024-01-04T00:00:00Z,10,11,9,10.5,100\n"
            + "2024-01-05T00:00:00Z,10.5,12,10,11,100\n"
            + "2024-01-08T00:00:00Z,11,12,10,11.5,100\n"
            + "2024-01-09T00:00:00Z,11.5,12,11,11.8,100\n");
    return file;
  }

  @Test
  void aDailyCsvAskedForAsOneMinuteBarsIsRefusedNamingBothTimeframes() throws IOException {
    CsvSource source = CsvSource.bars(dailyCsv(), "csv", "SPY", "1m", bytes -> {});
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> source.frame("SPY", "1m", TimeRange.all()))
            .getMessage();
    assertTrue(message.contains("are 1 day apart (timeframe 1d)"), message);
    assertTrue(message.contains("--timeframe is 1m"), message);
    assertTrue(message.contains("pass --timeframe 1d"), message);
  }

  @Test
  void aBarsCsvWithoutATimeframeTakesTheTypicalSpacingOfItsBars() throws IOException {
    CsvSource source = CsvSource.bars(dailyCsv(), "csv", "SPY", bytes -> {});
    assertEquals("1d", source.timeframe());
    Table bars = source.frame("SPY", source.timeframe(), TimeRange.all());
    assertEquals(4, bars.rowCount());
    assertEquals(Instant.parse("2024-01-09T00:00:00Z"), bars.instantColumn(Bars.TIMESTAMP).get(3));
  }

  @Test
  void dailyBarsThatDoNotStartAtMidnightUtcAreRefused() throws IOException {
    Path file = dir.resolve("shifted.csv");
    Files.writeString(
        file,
        "date,open,high,low,close,volume\n"
            + "2024-01-04T00:00:00Z,10,11,9,10.5,100\n"
            + "2024-01-05T00:00:00Z,10.5,12,10,11,100\n"
            + "2024-01-06T05:00:00Z,11,12,10,11.5,100\n"
            + "2024-01-07T05:00:00Z,11.5,12,11,11.8,100\n");
    CsvSource source = CsvSource.bars(file, "csv", "SPY", bytes -> {});
    assertEquals("1d", source.timeframe());
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> source.frame("SPY", "1d", TimeRange.all()))
            .getMessage();
    assertTrue(message.contains("not on the 1d grid: 2 of 4"), message);
    assertTrue(message.contains("2024-01-06T05:00:00Z on line 4"), message);
  }

  @Test
  void aBarsCsvWithOneBarCannotInferItsTimeframe() throws IOException {
    Path file = dir.resolve("one.csv");
    Files.writeString(file, "date,open,high,low,close,volume\n2024-01-04,10,11,9,10.5,100\n");
    CsvSource source = CsvSource.bars(file, "csv", "SPY", bytes -> {});
    String message = assertThrows(IllegalArgumentException.class, source::timeframe).getMessage();
    assertTrue(message.contains("pass --timeframe"), message);
  }
}
