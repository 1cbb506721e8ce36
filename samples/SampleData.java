package dev.quarry.samples;

import dev.quarry.bars.Bars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The real market data behind the samples: Bitstamp BTC/USD trades shipped in {@code
 * org.ta4j:ta4j-examples:0.18} on Maven Central ({@code bitstamp_trades_from_20131125_usd.csv},
 * 100,000 trades: unix seconds, price, amount).
 */
public final class SampleData {
  /** Maven coordinates of the artifact that ships the trades. */
  public static final String ARTIFACT = "org.ta4j:ta4j-examples:0.18";

  /** The trades file inside the artifact. */
  public static final String TRADES_ENTRY = "bitstamp_trades_from_20131125_usd.csv";

  private SampleData() {}

  /**
   * Returns the artifact's jar in {@code downloads}, copying it there with Maven if missing.
   *
   * @param coordinates {@code group:artifact:version}
   * @param downloads the folder to keep it in
   * @return the jar's path
   * @throws IOException if Maven is not on the PATH or cannot resolve the artifact
   */
  public static Path resolve(String coordinates, Path downloads) throws IOException {
    String[] parts = coordinates.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "artifact '" + coordinates + "' is not group:artifact:version");
    }
    Path jar = downloads.resolve(parts[1] + "-" + parts[2] + ".jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    // Maven copies into a private folder first; only a complete, readable jar is moved into place,
    // so an interrupted download never leaves a broken file behind.
    Files.createDirectories(downloads);
    Path staging = Files.createTempDirectory(downloads, ".fetch-");
    Path log = staging.resolve("maven.log");
    try {
      List<String> command = new ArrayList<>(List.of("mvn", "-q", "-B", "dependency:copy"));
      command.add("-Dartifact=" + coordinates);
      command.add("-DoutputDirectory=" + staging.toAbsolutePath());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = process.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        process.destroyForcibly();
      }
      Path fetched = staging.resolve(jar.getFileName());
      if (!done || process.exitValue() != 0 || !Files.isRegularFile(fetched)) {
        throw new IOException(
            "could not fetch "
                + coordinates
                + " with Maven (is 'mvn' on the PATH and Maven Central reachable?)"
                + (done ? "" : ": timed out after 10 minutes")
                + "\n"
                + Files.readString(log));
      }
      try (ZipFile check = new ZipFile(fetched.toFile())) {
        check.size();
      }
      Files.move(fetched, jar, StandardCopyOption.ATOMIC_MOVE);
      return jar;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + coordinates, e);
    } finally {
      try (var leftovers = Files.walk(staging)) {
        for (Path p : leftovers.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static ZipFile open(Path jar) throws IOException {
    try {
      return new ZipFile(jar.toFile());
    } catch (java.util.zip.ZipException e) {
      throw new IOException(
          jar
              + " is not a readable jar ("
              + e.getMessage()
              + "); delete it and run again to"
              + " fetch it anew",
          e);
    }
  }

  /**
   * Reads a trades CSV ({@code timestamp,price,amount}, unix seconds) from inside a jar.
   *
   * @param jar the jar file
   * @param entry the CSV's path inside the jar
   * @return a trades table: {@code timestamp} (Instant), {@code price}, {@code amount}
   * @throws IOException if the jar or the entry cannot be read
   */
  public static Table readTrades(Path jar, String entry) throws IOException {
    try (ZipFile zip = open(jar)) {
      ZipEntry csv = zip.getEntry(entry);
      if (csv == null) {
        throw new IOException("no entry '" + entry + "' in " + jar);
      }
      Table raw;
      try (InputStream in = zip.getInputStream(csv)) {
        raw =
            Table.read()
                .csv(
                    CsvReadOptions.builder(in)
                        .columnTypes(
                            new ColumnType[] {
                              ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DOUBLE
                            })
                        .build());
      }
      LongColumn seconds = raw.longColumn(0);
      InstantColumn time = InstantColumn.create(Bars.TIMESTAMP);
      for (int row = 0; row < seconds.size(); row++) {
        time.append(Instant.ofEpochSecond(seconds.getLong(row)));
      }
      DoubleColumn price = raw.doubleColumn(1).copy().setName(Bars.PRICE);
      DoubleColumn amount = raw.doubleColumn(2).copy().setName(Bars.AMOUNT);
      return Table.create("bitstamp-btc-usd-trades", time, price, amount);
    }
  }
}
