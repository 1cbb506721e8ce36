package dev.quarry.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Repository} passes (SPEC §6): run against {@link InMemoryRepository}
 * and {@link JdbcRepository} by their subclasses.
 */
abstract class RepositoryContract {
  /** A small record with every kind of attribute the contract needs. */
  public record Item(
      long id,
      String name,
      String status,
      double value,
      Integer rank,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * A fresh, empty repository.
   *
   * @param type the record type
   * @param <T> the record type
   * @return the repository
   */
  protected abstract <T extends Record> Repository<T> repository(Class<T> type);

  private static Item item(String name, String status, double value, Integer rank) {
    return new Item(42, name, status, value, rank, null, null);
  }

  @Test
  void createAssignsIdsInOrderAndSetsTheTimes() {
    Repository<Item> r = repository(Item.class);
    Instant before = Instant.now();
    Item a = r.create(item("a", "active", 1.5, 1));
    Item b = r.create(item("b", "inactive", 2.5, null));
    assertEquals(1, a.id(), "the given id (42) is ignored");
    assertEquals(2, b.id());
    assertNotNull(a.createdAt());
    assertEquals(a.createdAt(), a.updatedAt());
    assertFalse(a.createdAt().isBefore(before.minusSeconds(1)));
    assertEquals(a, r.get(1).orElseThrow());
    assertEquals(b, r.get(2).orElseThrow());
    assertTrue(r.get(3).isEmpty());
    assertTrue(r.get(-1).isEmpty());
    assertThrows(NullPointerException.class, () -> r.create(null));
  }

  @Test
  void getAllIsACopyInIdOrderAndPagesSliceIt() {
    Repository<Item> r = repository(Item.class);
    for (int i = 0; i < 5; i++) {
      r.create(item("n" + i, "active", i, i));
    }
    List<Item> all = r.getAll();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), all.stream().map(Item::id).toList());
    all.clear();
    assertEquals(5, r.getAll().size(), "clearing the copy changes nothing");
    assertEquals(List.of(2L, 3L), r.page(1, 2).stream().map(Item::id).toList());
    assertEquals(List.of(5L), r.page(4, 10).stream().map(Item::id).toList());
    assertTrue(r.page(9, 2).isEmpty());
    assertTrue(r.page(0, 0).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> r.page(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> r.page(0, -2));
    assertEquals(5, r.count());
  }

  @Test
  void updateKeepsIdAndCreationTimeAndFailsOnAnUnknownId() throws Exception {
    Repository<Item> r = repository(Item.class);
    Item a = r.create(item("a", "active", 1, 1));
    Thread.sleep(2);
    Item u = r.update(a.id(), item("a2", "inactive", 3, null));
    assertEquals(a.id(), u.id());
    assertEquals("a2", u.name());
    assertEquals(a.createdAt(), u.createdAt());
    assertTrue(u.updatedAt().isAfter(a.updatedAt()), a.updatedAt() + " then " + u.updatedAt());
    assertEquals(u, r.get(a.id()).orElseThrow());
    NoSuchElementException e =
        assertThrows(NoSuchElementException.class, () -> r.update(7, item("x", "y", 0, 0)));
    assertTrue(e.getMessage().contains("id 7"), e.getMessage());
    assertThrows(NullPointerException.class, () -> r.update(a.id(), null));
    assertEquals(1, r.count());
  }

  @Test
  void deleteSaysWhetherThereWasAnItemAndIdsAreNotReused() {
    Repository<Item> r = repository(Item.class);
    r.create(item("a", "active", 1, 1));
    r.create(item("b", "active", 1, 1));
    assertTrue(r.delete(1));
    assertFalse(r.delete(1));
    assertFalse(r.delete(99));
    assertTrue(r.get(1).isEmpty());
    assertEquals(3, r.create(item("c", "active", 1, 1)).id());
    r.clear();
    assertEquals(0, r.count());
    assertTrue(r.getAll().isEmpty());
    assertEquals(4, r.create(item("d", "active", 1, 1)).id(), "ids keep counting after clear");
  }

