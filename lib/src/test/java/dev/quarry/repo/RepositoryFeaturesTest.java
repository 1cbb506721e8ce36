package dev.quarry.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.repo.InMemoryRepository.SnapshotPolicy;
import dev.quarry.repo.model.SampleData;
import dev.quarry.repo.model.Strategy;
import dev.quarry.repo.model.Trade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes beyond the contract: models, indexes, snapshots, and the SQL table itself. */
class RepositoryFeaturesTest {
  @TempDir Path dir;

  /** Every column type the SQL repository maps. */
  public enum Colour {
    RED,
    GREEN
  }

  /** A record with every supported component type. */
  public record Everything(
      long id,
      int small,
      Long big,
      double ratio,
      Double maybe,
      boolean flag,
      String text,
      Instant at,
      Colour colour,
      Map<String, Object> nested,
      List<Object> list,
      Instant createdAt,
      Instant updatedAt) {}

  /** A value Jackson cannot write: its only property throws. */
  public static final class Unwritable {
    /**
     * Throws.
     *
     * @return never
     */
    public String getValue() {
      throw new IllegalStateException("this value cannot be written");
    }
  }

  /** Version 1 of a record whose table is migrated. */
  public record NoteV1(long id, String text) {}

  /** Version 2: a new component. */
  public record NoteV2(long id, String text, String tag, int priority) {}

  /** Version 3: a changed type. */
  public record NoteV3(long id, double text) {}

