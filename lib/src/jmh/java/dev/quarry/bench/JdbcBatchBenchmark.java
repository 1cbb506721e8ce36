package dev.quarry.bench;

import dev.quarry.repo.JdbcRepository;
import dev.quarry.runs.RunTrade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Repositories: a JDBC batch insert of {@value #ROWS} trades (the run history's {@link RunTrade})
 * into a fresh SQLite file, through {@link JdbcRepository#createAll} (one transaction) against a
 * bare JDBC {@code PreparedStatement} batch of the same rows and columns in one transaction, in the
 * same run. Milliseconds per 100,000 rows; each invocation starts from an empty database file
 * (created in the invocation set-up, so the repository's table creation is measured, the bare
 * loop's {@code CREATE TABLE} too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
public class JdbcBatchBenchmark {
  static final int ROWS = 100_000;

  private List<RunTrade> trades;
  private Path dir;
  private Path file;

  @Setup
  public void setUp() throws IOException {
    trades = new ArrayList<>(ROWS);
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < ROWS; i++) {
      trades.add(
          new RunTrade(
              0,
              1,
              "BTC-USD",
              "long",
              1 + i % 7,
              t0.plusSeconds(60L * i),
              t0.plusSeconds(60L * i + 600),
              100 + i % 13,
              101.0 + i % 11,
              0.1,
              i % 5 - 2.0,
              null,
              null));
    }
    dir = Files.createTempDirectory("quarry-jdbc-bench");
  }

  @Setup(Level.Invocation)
  public void freshFile() throws IOException {
    file = Files.createTempFile(dir, "bench", ".db");
    Files.delete(file);
  }

  @TearDown(Level.Invocation)
  public void removeFile() throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
  }

  @Benchmark
  public long repositoryCreateAll() {
    try (JdbcRepository<RunTrade> r = JdbcRepository.open(file, RunTrade.class)) {
      return r.createAll(trades).size();
    }
  }

  @Benchmark
  public long referenceBareJdbcBatch() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute(
            "CREATE TABLE trade (id INTEGER PRIMARY KEY AUTOINCREMENT, run INTEGER NOT NULL, symbol TEXT,"
                + " side TEXT, quantity REAL NOT NULL, entry_time TEXT, exit_time TEXT, entry_price REAL"
                + " NOT NULL, exit_price REAL, fees REAL NOT NULL, pnl REAL NOT NULL, created_at TEXT,"
                + " updated_at TEXT)");
      }
      c.setAutoCommit(false);
      String now = Instant.now().toString();
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO trade (run, symbol, side, quantity, entry_time, exit_time, entry_price,"
                  + " exit_price, fees, pnl, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (RunTrade t : trades) {
          p.setLong(1, t.run());
          p.setString(2, t.symbol());
          p.setString(3, t.side());
          p.setDouble(4, t.quantity());
          p.setString(5, t.entryTime().toString());
          p.setString(6, t.exitTime().toString());
          p.setDouble(7, t.entryPrice());
          p.setDouble(8, t.exitPrice());
          p.setDouble(9, t.fees());
          p.setDouble(10, t.pnl());
          p.setString(11, now);
          p.setString(12, now);
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
      return ROWS;
    }
  }
}