  @Test
  void findByMatchesEveryAttributeGivenIncludingNulls() {
    Repository<Item> r = repository(Item.class);
    r.create(item("a", "active", 1, 1));
    r.create(item("b", "active", 2, null));
    r.create(item("c", "inactive", 2, null));
    assertEquals(
        List.of("a", "b"), r.findBy(Map.of("status", "active")).stream().map(Item::name).toList());
    assertEquals(
        List.of("b"),
        r.findBy(Map.of("status", "active", "value", 2.0)).stream().map(Item::name).toList());
    Map<String, Object> noRank = new HashMap<>();
    noRank.put("rank", null);
    assertEquals(List.of("b", "c"), r.findBy(noRank).stream().map(Item::name).toList());
    assertTrue(r.findBy(Map.of("status", "gone")).isEmpty());
    assertEquals(3, r.findBy(Map.of()).size(), "no criteria: everything");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.findBy(Map.of("colour", "red")));
    assertTrue(e.getMessage().contains("no attribute 'colour'"), e.getMessage());
    assertTrue(e.getMessage().contains("[id, name, status, value, rank"), e.getMessage());
  }

  @Test
  void findByComparesNumbersByValueWhateverTheirJavaType() {
    Repository<Item> r = repository(Item.class);
    r.create(item("one", "s", 1.0, 1));
    r.create(item("tenth", "s", 0.1, 10));
    r.create(item("half", "s", 2.5, null));
    assertEquals(List.of("one"), names(r.findBy(Map.of("value", 1))), "Integer 1 = double 1.0");
    assertEquals(List.of("one"), names(r.findBy(Map.of("value", 1L))), "Long 1 = double 1.0");
    assertEquals(List.of("one"), names(r.findBy(Map.of("value", new BigDecimal("1.00")))));
    assertEquals(List.of("tenth"), names(r.findBy(Map.of("value", new BigDecimal("0.1")))));
    assertEquals(List.of("half"), names(r.findBy(Map.of("value", 2.5f))), "Float 2.5 = 2.5");
    assertEquals(List.of("one"), names(r.findBy(Map.of("rank", 1L))), "Long 1 = Integer 1");
    assertEquals(List.of("one"), names(r.findBy(Map.of("rank", 1.0))), "double 1.0 = Integer 1");
    assertEquals(List.of("tenth"), names(r.findBy(Map.of("rank", BigInteger.TEN))));
    assertTrue(r.findBy(Map.of("rank", 1.5)).isEmpty(), "1.5 is no integer");
    assertTrue(r.findBy(Map.of("value", new BigDecimal("1.0000000000000000001"))).isEmpty());
    assertTrue(r.findBy(Map.of("rank", Double.NaN)).isEmpty());
    assertTrue(r.findBy(Map.of("value", Long.MAX_VALUE)).isEmpty());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.findBy(Map.of("value", "1")));
    assertTrue(e.getMessage().contains("Item.value"), e.getMessage());
    assertTrue(e.getMessage().contains("pass a number"), e.getMessage());
  }

  @Test
  void findByFindsNanAsNanAndNegativeZeroAsZero() {
    Repository<Item> r = repository(Item.class);
    Item nan = r.create(item("nan", "s", Double.NaN, null));
    Item minusZero = r.create(item("minus zero", "s", -0.0, null));
    r.create(item("zero", "s", 0.0, 0));
    r.create(item("infinity", "s", Double.POSITIVE_INFINITY, null));
    assertEquals(List.of("nan"), names(r.findBy(Map.of("value", Double.NaN))));
    assertEquals(List.of("minus zero", "zero"), names(r.findBy(Map.of("value", 0))));
    assertEquals(List.of("minus zero", "zero"), names(r.findBy(Map.of("value", -0.0))));
    assertEquals(List.of("infinity"), names(r.findBy(Map.of("value", Double.POSITIVE_INFINITY))));
    assertEquals(nan, r.get(nan.id()).orElseThrow());
    assertEquals(minusZero, r.get(minusZero.id()).orElseThrow(), "-0.0 reads back as -0.0");
  }

  private static List<String> names(List<Item> items) {
    return items.stream().map(Item::name).toList();
  }

  @Test
  void createAllStoresEveryItemOrNone() {
    Repository<Item> r = repository(Item.class);
    List<Item> stored =
        r.createAll(List.of(item("a", "s", 1, 1), item("b", "s", 2, 2), item("c", "s", 3, 3)));
    assertEquals(List.of(1L, 2L, 3L), stored.stream().map(Item::id).toList());
    List<Item> withNull = new ArrayList<>(List.of(item("d", "s", 1, 1)));
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> r.createAll(withNull));
    assertEquals(3, r.count(), "a batch with a null item stores nothing");
  }

  @Test
  void metricsCountItemsOperationsAndFailures() {
    Repository<Item> r = repository(Item.class);
    r.create(item("a", "s", 1, 1));
    for (int i = 0; i < 16; i++) {
      r.get(1); // a repository may time only some calls (the in-memory one: 1 in 16)
    }
    r.findBy(Map.of("name", "a"));
    assertThrows(NoSuchElementException.class, () -> r.update(5, item("x", "s", 1, 1)));
    RepositoryMetrics m = r.metrics();
    assertEquals(1, m.items());
    assertTrue(m.operations() >= 19, m.toString());
    assertEquals(1, m.failures(), m.toString());
    assertTrue(m.averageLatencyNanos() > 0 && m.maxLatencyNanos() > 0, m.toString());
  }

  @Test
  void tenThreadsCreatingAHundredEachGetAThousandDistinctIds() throws Exception {
    Repository<Item> r = repository(Item.class);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch start = new CountDownLatch(1);
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                  ids.add(r.create(item("t" + thread + "-" + i, "manual", i, thread)).id());
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertEquals(1000, ids.size());
    assertEquals(1000, r.getAll().size());
    assertEquals(1000, r.count());
    assertEquals(Set.of(), difference(ids, r.getAll()));
  }

  @Test
  void readersSeeWholeItemsWhileWritersUpdate() throws Exception {
    Repository<Item> r = repository(Item.class);
    for (int i = 0; i < 20; i++) {
      r.create(item("v0", "s", 0, 0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> work = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      work.add(
          pool.submit(
              () -> {
                for (int round = 1; round <= 50; round++) {
                  for (long id = 1; id <= 20; id++) {
                    r.update(id, item("v" + round, "s", round, round));
                  }
                }
                return null;
              }));
    }
    for (int reader = 0; reader < 2; reader++) {
      work.add(
          pool.submit(
              () -> {
                for (int k = 0; k < 200; k++) {
                  for (Item i : r.getAll()) {
                    assertEquals("v" + (int) i.value(), i.name(), "a torn item: " + i);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertEquals(20, r.count());
  }

  private static Set<Long> difference(Set<Long> ids, List<Item> items) {
    Set<Long> left = new HashSet<>(ids);
    items.forEach(i -> left.remove(i.id()));
    return left;
  }
}