  @Test
  void sampleDataIsTheSeedsInMemoryAndInSql() {
    for (int k = 0; k < 2; k++) {
      Repository<Strategy> strategies =
          k == 0
              ? new InMemoryRepository<>(Strategy.class)
              : JdbcRepository.open(dir.resolve("sample.db"), Strategy.class);
      Repository<Trade> trades =
          k == 0
              ? new InMemoryRepository<>(Trade.class)
              : JdbcRepository.open(dir.resolve("sample.db"), Trade.class);
      Strategy rsi = SampleData.initialize(strategies, trades);
      assertEquals(2, strategies.count());
      assertEquals(List.of(rsi), strategies.findBy(Map.of("status", "active")));
      assertEquals("MACD Crossover", strategies.findBy(Map.of("type", "macd")).get(0).name());
      assertEquals(14, ((Number) rsi.config().get("rsi_period")).intValue());
      Trade t = trades.findBy(Map.of("strategyId", rsi.id())).get(0);
      assertEquals(1250.0, t.pnl());
      assertEquals("closed", t.status());
      assertEquals(rsi, strategies.get(rsi.id()).orElseThrow(), "maps read back equal");
    }
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> Strategy.of("x", "", "rsi", "paused", Map.of(), Map.of()));
    assertTrue(bad.getMessage().contains("status must be active or inactive"), bad.getMessage());
    Trade open = Trade.open(1, "ETH", "sell", 2, 100, Instant.EPOCH);
    assertEquals(-20.0, open.close(110, Instant.EPOCH).pnl(), "a sell loses when the price rises");
    assertThrows(IllegalStateException.class, () -> open.close(1, null).close(2, null));
  }

  @Test
  void indexesStayConsistentWithScansThroughEveryChange() {
    java.time.Clock clock = java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC);
    InMemoryRepository<RepositoryContract.Item> indexed =
        new InMemoryRepository<>(RepositoryContract.Item.class, clock).createIndex("status");
    InMemoryRepository<RepositoryContract.Item> plain =
        new InMemoryRepository<>(RepositoryContract.Item.class, clock);
    Random random = new Random(3);
    String[] statuses = {"active", "inactive", "paused", null};
    for (int step = 0; step < 2_000; step++) {
      String status = statuses[random.nextInt(statuses.length)];
      RepositoryContract.Item item =
          new RepositoryContract.Item(0, "n" + step, status, step, null, null, null);
      int op = random.nextInt(10);
      long id = 1 + random.nextInt(Math.max(1, (int) plain.count() + 5));
      if (op < 5) {
        indexed.create(item);
        plain.create(item);
      } else if (op < 8 && plain.get(id).isPresent()) {
        indexed.update(id, item);
        plain.update(id, item);
      } else if (op < 9) {
        indexed.delete(id);
        plain.delete(id);
      } else if (step % 500 == 0) {
        indexed.clear();
        plain.clear();
      }
      for (String s : statuses) {
        Map<String, Object> c = new HashMap<>();
        c.put("status", s);
        assertEquals(plain.findBy(c), indexed.findBy(c), "status " + s + " after step " + step);
      }
    }
  }

  @Test
  void snapshotsRoundTripAtomicallyWithTheSeedsSavePoints() throws Exception {
    Path file = dir.resolve("snap/strategies.json");
    InMemoryRepository<Strategy> r =
        InMemoryRepository.persistent(file, Strategy.class, SnapshotPolicy.savingOnClose());
    InMemoryRepository<Trade> t = new InMemoryRepository<>(Trade.class);
    SampleData.initialize(r, t);
    r.delete(2);
    assertTrue(Files.notExists(file), "on close only: nothing written yet");
    r.close();
    byte[] first = Files.readAllBytes(file);
    InMemoryRepository<Strategy> back = InMemoryRepository.loadSnapshot(file, Strategy.class);
    assertEquals(r.getAll(), back.getAll());
    back.saveSnapshot(dir.resolve("again.json"));
    assertArrayEquals(
        first, Files.readAllBytes(dir.resolve("again.json")), "same content, same bytes");
    assertEquals(
        3, back.create(Strategy.of("n", "", "manual", "active", null, null)).id(), "next id kept");

    Path eager = dir.resolve("eager.json");
    try (InMemoryRepository<Strategy> e =
        InMemoryRepository.persistent(
            eager, Strategy.class, SnapshotPolicy.savingAfterEachChange())) {
      e.create(Strategy.of("a", "", "manual", "active", null, null));
      assertEquals(
          1, InMemoryRepository.loadSnapshot(eager, Strategy.class).count(), "after a change");
    }
    Path periodic = dir.resolve("periodic.json");
    try (InMemoryRepository<Strategy> p =
        InMemoryRepository.persistent(
            periodic, Strategy.class, SnapshotPolicy.savingEvery(Duration.ofMillis(50)))) {
      p.create(Strategy.of("a", "", "manual", "active", null, null));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (Files.notExists(periodic) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(Files.exists(periodic), "the periodic save ran");
    }
    InMemoryRepository<Strategy> reopened =
        InMemoryRepository.persistent(periodic, Strategy.class, SnapshotPolicy.savingOnClose());
    assertEquals(1, reopened.count(), "a persistent repository loads its file");

    Files.writeString(
        dir.resolve("bad.json"), "{\"type\": \"dev.quarry.repo.model.Strategy\", \"items\": [");
    RepositoryException corrupt =
        assertThrows(
            RepositoryException.class,
            () -> InMemoryRepository.loadSnapshot(dir.resolve("bad.json"), Strategy.class));
    assertTrue(corrupt.getMessage().contains("bad.json is not valid JSON"), corrupt.getMessage());
    RepositoryException wrongType =
        assertThrows(
            RepositoryException.class, () -> InMemoryRepository.loadSnapshot(file, Trade.class));
    assertTrue(
        wrongType.getMessage().contains("is not a snapshot of dev.quarry.repo.model.Trade"),
        wrongType.getMessage());
    assertThrows(
        IllegalStateException.class, () -> new InMemoryRepository<>(Strategy.class).saveSnapshot());
  }

  @Test
  void sqlRoundTripsEveryTypeAndPersistsAcrossReopening() {
    Path db = dir.resolve("types.db");
    Map<String, Object> nested = new HashMap<>();
    nested.put("a", List.of(1, 2.5, "x"));
    nested.put("b", Map.of("c", true));
    Everything e =
        new Everything(
            0,
            7,
            null,
            0.1 + 0.2,
            null,
            true,
            "x'); DROP TABLE everything; --",
            Instant.parse("2024-01-02T03:04:05.123456789Z"),
            Colour.GREEN,
            nested,
            List.of("q", 3),
            null,
            null);
    Everything stored;
    try (JdbcRepository<Everything> r = JdbcRepository.open(db, Everything.class)) {
      stored = r.create(e);
      assertEquals(List.of(stored), r.findBy(Map.of("text", "x'); DROP TABLE everything; --")));
      assertEquals(List.of(stored), r.findBy(Map.of("colour", Colour.GREEN, "flag", true)));
    }
    try (JdbcRepository<Everything> r = JdbcRepository.open(db, Everything.class)) {
      assertEquals(
          stored, r.get(1).orElseThrow(), "every type reads back exactly, after reopening");
      assertEquals(1, r.count());
    }
  }

  @Test
  void sqlTablesMigrateAndRefuseAChangedType() {
    Path db = dir.resolve("notes.db");
    try (JdbcRepository<NoteV1> v1 = JdbcRepository.open(db, NoteV1.class, "note")) {
      v1.create(new NoteV1(0, "old"));
    }
    try (JdbcRepository<NoteV2> v2 = JdbcRepository.open(db, NoteV2.class, "note")) {
      assertEquals(
          new NoteV2(1, "old", null, 0), v2.get(1).orElseThrow(), "new columns: null and 0");
      v2.create(new NoteV2(0, "new", "t", 3));
      assertEquals(2, v2.findBy(Map.of("tag", "t")).get(0).id());
    }
    RepositoryException e =
        assertThrows(
            RepositoryException.class, () -> JdbcRepository.open(db, NoteV3.class, "note"));
    assertTrue(
        e.getMessage().contains("has column text as TEXT, but NoteV3.text needs REAL"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> JdbcRepository.open(db, NoteV1.class, "note; DROP"));
  }

  @Test
  void aFailedBatchLeavesNothingAndAGarbageFileIsRefused() throws Exception {
    try (JdbcRepository<Everything> r =
        JdbcRepository.open(dir.resolve("batch.db"), Everything.class)) {
      Everything ok =
          new Everything(
              0,
              1,
              1L,
              1,
              1.0,
              false,
              "ok",
              Instant.EPOCH,
              Colour.RED,
              Map.of(),
              List.of(),
              null,
              null);
      Map<String, Object> unwritable = new HashMap<>();
      unwritable.put("broken", new Unwritable()); // its JSON fails: the 3rd insert fails
      Everything bad =
          new Everything(
              0,
              1,
              1L,
              1,
              1.0,
              false,
              "bad",
              Instant.EPOCH,
              Colour.RED,
              unwritable,
              List.of(),
              null,
              null);
      assertThrows(RuntimeException.class, () -> r.createAll(List.of(ok, ok, bad)));
      assertEquals(0, r.count(), "the batch was rolled back");
      assertEquals(1, r.create(ok).id() > 0 ? 1 : 0);
    }
    Path garbage = dir.resolve("garbage.db");
    Files.write(garbage, "this is not a database at all, just bytes; ".repeat(200).getBytes());
    RepositoryException e =
        assertThrows(RepositoryException.class, () -> JdbcRepository.open(garbage, NoteV1.class));
    assertTrue(e.getMessage().contains("as a Quarry database"), e.getMessage());
  }
}
