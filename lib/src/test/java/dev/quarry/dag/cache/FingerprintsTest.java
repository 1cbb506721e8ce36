package dev.quarry.dag.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dag.cache.FingerprintSamples.Color;
import dev.quarry.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FingerprintsTest {
  record Pair(int a, String b) {}

  record OtherPair(int a, String b) {}

  record Params(String name, Object model) {}

  record Outer(Params params) {}

  record Version(String tag) implements Fingerprinted {
    @Override
    public String fingerprint() {
      return tag;
    }
  }

  @TempDir Path dir;

  private static String fp(Object value) {
    return Fingerprints.of(value)
        .orElseThrow(
            () ->
                new AssertionError(
                    "expected a fingerprint for "
                        + value
                        + ": "
                        + Fingerprints.explainUnsupported(value)));
  }

  @Test
  void fingerprintIsSixtyFourLowercaseHexCharacters() {
    assertTrue(fp("x").matches("[0-9a-f]{64}"), fp("x"));
  }

  @Test
  void numbersOfDifferentTypesAndTheirTextAllDiffer() {
    List<Object> ones =
        List.of(
            1,
            1L,
            1.0,
            1.0f,
            (short) 1,
            (byte) 1,
            '1',
            "1",
            BigDecimal.ONE,
            BigInteger.ONE,
            List.of(1),
            Optional.of(1),
            new int[] {1});
    Set<String> fingerprints = new HashSet<>();
    for (Object one : ones) {
      fingerprints.add(fp(one));
    }
    assertEquals(ones.size(), fingerprints.size());
  }

  @Test
  void equalContentGivesEqualFingerprintForFreshInstances() {
    assertEquals(fp(new Pair(1, "x")), fp(new Pair(1, "x")));
    assertEquals(fp(new ArrayList<>(List.of(1, 2))), fp(List.of(1, 2)));
    assertEquals(fp(new BigDecimal("1.50")), fp(new BigDecimal("1.50")));
    assertEquals(fp(new int[] {1, 2}), fp(new int[] {1, 2}));
  }

  @Test
  void mapsAndSetsBuiltInDifferentOrdersAgree() {
    Map<String, Integer> forward = new LinkedHashMap<>();
    Map<String, Integer> backward = new LinkedHashMap<>();
    Set<Object> setForward = new LinkedHashSet<>();
    Set<Object> setBackward = new LinkedHashSet<>();
    for (int i = 0; i < 100; i++) {
      forward.put("k" + i, i);
      backward.put("k" + (99 - i), 99 - i);
      setForward.add(new Pair(i, "v"));
      setBackward.add(new Pair(99 - i, "v"));
    }
    assertEquals(fp(forward), fp(backward));
    assertEquals(fp(forward), fp(new TreeMap<>(backward)));
    assertEquals(fp(forward), fp(new HashMap<>(forward)));
    assertEquals(fp(setForward), fp(setBackward));
    assertEquals(
        fp(Set.of(Color.RED, Color.BLUE)), fp(new TreeSet<>(Set.of(Color.BLUE, Color.RED))));
  }

  @Test
  void listsAreOrderedAndMapsPairKeysWithValues() {
    assertNotEquals(fp(List.of(1, 2)), fp(List.of(2, 1)));
    assertNotEquals(fp(Map.of("a", 1, "b", 2)), fp(Map.of("a", 2, "b", 1)));
    assertNotEquals(fp(Set.of(1, 2)), fp(List.of(1, 2)));
    assertNotEquals(fp(Set.of(List.of(1), List.of(2))), fp(Set.of(List.of(1, 2))));
  }

  @Test
  void recordsDifferByClassAndByEveryComponent() {
    assertNotEquals(fp(new Pair(1, "x")), fp(new OtherPair(1, "x")));
    assertNotEquals(fp(new Pair(1, "x")), fp(new Pair(2, "x")));
    assertNotEquals(fp(new Pair(1, "x")), fp(new Pair(1, "y")));
    assertNotEquals(fp(new Pair(1, null)), fp(new Pair(1, "null")));
  }

  @Test
  void doublesFollowDoubleEqualsSoNegativeZeroDiffersAndAllNansAgree() {
    assertNotEquals(fp(0.0), fp(-0.0));
    assertEquals(fp(Double.NaN), fp(Double.longBitsToDouble(0x7ff8000000000123L)));
    assertNotEquals(fp(new double[] {0.0}), fp(new double[] {-0.0}));
  }

  @Test
  void decimalsDifferByScaleAsBigDecimalEqualsDoes() {
    assertNotEquals(fp(new BigDecimal("1.0")), fp(new BigDecimal("1.00")));
  }

  @Test
  void stringsWithUnpairedSurrogatesStayDistinct() {
    assertNotEquals(fp("\uD800"), fp("\uDBFF"));
    assertNotEquals(fp("\uD800"), fp("?"));
  }

  @Test
  void enumsAreIdentifiedByClassAndName() {
    assertEquals(fp(Color.RED), fp(Color.valueOf("RED")));
    assertNotEquals(fp(Color.RED), fp(Color.GREEN));
    assertNotEquals(fp(Color.RED), fp("RED"));
  }

  @Test
  void fingerprintsAreTheSameInAFreshJvm() throws Exception {
    Process child = ChildJvm.start(FingerprintSamples.class);
    Map<String, String> fromChild = new TreeMap<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int eq = line.indexOf('=');
        fromChild.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertEquals(0, child.waitFor(), "child JVM exit code");

    assertEquals(FingerprintSamples.fingerprints(), fromChild);
  }

  @Test
  void encodingChangesAreDeliberate() {
    // Pinned values, each the SHA-256 of the documented encoding (computed independently:
    // tag byte, big-endian lengths and values). If these change, every cached entry is
    // invalidated: update them only on purpose.
    // sha256(01 00000007 "BTC-USD")
    assertEquals("1c48666112c24f952b689f73bfb0f02e2d370f9df8cfd15d6351616b07eb710e", fp("BTC-USD"));
    // sha256(05 0000002a)
    assertEquals("401f281a9ece0da6fc629a6297d4302bfa9145d8c17095ee6d74f293b1bd4c38", fp(42));
    // sha256(1a 00000002 05 00000001 06 0000000000000002)
    assertEquals(
        "424c891f4a5bb7d2a2546dea1f2f3fc8e54425d295001448937d75c93902797e", fp(List.of(1, 2L)));
  }

  @Test
  void tenThousandVariedValuesNeverCollide() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      values.add(i);
      values.add((long) i);
      values.add((double) i);
      values.add((float) i);
      values.add((short) i);
      values.add((char) i);
      values.add("" + i);
      values.add("s" + i);
      values.add(BigDecimal.valueOf(i));
      values.add(BigDecimal.valueOf(i, 2));
      values.add(BigInteger.valueOf(i));
      values.add(List.of(i));
      values.add(List.of(i, i));
      values.add(List.of("" + i));
      values.add(Set.of(i));
      values.add(Map.of("k", i));
      values.add(Map.of(i, "v"));
      values.add(Optional.of(i));
      values.add(new int[] {i});
      values.add(new long[] {i});
      values.add(new double[] {i});
      values.add(new byte[] {(byte) i, (byte) (i >> 8)});
      values.add(new Object[] {i});
      values.add(new String[] {"" + i});
      values.add(Instant.ofEpochSecond(i));
      values.add(Instant.ofEpochSecond(0, i + 1L));
      values.add(LocalDate.ofEpochDay(i));
      values.add(LocalTime.ofNanoOfDay(i));
      values.add(LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i));
      values.add(ZonedDateTime.of(2024, 1, 1, 0, 0, i % 60, i / 60, ZoneOffset.UTC));
      values.add(Duration.ofMillis(i));
      values.add(new UUID(0, i));
      values.add(new Pair(i, "x"));
      values.add(new Pair(0, "x" + i));
      values.add(new OtherPair(i, "x"));
      values.add(new Version("v" + i));
      values.add(
          Table.create(
              "t", IntColumn.create("c", new int[] {i}), DoubleColumn.create("d", (double) i)));
    }
    Map<String, Object> seen = new HashMap<>();
    for (Object v : values) {
      Object previous = seen.put(fp(v), v);
      assertEquals(null, previous, () -> "collision between " + previous + " and " + v);
    }
    assertTrue(values.size() >= 10_000, "only " + values.size() + " values");
  }

  @Test
  void tablesDifferByOneCellOneColumnNameOrOneColumnType() {
    Table base = bars();
    Table cell = bars();
    cell.doubleColumn("close").set(2, 3.25);
    Table name = bars();
    name.column("close").setName("price");
    Table type =
        Table.create(
            "bars", base.column("symbol").copy(), FloatColumn.create("close", 1.5f, 2.5f, 3.5f));
    Table typeBase =
        Table.create(
            "bars", base.column("symbol").copy(), DoubleColumn.create("close", 1.5, 2.5, 3.5));

    assertEquals(fp(base), fp(bars()));
    assertNotEquals(fp(base), fp(cell));
    assertNotEquals(fp(base), fp(name));
    assertNotEquals(fp(typeBase), fp(type));
  }

  @Test
  void tablesWithTheSameColumnsAndDataButAnotherNameHaveDifferentFingerprints() {
    assertNotEquals(fp(bars()), fp(bars().setName("renamed")));
    assertNotEquals(fp(bars().setName("")), fp(bars().setName(null)));
    assertEquals(fp(bars().setName("renamed")), fp(bars().setName("renamed")));
  }

  @Test
  void missingTableValuesAreConsistentAndDistinctFromValues() {
    Table nan = Table.create(DoubleColumn.create("d", Double.NaN));
    Table otherNan =
        Table.create(DoubleColumn.create("d", Double.longBitsToDouble(0x7ff80000dead0000L)));
    Table appended = Table.create(DoubleColumn.create("d").appendMissing());
    Table zero = Table.create(DoubleColumn.create("d", 0.0));
    Table emptyString = Table.create(StringColumn.create("s", ""));
    Table missingString = Table.create(StringColumn.create("s").appendMissing());

    assertEquals(fp(nan), fp(otherNan));
    assertEquals(fp(nan), fp(appended));
    assertNotEquals(fp(nan), fp(zero));
    assertEquals(fp(emptyString), fp(missingString));
  }

  @Test
  void filesAreFingerprintedByLocationAndContent() throws IOException {
    Path a = Files.writeString(dir.resolve("a.csv"), "t,p\n1,2\n");
    Files.createDirectories(dir.resolve("sub"));
    Path b = Files.writeString(dir.resolve("sub/b.csv"), "t,p\n1,2\n");

    // Same content elsewhere is another input: a node may write next to the file it reads.
    assertNotEquals(fp(a), fp(b));
    assertEquals(fp(a), fp(a.toFile()));
    assertEquals(fp(a), fp(dir.resolve("sub/../a.csv")));
    String before = fp(a);
    Files.writeString(a, "t,p\n1,3\n");
    assertNotEquals(before, fp(a));
    assertNotEquals(fp(a), fp(Files.readAllBytes(a)));
  }

  @Test
  void directoriesAreFingerprintedByRelativePathsAndContents() throws IOException {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    for (Path root : List.of(one, two)) {
      Files.createDirectories(root.resolve("x"));
      Files.writeString(root.resolve("x/a.txt"), "A");
      Files.writeString(root.resolve("b.txt"), "B");
    }
    String before = fp(one);
    assertNotEquals(before, fp(two), "another folder is another input");
    String twoBefore = fp(two);

    Files.move(two.resolve("b.txt"), two.resolve("c.txt"));
    assertNotEquals(twoBefore, fp(two));
    Files.writeString(one.resolve("x/a.txt"), "changed");
    assertNotEquals(before, fp(one));
  }

  @Test
  void missingFileHasNoFingerprintAndTheReasonNamesIt() {
    Path missing = dir.resolve("nope.csv");

    assertEquals(Optional.empty(), Fingerprints.of(missing));
    assertEquals(Optional.empty(), Fingerprints.of(new File(missing.toString())));
    String reason = Fingerprints.explainUnsupported(List.of(missing));
    assertTrue(reason.contains("[0]") && reason.contains(missing.toString()), reason);
    assertTrue(reason.contains("does not exist"), reason);
  }

  @Test
  void unsupportedTypeHasNoFingerprintAndTheReasonSaysWhatToDo() {
    Object model = new StringBuilder("model");

    assertEquals(Optional.empty(), Fingerprints.of(model));
    assertEquals(
        "type java.lang.StringBuilder has no fingerprint (" + Tags.FINGERPRINT_SUPPORTED + ")",
        Fingerprints.explainUnsupported(model));
  }

  @Test
  void unsupportedPartMakesTheWholeValueUnsupportedAndTheReasonGivesItsPath() {
    Params params = new Params("p", new StringBuilder("m"));

    assertEquals(Optional.empty(), Fingerprints.of(params));
    assertEquals(Optional.empty(), Fingerprints.of(List.of(1, params)));
    assertEquals(Optional.empty(), Fingerprints.of(Map.of("k", params)));
    assertEquals(Optional.empty(), Fingerprints.of(Set.of(params)));
    assertEquals(Optional.empty(), Fingerprints.of(Optional.of(params)));
    assertTrue(
        Fingerprints.explainUnsupported(params)
            .startsWith("record Params.model: type java.lang.StringBuilder has no fingerprint"),
        Fingerprints.explainUnsupported(params));
    assertTrue(
        Fingerprints.explainUnsupported(new Outer(params))
            .startsWith("record Outer.params.model: type java.lang.StringBuilder"),
        Fingerprints.explainUnsupported(new Outer(params)));
    assertTrue(
        Fingerprints.explainUnsupported(List.of(1, params)).startsWith("list[1].model: "),
        Fingerprints.explainUnsupported(List.of(1, params)));
    assertTrue(
        Fingerprints.explainUnsupported(Map.of("k", params)).startsWith("map[\"k\"].model: "),
        Fingerprints.explainUnsupported(Map.of("k", params)));
  }

  @Test
  void collectionsThatAreNeitherListsNorSetsAreUnsupportedWithAHint() {
    ArrayDeque<Integer> deque = new ArrayDeque<>(List.of(1, 2));

    assertEquals(Optional.empty(), Fingerprints.of(deque));
    assertTrue(
        Fingerprints.explainUnsupported(deque).endsWith("copy it into a List or Set"),
        Fingerprints.explainUnsupported(deque));
  }

  @Test
  void aListThatContainsItselfIsUnsupportedNotAStackOverflow() {
    List<Object> self = new ArrayList<>();
    self.add(self);

    assertEquals(Optional.empty(), Fingerprints.of(self));
    assertTrue(Fingerprints.explainUnsupported(self).contains("nested deeper than"));
  }

  @Test
  void fingerprintedValuesUseTheirOwnFingerprintAndClass() {
    assertEquals(fp(new Version("v1")), fp(new Version("v1")));
    assertNotEquals(fp(new Version("v1")), fp(new Version("v2")));
    assertNotEquals(fp(new Version("v1")), fp("v1"));
    Fingerprinted broken = () -> null;
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Fingerprints.of(broken));
    assertTrue(e.getMessage().contains("fingerprint() returned null"), e.getMessage());
  }

  @Test
  void nullIsRejectedWithAMessage() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Fingerprints.of(null));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }

  @Test
  void explainingASupportedValueSaysItHasAFingerprint() {
    assertEquals(
        "value of type java.lang.String has a fingerprint", Fingerprints.explainUnsupported("x"));
  }

  @Test
  void combineIsLengthPrefixedAndOrdered() {
    assertNotEquals(Fingerprints.combine("ab", "c"), Fingerprints.combine("a", "bc"));
    assertNotEquals(Fingerprints.combine("a", "b"), Fingerprints.combine("b", "a"));
    assertNotEquals(Fingerprints.combine("a"), Fingerprints.combine("a", ""));
    assertEquals(Fingerprints.combine("a", "b"), Fingerprints.combine("a", "b"));
    assertTrue(Fingerprints.combine().matches("[0-9a-f]{64}"));
    assertThrows(NullPointerException.class, () -> Fingerprints.combine("a", null));
  }

  private static Table bars() {
    return Table.create(
        "bars",
        StringColumn.create("symbol", "BTC", "ETH", "SOL"),
        DoubleColumn.create("close", 1.5, 2.5, 3.5));
  }
}
