package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON and CSV exports stream: rows generated on the fly export to files many times the heap's size
 * in a child JVM with a small heap ({@link StreamingExportMain}). Always on: 2 M rows under {@code
 * -Xmx64m} (about 150 MB of CSV and 260 MB of JSON, which the whole-artifact export of before could
 * not hold). Ten million rows under {@code -Xmx256m} take minutes on a small machine, so that run
 * is opt-in: {@code mvn -o -f lib test -Dtest='dev/quarry/export/BoundedMemoryExportTest'
 * -Dquarry.export.big=true}.
 */
class BoundedMemoryExportTest {
  @TempDir Path dir;

  @Test
  void twoMillionRowsExportUnderSixtyFourMegabytesOfHeap() throws Exception {
    exportInChild(2_000_000, "-Xmx64m");
  }

  @Test
  @EnabledIfSystemProperty(named = "quarry.export.big", matches = "true")
  void tenMillionRowsExportUnderTwoHundredFiftySixMegabytesOfHeap() throws Exception {
    exportInChild(10_000_000, "-Xmx256m");
  }

  private void exportInChild(long rows, String heap) throws Exception {
    Process child =
        ChildJvm.start(
            List.of(heap, "-XX:+UseSerialGC"),
            StreamingExportMain.class,
            Long.toString(rows),
            dir.toString());
    List<String> report = ChildJvm.output(child, Duration.ofMinutes(10));
    assertEquals(0, child.exitValue(), "child JVM " + heap + ": " + report);
    System.out.println("streamed export " + heap + " (format rows bytes ms peakHeap): " + report);
    assertEquals(2, report.size(), report.toString());
    long maxHeap = Long.parseLong(heap.replaceAll("\\D", "")) << 20;
    for (String line : report) {
      String[] f = line.split(" ");
      Path file = dir.resolve("bars." + f[0]);
      assertEquals(rows, Long.parseLong(f[1]));
      assertEquals(Files.size(file), Long.parseLong(f[2]), line);
      assertTrue(Files.size(file) > maxHeap, "the file outgrows the heap: " + line);
      checkEnds(file, f[0], rows);
    }
  }

  /** The line count, and the first and last rows as the core encodes them alone. */
  private static void checkEnds(Path file, String format, long rows) throws IOException {
    long lines = 0;
    String second = null;
    String[] lastTwo = new String[2];
    try (BufferedReader in = Files.newBufferedReader(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (lines == 1) {
          second = line;
        }
        lastTwo[0] = lastTwo[1];
        lastTwo[1] = line;
        lines++;
      }
    }
    String first = alone(format, 0);
    String last = alone(format, rows - 1);
    if (format.equals("csv")) {
      assertEquals(rows + 1, lines);
      assertEquals(first, second);
      assertEquals(last, lastTwo[1]);
    } else {
      assertEquals(rows + 2, lines);
      assertEquals(first + ",", second);
      assertEquals(last, lastTwo[0]);
      assertEquals("]", lastTwo[1]);
    }
  }

  /** Row {@code i} exported alone: its line (the second: after the header or the bracket). */
  private static String alone(String format, long i) {
    BatchWriterCore<tech.tablesaw.api.Table, byte[]> core =
        format.equals("csv") ? new CsvTableCore() : new JsonTableCore();
    core.onStart();
    byte[] body = core.onEncode(GeneratedBars.table(i, 1));
    byte[] tail = core.onEnd().orElse(new byte[0]);
    String text =
        new String(body, StandardCharsets.UTF_8) + new String(tail, StandardCharsets.UTF_8);
    return text.split("\n")[1];
  }
}
