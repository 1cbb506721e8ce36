package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure point of a whole export, against real file and folder sinks: the export fails with
 * the right stage, names the failing component, carries the injected exception, and leaves the
 * folder exactly as it was (no artifact, no temp file, an existing file unchanged byte for byte).
 */
class ExportFaultInjectionTest {
  private static final byte[] OLD = "old content\n".getBytes(StandardCharsets.UTF_8);
  private static final List<String> ROWS = List.of("a", "b", "c");

  @TempDir Path dir;

  /** Where an export can fail, and what a failure there reports. */
  enum Point {
    RAW_VALIDATOR(ExportStage.VALIDATE_RAW, "FaultFormatter"),
    FORMAT(ExportStage.FORMAT, "FaultFormatter"),
    FORMATTED_VALIDATOR(ExportStage.VALIDATE_FORMATTED, "FormattedCheck"),
    CORE_START(ExportStage.START, "FaultCore"),
    CORE_ENCODE(ExportStage.ENCODE, "FaultCore"),
    CORE_FINISH(ExportStage.ENCODE, "FaultCore"),
    ENCODED_VALIDATOR(ExportStage.VALIDATE_ENCODED, "EncodedCheck"),
    SINK_OPEN(ExportStage.OPEN, "Sink("),
    SINK_WRITE(ExportStage.WRITE, "Sink("),
    SINK_COMMIT(ExportStage.COMMIT, "Sink(");

    final ExportStage stage;
    final String named;

    Point(ExportStage stage, String named) {
      this.stage = stage;
      this.named = named;
    }
  }

  /** The sink under the export. */
  enum Kind {
    /** A new file. */
    FILE,
    /** A file that exists before the export. */
    FILE_REPLACING,
    /** A new folder. */
    DIRECTORY
  }

  /** Throws at one point, and remembers what it threw. */
  static final class Injector {
    final Object point;
    Exception thrown;

    Injector(Object point) {
      this.point = point;
    }

    void io(Object at) throws IOException {
      if (at.equals(point)) {
        IOException e = new IOException("injected at " + at);
        thrown = e;
        throw e;
      }
    }

    void runtime(Object at) {
      if (at.equals(point)) {
        IllegalStateException e = new IllegalStateException("injected at " + at);
        thrown = e;
        throw e;
      }
    }
  }

  /** Failure points only reachable outside a plain {@code export} call. */
  enum Extra {
    CORE_FINISH_EMPTY,
    SINK_ROLLBACK,
    SINK_FINALIZE
  }

  static final class FaultFormatter extends BatchFormatter<String, String> {
    private final Injector injector;

    FaultFormatter(Injector injector) {
      this.injector = injector;
    }

    @Override
    protected String doFormat(List<String> items) {
      injector.runtime(Point.FORMAT);
      return String.join("\n", items) + "\n";
    }
  }

  static final class FaultCore<E> extends BatchWriterCore<String, E> {
    private final Injector injector;
    private final BiFunction<String, byte[], E> piece;

    FaultCore(Injector injector, BiFunction<String, byte[], E> piece) {
      this.injector = injector;
      this.piece = piece;
    }

    private static byte[] utf8(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doStart() {
      injector.runtime(Point.CORE_START);
    }

    @Override
    protected E doEncode(String data) {
      injector.runtime(Point.CORE_ENCODE);
      return piece.apply("body", utf8(data));
    }

    @Override
    protected E doFinish() {
      injector.runtime(Point.CORE_FINISH);
      return piece.apply("tail", utf8("#end\n"));
    }

    @Override
    protected E doFinishEmpty() {
      injector.runtime(Extra.CORE_FINISH_EMPTY);
      return piece.apply("empty", utf8(""));
    }
  }

  static class Check implements Validator<Object> {
    private final Injector injector;
    private final Point at;

    Check(Injector injector, Point at) {
      this.injector = injector;
      this.at = at;
    }

    @Override
    public void check(Object value) throws IOException {
      injector.io(at);
    }
  }

  static final class RawCheck extends Check {
    RawCheck(Injector injector) {
      super(injector, Point.RAW_VALIDATOR);
    }
  }

  static final class FormattedCheck extends Check {
    FormattedCheck(Injector injector) {
      super(injector, Point.FORMATTED_VALIDATOR);
    }
  }

