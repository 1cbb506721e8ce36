package dev.quarry.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.repo.InMemoryRepository.SnapshotPolicy;
import dev.quarry.repo.RepositoryContract.Item;
import dev.quarry.repo.model.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the in-memory repository does: its clock, indexes and snapshots under concurrency. */
class InMemoryRepositoryTest {
  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2024-01-02T03:04:05Z"));

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private static Item item(String name, String status) {
    return new Item(0, name, status, 1, null, null, null);
  }

  @Test
  void timesComeFromTheInjectedClock() {
    ManualClock clock = new ManualClock();
    InMemoryRepository<Item> r = new InMemoryRepository<>(Item.class, clock);
    Instant t0 = clock.instant();
    Item a = r.create(item("a", "s"));
    assertEquals(t0, a.createdAt());
    assertEquals(t0, a.updatedAt());
    clock.now.set(t0.plusSeconds(60));
    Item u = r.update(a.id(), item("b", "s"));
    assertEquals(t0, u.createdAt(), "creation time kept");
    assertEquals(t0.plusSeconds(60), u.updatedAt());
    clock.now.set(t0.plusSeconds(120));
    Item same = r.update(a.id(), u);
    assertEquals(t0, same.createdAt(), "a stored createdAt given back is ignored too");
    assertThrows(NullPointerException.class, () -> r.update(a.id(), null));
  }

