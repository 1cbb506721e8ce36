package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * SPEC §10, determinism: the same table gives the same Parquet bytes in any JVM. parquet-mr lists
 * each column's encodings from a {@code HashSet} of enum constants, ordered by identity hash codes;
 * child JVMs with other identity-hash algorithms ({@code -XX:hashCode}) must still write exactly
 * the bytes this JVM writes.
 */
class ParquetAcrossJvmsTest {
  @TempDir Path dir;

  /** Writes {@link #table()} to the file named by the first argument. */
  public static final class WriterMain {
    private WriterMain() {}

    /**
     * Writes the table.
     *
     * @param args the target file
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
      try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
        ParquetFiles.write(table(), out, Compression.SNAPPY);
      }
    }
  }

  static Table table() {
    Table bars =
        TestBars.regular(
            "BTC-USD", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(1), 5_000);
    StringColumn side = StringColumn.create("side");
    for (int i = 0; i < bars.rowCount(); i++) {
      side.append(i % 3 == 0 ? "buy" : "sell"); // a dictionary-encoded column too
    }
    return bars.addColumns(side);
  }

  @Test
  void childJvmsWithOtherIdentityHashesWriteTheSameBytes() throws Exception {
    ByteArrayOutputStream here = new ByteArrayOutputStream();
    ParquetFiles.write(table(), here, Compression.SNAPPY);
    for (String hashCode : List.of("2", "3", "4")) {
      Path file = dir.resolve("hash-" + hashCode + ".parquet");
      Process child =
          ChildJvm.start(
              List.of("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=" + hashCode),
              WriterMain.class,
              file.toString());
      child.getOutputStream().close();
      child.getInputStream().transferTo(OutputStream.nullOutputStream());
      if (!child.waitFor(2, TimeUnit.MINUTES)) {
        child.destroyForcibly();
      }
      assertEquals(0, child.exitValue(), "writer JVM with -XX:hashCode=" + hashCode);
      assertArrayEquals(here.toByteArray(), Files.readAllBytes(file), "-XX:hashCode=" + hashCode);
    }
  }
}
