package dev.quarry.dag.cache;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Values whose fingerprints must be the same in every JVM. Several hash by identity (enums) so
 * their hash-set iteration order differs between runs. Run as a main class, it prints {@code
 * name=fingerprint} lines for the parent test to compare.
 */
final class FingerprintSamples {
  enum Color {
    RED,
    GREEN,
    BLUE,
    CYAN,
    MAGENTA,
    YELLOW
  }

  record Params(int fast, int slow, Color color, Set<Color> colors, Map<Color, Double> weights) {}

  private FingerprintSamples() {}

  static Map<String, Object> samples() {
    Map<String, Object> s = new TreeMap<>();
    s.put("string", "BTC-USD");
    s.put("int", 42);
    s.put("double", 0.1 + 0.2);
    s.put("decimal", new BigDecimal("12.500"));
    s.put("instant", Instant.parse("2024-03-01T12:00:00.123456789Z"));
    s.put("date", LocalDate.of(2024, 2, 29));
    s.put("zoned", ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")));
    s.put("uuid", new UUID(0x0123456789abcdefL, 0xfedcba9876543210L));
    s.put("enum-hash-set", new HashSet<>(List.of(Color.values())));
    Map<Color, Double> weights = new HashMap<>();
    for (Color c : Color.values()) {
      weights.put(c, c.ordinal() * 0.5);
    }
    s.put("enum-hash-map", weights);
    s.put("enum-map", new EnumMap<>(weights));
    s.put(
        "record",
        new Params(10, 50, Color.BLUE, new HashSet<>(List.of(Color.RED, Color.CYAN)), weights));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, 2L, 3.0, "4", Optional.of('5')));
    nested.put("array", new Object[] {new int[] {1, 2}, new double[] {Double.NaN}});
    s.put("nested", nested);
    Table table =
        Table.create(
            "bars",
            StringColumn.create("symbol", "BTC", "", "ETH"),
            DoubleColumn.create("close", 1.5, Double.NaN, -0.0),
            InstantColumn.create(
                "ts", new Instant[] {Instant.EPOCH, null, Instant.ofEpochSecond(60)}));
    s.put("table", table);
    return s;
  }

  static Map<String, String> fingerprints() {
    Map<String, String> out = new TreeMap<>();
    samples().forEach((k, v) -> out.put(k, Fingerprints.of(v).orElseThrow()));
    return out;
  }

  public static void main(String[] args) {
    // Touch a column class before anything else: in this order Tablesaw ends up with two
    // DOUBLE column type instances, which once made tables look unsupported in a fresh JVM.
    DoubleColumn.create("first", new double[] {1});
    fingerprints().forEach((k, v) -> System.out.println(k + "=" + v));
  }
}
