package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.store.ParquetTables;
import dev.quarry.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet export no longer copies the whole file three times: 2 M rows of bars (a table of about
 * 75 MB in the heap, a file of about 45 MB) export under {@code -Xmx200m} in a child JVM ({@link
 * ParquetExportMain}). The export that built the file in one buffer, copied it into a {@code
 * ByteArrayOutputStream} and then into one {@code byte[]} ran out of memory under {@code -Xmx250m}
 * with the same table; this one needs the table, Parquet's open row group and the tail it holds
 * back for the footer (about 175 MB).
 */
class ParquetExportMemoryTest {
  private static final int ROWS = 2_000_000;
  private static final String HEAP = "-Xmx200m";

  @TempDir Path dir;

  @Test
  void twoMillionRowsExportToParquetUnderTwoHundredMegabytesOfHeap() throws Exception {
    Path file = dir.resolve("bars.parquet");
    Process child =
        ChildJvm.start(
            List.of(HEAP, "-XX:+UseSerialGC"),
            ParquetExportMain.class,
            Integer.toString(ROWS),
            file.toString());
    List<String> report = ChildJvm.output(child, Duration.ofMinutes(10));
    assertEquals(0, child.exitValue(), "child JVM " + HEAP + ": " + report);
    System.out.println("Parquet export " + HEAP + " (rows bytes ms tableHeap peakHeap): " + report);
    assertEquals(1, report.size(), report.toString());
    String[] f = report.get(0).split(" ");
    assertEquals(Files.size(file), Long.parseLong(f[1]), report.get(0));
    long maxHeap = 200L << 20;
    assertTrue(
        Long.parseLong(f[3]) + 3 * Files.size(file) > maxHeap,
        "the table and three copies of the file outgrow the heap: " + report.get(0));
    assertEquals(ROWS, ParquetTables.read(file, "price").rowCount());
  }
}