  @Test
  void anIndexStaysExactUnderConcurrentCreatesUpdatesAndDeletes() throws Exception {
    InMemoryRepository<Item> r = new InMemoryRepository<>(Item.class).createIndex("status");
    List<String> statuses = List.of("a", "b", "c");
    for (int i = 0; i < 200; i++) {
      r.create(item("i" + i, statuses.get(i % 3)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      work.add(
          pool.submit(
              () -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int k = 0; k < 20_000; k++) {
                  long id = 1 + random.nextInt(300);
                  String status = statuses.get(random.nextInt(3));
                  switch (random.nextInt(4)) {
                    case 0 -> r.create(item("n", status));
                    case 1 -> r.delete(id);
                    default -> {
                      if (r.get(id).isPresent()) {
                        try {
                          r.update(id, item("u", status));
                        } catch (java.util.NoSuchElementException deletedMeanwhile) {
                          // another thread deleted it: fine
                        }
                      }
                    }
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : work) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    List<Item> all = r.getAll();
    for (String s : statuses) {
      List<Item> scanned = all.stream().filter(i -> i.status().equals(s)).toList();
      assertEquals(scanned, r.findBy(Map.of("status", s)), "index for status " + s);
    }
  }

  @Test
  void savingAfterEachChangeLeavesTheLastStateWithConcurrentWriters() throws Exception {
    Path file = dir.resolve("eager.json");
    try (InMemoryRepository<Item> r =
        InMemoryRepository.persistent(file, Item.class, SnapshotPolicy.savingAfterEachChange())) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int k = 0; k < 40; k++) {
                    r.create(item("t" + thread + "-" + k, "s"));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : work) {
        f.get(2, TimeUnit.MINUTES);
      }
      pool.shutdown();
      // before close: the file already holds every change, the last snapshot taken won
      assertEquals(r.getAll(), InMemoryRepository.loadSnapshot(file, Item.class).getAll());
      assertEquals(320, r.count());
    }
  }

  @Test
  void aSnapshotThatCannotBeWrittenLeavesThePreviousOne() throws Exception {
    Path file = dir.resolve("s.json");
    InMemoryRepository<Strategy> r =
        InMemoryRepository.persistent(file, Strategy.class, SnapshotPolicy.savingOnClose());
    r.create(Strategy.of("ok", "", "manual", "active", Map.of("p", 1), null));
    r.saveSnapshot();
    byte[] before = Files.readAllBytes(file);
    r.create(Strategy.of("bad", "", "manual", "active", Map.of("x", new Object()), null));
    RepositoryException e = assertThrows(RepositoryException.class, r::saveSnapshot);
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("previous snapshot is unchanged"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temp file left behind");
    }
  }

  @Test
  void aCopyElsewhereDoesNotStopThePeriodicSave() throws Exception {
    Path file = dir.resolve("periodic.json");
    SnapshotPolicy periodicOnly = new SnapshotPolicy(false, false, Duration.ofMillis(50));
    try (InMemoryRepository<Item> r =
        InMemoryRepository.persistent(file, Item.class, periodicOnly)) {
      r.create(item("a", "s"));
      r.saveSnapshot(dir.resolve("copy.json")); // a backup, not the repository's own file
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (Files.notExists(file) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(Files.exists(file), "the periodic save still ran after a copy elsewhere");
      assertEquals(1, InMemoryRepository.loadSnapshot(file, Item.class).count());
    }
  }

  @Test
  void aMissingSnapshotIsNamed() {
    Path file = dir.resolve("nothing.json");
    RepositoryException e =
        assertThrows(
            RepositoryException.class, () -> InMemoryRepository.loadSnapshot(file, Item.class));
    assertTrue(e.getMessage().contains("no snapshot at " + file), e.getMessage());
  }

  @Test
  void anIndexedFindByFindsWhatAScanFindsForNumbersOfAnyType() {
    InMemoryRepository<Item> indexed =
        new InMemoryRepository<>(Item.class).createIndex("value").createIndex("rank");
    InMemoryRepository<Item> plain = new InMemoryRepository<>(Item.class);
    for (InMemoryRepository<Item> r : List.of(indexed, plain)) {
      r.create(new Item(0, "one", "s", 1.0, 1, null, null));
      r.create(new Item(0, "zero", "s", 0.0, 0, null, null));
      r.create(new Item(0, "minus zero", "s", -0.0, null, null, null));
      r.create(new Item(0, "nan", "s", Double.NaN, null, null, null));
    }
    List<Object> wanted =
        List.of(1, 1L, 1.0, new java.math.BigDecimal("1.00"), 0, -0.0, 0.0, Double.NaN, 2);
    for (Object w : wanted) {
      for (String attribute : List.of("value", "rank")) {
        List<String> scanned = plain.findBy(Map.of(attribute, w)).stream().map(Item::name).toList();
        List<String> looked =
            indexed.findBy(Map.of(attribute, w)).stream().map(Item::name).toList();
        assertEquals(scanned, looked, attribute + " = " + w);
      }
    }
    assertEquals(1, indexed.findBy(Map.of("value", 1)).size(), "Integer 1 finds double 1.0");
    assertEquals(2, indexed.findBy(Map.of("value", 0)).size(), "0 finds 0.0 and -0.0");
    assertEquals(1, indexed.findBy(Map.of("rank", 1.0)).size(), "1.0 finds Integer 1");
  }

  @Test
  void aSnapshotReadsTypedJsonBackWithTheDeclaredNumberTypes() {
    InMemoryRepository<JdbcRepositoryTest.Typed> r =
        new InMemoryRepository<>(JdbcRepositoryTest.Typed.class);
    JdbcRepositoryTest.Typed stored =
        r.create(
            new JdbcRepositoryTest.Typed(
                0,
                Map.of("a", 1.0),
                List.of(1L, 3_000_000_000L),
                Map.of("s", List.of(2.0)),
                List.of(Map.of("x", 1L))));
    Path file = dir.resolve("typed.json");
    r.saveSnapshot(file);
    JdbcRepositoryTest.Typed back =
        InMemoryRepository.loadSnapshot(file, JdbcRepositoryTest.Typed.class).get(1).orElseThrow();
    assertEquals(stored, back);
    assertEquals(Double.class, back.weights().get("a").getClass());
    assertEquals(Long.class, back.counts().get(0).getClass());
    assertEquals(Double.class, back.series().get("s").get(0).getClass());
    assertEquals(Long.class, back.rows().get(0).get("x").getClass());
  }
}
