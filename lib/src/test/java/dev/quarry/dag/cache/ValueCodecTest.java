package dev.quarry.dag.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TextColumn;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;

class ValueCodecTest {
  enum Side {
    BUY,
    SELL {
      @Override
      public String toString() {
        return "sell";
      }
    }
  }

  record Leg(Side side, double quantity, BigDecimal price) {}

  record Order(String symbol, int id, long ts, char flag, Instant at, List<Leg> legs, Leg main) {}

  record Holder(Object anything, Optional<Leg> maybe) {}

  record WithFile(String name, File source) {}

  record ShapeA(int x) {}

  record ShapeB(int y) {}

  record Positive(int n) {
    Positive {
      if (n < 0) {
        throw new IllegalArgumentException("negative");
      }
    }
  }

  private static Object roundTrip(Object value, Class<?> declared) {
    byte[] bytes =
        ValueCodec.encode(value)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "cannot encode " + value + ": " + ValueCodec.explainUnencodable(value)));
    return ValueCodec.decode(bytes, declared);
  }

  @Test
  void scalarsAndTimeValuesRoundTripToEqualValuesOfTheSameClass() {
    List<Object> values =
        List.of(
            "",
            "héllo ☃ 𝄞",
            "\uD800 lone",
            0,
            -1,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            1.5,
            Double.MIN_VALUE,
            2.5f,
            (short) -7,
            (byte) 0x80,
            'x',
            '\u2603',
            true,
            false,
            new BigDecimal("-123.4500"),
            new BigDecimal("1E+400"),
            new BigInteger("123456789012345678901234567890"),
            BigInteger.ZERO,
            Side.BUY,
            Side.SELL,
            UUID.randomUUID(),
            Instant.parse("2024-03-01T12:00:00.123456789Z"),
            Instant.MIN,
            LocalDate.of(2024, 2, 29),
            LocalDate.MAX,
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6),
            LocalTime.of(23, 59, 59, 999_999_999),
            Duration.ofSeconds(-3, 7),
            ZonedDateTime.of(2024, 3, 1, 9, 30, 0, 1, ZoneId.of("America/New_York")));
    for (Object v : values) {
      Object back = roundTrip(v, Object.class);
      assertEquals(v, back, () -> "round trip of " + v);
      assertSame(v.getClass(), back.getClass(), () -> "class after round trip of " + v);
    }
  }

  @Test
  void zonedDateTimeKeepsTheLaterOffsetOfAnOverlap() {
    ZonedDateTime later =
        ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))
            .withLaterOffsetAtOverlap();

    ZonedDateTime back = (ZonedDateTime) roundTrip(later, ZonedDateTime.class);

    assertEquals(later, back);
    assertEquals(later.getOffset(), back.getOffset());
  }

  @Test
  void floatingPointValuesKeepTheirExactBits() {
    double nanWithPayload = Double.longBitsToDouble(0x7ff800000000beefL);
    float floatNan = Float.intBitsToFloat(0x7fc0beef);

    double[] doubles =
        (double[]) roundTrip(new double[] {nanWithPayload, -0.0, 0.0}, double[].class);
    Double boxed = (Double) roundTrip(-0.0, double.class);
    Float f = (Float) roundTrip(floatNan, Float.class);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) roundTrip(List.of(nanWithPayload), List.class);

    assertEquals(0x7ff800000000beefL, Double.doubleToRawLongBits(doubles[0]));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(doubles[1]));
    assertEquals(0L, Double.doubleToRawLongBits(doubles[2]));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(boxed));
    assertEquals(0x7fc0beef, Float.floatToRawIntBits(f));
    assertEquals(0x7ff800000000beefL, Double.doubleToRawLongBits((Double) list.get(0)));
  }

  @Test
  void arraysRoundTripWithTheirComponentTypes() {
    assertArrayEquals(
        new byte[] {1, -2, 3}, (byte[]) roundTrip(new byte[] {1, -2, 3}, byte[].class));
    assertArrayEquals(
        new int[] {1, Integer.MIN_VALUE},
        (int[]) roundTrip(new int[] {1, Integer.MIN_VALUE}, int[].class));
    assertArrayEquals(new long[] {-1L}, (long[]) roundTrip(new long[] {-1L}, long[].class));
    assertArrayEquals(
        new boolean[] {true, false},
        (boolean[]) roundTrip(new boolean[] {true, false}, boolean[].class));
    String[] strings = (String[]) roundTrip(new String[] {"a", null, "c"}, String[].class);
    assertArrayEquals(new String[] {"a", null, "c"}, strings);
    Object[] nested = (Object[]) roundTrip(new int[][] {{1}, {2, 3}}, Object.class);
    assertSame(int[][].class, nested.getClass());
    assertArrayEquals(new int[] {2, 3}, (int[]) nested[1]);
    Leg[] legs = (Leg[]) roundTrip(new Leg[] {new Leg(Side.BUY, 1, BigDecimal.ONE)}, Object.class);
    assertEquals(new Leg(Side.BUY, 1, BigDecimal.ONE), legs[0]);
  }

  @Test
  void collectionsComeBackMutableInTheirIterationOrder() {
    List<Object> list = new ArrayList<>(Arrays.asList(3, null, "x", 1L));
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("z", 1);
    map.put(null, List.of(2));
    map.put(Side.SELL, Map.of("k", Set.of(3)));
    Set<Object> set = new LinkedHashSet<>(List.of("c", "a", "b"));

    Object listBack = roundTrip(list, List.class);
    Object mapBack = roundTrip(map, Map.class);
    Object setBack = roundTrip(set, Collection.class);

    assertEquals(ArrayList.class, listBack.getClass());
    assertEquals(list, listBack);
    assertEquals(LinkedHashMap.class, mapBack.getClass());
    assertEquals(map, mapBack);
    assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(((Map<?, ?>) mapBack).keySet()));
    assertEquals(LinkedHashSet.class, setBack.getClass());
    assertEquals(List.of("c", "a", "b"), new ArrayList<>((Set<?>) setBack));
    assertEquals(
        new TreeMap<>(Map.of("a", 1)), roundTrip(new TreeMap<>(Map.of("a", 1)), Map.class));
  }

  @Test
  void recordsAndEnumsNestedInsideCollectionsAreRebuiltByClassName() {
    Leg buy = new Leg(Side.BUY, 0.5, new BigDecimal("100.10"));
    Leg sell = new Leg(Side.SELL, -0.0, null);
    Order order =
        new Order(
            "BTC-USD",
            7,
            1_700_000_000_000L,
            'L',
            Instant.ofEpochSecond(1, 2),
            List.of(buy, sell),
            sell);
    Holder holder = new Holder(Map.of("order", order), Optional.of(buy));

    assertEquals(order, roundTrip(order, Order.class));
    assertEquals(order, roundTrip(order, Object.class));
    assertEquals(holder, roundTrip(holder, Holder.class));
    assertEquals(List.of(Side.SELL, Side.BUY), roundTrip(List.of(Side.SELL, Side.BUY), List.class));
    assertEquals(Optional.empty(), roundTrip(Optional.empty(), Optional.class));
  }

  @Test
  void tablesRoundTripWithNameTypesValuesAndMissingValues() {
    Table table = everyColumnType();

    Table back = (Table) roundTrip(table, Table.class);

    assertTablesEqual(table, back);
  }

  @Test
  void tablesWithoutNameOrRowsRoundTrip() {
    Table empty = Table.create(IntColumn.create("i"), StringColumn.create("s"));

    Table back = (Table) roundTrip(empty, Table.class);

    assertTablesEqual(empty, back);
    assertEquals(null, back.name());
  }

  @Test
  void encodingTheSameValueTwiceGivesIdenticalBytes() {
    List<Object> values =
        List.of(
            everyColumnType(),
            new Holder(List.of(1, "a", Side.SELL), Optional.empty()),
            Map.of("a", 1, "b", 2, "c", List.of(3.0)),
            new HashSet<>(List.of(Side.BUY, Side.SELL)));
    for (Object v : values) {
      assertArrayEquals(ValueCodec.encode(v).orElseThrow(), ValueCodec.encode(v).orElseThrow());
    }
    assertArrayEquals(
        ValueCodec.encode(everyColumnType()).orElseThrow(),
        ValueCodec.encode(everyColumnType()).orElseThrow());
  }

  @Test
  void supportsTellsWhichDeclaredTypesCanBeStored() {
    for (Class<?> c :
        List.of(
            int.class,
            double.class,
            char.class,
            String.class,
            Integer.class,
            BigDecimal.class,
            Side.class,
            byte[].class,
            String[].class,
            Leg[][].class,
            Instant.class,
            ZonedDateTime.class,
            UUID.class,
            Object.class,
            List.class,
            Set.class,
            Map.class,
            Collection.class,
            ArrayList.class,
            HashMap.class,
            HashSet.class,
            Optional.class,
            Table.class,
            Order.class,
            Holder.class,
            Path.class)) {
      assertTrue(ValueCodec.supports(c), c::getName);
    }
    for (Class<?> c :
        List.of(
            File.class,
            StringBuilder.class,
            Fingerprinted.class,
            WithFile.class,
            TreeMap.class,
            float[].class,
            Number.class,
            Iterable.class,
            void.class)) {
      assertFalse(ValueCodec.supports(c), c::getName);
    }
  }

  @Test
  void explainUnsupportedNamesTheRecordComponent() {
    assertEquals(
        "record WithFile.source: type java.io.File cannot be stored in the cache ("
            + Tags.STORABLE_SUPPORTED
            + ")",
        ValueCodec.explainUnsupported(WithFile.class));
    assertEquals(
        "values declared as java.lang.String can be stored in the cache",
        ValueCodec.explainUnsupported(String.class));
  }

  @Test
  void valuesWithAnUnstorablePartAreNotEncodedAndTheReasonGivesThePath() {
    List<Object> withFile = List.of("a", new File("x.csv"));
    Fingerprinted onlyFingerprinted = () -> "v1";

    assertEquals(Optional.empty(), ValueCodec.encode(withFile));
    assertEquals(Optional.empty(), ValueCodec.encode(onlyFingerprinted));
    assertEquals(
        Optional.empty(), ValueCodec.encode(new Holder(new StringBuilder(), Optional.empty())));
    assertTrue(
        ValueCodec.explainUnencodable(withFile)
            .startsWith("list[1]: type java.io.File cannot be stored"),
        ValueCodec.explainUnencodable(withFile));
    assertThrows(NullPointerException.class, () -> ValueCodec.encode(null));
  }

  @Test
  void everyTruncationOfAPayloadIsReportedAsCorrupt() {
    byte[] bytes =
        ValueCodec.encode(
                new Holder(everyColumnType(), Optional.of(new Leg(Side.BUY, 1, BigDecimal.TEN))))
            .orElseThrow();

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThrows(
          CacheCorruptException.class,
          () -> ValueCodec.decode(truncated, Holder.class),
          "length " + length);
    }
  }

  @Test
  void randomGarbageIsReportedAsCorruptAndNeverAsAnotherFailure() {
    Random random = new Random(42);
    byte[] valid =
        ValueCodec.encode(new Holder(List.of(1, "a", everyColumnType()), Optional.empty()))
            .orElseThrow();
    for (int trial = 0; trial < 2_000; trial++) {
      byte[] garbage = valid.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        garbage[1 + random.nextInt(garbage.length - 1)] = (byte) random.nextInt();
      }
      try {
        ValueCodec.decode(garbage, Object.class);
      } catch (CacheCorruptException expected) {
        // fine: detected
      }
    }
    byte[] pureGarbage = new byte[4096];
    random.nextBytes(pureGarbage);
    pureGarbage[0] = 1;
    assertThrows(CacheCorruptException.class, () -> ValueCodec.decode(pureGarbage, Object.class));
  }

  @Test
  void aPayloadThatNoLongerMatchesTheDeclaredTypeIsCorrupt() {
    byte[] bytes = ValueCodec.encode("text").orElseThrow();

    CacheCorruptException e =
        assertThrows(CacheCorruptException.class, () -> ValueCodec.decode(bytes, Integer.class));
    assertTrue(
        e.getMessage().contains("java.lang.String where a java.lang.Integer is declared"),
        e.getMessage());
    assertThrows(CacheCorruptException.class, () -> ValueCodec.decode(new byte[0], String.class));
    assertThrows(
        CacheCorruptException.class, () -> ValueCodec.decode(new byte[] {2, 0}, String.class));
  }

  @Test
  void aRecordWhoseComponentsChangedIsStale() {
    byte[] bytes = ValueCodec.encode(new ShapeA(1)).orElseThrow();
    byte[] renamed = replace(bytes, "ShapeA", "ShapeB");

    CacheCorruptException e =
        assertThrows(CacheCorruptException.class, () -> ValueCodec.decode(renamed, Object.class));
    assertTrue(e.getMessage().contains("now has components [y]"), e.getMessage());
  }

  @Test
  void aClassThatCannotBeFoundIsStale() {
    byte[] bytes = ValueCodec.encode(List.of(new ShapeA(1))).orElseThrow();
    byte[] gone = replace(bytes, "ShapeA", "ShapeZ");

    CacheCorruptException e =
        assertThrows(CacheCorruptException.class, () -> ValueCodec.decode(gone, List.class));
    assertTrue(
        e.getMessage().contains("ValueCodecTest$ShapeZ, which no class loader can find"),
        e.getMessage());
  }

  @Test
  void aRecordWhoseConstructorRejectsTheCachedComponentsIsStale() {
    byte[] bytes = ValueCodec.encode(new Positive(5)).orElseThrow();
    // The payload ends with n as a big-endian int; make it 0x800000FF, a negative number.
    bytes[bytes.length - 4] = (byte) 0x80;
    bytes[bytes.length - 1] = (byte) 0xFF;

    CacheCorruptException e =
        assertThrows(CacheCorruptException.class, () -> ValueCodec.decode(bytes, Positive.class));
    assertTrue(e.getMessage().contains("rejected the cached components"), e.getMessage());
  }

  private static byte[] replace(byte[] bytes, String from, String to) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains(from));
    return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
  }

  static Table everyColumnType() {
    Table t =
        Table.create(
            "every",
            ShortColumn.create("short", new short[] {1, Short.MIN_VALUE, -3}),
            IntColumn.create("int", new int[] {1, Integer.MIN_VALUE, 3}),
            LongColumn.create("long", new long[] {1, Long.MIN_VALUE, 3}),
            FloatColumn.create("float", new float[] {1.5f, Float.NaN, -0.0f}),
            DoubleColumn.create("double", new double[] {1.5, Double.NaN, -0.0}),
            BooleanColumn.create("bool", new boolean[] {true, false, true}),
            StringColumn.create("string", "a", "", "c"),
            TextColumn.create("text", new String[] {"long text", "", "z"}),
            DateColumn.create(
                "date", new LocalDate[] {LocalDate.of(2024, 1, 1), null, LocalDate.MIN}),
            TimeColumn.create("time", new LocalTime[] {LocalTime.NOON, null, LocalTime.MIDNIGHT}),
            DateTimeColumn.create(
                "datetime",
                new LocalDateTime[] {
                  LocalDateTime.of(2024, 1, 1, 1, 1), null, LocalDateTime.of(1970, 1, 1, 0, 0)
                }),
            InstantColumn.create(
                "instant",
                new Instant[] {Instant.ofEpochMilli(1_700_000_000_123L), null, Instant.EPOCH}));
    t.booleanColumn("bool").setMissing(1);
    return t;
  }

  static void assertTablesEqual(Table expected, Table actual) {
    assertEquals(expected.name(), actual.name());
    assertEquals(expected.columnNames(), actual.columnNames());
    assertEquals(expected.rowCount(), actual.rowCount());
    for (int c = 0; c < expected.columnCount(); c++) {
      Column<?> e = expected.column(c);
      Column<?> a = actual.column(c);
      assertEquals(e.type().name(), a.type().name(), e.name());
      assertSame(e.getClass(), a.getClass(), e.name());
      for (int r = 0; r < e.size(); r++) {
        assertEquals(e.isMissing(r), a.isMissing(r), e.name() + " row " + r + " missing");
        assertEquals(e.getString(r), a.getString(r), e.name() + " row " + r);
        if (e instanceof DoubleColumn d) {
          assertEquals(
              Double.doubleToRawLongBits(d.getDouble(r)),
              Double.doubleToRawLongBits(((DoubleColumn) a).getDouble(r)));
        } else if (!e.isMissing(r)) {
          assertEquals(e.get(r), a.get(r), e.name() + " row " + r);
        }
      }
    }
  }
}
