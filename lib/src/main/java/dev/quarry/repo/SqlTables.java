package dev.quarry.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates and migrates a {@link JdbcRepository}'s table, and refuses a table it must not change.
 * {@code quarry_schema} holds one row per table Quarry created: the record type, the table's
 * columns as Quarry left them ({@code name TYPE,…}) and every component's Java type (JSON).
 *
 * <ol>
 *   <li>{@code BEGIN IMMEDIATE}: take SQLite's write lock before reading anything, so connections
 *       opening the same table at once take turns, and each reads what the one before it left.
 *   <li>Create {@code quarry_schema} if missing (adding its {@code java_types} column to one an
 *       older Quarry made).
 *   <li>Read the table's columns and its {@code quarry_schema} row. A table without a row was not
 *       created by Quarry, and a table whose columns differ from those recorded was changed outside
 *       Quarry: both are refused.
 *   <li>Create the table, or add a column for each new component; a column whose SQL type or
 *       recorded Java type differs from its component's is refused.
 *   <li>Record the record type, the columns and the Java types (those of components no longer in
 *       the record are kept), then {@code COMMIT}.
 * </ol>
 *
 * Any failure rolls back: the table and its row are left as they were.
 */
final class SqlTables {
  /** How long a statement waits for another connection's lock, in milliseconds. */
  private static final long BUSY_TIMEOUT_MILLIS = 30_000;

  /** The table where Quarry records the tables it created. */
  static final String SCHEMA_TABLE = "quarry_schema";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Connection connection;
  private final RecordSchema<?> schema;
  private final String table;
  private final Path file;

  private SqlTables(Connection connection, RecordSchema<?> schema, String table, Path file) {
    this.connection = connection;
    this.schema = schema;
    this.table = table;
    this.file = file;
  }

  /**
   * Prepares the table on a connection in auto-commit mode, as the class describes.
   *
   * @throws RepositoryException for a table Quarry must not change, saying what to do
   * @throws SQLException if the database fails
   */
  static void prepare(Connection connection, RecordSchema<?> schema, String table, Path file)
      throws SQLException {
    new SqlTables(connection, schema, table, file).prepare();
  }

