package dev.quarry.export;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Exports {@code args[0]} generated rows ({@link GeneratedBars}, 64 K-row chunks) to {@code
 * args[1]/bars.csv} and {@code bars.json} through the ready exports, in a JVM started with a small
 * heap by {@link BoundedMemoryExportTest}; prints one line per format: {@code format rows bytes
 * millis peakHeapBytes}.
 */
public final class StreamingExportMain {
  private StreamingExportMain() {}

  /**
   * Runs the exports.
   *
   * @param args rows, folder
   */
  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    Path dir = Path.of(args[1]);
    ExportFactory factory = new ExportFactory(TableExports.register(new ExportRegistry()));
    for (String format : new String[] {"csv", "json"}) {
      ExportKey<tech.tablesaw.api.Table> key =
          format.equals("csv") ? TableExports.CSV : TableExports.JSON;
      long start = System.nanoTime();
      ExportResult result =
          factory
              .create(key, ExportSettings.to(dir.resolve("bars." + format)))
              .export(new GeneratedBars(0, rows, 1 << 16));
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println(
          format + " " + rows + " " + result.bytes() + " " + millis + " " + peakHeap());
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
