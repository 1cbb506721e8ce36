package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.export.BatchWriter.State;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BatchWriterLifecycleTest {
  private final List<String> log = new ArrayList<>();
  private final Recording.Core core = new Recording.Core(log);
  private final Recording.Sink sink = new Recording.Sink(log);

  private static final Map<String, Consumer<BatchWriter<String, String>>> CALLS =
      Map.of(
          "start()", BatchWriter::start,
          "write()", w -> w.write("x"),
          "commit()", BatchWriter::commit);

  private static final Map<String, Set<State>> LEGAL =
      Map.of(
          "start()", EnumSet.of(State.NEW),
          "write()", EnumSet.of(State.ACTIVE),
          "commit()", EnumSet.of(State.ACTIVE));

  private BatchWriter<String, String> writer() {
    return new BatchWriter<>(core, sink);
  }

  private BatchWriter<String, String> in(State state) {
    BatchWriter<String, String> writer = writer();
    switch (state) {
      case NEW -> {}
      case ACTIVE -> writer.start();
      case COMMITTED -> {
        writer.start();
        writer.commit();
      }
      case CLOSED -> writer.close();
      case ERROR -> {
        sink.failingIn("doOpen");
        assertThrows(ExportError.class, writer::start);
      }
    }
    assertEquals(state, writer.state());
    return writer;
  }

  static Stream<Arguments> illegalCalls() {
    List<Arguments> out = new ArrayList<>();
    for (State state : State.values()) {
      for (String call : CALLS.keySet()) {
        if (!LEGAL.get(call).contains(state)) {
          out.add(Arguments.of(state, call));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("illegalCalls")
  void illegalCallThrowsLifecycleErrorNamingWriterStateAndCallAndTouchesNothing(
      State state, String call) {
    BatchWriter<String, String> writer = in(state);
    BatchWriterCore.State coreBefore = core.state();
    BatchSink.State sinkBefore = sink.state();
    log.clear();
    ExportError e = assertThrows(ExportError.class, () -> CALLS.get(call).accept(writer));
    assertEquals(ExportStage.LIFECYCLE, e.stage());
    assertEquals("BatchWriter(RecordingCore → RecordingSink)", e.component());
    assertTrue(e.getMessage().contains("BatchWriter(RecordingCore → RecordingSink)"));
    assertTrue(e.getMessage().contains("state " + state), e.getMessage());
    assertTrue(e.getMessage().contains(call), e.getMessage());
    assertEquals(state, writer.state());
    assertEquals(coreBefore, core.state());
    assertEquals(sinkBefore, sink.state());
    assertEquals(List.of(), log);
  }

  @Test
  void illegalCallsCoverEveryStateAndCall() {
    assertEquals(12, illegalCalls().count());
  }

  @Test
  void fullPathDrivesCoreAndSinkInOrder() {
    try (BatchWriter<String, String> writer = writer()) {
      writer.start();
      assertEquals(State.ACTIVE, writer.state());
      writer.write("a");
      writer.write("b");
      writer.commit();
      assertEquals(State.COMMITTED, writer.state());
      assertEquals(List.of("<a>", "<b>", "end"), sink.published);
    }
    assertEquals(
        List.of(
            "core.doStart",
            "sink.doOpen",
            "core.doEncode(a)",
            "sink.doWrite(<a>)",
            "core.doEncode(b)",
            "sink.doWrite(<b>)",
            "core.doFinish",
            "sink.doWrite(end)",
            "sink.doCommit",
            "sink.finalizeResources"),
        log);
    assertEquals(BatchWriterCore.State.ENDED, core.state());
    assertEquals(BatchSink.State.CLOSED, sink.state());
  }

  @Test
  void commitWithoutBatchSendsTheEmptyEncoding() {
    BatchWriter<String, String> writer = writer();
    writer.start();
    writer.commit();
    writer.close();
    assertEquals(State.CLOSED, writer.state());
    assertEquals(List.of("empty"), sink.published);
    assertEquals(
        List.of(
            "core.doStart",
            "sink.doOpen",
            "core.doFinishEmpty",
            "sink.doWrite(empty)",
            "sink.doCommit",
            "sink.finalizeResources"),
        log);
  }

  @Test
  void inlineCoreWithoutTailSendsNothingAtTheEnd() {
    Recording.Sink plain = new Recording.Sink(log);
    try (BatchWriter<String, String> writer =
        new BatchWriter<>(BatchWriterCore.of(String::toUpperCase), plain)) {
      writer.start();
      writer.write("a");
      writer.commit();
    }
    assertEquals(List.of("A"), plain.published);
  }

  @Test
  void closeWhileActiveRollsBackAndAbandonsTheCore() {
    BatchWriter<String, String> writer = writer();
    writer.start();
    writer.write("a");
    writer.close();
    assertEquals(State.CLOSED, writer.state());
    assertNull(sink.published);
    assertEquals(
        List.of(
            "core.doStart",
            "sink.doOpen",
            "core.doEncode(a)",
            "sink.doWrite(<a>)",
            "core.cleanupAfterError",
            "sink.doRollback"),
        log);
    assertEquals(BatchWriterCore.State.ERROR, core.state());
    assertEquals(BatchSink.State.CLOSED, sink.state());
  }

  @Test
  void closeFromNewTouchesNothing() {
    BatchWriter<String, String> writer = writer();
    writer.close();
    assertEquals(State.CLOSED, writer.state());
    assertEquals(List.of(), log);
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void secondCloseDoesNothing(State state) {
    BatchWriter<String, String> writer = in(state);
    writer.close();
    State after = writer.state();
    List<String> once = List.copyOf(log);
    writer.close();
    assertEquals(after, writer.state());
    assertEquals(once, log);
  }

  @Test
  void failingRollbackOnCloseIsACloseErrorAndLeavesTheWriterInError() {
    sink.failingIn("doRollback");
    BatchWriter<String, String> writer = writer();
    writer.start();
    ExportError e = assertThrows(ExportError.class, writer::close);
    assertEquals(ExportStage.CLOSE, e.stage());
    assertSame(sink.thrown, e.getCause());
    assertEquals(State.ERROR, writer.state());
    assertEquals(
        List.of(
            "core.doStart",
            "sink.doOpen",
            "core.cleanupAfterError",
            "sink.doRollback",
            "sink.cleanupAfterError"),
        log);
  }

  @Test
  void failingFinalizeAfterCommitIsACloseErrorWithTheArtifactPublished() {
    sink.failingIn("finalizeResources");
    BatchWriter<String, String> writer = writer();
    writer.start();
    writer.write("a");
    writer.commit();
    ExportError e = assertThrows(ExportError.class, writer::close);
    assertEquals(ExportStage.CLOSE, e.stage());
    assertSame(sink.thrown, e.getCause());
    assertEquals(State.CLOSED, writer.state());
    assertEquals(List.of("<a>", "end"), sink.published);
  }

  /** A step where something fails, the stage it reports, and the hooks called before cleanup. */
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("core.doStart", ExportStage.START, List.of("core.doStart")),
        Arguments.of("sink.doOpen", ExportStage.OPEN, List.of("core.doStart", "sink.doOpen")),
        Arguments.of(
            "core.doEncode",
            ExportStage.ENCODE,
            List.of("core.doStart", "sink.doOpen", "core.doEncode(a)")),
        Arguments.of(
            "sink.doWrite",
            ExportStage.WRITE,
            List.of("core.doStart", "sink.doOpen", "core.doEncode(a)", "sink.doWrite(<a>)")),
        Arguments.of(
            "core.doFinish",
            ExportStage.ENCODE,
            List.of(
                "core.doStart",
                "sink.doOpen",
                "core.doEncode(a)",
                "sink.doWrite(<a>)",
                "core.doFinish")),
        Arguments.of(
            "sink.doCommit",
            ExportStage.COMMIT,
            List.of(
                "core.doStart",
                "sink.doOpen",
                "core.doEncode(a)",
                "sink.doWrite(<a>)",
                "core.doFinish",
                "sink.doWrite(end)",
                "sink.doCommit")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failureMovesWriterCoreAndSinkToErrorEachCleanedUpOnce(
      String hook, ExportStage stage, List<String> before) {
    String[] parts = hook.split("\\.");
    if (parts[0].equals("core")) {
      core.failingIn(parts[1]);
    } else {
      sink.failingIn(parts[1]);
    }
    core.cleanupThrows = true;
    sink.cleanupThrows = true;
    BatchWriter<String, String> writer = writer();
    ExportError e =
        assertThrows(
            ExportError.class,
            () -> {
              try (writer) {
                writer.start();
                writer.write("a");
                writer.commit();
              }
            });
    assertEquals(stage, e.stage());
    assertSame(parts[0].equals("core") ? core.thrown : sink.thrown, e.getCause());
    assertTrue(
        e.component().equals(parts[0].equals("core") ? "RecordingCore" : "RecordingSink"),
        e.component());
    assertEquals(State.ERROR, writer.state());
    assertEquals(BatchSink.State.ERROR, sink.state());
    assertEquals(
        stage == ExportStage.COMMIT ? BatchWriterCore.State.ENDED : BatchWriterCore.State.ERROR,
        core.state());
    assertEquals(before, log.subList(0, before.size()));
    List<String> cleanups = log.subList(before.size(), log.size());
    assertEquals(
        stage == ExportStage.COMMIT
            ? List.of("sink.cleanupAfterError")
            : List.of("core.cleanupAfterError", "sink.cleanupAfterError"),
        cleanups.stream().sorted().toList(),
        "each component cleaned up exactly once, nothing else after the failure");
    assertNull(sink.published);
  }

  @Test
  void formattedValidatorRefusesBeforeEncoding() {
    Validator<String> refuse =
        v -> {
          throw new IOException("not " + v);
        };
    BatchWriter<String, String> writer = new BatchWriter<>(core, sink, List.of(refuse), List.of());
    writer.start();
    ExportError e = assertThrows(ExportError.class, () -> writer.write("a"));
    assertEquals(ExportStage.VALIDATE_FORMATTED, e.stage());
    assertTrue(
        e.getMessage().contains("formatted-data validator 1 of 1 refused it: not a"),
        e.getMessage());
    assertEquals(
        List.of("core.doStart", "sink.doOpen", "core.cleanupAfterError", "sink.cleanupAfterError"),
        log);
  }

  @Test
  void encodedValidatorSeesEveryPieceIncludingTheTail() {
    List<String> seen = new ArrayList<>();
    Validator<String> record = seen::add;
    try (BatchWriter<String, String> writer =
        new BatchWriter<>(core, sink, List.of(), List.of(record))) {
      writer.start();
      writer.write("a");
      writer.commit();
    }
    assertEquals(List.of("<a>", "end"), seen);
  }

  @Test
  void encodedValidatorRefusingTheTailPublishesNothing() {
    Validator<String> refuseTail =
        v -> {
          if (v.equals("end")) {
            throw new IllegalArgumentException("no tail");
          }
        };
    BatchWriter<String, String> writer =
        new BatchWriter<>(core, sink, List.of(), List.of(refuseTail));
    writer.start();
    writer.write("a");
    ExportError e = assertThrows(ExportError.class, writer::commit);
    assertEquals(ExportStage.VALIDATE_ENCODED, e.stage());
    assertEquals(State.ERROR, writer.state());
    assertNull(sink.published);
    assertEquals("sink.cleanupAfterError", log.get(log.size() - 1));
  }
}
