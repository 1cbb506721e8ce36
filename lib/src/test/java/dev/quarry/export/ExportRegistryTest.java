package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportRegistryTest {
  static final ExportKey<String> STRINGS = ExportKey.of("strings.memory", String.class);
  static final ExportKey<Integer> INTS = ExportKey.of("ints.memory", Integer.class);

  static BatchExportBinding<String, String, String> joining() {
    return BatchExportBinding.<String, String>formatting(items -> String.join(",", items))
        .encoding(s -> BatchWriterCore.<String, String>of(x -> x))
        .into(s -> new InMemorySink<>());
  }

  /** Bindings declared as a static field and a static method. */
  static final class Holder {
    @Export(key = "strings.memory", raw = String.class)
    static final BatchExportBinding<String, String, String> STRINGS_BINDING = joining();

    @Export(key = "ints.memory", raw = Integer.class)
    static BatchExportBinding<Integer, String, String> ints() {
      return BatchExportBinding.<Integer, String>formatting(List::toString)
          .encoding(s -> BatchWriterCore.<String, String>of(x -> x))
          .into(s -> new InMemorySink<>());
    }

    static final BatchExportBinding<String, String, String> NOT_ANNOTATED = joining();
  }

  static final class Mismatched {
    @Export(key = "mismatched", raw = Integer.class)
    static final BatchExportBinding<String, String, String> BINDING = joining();
  }

  static final class NotStatic {
    @Export(key = "instance", raw = String.class)
    final BatchExportBinding<String, String, String> binding = joining();
  }

  static final class NotABinding {
    @Export(key = "text", raw = String.class)
    static final String TEXT = "not a binding";
  }

  static final class WithArguments {
    @Export(key = "args", raw = String.class)
    static BatchExportBinding<String, String, String> binding(int unused) {
      return joining();
    }
  }

  static final class NullBinding {
    @Export(key = "null", raw = String.class)
    static final BatchExportBinding<String, String, String> BINDING = null;
  }

  static final class Empty {}

  /** A good binding first in name order, then a bad one. */
  static final class HalfGood {
    @Export(key = "a.good", raw = String.class)
    static final BatchExportBinding<String, String, String> A_GOOD = joining();

    @Export(key = "b.bad", raw = Integer.class)
    static final BatchExportBinding<String, String, String> B_BAD = joining();
  }

  /** Two members under one key. */
  static final class SameKeyTwice {
    @Export(key = "twice", raw = String.class)
    static final BatchExportBinding<String, String, String> FIRST = joining();

    @Export(key = "twice", raw = String.class)
    static final BatchExportBinding<String, String, String> SECOND = joining();
  }

  private final ExportRegistry registry = new ExportRegistry();

  private static void assertRegistryError(ExportError e, String... fragments) {
    assertEquals(ExportStage.REGISTRY, e.stage());
    assertEquals("ExportRegistry", e.component());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void registeredBindingIsReturnedForItsKey() {
    BatchExportBinding<String, String, String> binding = joining();
    registry.register(STRINGS, binding);
    assertSame(binding, registry.binding(STRINGS));
    assertSame(binding, registry.binding(ExportKey.of("strings.memory", String.class)));
    assertEquals(List.of(STRINGS), registry.keys());
  }

  @Test
  void duplicateKeyIsRefusedNamingTheKey() {
    registry.register(STRINGS, joining());
    ExportError e =
        assertThrows(
            ExportError.class,
            () -> registry.register(ExportKey.of("strings.memory", String.class), joining()));
    assertRegistryError(e, "'strings.memory'", "already registered");
    assertEquals(1, registry.keys().size());
  }

  @Test
  void unknownKeyListsTheRegisteredKeys() {
    registry.registerAnnotated(Holder.class);
    ExportError e =
        assertThrows(ExportError.class, () -> registry.binding(ExportKey.of("nope", String.class)));
    assertRegistryError(e, "'nope'", "registered: [strings.memory, ints.memory]");
  }

  @Test
  void lookupWithAnotherRawTypeIsRefused() {
    registry.register(STRINGS, joining());
    ExportError e =
        assertThrows(
            ExportError.class,
            () -> registry.binding(ExportKey.of("strings.memory", Integer.class)));
    assertRegistryError(e, "java.lang.String", "java.lang.Integer");
  }

  @Test
  void annotatedFieldAndMethodAreRegisteredInNameOrder() {
    registry.registerAnnotated(Holder.class);
    assertEquals(List.of(STRINGS, INTS), registry.keys());
    assertEquals(String.class, registry.keys().get(0).rawType());
    assertEquals(Integer.class, registry.keys().get(1).rawType());
    assertSame(Holder.STRINGS_BINDING, registry.binding(STRINGS));

    BatchExportBinding<Integer, ?, ?> ints = registry.binding(INTS);
    assertEquals(
        2,
        BatchExportService.of(ints, ExportSettings.none()).export(List.of(4, 2)).items(),
        "the method's binding works");
  }

  @Test
  void annotatedRawTypeDisagreeingWithTheFieldIsRefused() {
    ExportError e =
        assertThrows(ExportError.class, () -> registry.registerAnnotated(Mismatched.class));
    assertRegistryError(
        e, "Mismatched.BINDING", "java.lang.String", "raw = java.lang.Integer", "agree");
    assertEquals(List.of(), registry.keys());
  }

  @ParameterizedTest
  @ValueSource(classes = {NotStatic.class, NotABinding.class, WithArguments.class})
  void annotatedMemberThatIsNotAStaticBindingIsRefused(Class<?> holder) {
    ExportError e = assertThrows(ExportError.class, () -> registry.registerAnnotated(holder));
    assertRegistryError(e, holder.getName(), "static field or no-argument method");
  }

  @Test
  void annotatedNullBindingIsRefused() {
    ExportError e =
        assertThrows(ExportError.class, () -> registry.registerAnnotated(NullBinding.class));
    assertRegistryError(e, "NullBinding.BINDING is null");
  }

  @Test
  void refusedHolderRegistersNothingAtAll() {
    ExportError e =
        assertThrows(ExportError.class, () -> registry.registerAnnotated(HalfGood.class));
    assertRegistryError(e, "HalfGood.B_BAD");
    assertEquals(List.of(), registry.keys(), "no half-registered holder");
    ExportError twice =
        assertThrows(ExportError.class, () -> registry.registerAnnotated(SameKeyTwice.class));
    assertRegistryError(twice, "'twice'", "already registered by another member");
    assertEquals(List.of(), registry.keys());
  }

  @Test
  void holderWithoutAnnotationsIsRefused() {
    ExportError e = assertThrows(ExportError.class, () -> registry.registerAnnotated(Empty.class));
    assertRegistryError(e, "Empty has no member annotated @Export");
  }

  @Test
  void annotatedKeyAlreadyTakenIsRefused() {
    registry.register(STRINGS, joining());
    ExportError e = assertThrows(ExportError.class, () -> registry.registerAnnotated(Holder.class));
    assertRegistryError(e, "'strings.memory'", "already registered");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../x", "a b", ".hidden", "a/b"})
  void keyNamesAreRestricted(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExportKey.of(name, String.class));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }

  @Test
  void alignedInlineBindingCompilesAndRuns() {
    InMemorySink<byte[]> sink = new InMemorySink<>();
    BatchExportBinding<Integer, List<String>, byte[]> binding =
        BatchExportBinding.<Integer, List<String>>formatting(
                items -> items.stream().map(i -> "#" + i).toList())
            .encoding(
                s ->
                    BatchWriterCore.<List<String>, byte[]>of(
                        lines -> String.join("\n", lines).getBytes(StandardCharsets.UTF_8)))
            .into(s -> sink);
    BatchExportService.of(binding, ExportSettings.none()).export(List.of(1, 2));
    assertEquals("#1\n#2", new String(sink.artifact().get(0), StandardCharsets.UTF_8));
  }
}