  private void prepare() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      walMode(s);
      s.execute("BEGIN IMMEDIATE");
    }
    try {
      migrate();
      try (Statement s = connection.createStatement()) {
        s.execute("COMMIT");
      }
    } catch (SQLException | RuntimeException e) {
      try (Statement s = connection.createStatement()) {
        s.execute("ROLLBACK");
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Switches the database to write-ahead logging. On a new file that other connections are opening
   * at the same moment, SQLite may answer BUSY at once, without waiting the busy timeout (waiting
   * could deadlock the connections); the switch is then tried again, every 10 ms, until the busy
   * timeout has passed.
   */
  private static void walMode(Statement s) throws SQLException {
    long deadline = System.nanoTime() + BUSY_TIMEOUT_MILLIS * 1_000_000L;
    while (true) {
      try {
        s.execute("PRAGMA journal_mode = WAL");
        return;
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).contains("SQLITE_BUSY")
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting to switch the database to WAL", e);
      }
    }
  }

  private void migrate() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + SCHEMA_TABLE
              + " (table_name TEXT PRIMARY KEY, record TEXT NOT NULL, columns TEXT NOT NULL,"
              + " java_types TEXT)");
      if (!columnsOf(SCHEMA_TABLE).containsKey("java_types")) {
        s.execute("ALTER TABLE " + SCHEMA_TABLE + " ADD COLUMN java_types TEXT");
      }
    }
    Map<String, String> existing = columnsOf(table);
    Map<String, String> javaTypes = new TreeMap<>();
    if (!existing.isEmpty()) {
      javaTypes.putAll(checkRecorded(existing));
    }
    try (Statement s = connection.createStatement()) {
      if (existing.isEmpty()) {
        List<String> defs = new ArrayList<>();
        for (String c : schema.attributes()) {
          defs.add(
              c.equals(RecordSchema.ID)
                  ? quote(c) + " INTEGER PRIMARY KEY AUTOINCREMENT"
                  : quote(c) + " " + sqlType(schema.attributeType(c)) + notNull(c, ""));
        }
        s.execute("CREATE TABLE " + quote(table) + " (" + String.join(", ", defs) + ")");
      } else {
        for (String c : schema.attributes()) {
          String want = c.equals(RecordSchema.ID) ? "INTEGER" : sqlType(schema.attributeType(c));
          String have = existing.get(c);
          if (have == null) {
            s.execute(
                "ALTER TABLE "
                    + quote(table)
                    + " ADD COLUMN "
                    + quote(c)
                    + " "
                    + want
                    + notNull(c, " DEFAULT " + (want.equals("TEXT") ? "''" : "0")));
          } else if (!have.equals(want)) {
            throw changed(c, "as " + have, "needs " + want);
          } else if (javaTypes.containsKey(c) && !javaTypes.get(c).equals(javaType(c))) {
            throw changed(c, "holding " + javaTypes.get(c), "is " + javaType(c));
          }
        }
      }
    }
    for (String c : schema.attributes()) {
      javaTypes.put(c, javaType(c));
    }
    List<String> columns = new ArrayList<>();
    columnsOf(table).forEach((name, type) -> columns.add(name + " " + type));
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO "
                + SCHEMA_TABLE
                + " (table_name, record, columns, java_types) VALUES (?, ?, ?, ?)")) {
      p.setString(1, table);
      p.setString(2, schema.type().getName());
      p.setString(3, String.join(",", columns));
      p.setString(4, writeJson(javaTypes));
      p.executeUpdate();
    }
  }

  /**
   * Checks an existing table against its {@code quarry_schema} row.
   *
   * @return the recorded Java types (empty for a row an older Quarry wrote)
   */
  private Map<String, String> checkRecorded(Map<String, String> existing) throws SQLException {
    String columns;
    String javaTypes;
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT columns, java_types FROM " + SCHEMA_TABLE + " WHERE table_name = ?")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new RepositoryException(
              "table "
                  + table
                  + " in "
                  + file
                  + " was not created by Quarry ("
                  + SCHEMA_TABLE
                  + " has no record of it), and Quarry does not change a table it did not create;"
                  + " use another table name (JdbcRepository.open(file, type, table)), or drop or"
                  + " rename that table",
              null);
        }
        columns = rs.getString(1);
        javaTypes = rs.getString(2);
      }
    }
    boolean matches;
    Map<String, String> recorded = new LinkedHashMap<>();
    if (columns.contains(" ")) { // name TYPE,…
      for (String c : columns.split(",")) {
        String[] nameType = c.split(" ", 2);
        recorded.put(nameType[0], nameType[1]);
      }
      matches = recorded.equals(existing);
    } else { // an older Quarry recorded the record's column names only
      for (String c : columns.split(",")) {
        recorded.put(c, "?");
      }
      matches = existing.keySet().containsAll(recorded.keySet());
    }
    if (!matches) {
      throw new RepositoryException(
          "table "
              + table
              + " in "
              + file
              + " was changed outside Quarry: it has columns "
              + existing
              + ", but Quarry left it with "
              + recorded
              + "; Quarry does not change it further: restore its columns, use another table name"
              + " (JdbcRepository.open(file, type, table)), or drop the table",
          null);
    }
    return javaTypes == null ? Map.of() : readJson(javaTypes);
  }

  private RepositoryException changed(String column, String have, String want) {
    return new RepositoryException(
        "table "
            + table
            + " in "
            + file
            + " has column "
            + column
            + " "
            + have
            + ", but "
            + schema.type().getSimpleName()
            + "."
            + column
            + " "
            + want
            + "; rename the component, or move the table's data to a new table",
        null);
  }

  private String javaType(String attribute) {
    return schema.attributeGenericType(attribute).getTypeName();
  }

  private Map<String, String> columnsOf(String name) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement p =
        connection.prepareStatement("SELECT name, type FROM pragma_table_info(?)")) {
      p.setString(1, name);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), rs.getString(2).toUpperCase(Locale.ROOT));
        }
      }
    }
    return columns;
  }

  private String writeJson(Map<String, String> javaTypes) {
    try {
      return JSON.writeValueAsString(javaTypes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write Java type names as JSON: " + e, e);
    }
  }

  private Map<String, String> readJson(String javaTypes) {
    try {
      return JSON.readValue(javaTypes, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new RepositoryException(
          SCHEMA_TABLE
              + " in "
              + file
              + " holds unreadable Java types for table "
              + table
              + " ("
              + e.getOriginalMessage()
              + "); restore a backup of the file",
          e);
    }
  }

  private String notNull(String column, String defaultClause) {
    return schema.attributeType(column).isPrimitive() ? " NOT NULL" + defaultClause : "";
  }

  static String quote(String identifier) {
    return "\"" + identifier + "\"";
  }

  static String sqlType(Class<?> t) {
    if (t == long.class
        || t == int.class
        || t == Long.class
        || t == Integer.class
        || t == boolean.class
        || t == Boolean.class) {
      return "INTEGER";
    }
    if (t == double.class || t == Double.class) {
      return "REAL";
    }
    if (t == String.class
        || t == Instant.class
        || t.isEnum()
        || Map.class.isAssignableFrom(t)
        || List.class.isAssignableFrom(t)) {
      return "TEXT";
    }
    throw new IllegalArgumentException(
        "a component of type "
            + t.getName()
            + " has no column type; use long, int, double, boolean, String, Instant, an enum, a Map"
            + " or a List");
  }
}
