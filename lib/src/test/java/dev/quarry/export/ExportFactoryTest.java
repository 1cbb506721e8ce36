package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportFactoryTest {
  private static final ExportKey<String> KEY = ExportKey.of("probe.memory", String.class);

  private final ExportRegistry registry = new ExportRegistry();
  private final ExportFactory factory = new ExportFactory(registry);
  private final List<ExportComponent> made = new ArrayList<>();
  private final List<String> seenInHooks = new ArrayList<>();

  /** A sink that reads its injected settings and logger while it works. */
  final class ProbeSink extends InMemorySink<String> {
    @Override
    protected void doOpen() {
      seenInHooks.add(settings().option("mode").orElse("-") + "@" + logger().getName());
    }
  }

  private BatchExportBinding<String, String, String> probing() {
    return BatchExportBinding.<String, String>formattedBy(
            s -> keep(BatchFormatter.of(items -> String.join(",", items))))
        .encoding(s -> keep(BatchWriterCore.<String, String>of(x -> x)))
        .into(s -> keep(new ProbeSink()));
  }

  private <T extends ExportComponent> T keep(T component) {
    made.add(component);
    return component;
  }

  @Test
  void everyComponentGetsTheSettingsAndALoggerNamedAfterTheKey() {
    registry.register(KEY, probing());
    ExportSettings settings = ExportSettings.none().with("mode", "strict");
    BatchExportService<String> service = factory.create(KEY, settings);
    assertSame(settings, service.settings());
    made.clear();
    service.export(List.of("a", "b"));
    assertEquals(3, made.size(), "formatter, core, sink: built afresh for the export");
    for (ExportComponent component : made) {
      assertSame(settings, component.settings(), component.name());
      assertEquals("dev.quarry.export.probe.memory", component.logger().getName());
    }
    assertEquals(List.of("strict@dev.quarry.export.probe.memory"), seenInHooks);
  }

  @Test
  void createBuildsEveryComponentOnceToFailEarlyButOpensNothing() {
    registry.register(KEY, probing());
    factory.create(KEY, ExportSettings.none());
    assertEquals(3, made.size());
    assertEquals(List.of(), seenInHooks);
    assertEquals(BatchSink.State.NEW, ((ProbeSink) made.get(2)).state());
  }

  @Test
  void componentsBuiltByHandHaveEmptySettingsAndAClassLogger() {
    ProbeSink sink = new ProbeSink();
    assertSame(ExportSettings.none(), sink.settings());
    assertEquals(ProbeSink.class.getName(), sink.logger().getName());
  }

  @Test
  void unknownKeyIsARegistryError() {
    ExportError e =
        assertThrows(ExportError.class, () -> factory.create(KEY, ExportSettings.none()));
    assertEquals(ExportStage.REGISTRY, e.stage());
    assertTrue(e.getMessage().contains("'probe.memory'"), e.getMessage());
  }

  /** A formatter the factory cannot build: its only constructor takes an int. */
  public static final class NoUsableConstructor extends BatchFormatter<String, String> {
    /**
     * Not usable by the factory.
     *
     * @param unused anything
     */
    public NoUsableConstructor(int unused) {}

    @Override
    protected String doFormat(List<String> items) {
      return "";
    }
  }

  /** A core built from the settings. */
  public static final class FromSettings extends BatchWriterCore<String, String> {
    final Optional<String> prefix;

    /**
     * Reads the option {@code prefix}.
     *
     * @param settings the settings
     */
    public FromSettings(ExportSettings settings) {
      prefix = settings.option("prefix");
    }

    @Override
    protected String doEncode(String data) {
      return prefix.orElse("") + data;
    }
  }

  /** A sink whose constructor fails. */
  public static final class Broken extends InMemorySink<String> {
    /** Always fails. */
    public Broken() {
      throw new IllegalStateException("no connection");
    }
  }

  /** A formatter with a no-argument constructor. */
  public static final class Joiner extends BatchFormatter<String, String> {
    /** The formatter. */
    public Joiner() {}

    @Override
    protected String doFormat(List<String> items) {
      return String.join(",", items);
    }
  }

  /** An in-memory sink of strings, as a class. */
  public static final class Memory extends InMemorySink<String> {
    static Memory last;

    /** The sink. */
    public Memory() {
      last = this;
    }
  }

  @Test
  void classWithoutUsableConstructorIsACreateErrorSayingWhatToAdd() {
    registry.register(
        KEY,
        BatchExportBinding.ofClasses(NoUsableConstructor.class, FromSettings.class, Memory.class));
    ExportError e =
        assertThrows(ExportError.class, () -> factory.create(KEY, ExportSettings.none()));
    assertEquals(ExportStage.CREATE, e.stage());
    assertEquals("the binding's formatter", e.component());
    assertTrue(e.getMessage().contains(NoUsableConstructor.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("public constructor taking ExportSettings"), e.getMessage());
    assertTrue(e.getMessage().contains("public one without arguments"), e.getMessage());
  }

  @Test
  void failingConstructorIsACreateErrorWithItsCause() {
    registry.register(
        KEY, BatchExportBinding.ofClasses(Joiner.class, FromSettings.class, Broken.class));
    ExportError e =
        assertThrows(ExportError.class, () -> factory.create(KEY, ExportSettings.none()));
    assertEquals(ExportStage.CREATE, e.stage());
    assertEquals("the binding's sink", e.component());
    assertTrue(e.getMessage().contains("no connection"), e.getMessage());
    assertTrue(e.getCause().getCause() instanceof IllegalStateException);
  }

  @Test
  void factoryReturningNullIsACreateError() {
    registry.register(
        KEY,
        BatchExportBinding.<String, String>formatting(items -> "")
            .encoding(s -> BatchWriterCore.<String, String>of(x -> x))
            .into(s -> null));
    ExportError e =
        assertThrows(ExportError.class, () -> factory.create(KEY, ExportSettings.none()));
    assertEquals(ExportStage.CREATE, e.stage());
    assertTrue(e.getMessage().contains("returned null"), e.getMessage());
  }

  @Test
  void classesGetTheSettingsThroughTheirConstructor() {
    registry.register(
        KEY, BatchExportBinding.ofClasses(Joiner.class, FromSettings.class, Memory.class));
    factory.create(KEY, ExportSettings.none().with("prefix", "> ")).export(List.of("a", "b"));
    assertEquals(List.of("> a,b"), Memory.last.artifact());
  }

  @Test
  void settingsWithoutTargetSayHowToSetOne() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ExportSettings.none().target());
    assertTrue(e.getMessage().contains("ExportSettings.to(path)"), e.getMessage());
    assertEquals(Path.of("x"), ExportSettings.to(Path.of("x")).target());
  }
}
