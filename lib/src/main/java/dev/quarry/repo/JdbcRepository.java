package dev.quarry.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A {@link Repository} in a SQL database: SQLite by default, one table per record type, in a real
 * file. The table is created and migrated from the record's components (a new component becomes a
 * new column; a column whose type changed is refused with what to do). Values always travel as
 * statement parameters; table and column names come only from the record type and are checked as
 * identifiers. Multi-row work runs in one transaction.
 *
 * <p>Column types: {@code long, int, Long, Integer, boolean} → INTEGER; {@code double, Double} →
 * REAL, except the two doubles a REAL cannot hold, stored as TEXT: NaN as {@code 'NaN'} and {@code
 * -0.0} as {@code '-zero'} (the infinities are REALs); {@code String}, enums (by name) and {@code
 * Instant} (ISO-8601, exact) → TEXT; maps and lists → TEXT holding JSON, read back with the
 * component's declared type ({@code Map<String, Double>} holds Doubles). {@code id} is {@code
 * INTEGER PRIMARY KEY AUTOINCREMENT}: ids are never reused, also after {@link #clear}.
 *
 * <p>The table is prepared as {@link SqlTables} describes: under SQLite's write lock, so several
 * connections may open the same new table at once; a table Quarry did not create, or one changed
 * outside Quarry, is refused and left untouched, as is a component whose SQL or Java type changed.
 * {@link #findBy} compares numbers by value, as {@link InMemoryRepository} does.
 *
 * @param <T> the record type
 */
public final class JdbcRepository<T extends Record> implements Repository<T>, AutoCloseable {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** How NaN is stored in a REAL column, which would turn it into NULL. */
  private static final String NAN = "NaN";

  /** How -0.0 is stored in a REAL column, which would turn it into 0.0. */
  private static final String NEGATIVE_ZERO = "-zero";

  private final RecordSchema<T> schema;
  private final List<JavaType> types;
  private final String table;
  private final Path file;
  private final Session session;
  private final Connection connection;
  private final ReentrantLock lock;
  private final List<String> columns;
  private final String insert;
  private final String select;
  private final LongAdder operations = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  private final AtomicLong maxNanos = new AtomicLong();

  /** A connection shared by a repository and its siblings, with its lock and transaction depth. */
  private static final class Session {
    final Connection connection;
    final ReentrantLock lock = new ReentrantLock();
    int depth;
    int users = 1;

    Session(Connection connection) {
      this.connection = connection;
    }
  }

  private JdbcRepository(Path file, Class<T> type, String table) {
    this(file, type, table, null);
  }

  private JdbcRepository(Path file, Class<T> type, String table, Session shared) {
    this.schema = RecordSchema.of(type);
    this.table = identifier(table, "table");
    if (this.table.equalsIgnoreCase(SqlTables.SCHEMA_TABLE)) {
      throw new IllegalArgumentException(
          "table name '" + table + "' is where Quarry records its tables; use another name");
    }
    this.file = file.toAbsolutePath().normalize();
    this.columns = schema.attributes();
    this.types =
        columns.stream()
            .map(c -> JSON.getTypeFactory().constructType(schema.attributeGenericType(c)))
            .toList();
    columns.forEach(c -> identifier(c, "column"));
    List<String> values = new ArrayList<>(columns);
    values.remove(RecordSchema.ID);
    this.insert =
        "INSERT INTO "
            + quote(this.table)
            + " ("
            + String.join(", ", values.stream().map(JdbcRepository::quote).toList())
            + ") VALUES ("
            + String.join(", ", values.stream().map(v -> "?").toList())
            + ")";
    this.select =
        "SELECT "
            + String.join(", ", columns.stream().map(JdbcRepository::quote).toList())
            + " FROM "
            + quote(this.table);
    try {
      Path parent = this.file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new RepositoryException("cannot create the folder of " + this.file + ": " + e, e);
    }
    if (shared != null) {
      session = shared;
      connection = shared.connection;
      lock = shared.lock;
      try {
        connection.setAutoCommit(true); // as for a new connection: prepare runs its own statements
        SqlTables.prepare(connection, schema, this.table, this.file);
        connection.setAutoCommit(false);
      } catch (SQLException e) {
        throw new RepositoryException(
            "cannot use table " + this.table + " in " + this.file + ": " + e.getMessage(), e);
      }
      shared.users++;
      return;
    }
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + this.file);
    } catch (SQLException e) {
      throw new RepositoryException("cannot open the database " + this.file + ": " + e, e);
    }
    session = new Session(connection);
    lock = session.lock;
    try {
      SqlTables.prepare(connection, schema, this.table, this.file);
      connection.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      closeQuietly();
      if (e instanceof RepositoryException r) {
        throw r;
      }
      if (diskFull(e.getMessage())) {
        throw new RepositoryException(
            "cannot open "
                + this.file
                + " (table "
                + this.table
                + "): "
                + e.getMessage()
                + advice(e.getMessage()),
            e);
      }
      throw new RepositoryException(
          "cannot use "
              + this.file
              + " as a Quarry database (table "
              + this.table
              + "): "
              + e.getMessage()
              + "; is it an SQLite file? Point to another file or move this one away",
          e);
    }
  }

  /**
   * A repository of {@code type} in the table named after it in snake case ({@code BacktestRun} →
   * {@code backtest_run}); the file and the table are created if missing.
   *
   * @param databaseFile the SQLite file
   * @param type the record type
   * @param <T> the record type
   * @return the repository
   * @throws RepositoryException if the file cannot be used
   */
  public static <T extends Record> JdbcRepository<T> open(Path databaseFile, Class<T> type) {
    return open(databaseFile, type, snake(type.getSimpleName()));
  }

  /**
   * A repository of {@code type} in a table of that name.
   *
   * @param databaseFile the SQLite file
   * @param type the record type
   * @param table the table, an identifier ({@code [A-Za-z_][A-Za-z0-9_]*})
   * @param <T> the record type
   * @return the repository
   * @throws RepositoryException if the file cannot be used
   */
  public static <T extends Record> JdbcRepository<T> open(
      Path databaseFile, Class<T> type, String table) {
    return new JdbcRepository<>(
        Objects.requireNonNull(databaseFile, "databaseFile"), Objects.requireNonNull(type), table);
  }

  private static String identifier(String name, String what) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
    }
    return name;
  }

  private static String quote(String identifier) {
    return SqlTables.quote(identifier);
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Runs an operation under the lock, counting it and its time. */
  private <R> R run(String operation, SqlWork<R> work) {
    long start = System.nanoTime();
    operations.increment();
    lock.lock();
    try {
      return work.run();
    } catch (SQLException e) {
      failures.increment();
      rollbackQuietly();
      throw new RepositoryException(
          operation
              + " on table "
              + table
              + " in "
              + file
              + " failed: "
              + e.getMessage()
              + advice(e),
          e);
    } catch (RuntimeException e) {
      failures.increment();
      rollbackQuietly();
      throw e;
    } finally {
      lock.unlock();
      long took = System.nanoTime() - start;
      nanos.add(took);
      maxNanos.accumulateAndGet(took, Math::max);
    }
  }

  @FunctionalInterface
  private interface SqlWork<R> {
    R run() throws SQLException;
  }

  /**
   * Whether a failure comes from a full disk: SQLite says so (SQLITE_FULL), or fails to grow a file
   * (a WAL's shared memory, any I/O error) on a file system with almost no space left.
   */
  private boolean diskFull(String message) {
    String m = String.valueOf(message);
    if (m.contains("SQLITE_FULL") || m.contains("disk is full")) {
      return true;
    }
    if (!m.contains("SQLITE_IOERR") && !m.contains("disk I/O error")) {
      return false;
    }
    try {
      Path dir = file.getParent();
      return dir != null && Files.getFileStore(dir).getUsableSpace() < 1024 * 1024;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private String advice(SQLException e) {
    return advice(e.getMessage());
  }

  /** What to do about a failed statement, when its cause is one a user can act on. */
  private String advice(String message) {
    String m = String.valueOf(message);
    if (diskFull(m)) {
      return "; the disk holding " + file + " is full: free space on it and run again";
    }
    if (m.contains("BUSY")) {
      return "; another process holds the database, try again";
    }
    return "";
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the next call reports it
    }
  }

  @Override
  public T create(T item) {
    Objects.requireNonNull(item, "item");
    return run(
        "create",
        () -> {
          T stored = insert(List.of(item)).get(0);
          commit();
          return stored;
        });
  }

  @Override
  public List<T> createAll(List<T> items) {
    Objects.requireNonNull(items, "items");
    items.forEach(i -> Objects.requireNonNull(i, "item"));
    return run(
        "createAll",
        () -> {
          List<T> stored = insert(items);
          commit();
          return stored;
        });
  }

  /**
   * Inserts the items as one batch in the open transaction. The transaction holds SQLite's write
   * lock, so the rows get consecutive ids ending at {@code last_insert_rowid()}.
   */
  private List<T> insert(List<T> items) throws SQLException {
    if (items.isEmpty()) {
      return List.of();
    }
    Instant now = Instant.now();
    int idColumn = columns.indexOf(RecordSchema.ID);
    try (PreparedStatement p = connection.prepareStatement(insert)) {
      for (T item : items) {
        Object[] values = schema.values(schema.stamped(item, 0, now, now));
        int k = 1;
        for (int i = 0; i < values.length; i++) {
          if (i != idColumn) {
            bind(p, k++, values[i]);
          }
        }
        p.addBatch();
      }
      p.executeBatch();
    }
    long last;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      last = rs.getLong(1);
    }
    List<T> stored = new ArrayList<>(items.size());
    long id = last - items.size() + 1;
    for (T item : items) {
      stored.add(schema.stamped(item, id++, now, now));
    }
    return stored;
  }

  private void bind(PreparedStatement p, int index, Object value) throws SQLException {
    if (value == null) {
      p.setObject(index, null);
    } else if (value instanceof Instant i) {
      p.setString(index, i.toString());
    } else if (value instanceof Enum<?> e) {
      p.setString(index, e.name());
    } else if (value instanceof Boolean b) {
      p.setInt(index, b ? 1 : 0);
    } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
      try {
        p.setString(index, JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write " + value + " as JSON: " + e, e);
      }
    } else if (value instanceof Double d) {
      if (d.isNaN()) {
        p.setString(index, NAN);
      } else if (Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(-0.0)) {
        p.setString(index, NEGATIVE_ZERO);
      } else {
        p.setDouble(index, d);
      }
    } else if (value instanceof Number n) {
      p.setLong(index, n.longValue());
    } else {
      p.setString(index, value.toString());
    }
  }

  private T read(ResultSet rs) throws SQLException {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = convert(rs.getObject(i + 1), i);
    }
    return schema.create(values);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object convert(Object raw, int column) {
    Class<?> t = schema.attributeType(columns.get(column));
    if (raw == null) {
      if (t.isPrimitive()) {
        throw new IllegalStateException(
            "table "
                + table
                + " in "
                + file
                + " holds NULL in column "
                + columns.get(column)
                + ", which "
                + schema.type().getSimpleName()
                + " declares as "
                + t
                + "; make the component a "
                + Criteria.boxed(t).getSimpleName()
                + " or set the rows' values");
      }
      return null;
    }
    if (t == long.class || t == Long.class) {
      return ((Number) raw).longValue();
    }
    if (t == int.class || t == Integer.class) {
      return ((Number) raw).intValue();
    }
    if (t == double.class || t == Double.class) {
      if (raw instanceof Number n) {
        return n.doubleValue();
      }
      if (raw.equals(NAN)) {
        return Double.NaN;
      }
      if (raw.equals(NEGATIVE_ZERO)) {
        return -0.0;
      }
      throw new IllegalStateException(
          "table "
              + table
              + " in "
              + file
              + " holds '"
              + raw
              + "' in the REAL column "
              + columns.get(column)
              + "; only numbers, 'NaN' and '-zero' read back as doubles");
    }
    if (t == boolean.class || t == Boolean.class) {
      return ((Number) raw).intValue() != 0;
    }
    if (t == Instant.class) {
      return Instant.parse(raw.toString());
    }
    if (t.isEnum()) {
      return Enum.valueOf((Class) t, raw.toString());
    }
    if (Map.class.isAssignableFrom(t) || List.class.isAssignableFrom(t)) {
      try {
        return JSON.readValue(raw.toString(), types.get(column));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "the JSON in column "
                + columns.get(column)
                + " of table "
                + table
                + " does not read as "
                + types.get(column).toCanonical()
                + ": "
                + e.getOriginalMessage(),
            e);
      }
    }
    return raw.toString();
  }

  private List<T> query(String sql, Object... params) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        bind(p, i + 1, params[i]);
      }
      List<T> items = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          items.add(read(rs));
        }
      }
      commit();
      return items;
    }
  }

  @Override
  public Optional<T> get(long id) {
    return run(
        "get",
        () -> {
          List<T> found = query(select + " WHERE \"id\" = ?", id);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  @Override
  public List<T> getAll() {
    return run("getAll", () -> query(select + " ORDER BY \"id\""));
  }

  @Override
  public List<T> page(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException(
          "page offset and limit must not be negative, got " + offset + " and " + limit);
    }
    return run("page", () -> query(select + " ORDER BY \"id\" LIMIT ? OFFSET ?", limit, offset));
  }

  @Override
  public T update(long id, T item) {
    Objects.requireNonNull(item, "item");
    return run(
        "update",
        () -> {
          List<T> found = query(select + " WHERE \"id\" = ?", id);
          if (found.isEmpty()) {
            throw new NoSuchElementException(
                "no " + schema.type().getSimpleName() + " with id " + id + " in table " + table);
          }
          Instant created = schema.createdAt(found.get(0));
          T stored = schema.stamped(item, id, created, Instant.now());
          Object[] values = schema.values(stored);
          List<String> sets = new ArrayList<>();
          List<Object> params = new ArrayList<>();
          for (int i = 0; i < values.length; i++) {
            if (!columns.get(i).equals(RecordSchema.ID)) {
              sets.add(quote(columns.get(i)) + " = ?");
              params.add(values[i]);
            }
          }
          params.add(id);
          try (PreparedStatement p =
              connection.prepareStatement(
                  "UPDATE "
                      + quote(table)
                      + " SET "
                      + String.join(", ", sets)
                      + " WHERE \"id\" = ?")) {
            for (int i = 0; i < params.size(); i++) {
              bind(p, i + 1, params.get(i));
            }
            p.executeUpdate();
          }
          commit();
          return stored;
        });
  }

  @Override
  public boolean delete(long id) {
    return run(
        "delete",
        () -> {
          int n;
          try (PreparedStatement p =
              connection.prepareStatement("DELETE FROM " + quote(table) + " WHERE \"id\" = ?")) {
            p.setLong(1, id);
            n = p.executeUpdate();
          }
          commit();
          return n > 0;
        });
  }

  @Override
  public List<T> findBy(Map<String, ?> criteria) {
    Objects.requireNonNull(criteria, "criteria");
    Criteria.check(schema, criteria);
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (Map.Entry<String, ?> c : new java.util.TreeMap<>(criteria).entrySet()) {
      criterion(c.getKey(), c.getValue(), where, params);
    }
    String sql =
        select
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY \"id\"";
    return run("findBy", () -> query(sql, params.toArray()));
  }

  /**
   * One findBy condition, comparing numbers by value as {@link Criteria} says: the wanted number is
   * bound as the column's type holds it, and a number the column cannot hold matches nothing.
   */
  private void criterion(String column, Object wanted, List<String> where, List<Object> params) {
    String q = quote(column);
    Class<?> t = schema.attributeType(column);
    Object key = Criteria.key(wanted);
    if (wanted == null) {
      where.add(q + " IS NULL");
    } else if (SqlTables.sqlType(t).equals("REAL") && wanted instanceof Number) {
      if (key instanceof Double d) { // NaN or an infinity
        where.add(q + " = ?");
        params.add(d.isNaN() ? NAN : d);
      } else {
        double d = ((java.math.BigDecimal) key).doubleValue();
        if (!Objects.equals(Criteria.key(d), key)) {
          where.add("0"); // no double has this value
        } else if (d == 0) {
          where.add("(" + q + " = 0 OR " + q + " = ?)");
          params.add(NEGATIVE_ZERO);
        } else {
          where.add(q + " = ?");
          params.add(d);
        }
      }
    } else if (wanted instanceof Number && t != boolean.class && t != Boolean.class) {
      Long exact = exactLong(key);
      if (exact == null) {
        where.add("0"); // not an integer a long holds
      } else {
        where.add(q + " = ?");
        params.add(exact);
      }
    } else {
      where.add(q + " = ?");
      params.add(wanted);
    }
  }

  /** The long a {@link Criteria#key} stands for, or null if it is none. */
  private static Long exactLong(Object key) {
    if (!(key instanceof java.math.BigDecimal b) || b.scale() > 0) {
      return null;
    }
    try {
      return b.longValueExact();
    } catch (ArithmeticException e) {
      return null; // beyond a long
    }
  }

  @Override
  public long count() {
    return run(
        "count",
        () -> {
          try (Statement s = connection.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
            rs.next();
            long n = rs.getLong(1);
            commit();
            return n;
          }
        });
  }

  @Override
  public void clear() {
    run(
        "clear",
        () -> {
          try (Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM " + quote(table));
          }
          commit();
          return null;
        });
  }

  @Override
  public RepositoryMetrics metrics() {
    long ops = operations.sum();
    long items = count();
    return new RepositoryMetrics(
        items, ops, failures.sum(), ops == 0 ? 0 : (double) nanos.sum() / ops, maxNanos.get());
  }

  /**
   * The database file.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (--session.users == 0) {
        closeQuietly();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A repository of another record type in the same file, on this repository's connection, so that
   * {@link #transaction} can write both at once. Closing either keeps the connection open for the
   * other; the last close closes it.
   *
   * @param type the other record type, in the table named after it in snake case
   * @param <C> the other record type
   * @return the sibling repository
   * @throws RepositoryException if its table cannot be used
   * @throws IllegalStateException inside a transaction
   */
  public <C extends Record> JdbcRepository<C> sibling(Class<C> type) {
    lock.lock();
    try {
      if (session.depth > 0) {
        throw new IllegalStateException("open siblings outside a transaction");
      }
      return new JdbcRepository<>(file, type, snake(type.getSimpleName()), session);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} as one transaction: every change it makes through this repository and its
   * {@link #sibling siblings} is committed together when it returns, or rolled back together if it
   * throws (or the process dies before the commit).
   *
   * @param work the changes
   * @param <R> what the work returns
   * @return what the work returned
   */
  public <R> R transaction(java.util.function.Supplier<R> work) {
    Objects.requireNonNull(work, "work");
    lock.lock();
    try {
      session.depth++;
      R result;
      try {
        result = work.get();
      } catch (RuntimeException | Error e) {
        session.depth--;
        rollbackQuietly();
        throw e;
      }
      if (--session.depth == 0) {
        try {
          commit();
        } catch (SQLException e) {
          rollbackQuietly();
          throw new RepositoryException(
              "commit of a transaction in " + file + " failed: " + e.getMessage(), e);
        }
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** Commits the work of one operation, unless it runs inside a {@link #transaction}. */
  private void commit() throws SQLException {
    if (session.depth == 0) {
      connection.commit();
    }
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing more to release
    }
  }

  @Override
  public String toString() {
    return "JdbcRepository[" + schema + " in " + file + " table " + table + "]";
  }
}
