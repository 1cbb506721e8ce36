package dev.quarry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The registry file, {@code <root>/catalog.json}: reading, writing and updating it.
 *
 * <p>Written atomically ({@link AtomicFiles}) with entries sorted by dataset, so the same content
 * gives the same bytes. Updates are read-modify-write under a cross-process lock ({@code
 * .catalog.lock}), so writers of different datasets never lose each other's entries.
 */
final class Catalog {
  static final String FILE = "catalog.json";
  static final String FORMAT = "quarry-catalog/1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Path lockFile;
  private final StoreFaults faults;
  private volatile Snapshot snapshot;

  Catalog(Path root) {
    this(root, StoreFaults.NONE);
  }

  Catalog(Path root, StoreFaults faults) {
    this.file = root.resolve(FILE);
    this.lockFile = root.resolve(".catalog.lock");
    this.faults = faults;
  }

  Path file() {
    return file;
  }

  /** Reads every entry, keyed by {@code provider/timeframe/symbol}; an absent file is empty. */
  Map<String, DatasetInfo> read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    } catch (IOException e) {
      throw new StoreException("cannot read the registry " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(JSON.readTree(bytes));
    } catch (JsonProcessingException e) {
      throw corrupt("it is not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException | RuntimeException e) {
      throw corrupt(e.getMessage(), e);
    }
  }

  /**
   * The entries as {@link #read()} gives them, unmodifiable and shared: parsed again only when the
   * file changed since the last call (a write replaces it through a rename, so its file key,
   * modification time or size changes). A backtest reading a hundred datasets a month at a time
   * checks the registry on each read; parsing it each time cost more than the reads.
   */
  Map<String, DatasetInfo> readShared() {
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new StoreException("cannot read the registry " + file + ": " + e.getMessage(), e);
    }
    Snapshot last = snapshot;
    if (last != null
        && Objects.equals(last.key(), now.fileKey())
        && last.modified().equals(now.lastModifiedTime())
        && last.size() == now.size()) {
      return last.entries();
    }
    // Read after the attributes: if the file is replaced in between, the next call sees other
    // attributes and reads it again.
    Map<String, DatasetInfo> entries = Collections.unmodifiableMap(read());
    snapshot = new Snapshot(now.fileKey(), now.lastModifiedTime(), now.size(), entries);
    return entries;
  }

  /** The registry file's identity when it was last parsed, and what it held. */
  private record Snapshot(
      Object key, FileTime modified, long size, Map<String, DatasetInfo> entries) {}

  /** Applies a change to the entries under the catalog lock and writes the result atomically. */
  void update(Duration timeout, Consumer<Map<String, DatasetInfo>> change) {
    try (FileLocks.Held held = FileLocks.acquire(lockFile, timeout, "the registry " + file)) {
      Map<String, DatasetInfo> entries = read();
      change.accept(entries);
      write(entries);
    }
  }

  /** Replaces the whole file (used when rebuilding a corrupt registry). */
  void replace(Duration timeout, Map<String, DatasetInfo> entries) {
    try (FileLocks.Held held = FileLocks.acquire(lockFile, timeout, "the registry " + file)) {
      write(entries);
    }
  }

  private void write(Map<String, DatasetInfo> entries) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode datasets = root.putArray("datasets");
    for (DatasetInfo info : new TreeMap<>(entries).values()) {
      datasets.add(toJson(info));
    }
    try {
      faults.before(StoreFaults.Operation.WRITE, file);
      AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new StoreException(
          "cannot write the registry "
              + file
              + ": "
              + e.getMessage()
              + (StoreFaults.diskFull(e) ? " (the disk is full)" : "")
              + "; check disk space and"
              + " permissions",
          e);
    }
  }

  private StoreException corrupt(String what, Exception cause) {
    return new StoreException(
        "the registry "
            + file
            + " is corrupt: "
            + what
            + ". The data files are untouched; rebuild the registry from them with `inventory"
            + " --refresh` (BarStore.refreshAll())",
        cause);
  }

  static ObjectNode toJson(DatasetInfo info) {
    ObjectNode node = JSON.createObjectNode();
    node.put("provider", info.provider());
    node.put("timeframe", info.timeframe());
    node.put("symbol", info.symbol());
    node.put("first_date", info.firstDate() == null ? null : info.firstDate().toString());
    node.put("last_date", info.lastDate() == null ? null : info.lastDate().toString());
    node.put("total_rows", info.totalRows());
    node.put("total_partitions", info.totalPartitions());
    node.put("file_size_bytes", info.fileSizeBytes());
    node.put("checksum", info.checksum());
    node.put("last_updated", info.lastUpdated().toString());
    node.put("data_quality", info.dataQuality());
    ArrayNode partitions = node.putArray("partitions");
    for (PartitionInfo p : info.partitions()) {
      ObjectNode part = partitions.addObject();
      part.put("path", p.path());
      part.put("rows", p.rows());
      part.put("bytes", p.bytes());
      part.put("sha256", p.sha256());
      part.put("first", p.first().toString());
      part.put("last", p.last().toString());
    }
    return node;
  }

  private Map<String, DatasetInfo> parse(JsonNode root) {
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("it does not start with \"format\": \"" + FORMAT + "\"");
    }
    JsonNode datasets = root.get("datasets");
    if (datasets == null || !datasets.isArray()) {
      throw new IllegalArgumentException("\"datasets\" is missing or not a list");
    }
    Map<String, DatasetInfo> entries = new TreeMap<>();
    for (int i = 0; i < datasets.size(); i++) {
      DatasetInfo info = parseDataset(datasets.get(i), "datasets[" + i + "]");
      entries.put(info.id().toString(), info);
    }
    return entries;
  }

  static DatasetInfo parseDataset(JsonNode node, String where) {
    List<PartitionInfo> partitions = new ArrayList<>();
    JsonNode parts = required(node, "partitions", where);
    for (int i = 0; i < parts.size(); i++) {
      JsonNode p = parts.get(i);
      String at = where + ".partitions[" + i + "]";
      partitions.add(
          new PartitionInfo(
              text(p, "path", at),
              number(p, "rows", at),
              number(p, "bytes", at),
              p.path("sha256").isTextual() ? p.get("sha256").asText() : null,
              instant(p, "first", at),
              instant(p, "last", at)));
    }
    DatasetInfo info =
        new DatasetInfo(
            text(node, "symbol", where),
            text(node, "provider", where),
            text(node, "timeframe", where),
            node.path("first_date").isTextual() ? instant(node, "first_date", where) : null,
            node.path("last_date").isTextual() ? instant(node, "last_date", where) : null,
            number(node, "total_rows", where),
            (int) number(node, "total_partitions", where),
            number(node, "file_size_bytes", where),
            node.path("checksum").isTextual() ? node.get("checksum").asText() : null,
            instant(node, "last_updated", where),
            required(node, "data_quality", where).asDouble(),
            partitions);
    info.id(); // validates provider, timeframe and symbol
    return info;
  }

  private static JsonNode required(JsonNode node, String field, String where) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(where + "." + field + " is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = required(node, field, where);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + "." + field + " is not a string");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field, String where) {
    JsonNode value = required(node, field, where);
    if (!value.isIntegralNumber()) {
      throw new IllegalArgumentException(where + "." + field + " is not a whole number");
    }
    return value.asLong();
  }

  private static Instant instant(JsonNode node, String field, String where) {
    String text = text(node, field, where);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + "." + field + " is not an ISO-8601 instant: " + text, e);
    }
  }
}
