package dev.quarry.bench;

import dev.quarry.repo.InMemoryRepository;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SPEC §9, repositories: in-memory repository operations per second with 8 threads vs a bare {@code
 * ConcurrentHashMap} in the same run; target ≥ 0.5× the map.
 *
 * <p>Each operation is drawn at random: 80 % {@code get} of a random id, 10 % {@code update} of a
 * random id, 10 % {@code create}, over {@value #ITEMS} items created in set-up. Quarry: {@link
 * InMemoryRepository} (read/write lock, timestamps, metrics). Reference: a {@code
 * ConcurrentHashMap<Long, Item>} with an {@code AtomicLong} for ids, doing the same (the record
 * copied with its new id and times as the repository does). Scores are operations per second, all
 * threads together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class RepositoryBenchmark {
  static final int ITEMS = 10_000;

  /** What is stored. */
  public record Item(
      long id,
      String name,
      String status,
      double value,
      java.time.Instant createdAt,
      java.time.Instant updatedAt) {}

  private InMemoryRepository<Item> repository;
  private ConcurrentHashMap<Long, Item> map;
  private AtomicLong nextId;

  @Setup
  public void setUp() {
    repository = new InMemoryRepository<>(Item.class);
    map = new ConcurrentHashMap<>();
    nextId = new AtomicLong(1);
    for (int i = 0; i < ITEMS; i++) {
      Item item = new Item(0, "item " + i, "active", i, null, null);
      repository.create(item);
      referenceCreate(item);
    }
    Checks.count(ITEMS, repository.count(), "items in the repository");
  }

  private Item referenceCreate(Item item) {
    long id = nextId.getAndIncrement();
    java.time.Instant now = java.time.Instant.now();
    Item stored = new Item(id, item.name(), item.status(), item.value(), now, now);
    map.put(id, stored);
    return stored;
  }

  @Benchmark
  public Object repository() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int op = random.nextInt(10);
    long id = 1 + random.nextInt(ITEMS);
    if (op < 8) {
      return repository.get(id);
    }
    Item item = new Item(0, "x", "active", op, null, null);
    return op == 8 ? repository.update(id, item) : repository.create(item);
  }

  @Benchmark
  public Object referenceConcurrentHashMap() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int op = random.nextInt(10);
    long id = 1 + random.nextInt(ITEMS);
    if (op < 8) {
      return map.get(id);
    }
    Item item = new Item(0, "x", "active", op, null, null);
    if (op == 8) {
      return map.computeIfPresent(
          id,
          (k, old) ->
              new Item(
                  k,
                  item.name(),
                  item.status(),
                  item.value(),
                  old.createdAt(),
                  java.time.Instant.now()));
    }
    return referenceCreate(item);
  }
}
