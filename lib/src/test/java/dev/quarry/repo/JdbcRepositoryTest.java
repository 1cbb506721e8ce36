package dev.quarry.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQL repository does: its encodings of values and its tables' schema. */
class JdbcRepositoryTest {
  @TempDir Path dir;

  /** A record with a primitive and a boxed double. */
  public record Measure(long id, double value, Double maybe) {}

  /** A record with typed JSON components. */
  public record Typed(
      long id,
      Map<String, Double> weights,
      List<Long> counts,
      Map<String, List<Double>> series,
      List<Map<String, Long>> rows) {}

  /** A note, as {@link RepositoryFeaturesTest.NoteV1}. */
  public record Note(long id, String text) {}

  /** The note with its text as an Instant: the same SQL type, another Java type. */
  public record NoteAsInstant(long id, Instant text) {}

  /** A counter with an int. */
  public record IntCounter(long id, int n) {}

  /** The counter with a long. */
  public record LongCounter(long id, long n) {}

  /** A state by name. */
  public enum State {
    OPEN,
    CLOSED
  }

  /** A note whose text is an enum. */
  public record NoteAsEnum(long id, State text) {}

  @Test
  void nonFiniteAndNegativeZeroDoublesRoundTripExactly() {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
    Path db = dir.resolve("doubles.db");
    List<Measure> stored = new ArrayList<>();
    try (JdbcRepository<Measure> r = JdbcRepository.open(db, Measure.class)) {
      for (double v : values) {
        stored.add(r.create(new Measure(0, v, v)));
      }
      assertEquals(List.of(stored.get(0)), r.findBy(Map.of("value", Double.NaN)));
      assertEquals(List.of(stored.get(1)), r.findBy(Map.of("maybe", Double.POSITIVE_INFINITY)));
      assertEquals(List.of(stored.get(3), stored.get(4)), r.findBy(Map.of("value", 0)));
    }
    try (JdbcRepository<Measure> r = JdbcRepository.open(db, Measure.class)) {
      List<Measure> back = r.getAll();
      assertEquals(stored, back, "Double.equals compares bits: NaN = NaN, -0.0 ≠ 0.0");
      for (int i = 0; i < values.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(values[i]),
            Double.doubleToRawLongBits(back.get(i).value()),
            "value " + values[i]);
        assertEquals(
            Double.doubleToRawLongBits(values[i]),
            Double.doubleToRawLongBits(back.get(i).maybe()),
            "maybe " + values[i]);
      }
    }
  }

  @Test
  void typedJsonComponentsReadBackWithTheirDeclaredNumberTypes() {
    Typed t =
        new Typed(
            0,
            Map.of("a", 1.0, "b", 2.5),
            List.of(1L, 2L, 3_000_000_000L),
            Map.of("s", List.of(1.0, 2.0)),
            List.of(Map.of("x", 1L)));
    Path db = dir.resolve("typed.db");
    Typed stored;
    try (JdbcRepository<Typed> r = JdbcRepository.open(db, Typed.class)) {
      stored = r.create(t);
    }
    try (JdbcRepository<Typed> r = JdbcRepository.open(db, Typed.class)) {
      Typed back = r.get(stored.id()).orElseThrow();
      assertEquals(stored, back);
      assertEquals(Double.class, back.weights().get("a").getClass());
      assertEquals(Long.class, back.counts().get(0).getClass());
      assertEquals(Double.class, back.series().get("s").get(0).getClass());
      assertEquals(Long.class, back.rows().get(0).get("x").getClass());
    }
  }

  @Test
  void severalConnectionsOpeningTheSameNewTableAtOnceAllSucceed() throws Exception {
    Path db = dir.resolve("race.db");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                start.await();
                try (JdbcRepository<Note> r = JdbcRepository.open(db, Note.class)) {
                  return r.create(new Note(0, "n")).id();
                }
              }));
    }
    start.countDown();
    List<Long> ids = new ArrayList<>();
    for (Future<Long> f : done) {
      ids.add(f.get(2, TimeUnit.MINUTES));
    }
    pool.shutdown();
    assertEquals(threads, ids.stream().distinct().count(), ids.toString());
    try (JdbcRepository<Note> r = JdbcRepository.open(db, Note.class)) {
      assertEquals(threads, r.count());
    }
  }

  @Test
  void aTableQuarryDidNotCreateIsRefusedAndLeftUntouched() throws Exception {
    Path db = dir.resolve("foreign.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, score REAL)");
      s.execute("INSERT INTO note (body, score) VALUES ('theirs', 1.5)");
    }
    RepositoryException e =
        assertThrows(RepositoryException.class, () -> JdbcRepository.open(db, Note.class));
    assertTrue(e.getMessage().contains("table note in " + db), e.getMessage());
    assertTrue(e.getMessage().contains("not created by Quarry"), e.getMessage());
    assertTrue(e.getMessage().contains("another table name"), e.getMessage());
    assertEquals(List.of("id INTEGER", "body TEXT", "score REAL"), columns(db, "note"));
    assertEquals("theirs 1.5", firstRow(db, "SELECT body || ' ' || score FROM note"));
  }

  @Test
  void aQuarryTableChangedOutsideQuarryIsRefusedAndLeftUntouched() throws Exception {
    Path db = dir.resolve("changed.db");
    try (JdbcRepository<Note> r = JdbcRepository.open(db, Note.class)) {
      r.create(new Note(0, "mine"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE note ADD COLUMN extra REAL");
    }
    RepositoryException e =
        assertThrows(RepositoryException.class, () -> JdbcRepository.open(db, Note.class));
    assertTrue(e.getMessage().contains("table note in " + db), e.getMessage());
    assertTrue(e.getMessage().contains("changed outside Quarry"), e.getMessage());
    assertEquals(List.of("id INTEGER", "text TEXT", "extra REAL"), columns(db, "note"));
    assertEquals("mine", firstRow(db, "SELECT text FROM note"));
  }

  @Test
  void aComponentWhoseJavaTypeChangedToTheSameSqlTypeIsRefused() {
    Path db = dir.resolve("java-types.db");
    try (JdbcRepository<Note> r = JdbcRepository.open(db, Note.class, "note")) {
      r.create(new Note(0, "2024-01-02T03:04:05Z"));
    }
    try (JdbcRepository<IntCounter> r = JdbcRepository.open(db, IntCounter.class, "counter")) {
      r.create(new IntCounter(0, 3));
    }
    for (Class<? extends Record> changed : List.of(NoteAsInstant.class, NoteAsEnum.class)) {
      RepositoryException e =
          assertThrows(RepositoryException.class, () -> JdbcRepository.open(db, changed, "note"));
      assertTrue(
          e.getMessage().contains("has column text holding java.lang.String, but "),
          e.getMessage());
      assertTrue(e.getMessage().contains(changed.getSimpleName() + ".text is "), e.getMessage());
      assertTrue(e.getMessage().contains("rename the component"), e.getMessage());
    }
    RepositoryException e =
        assertThrows(
            RepositoryException.class, () -> JdbcRepository.open(db, LongCounter.class, "counter"));
    assertTrue(
        e.getMessage().contains("has column n holding int, but LongCounter.n is long"),
        e.getMessage());
    try (JdbcRepository<Note> r = JdbcRepository.open(db, Note.class, "note")) {
      assertEquals("2024-01-02T03:04:05Z", r.get(1).orElseThrow().text(), "the table is as it was");
    }
  }

  private static List<String> columns(Path db, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT name, type FROM pragma_table_info('" + table + "')")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  private static String firstRow(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  @Test
  void aTransactionOverSiblingTablesCommitsBothOrNeither() {
    Path file = dir.resolve("tx.db");
    try (JdbcRepository<Note> notes = JdbcRepository.open(file, Note.class);
        JdbcRepository<Measure> measures = notes.sibling(Measure.class)) {
      notes.transaction(
          () -> {
            notes.create(new Note(0, "kept"));
            return measures.create(new Measure(0, 1.5, null));
          });
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () ->
                  notes.transaction(
                      () -> {
                        notes.create(new Note(0, "rolled back"));
                        measures.create(new Measure(0, 2.5, null));
                        throw new IllegalStateException("the second half failed");
                      }));
      assertEquals("the second half failed", e.getMessage());
      assertEquals(1, notes.count());
      assertEquals(1, measures.count());
    }
    // a fresh connection sees exactly the committed transaction
    try (JdbcRepository<Note> notes = JdbcRepository.open(file, Note.class);
        JdbcRepository<Measure> measures = JdbcRepository.open(file, Measure.class)) {
      assertEquals(List.of("kept"), notes.getAll().stream().map(Note::text).toList());
      assertEquals(1, measures.count());
    }
  }

  @Test
  void closingOneSiblingLeavesTheOtherUsable() {
    Path file = dir.resolve("siblings.db");
    JdbcRepository<Note> notes = JdbcRepository.open(file, Note.class);
    JdbcRepository<Measure> measures = notes.sibling(Measure.class);
    notes.close();
    measures.create(new Measure(0, 3, null));
    assertEquals(1, measures.count());
    measures.close();
  }
}