  static final class EncodedCheck extends Check {
    EncodedCheck(Injector injector) {
      super(injector, Point.ENCODED_VALIDATOR);
    }
  }

  static final class FaultFileSink extends AtomicFileSink {
    private final Injector injector;

    FaultFileSink(Path target, Injector injector) {
      super(target);
      this.injector = injector;
    }

    @Override
    protected void doOpen() throws IOException {
      super.doOpen();
      injector.io(Point.SINK_OPEN); // after the temp file exists: cleanup must remove it
    }

    @Override
    protected void doWrite(byte[] data) throws IOException {
      super.doWrite(data);
      injector.io(Point.SINK_WRITE);
    }

    @Override
    protected void doCommit() throws IOException {
      injector.io(Point.SINK_COMMIT);
      super.doCommit();
    }

    @Override
    protected void doRollback() throws IOException {
      injector.io(Extra.SINK_ROLLBACK); // before the temp file is gone: cleanup must remove it
      super.doRollback();
    }

    @Override
    protected void finalizeResources() throws IOException {
      injector.io(Extra.SINK_FINALIZE);
    }
  }

  static final class FaultDirectorySink extends DirectorySink {
    private final Injector injector;

    FaultDirectorySink(Path target, Injector injector) {
      super(target);
      this.injector = injector;
    }

    @Override
    protected void doOpen() throws IOException {
      super.doOpen();
      injector.io(Point.SINK_OPEN);
    }

    @Override
    protected void doWrite(ArtifactFile data) throws IOException {
      super.doWrite(data);
      injector.io(Point.SINK_WRITE);
    }

    @Override
    protected void doCommit() throws IOException {
      injector.io(Point.SINK_COMMIT);
      super.doCommit();
    }

    @Override
    protected void doRollback() throws IOException {
      injector.io(Extra.SINK_ROLLBACK);
      super.doRollback();
    }

    @Override
    protected void finalizeResources() throws IOException {
      injector.io(Extra.SINK_FINALIZE);
    }
  }

  private Path target(Kind kind) {
    return dir.resolve(kind == Kind.DIRECTORY ? "run" : "out.txt");
  }

  private <E> BatchExportBinding<String, String, E> binding(
      Injector injector,
      BiFunction<String, byte[], E> piece,
      java.util.function.Function<ExportSettings, BatchSink<E>> sink) {
    return BatchExportBinding.<String, String>formattedBy(s -> new FaultFormatter(injector))
        .<E>encoding(s -> new FaultCore<>(injector, piece))
        .into(sink)
        .validatingRaw(new RawCheck(injector))
        .validatingFormatted(new FormattedCheck(injector))
        .validatingEncoded(new EncodedCheck(injector));
  }

  private BatchExportService<String> service(Kind kind, Injector injector) {
    ExportSettings settings = ExportSettings.to(target(kind));
    if (kind == Kind.DIRECTORY) {
      return BatchExportService.of(
          binding(
              injector,
              (name, bytes) -> new ArtifactFile(name + ".txt", bytes),
              s -> new FaultDirectorySink(s.target(), injector)),
          settings);
    }
    return BatchExportService.of(
        binding(injector, (name, bytes) -> bytes, s -> new FaultFileSink(s.target(), injector)),
        settings);
  }

  /** Runs start, then {@code body} on a writer built from the kind's binding, then close. */
  private void withWriter(Kind kind, Injector injector, java.util.function.Consumer<Run> body) {
    ExportSettings settings = ExportSettings.to(target(kind));
    System.Logger logger = System.getLogger("test");
    if (kind == Kind.DIRECTORY) {
      BatchWriter<String, ArtifactFile> writer =
          binding(
                  injector,
                  (name, bytes) -> new ArtifactFile(name + ".txt", bytes),
                  s -> new FaultDirectorySink(s.target(), injector))
              .newWriter(settings, logger);
      try (writer) {
        writer.start();
        body.accept(new Run(writer::write, writer::commit));
      }
    } else {
      BatchWriter<String, byte[]> writer =
          binding(
                  injector,
                  (name, bytes) -> bytes,
                  (java.util.function.Function<ExportSettings, BatchSink<byte[]>>)
                      s -> new FaultFileSink(s.target(), injector))
              .newWriter(settings, logger);
      try (writer) {
        writer.start();
        body.accept(new Run(writer::write, writer::commit));
      }
    }
  }

