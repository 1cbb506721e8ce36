package dev.quarry.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.tlabs.tablesaw.parquet.TablesawParquetReadOptions;
import net.tlabs.tablesaw.parquet.TablesawParquetReader;
import net.tlabs.tablesaw.parquet.TablesawParquetWriteOptions;
import net.tlabs.tablesaw.parquet.TablesawParquetWriteOptions.CompressionCodec;
import net.tlabs.tablesaw.parquet.TablesawParquetWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Guards the Hadoop trim in {@code pom.xml}: what is left still reads and writes local Parquet
 * files, and the runtime classpath stays small.
 *
 * <p>Run through Maven: the build writes {@code target/runtime-classpath.txt} (dependency plugin,
 * runtime scope) and passes its path in the {@code quarry.runtime.classpath.file} property.
 */
class RuntimeClasspathTest {
  private static final int MAX_JARS = 60;
  // 80 MB, plus 14 MB for sqlite-jdbc (it bundles native SQLite for every platform).
  private static final long MAX_BYTES = 94_000_000L;

  /** Artifacts the pom excludes; any of them coming back means an exclusion stopped working. */
  private static final List<String> EXCLUDED_PREFIXES =
      List.of(
          "jetty-",
          "jersey-",
          "javax.servlet",
          "zookeeper-",
          "curator-",
          "kerb",
          "netty",
          "avro-",
          "protobuf-",
          "hadoop-yarn-",
          "hadoop-hdfs",
          "jsch-",
          "okhttp-",
          "guice-",
          "httpclient-",
          "jackson-core-asl-",
          "jackson-mapper-asl-",
          "nimbus-jose-",
          "gson-",
          "re2j-",
          "commons-codec-",
          "commons-pool-");

  @BeforeAll
  static void turnOffHadoopChecksumFiles() throws IOException {
    // tablesaw-parquet writes through Hadoop's process-wide cached "file:" FileSystem, a
    // ChecksumFileSystem that puts a ".<name>.crc" sidecar next to every file it writes. The
    // writer takes no Configuration, so the only switch is on that shared cached instance.
    FileSystem.getLocal(new Configuration()).setWriteChecksum(false);
  }

  @ParameterizedTest
  @EnumSource(
      value = CompressionCodec.class,
      names = {"SNAPPY", "ZSTD", "GZIP"})
  void everyBarColumnTypeRoundTripsThroughLocalParquetWithoutSidecars(
      CompressionCodec codec, @TempDir Path dir) throws IOException {
    Table original = sampleTable();
    Path file = dir.resolve("BTC-USD.parquet");

    new TablesawParquetWriter()
        .write(
            original,
            TablesawParquetWriteOptions.builder(file.toFile()).withCompressionCode(codec).build());
    Table read =
        new TablesawParquetReader().read(TablesawParquetReadOptions.builder(file.toFile()).build());

    assertEquals(original.columnNames(), read.columnNames());
    assertEquals(original.rowCount(), read.rowCount());
    for (int i = 0; i < original.columnCount(); i++) {
      Column<?> expected = original.column(i);
      Column<?> actual = read.column(i);
      assertEquals(expected.type(), actual.type(), "type of column " + expected.name());
      assertEquals(expected.asList(), actual.asList(), "values of column " + expected.name());
    }
    assertEquals(
        List.of(CompressionCodecName.valueOf(codec.name())), codecsUsedIn(file), "codec in footer");
    assertEquals(
        List.of(file.getFileName().toString()),
        fileNamesIn(dir),
        "only the data file may be left in its folder (no .crc or temp sidecar)");
  }

  @Test
  void overwritingAFileAndReadingAColumnSubsetWorkWithoutSidecars(@TempDir Path dir) {
    Path file = dir.resolve("BTC-USD.parquet");
    Table first = sampleTable();
    Table second = first.dropRange(0, 2);
    var writer = new TablesawParquetWriter();
    writer.write(first, TablesawParquetWriteOptions.builder(file.toFile()).build());
    writer.write(
        second, TablesawParquetWriteOptions.builder(file.toFile()).withOverwrite(true).build());

    Table read =
        new TablesawParquetReader()
            .read(
                TablesawParquetReadOptions.builder(file.toFile())
                    .withOnlyTheseColumns("instant", "double")
                    .build());

    assertEquals(List.of("instant", "double"), read.columnNames(), "requested order");
    assertEquals(second.column("instant").asList(), read.column("instant").asList());
    assertEquals(second.column("double").asList(), read.column("double").asList());
    assertEquals(List.of(file.getFileName().toString()), fileNamesIn(dir));
  }

  @Test
  void runtimeClasspathStaysWithinJarAndSizeBudget() throws IOException {
    String listing = System.getProperty("quarry.runtime.classpath.file");
    if (listing == null) {
      fail("system property quarry.runtime.classpath.file is not set: run this test through Maven");
    }
    List<Path> jars =
        Arrays.stream(Files.readString(Path.of(listing)).strip().split(File.pathSeparator))
            .map(Path::of)
            .collect(Collectors.toList());
    long bytes = 0;
    for (Path jar : jars) {
      bytes += Files.size(jar);
    }
    System.out.printf(
        "runtime classpath: %d jars, %.1f MB (budget %d jars, %d MB)%n",
        jars.size(), bytes / 1e6, MAX_JARS, MAX_BYTES / 1_000_000);

    List<String> names =
        jars.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    List<String> reappeared =
        names.stream()
            .filter(n -> EXCLUDED_PREFIXES.stream().anyMatch(n::startsWith))
            .collect(Collectors.toList());
    assertEquals(List.of(), reappeared, "excluded Hadoop dependencies are back on the classpath");
    assertTrue(
        names.stream().noneMatch(n -> n.startsWith("junit-") || n.startsWith("jmh-")),
        "test-scope jars in the runtime listing: " + names);
    assertTrue(jars.size() <= MAX_JARS, jars.size() + " jars > " + MAX_JARS + ": " + names);
    assertTrue(bytes <= MAX_BYTES, bytes + " bytes > " + MAX_BYTES);
  }

  private static Table sampleTable() {
    Table table =
        Table.create(
            "bars",
            IntColumn.create("int", 1, -2, Integer.MAX_VALUE),
            LongColumn.create("long", 1L, -2L, Long.MAX_VALUE),
            DoubleColumn.create("double", 1.5, -0.25, 1e300),
            StringColumn.create("string", "BTC-USD", "", "été ✓"),
            BooleanColumn.create("boolean", true, false, true),
            DateColumn.create(
                "date",
                LocalDate.of(2013, 11, 25),
                LocalDate.of(1970, 1, 1),
                LocalDate.of(2099, 12, 31)),
            InstantColumn.create(
                "instant",
                Instant.parse("2013-11-25T00:00:00Z"),
                Instant.parse("1970-01-01T00:00:00.001Z"),
                Instant.parse("2099-12-31T23:59:59.999Z")));
    // A row of missing values: they must come back missing, not as zeros or empty strings.
    table.columns().forEach(Column::appendMissing);
    return table;
  }

  private static List<String> fileNamesIn(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<CompressionCodecName> codecsUsedIn(Path file) throws IOException {
    var input =
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
    try (ParquetFileReader reader = ParquetFileReader.open(input)) {
      return reader.getFooter().getBlocks().stream()
          .map(BlockMetaData::getColumns)
          .flatMap(List::stream)
          .map(ColumnChunkMetaData::getCodec)
          .distinct()
          .collect(Collectors.toList());
    }
  }
}
