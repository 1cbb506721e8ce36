package dev.quarry.repo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A thread-safe {@link Repository} in memory (seed 003's {@code InMemoryStorage}): items in a
 * concurrent map, so {@code get} takes no lock and O(1) by id, and item operations run together; a
 * read/write lock lets whole-repository work ({@code clear}, {@code createAll}, snapshots) run
 * alone; optional secondary indexes ({@link #createIndex}) kept consistent on every change,
 * metrics, and JSON snapshots written atomically, with the seed's save points: on close,
 * periodically, after each change, on demand ({@link #persistent}).
 *
 * @param <T> the record type
 */
public final class InMemoryRepository<T extends Record> implements Repository<T>, AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS) // same content, same bytes
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /**
   * When a persistent repository writes its snapshot (any combination; {@link #saveSnapshot()}
   * always works).
   *
   * @param onClose save when the repository is closed
   * @param afterEachChange save after every create, update, delete or clear
   * @param every save this often if something changed, or null
   */
  public record SnapshotPolicy(boolean onClose, boolean afterEachChange, Duration every) {
    /**
     * Checks the period.
     *
     * @throws IllegalArgumentException for a non-positive period
     */
    public SnapshotPolicy {
      if (every != null && (every.isNegative() || every.isZero())) {
        throw new IllegalArgumentException("a snapshot period must be positive, got " + every);
      }
    }

    /**
     * Saves on close only (and on demand).
     *
     * @return the policy
     */
    public static SnapshotPolicy savingOnClose() {
      return new SnapshotPolicy(true, false, null);
    }

    /**
     * Saves after every change (and on close).
     *
     * @return the policy
     */
    public static SnapshotPolicy savingAfterEachChange() {
      return new SnapshotPolicy(true, true, null);
    }

    /**
     * Saves periodically (and on close); the seed saves every five minutes.
     *
     * @param period the period
     * @return the policy
     */
    public static SnapshotPolicy savingEvery(Duration period) {
      return new SnapshotPolicy(true, false, period);
    }
  }

  /** Stands for null in an index, whose maps do not take null keys. */
  private static final Object NULL = new Object();

  private final RecordSchema<T> schema;
  private final Clock clock;

  /**
   * Item operations share the gate (read side) and work on concurrent maps; whole-repository work
   * (clear, createAll, createIndex, snapshots) takes it alone (write side).
   */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  private final ConcurrentHashMap<Long, T> items = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<Object, Set<Long>>> indexes =
      new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final LongAdder operations = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  private final AtomicLong maxNanos = new AtomicLong();
  private final LongAdder timed = new LongAdder();
  private static final int SAMPLE = 16;
  private Path snapshot;
  private SnapshotPolicy policy;
  private ScheduledExecutorService saver;
  private volatile boolean dirty;

  /**
   * Held from encoding a snapshot to renaming it into place, so snapshots reach the file in the
   * order they were taken (an older one never replaces a newer one).
   */
  private final Object saving = new Object();

  /**
   * An empty repository.
   *
   * @param type the record type (a {@code long id} component is required)
   */
  public InMemoryRepository(Class<T> type) {
    this(type, Clock.systemUTC());
  }

  /**
   * An empty repository with its own clock, for tests.
   *
   * @param type the record type
   * @param clock where {@code createdAt}/{@code updatedAt} come from
   */
  public InMemoryRepository(Class<T> type, Clock clock) {
    this.schema = RecordSchema.of(type);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A repository kept in a JSON snapshot file: loaded from it if it exists, saved to it as the
   * policy says (always atomically: the file is old or new, never partial), and on {@link
   * #saveSnapshot()}.
   *
   * @param file the snapshot file
   * @param type the record type
   * @param policy when to save
   * @param <T> the record type
   * @return the repository
   * @throws RepositoryException if the file exists but cannot be read as a snapshot of this type
   */
  public static <T extends Record> InMemoryRepository<T> persistent(
      Path file, Class<T> type, SnapshotPolicy policy) {
    InMemoryRepository<T> r =
        Files.exists(file) ? loadSnapshot(file, type) : new InMemoryRepository<>(type);
    r.snapshot = file;
    r.policy = Objects.requireNonNull(policy, "policy");
    if (policy.every() != null) {
      r.saver =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread t = new Thread(task, "quarry-snapshot-" + file.getFileName());
                t.setDaemon(true);
                return t;
              });
      long ms = policy.every().toMillis();
      r.saver.scheduleAtFixedRate(r::saveIfDirty, ms, ms, TimeUnit.MILLISECONDS);
    }
    return r;
  }

  /**
   * Adds a secondary index on an attribute: {@link #findBy} on it no longer scans.
   *
   * @param attribute the attribute
   * @return this repository
   * @throws IllegalArgumentException for an unknown attribute
   */
  public InMemoryRepository<T> createIndex(String attribute) {
    int position = schema.position(attribute);
    gate.writeLock().lock();
    try {
      ConcurrentHashMap<Object, Set<Long>> index = new ConcurrentHashMap<>();
      for (Map.Entry<Long, T> e : items.entrySet()) {
        index
            .computeIfAbsent(
                key(schema.values(e.getValue())[position]), k -> new ConcurrentSkipListSet<>())
            .add(e.getKey());
      }
      indexes.put(attribute, index);
      return this;
    } finally {
      gate.writeLock().unlock();
    }
  }

  /** An index's key: the value as findBy compares it ({@link Criteria#key}), NULL for null. */
  private static Object key(Object value) {
    return value == null ? NULL : Criteria.key(value);
  }

  private interface Work<R> {
    R run();
  }

  /**
   * Starts timing an operation: one in {@value #SAMPLE} is timed (reading the clock twice costs
   * more than a lookup), so latency figures are averages over a sample; 0 when not timed.
   */
  private static long startTimer() {
    int[] count = CALLS.get();
    return (count[0]++ & (SAMPLE - 1)) == 0 ? System.nanoTime() : 0; // each thread's 1st, 17th …
  }

  private static final ThreadLocal<int[]> CALLS = ThreadLocal.withInitial(() -> new int[1]);

  private void record(long start) {
    if (start == 0) {
      return;
    }
    long took = System.nanoTime() - start;
    timed.increment();
    nanos.add(took);
    if (took > maxNanos.get()) {
      maxNanos.accumulateAndGet(took, Math::max);
    }
  }

  /** Runs an item operation (shared side of the gate), counted and timed. */
  private <R> R shared(Work<R> work, boolean changes) {
    return gated(gate.readLock(), work, changes);
  }

  /** Runs whole-repository work (exclusive side of the gate), counted and timed. */
  private <R> R exclusive(Work<R> work, boolean changes) {
    return gated(gate.writeLock(), work, changes);
  }

  private <R> R gated(java.util.concurrent.locks.Lock side, Work<R> work, boolean changes) {
    long start = startTimer();
    operations.increment();
    R result;
    side.lock();
    try {
      result = work.run();
      if (changes) {
        dirty = true;
      }
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    } finally {
      side.unlock();
      record(start);
    }
    if (changes && policy != null && policy.afterEachChange()) {
      saveSnapshot();
    }
    return result;
  }

  private void index(long id, T item, boolean add) {
    if (indexes.isEmpty()) {
      return;
    }
    Object[] values = schema.values(item);
    for (Map.Entry<String, ConcurrentHashMap<Object, Set<Long>>> e : indexes.entrySet()) {
      Object key = key(values[schema.position(e.getKey())]);
      if (add) {
        // add inside compute: a removal that empties the set (and drops it) cannot run between
        // finding the set and adding to it, which would lose this id from the index
        e.getValue()
            .compute(
                key,
                (k, ids) -> {
                  Set<Long> set = ids == null ? new ConcurrentSkipListSet<>() : ids;
                  set.add(id);
                  return set;
                });
      } else {
        e.getValue()
            .computeIfPresent(
                key,
                (k, ids) -> {
                  ids.remove(id);
                  return ids.isEmpty() ? null : ids;
                });
      }
    }
  }

  private T insert(T item, Instant now) {
    T stored =
        schema.stamped(Objects.requireNonNull(item, "item"), nextId.getAndIncrement(), now, now);
    long id = schema.id(stored);
    items.put(id, stored);
    index(id, stored, true);
    return stored;
  }

  @Override
  public T create(T item) {
    Objects.requireNonNull(item, "item");
    return shared(() -> insert(item, clock.instant()), true);
  }

  @Override
  public List<T> createAll(List<T> batch) {
    List<T> copy = List.copyOf(batch); // refuses null items before anything changes
    return exclusive(
        () -> {
          Instant now = clock.instant();
          List<T> stored = new ArrayList<>(copy.size());
          for (T item : copy) {
            stored.add(insert(item, now));
          }
          return stored;
        },
        true);
  }

  @Override
  public Optional<T> get(long id) {
    // No lock: the concurrent map always hands over a whole item, the old one or the new one.
    long start = startTimer();
    operations.increment();
    T item = items.get(id);
    record(start);
    return Optional.ofNullable(item);
  }

  /** The items in id order. */
  private List<T> ordered(java.util.Collection<T> values) {
    List<T> list = new ArrayList<>(values);
    list.sort(java.util.Comparator.comparingLong(schema::id));
    return list;
  }

  @Override
  public List<T> getAll() {
    return shared(() -> ordered(items.values()), false);
  }

  @Override
  public List<T> page(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException(
          "page offset and limit must not be negative, got " + offset + " and " + limit);
    }
    return shared(
        () -> {
          List<T> all = ordered(items.values());
          int from = (int) Math.min(all.size(), (long) offset);
          int to = (int) Math.min(all.size(), (long) from + limit);
          return new ArrayList<>(all.subList(from, to));
        },
        false);
  }

  @Override
  public T update(long id, T item) {
    Objects.requireNonNull(item, "item");
    return shared(
        () ->
            items.compute(
                id,
                (k, old) -> {
                  if (old == null) {
                    throw new NoSuchElementException(
                        "no " + schema.type().getSimpleName() + " with id " + id + " to update");
                  }
                  T stored = schema.stamped(item, id, schema.createdAt(old), clock.instant());
                  index(id, old, false);
                  index(id, stored, true);
                  return stored;
                }),
        true);
  }

  @Override
  public boolean delete(long id) {
    return shared(
        () -> {
          boolean[] deleted = {false};
          items.computeIfPresent(
              id,
              (k, old) -> {
                index(id, old, false);
                deleted[0] = true;
                return null;
              });
          return deleted[0];
        },
        true);
  }

  @Override
  public List<T> findBy(Map<String, ?> criteria) {
    Objects.requireNonNull(criteria, "criteria");
    Criteria.check(schema, criteria);
    int[] positions = new int[criteria.size()];
    Object[] wanted = new Object[criteria.size()]; // keys, compared as Criteria says
    int k = 0;
    for (Map.Entry<String, ?> c : criteria.entrySet()) {
      positions[k] = schema.position(c.getKey());
      wanted[k++] = Criteria.key(c.getValue());
    }
    return shared(
        () -> {
          java.util.Collection<T> candidates = items.values();
          for (Map.Entry<String, ?> c : criteria.entrySet()) {
            ConcurrentHashMap<Object, Set<Long>> index = indexes.get(c.getKey());
            if (index != null) {
              List<T> hits = new ArrayList<>();
              for (Long id : index.getOrDefault(key(c.getValue()), Set.of())) {
                T item = items.get(id);
                if (item != null) {
                  hits.add(item);
                }
              }
              candidates = hits;
              break;
            }
          }
          List<T> found = new ArrayList<>();
          for (T item : candidates) {
            Object[] values = schema.values(item);
            boolean all = true;
            for (int i = 0; i < positions.length && all; i++) {
              all = Criteria.matches(values[positions[i]], wanted[i]);
            }
            if (all) {
              found.add(item);
            }
          }
          return ordered(found);
        },
        false);
  }

  @Override
  public long count() {
    return shared(() -> (long) items.size(), false);
  }

  @Override
  public void clear() {
    exclusive(
        () -> {
          items.clear();
          indexes.values().forEach(Map::clear);
          return null;
        },
        true);
  }

  @Override
  public RepositoryMetrics metrics() {
    long ops = operations.sum();
    return new RepositoryMetrics(
        items.size(),
        ops,
        failures.sum(),
        timed.sum() == 0 ? 0 : (double) nanos.sum() / timed.sum(),
        maxNanos.get());
  }

  /**
   * Writes the snapshot now (on demand), to the persistent repository's file.
   *
   * @throws IllegalStateException if the repository has no snapshot file
   * @throws RepositoryException if it cannot be written (the old snapshot stays)
   */
  public void saveSnapshot() {
    if (snapshot == null) {
      throw new IllegalStateException(
          "this repository has no snapshot file; use saveSnapshot(path) or persistent(...)");
    }
    saveSnapshot(snapshot);
  }

  private void saveIfDirty() {
    try {
      if (dirty) {
        saveSnapshot();
      }
    } catch (RuntimeException e) {
      // the next period tries again; close() reports a failure
    }
  }

  /**
   * Writes a JSON snapshot ({@code type}, {@code nextId}, {@code items}) atomically: the file is
   * the old one or the new one, never partial. The same content gives the same bytes.
   *
   * @param file the file
   * @throws RepositoryException if it cannot be written
   */
  public void saveSnapshot(Path file) {
    Objects.requireNonNull(file, "file");
    synchronized (saving) {
      writeSnapshot(file);
    }
  }

  private void writeSnapshot(Path file) {
    // only a save to the repository's own file makes it clean: a copy elsewhere does not
    boolean own = snapshot != null && file.toAbsolutePath().equals(snapshot.toAbsolutePath());
    byte[] bytes;
    gate.writeLock().lock();
    try {
      ObjectNode root = JSON.createObjectNode();
      root.put("type", schema.type().getName());
      root.put("nextId", nextId.get());
      ArrayNode list = root.putArray("items");
      List<String> names = schema.attributes();
      for (T item : ordered(items.values())) {
        ObjectNode o = list.addObject();
        Object[] values = schema.values(item);
        for (int i = 0; i < values.length; i++) {
          Object v = values[i];
          o.set(
              names.get(i),
              v instanceof Instant || v instanceof Enum<?>
                  ? JSON.getNodeFactory().textNode(v.toString())
                  : JSON.valueToTree(v));
        }
      }
      bytes =
          (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (own) {
        dirty = false;
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new RepositoryException(
          "cannot encode the snapshot for "
              + file
              + ": "
              + e
              + "; the previous snapshot is unchanged",
          e);
    } finally {
      gate.writeLock().unlock();
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AtomicFiles.writeBytes(file, bytes);
    } catch (IOException e) {
      if (own) {
        dirty = true;
      }
      throw new RepositoryException(
          "cannot write the snapshot " + file + ": " + e + "; the previous snapshot is unchanged",
          e);
    }
  }

  /**
   * Reads a snapshot written by {@link #saveSnapshot(Path)}.
   *
   * @param file the file
   * @param type the record type it holds
   * @param <T> the record type
   * @return a repository with its items and its next id
   * @throws RepositoryException naming the file and what is wrong
   */
  public static <T extends Record> InMemoryRepository<T> loadSnapshot(Path file, Class<T> type) {
    InMemoryRepository<T> r = new InMemoryRepository<>(type);
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new RepositoryException("no snapshot at " + file, e);
    } catch (IOException e) {
      throw new RepositoryException(
          "snapshot " + file + " is not valid JSON (" + e.getMessage() + "); restore a backup", e);
    }
    if (root == null
        || !root.isObject()
        || !type.getName().equals(root.path("type").asText())
        || !root.path("items").isArray()) {
      throw new RepositoryException(
          "snapshot "
              + file
              + " is not a snapshot of "
              + type.getName()
              + " (it needs \"type\": \""
              + type.getName()
              + "\", \"nextId\" and \"items\")",
          null);
    }
    List<String> names = r.schema.attributes();
    long maxId = 0;
    int row = 0;
    for (JsonNode node : root.get("items")) {
      Object[] values = new Object[names.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode v = node.get(names.get(i));
        Class<?> t = r.schema.attributeType(names.get(i));
        try {
          values[i] =
              v == null || v.isNull()
                  ? null
                  : convert(v, t, r.schema.attributeGenericType(names.get(i)));
        } catch (RuntimeException e) {
          throw new RepositoryException(
              "snapshot "
                  + file
                  + ", item "
                  + row
                  + ": "
                  + names.get(i)
                  + " "
                  + v
                  + " is not a "
                  + t.getSimpleName(),
              e);
        }
      }
      T item;
      try {
        item = r.schema.create(values);
      } catch (IllegalArgumentException e) {
        throw new RepositoryException(
            "snapshot " + file + ", item " + row + ": " + e.getMessage(), e);
      }
      long id = r.schema.id(item);
      r.items.put(id, item);
      maxId = Math.max(maxId, id);
      row++;
    }
    r.nextId.set(Math.max(maxId + 1, root.path("nextId").asLong(1)));
    return r;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(JsonNode v, Class<?> t, java.lang.reflect.Type generic)
      throws IllegalArgumentException {
    if (t == Instant.class) {
      return Instant.parse(v.asText());
    }
    if (t.isEnum()) {
      return Enum.valueOf((Class) t, v.asText());
    }
    try {
      // the declared type with its arguments: a Map<String, Double> reads back holding Doubles
      JavaType target = JSON.getTypeFactory().constructType(t.isPrimitive() ? box(t) : generic);
      return JSON.treeToValue(v, target);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Class<?> box(Class<?> t) {
    return t == long.class
        ? Long.class
        : t == int.class
            ? Integer.class
            : t == double.class ? Double.class : t == boolean.class ? Boolean.class : t;
  }

  /**
   * Stops periodic saving and, if the policy says so, writes the snapshot.
   *
   * @throws RepositoryException if the final snapshot cannot be written
   */
  @Override
  public void close() {
    if (saver != null) {
      saver.shutdown(); // lets a periodic save under way finish rather than interrupting it
      try {
        if (!saver.awaitTermination(1, TimeUnit.MINUTES)) {
          saver.shutdownNow();
        }
      } catch (InterruptedException e) {
        saver.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (policy != null && policy.onClose()) {
      saveSnapshot();
    }
  }

  @Override
  public String toString() {
    return "InMemoryRepository[" + schema + ", " + count() + " items]";
  }
}
