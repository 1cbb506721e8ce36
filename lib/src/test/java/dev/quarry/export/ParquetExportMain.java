package dev.quarry.export;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import tech.tablesaw.api.Table;

/**
 * Builds {@code args[0]} rows of {@link SampleTables#bars} (seed 42) in memory and exports them to
 * the Parquet file {@code args[1]} through the ready export, in a JVM started with a small heap by
 * {@link ParquetExportMemoryTest}; prints {@code rows bytes millis tableHeapBytes peakHeapBytes}.
 */
public final class ParquetExportMain {
  private ParquetExportMain() {}

  /**
   * Runs the export.
   *
   * @param args rows, file
   */
  public static void main(String[] args) {
    int rows = Integer.parseInt(args[0]);
    Table table = SampleTables.bars(rows, 42);
    System.gc();
    long tableHeap = heap(false);
    ExportFactory factory = new ExportFactory(TableExports.register(new ExportRegistry()));
    long start = System.nanoTime();
    ExportResult result =
        factory.create(TableExports.PARQUET, ExportSettings.to(Path.of(args[1]))).exportOne(table);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(
        rows + " " + result.bytes() + " " + millis + " " + tableHeap + " " + heap(true));
  }

  /** The heap in use now, or at its peak so far. */
  private static long heap(boolean peak) {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += (peak ? pool.getPeakUsage() : pool.getUsage()).getUsed();
      }
    }
    return used;
  }
}