  record Run(java.util.function.Consumer<String> write, Runnable commit) {}

  private void prepare(Kind kind) throws IOException {
    if (kind == Kind.FILE_REPLACING) {
      Files.write(target(kind), OLD);
    }
  }

  /** The folder is exactly as before the export: no artifact, no temp, an old file unchanged. */
  private void assertUntouched(Kind kind) throws IOException {
    if (kind == Kind.FILE_REPLACING) {
      assertEquals(List.of("out.txt"), Recording.listing(dir));
      assertArrayEquals(OLD, Files.readAllBytes(target(kind)));
    } else {
      assertEquals(List.of(), Recording.listing(dir));
    }
  }

  /** The artifact is the complete new export, and nothing else is in the folder. */
  private void assertPublished(Kind kind, String expected) {
    try {
      if (kind == Kind.DIRECTORY) {
        assertEquals(List.of("run"), Recording.listing(dir));
        StringBuilder text = new StringBuilder();
        for (String name : Recording.listing(target(kind))) {
          text.append(name).append('=').append(Files.readString(target(kind).resolve(name)));
        }
        assertEquals(expected, text.toString());
      } else {
        assertEquals(List.of("out.txt"), Recording.listing(dir));
        assertEquals(expected, Files.readString(target(kind)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String full(Kind kind) {
    return kind == Kind.DIRECTORY ? "body.txt=a\nb\nc\ntail.txt=#end\n" : "a\nb\nc\n#end\n";
  }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Point point : Point.values()) {
      for (Kind kind : Kind.values()) {
        out.add(Arguments.of(point, kind));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @EnumSource(Kind.class)
  void withoutFaultTheExportPublishesTheWholeArtifact(Kind kind) throws IOException {
    prepare(kind);
    ExportResult result = service(kind, new Injector(null)).export(ROWS);
    assertEquals(3, result.items());
    assertPublished(kind, full(kind));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("matrix")
  void failureAnywhereLeavesTheFolderAsItWas(Point point, Kind kind) throws IOException {
    prepare(kind);
    Injector injector = new Injector(point);
    ExportError e = assertThrows(ExportError.class, () -> service(kind, injector).export(ROWS));
    assertEquals(point.stage, e.stage(), e.getMessage());
    assertTrue(e.getMessage().contains(point.named), e.getMessage());
    assertTrue(e.getMessage().contains("injected at " + point), e.getMessage());
    assertNotNull(injector.thrown, "the fault was reached");
    assertSame(injector.thrown, e.getCause());
    assertUntouched(kind);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void failureFinishingAnEmptyExportLeavesTheFolderAsItWas(Kind kind) throws IOException {
    prepare(kind);
    Injector injector = new Injector(Extra.CORE_FINISH_EMPTY);
    ExportError e =
        assertThrows(ExportError.class, () -> withWriter(kind, injector, run -> run.commit.run()));
    assertEquals(ExportStage.ENCODE, e.stage());
    assertEquals("FaultCore", e.component());
    assertSame(injector.thrown, e.getCause());
    assertUntouched(kind);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void failingRollbackStillLeavesTheFolderAsItWas(Kind kind) throws IOException {
    prepare(kind);
    Injector injector = new Injector(Extra.SINK_ROLLBACK);
    ExportError e =
        assertThrows(
            ExportError.class, () -> withWriter(kind, injector, run -> run.write.accept("x")));
    assertEquals(ExportStage.CLOSE, e.stage());
    assertTrue(e.component().contains("Sink("), e.component());
    assertSame(injector.thrown, e.getCause());
    assertUntouched(kind);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void failingFinalizeAfterCommitReportsCloseWithTheWholeArtifactPublished(Kind kind)
      throws IOException {
    prepare(kind);
    Injector injector = new Injector(Extra.SINK_FINALIZE);
    ExportError e = assertThrows(ExportError.class, () -> service(kind, injector).export(ROWS));
    assertEquals(ExportStage.CLOSE, e.stage());
    assertTrue(e.component().contains("Sink("), e.component());
    assertSame(injector.thrown, e.getCause());
    assertPublished(kind, full(kind));
  }

  @Test
  void matrixCoversEveryPointWithEverySink() {
    assertEquals(Point.values().length * Kind.values().length, matrix().count());
    assertFalse(Files.exists(target(Kind.FILE)));
  }
}
