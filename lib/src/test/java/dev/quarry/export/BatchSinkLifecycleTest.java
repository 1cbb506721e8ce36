package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.export.BatchSink.State;
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

class BatchSinkLifecycleTest {
  private final List<String> log = new ArrayList<>();

  private static final Map<String, Consumer<Recording.Sink>> CALLS =
      Map.of(
          "open()", Recording.Sink::open,
          "write()", s -> s.write("x"),
          "commit()", Recording.Sink::commit);

  private static final Map<String, Set<State>> LEGAL =
      Map.of(
          "open()", EnumSet.of(State.NEW),
          "write()", EnumSet.of(State.OPENED),
          "commit()", EnumSet.of(State.OPENED, State.COMMITTED));

  static Recording.Sink in(State state, List<String> log) {
    Recording.Sink sink = new Recording.Sink(log);
    switch (state) {
      case NEW -> {}
      case OPENED -> sink.open();
      case COMMITTED -> {
        sink.open();
        sink.commit();
      }
      case CLOSED -> sink.close();
      case ERROR -> sink.fail();
    }
    assertEquals(state, sink.state());
    return sink;
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
  void illegalCallThrowsLifecycleErrorNamingComponentStateAndCallAndChangesNothing(
      State state, String call) {
    Recording.Sink sink = in(state, log);
    log.clear();
    ExportError e = assertThrows(ExportError.class, () -> CALLS.get(call).accept(sink));
    assertEquals(ExportStage.LIFECYCLE, e.stage());
    assertEquals("RecordingSink", e.component());
    assertTrue(e.getMessage().contains("RecordingSink"), e.getMessage());
    assertTrue(e.getMessage().contains("state " + state), e.getMessage());
    assertTrue(e.getMessage().contains(call), e.getMessage());
    assertEquals(state, sink.state());
    assertEquals(List.of(), log);
  }

  @Test
  void illegalCallsCoverEveryStateAndCall() {
    assertEquals(11, illegalCalls().count());
  }

  @Test
  void openWriteCommitClosePublishesThenReleases() {
    Recording.Sink sink = new Recording.Sink(log);
    sink.open();
    assertEquals(State.OPENED, sink.state());
    sink.write("a");
    sink.write("b");
    assertEquals(State.OPENED, sink.state());
    assertNull(sink.published);
    sink.commit();
    assertEquals(State.COMMITTED, sink.state());
    assertEquals(List.of("a", "b"), sink.published);
    assertEquals(
        List.of("sink.doOpen", "sink.doWrite(a)", "sink.doWrite(b)", "sink.doCommit"), log);
    sink.close();
    assertEquals(State.CLOSED, sink.state());
    assertEquals("sink.finalizeResources", log.get(log.size() - 1));
    assertEquals(5, log.size());
  }

  @Test
  void secondCommitDoesNothing() {
    Recording.Sink sink = in(State.COMMITTED, log);
    sink.commit();
    assertEquals(State.COMMITTED, sink.state());
    assertEquals(List.of("sink.doOpen", "sink.doCommit"), log);
  }

  @Test
  void closeWithoutCommitRollsBackAndPublishesNothing() {
    Recording.Sink sink = in(State.OPENED, log);
    sink.write("a");
    sink.close();
    assertEquals(State.CLOSED, sink.state());
    assertNull(sink.published);
    assertEquals(List.of("sink.doOpen", "sink.doWrite(a)", "sink.doRollback"), log);
  }

  @Test
  void closeFromNewCallsNoHook() {
    Recording.Sink sink = new Recording.Sink(log);
    sink.close();
    assertEquals(State.CLOSED, sink.state());
    assertEquals(List.of(), log);
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void secondCloseDoesNothing(State state) {
    Recording.Sink sink = in(state, log);
    sink.close();
    State after = sink.state();
    assertEquals(state == State.ERROR ? State.ERROR : State.CLOSED, after);
    List<String> once = List.copyOf(log);
    sink.close();
    assertEquals(after, sink.state());
    assertEquals(once, log);
  }

  @Test
  void finalizeResourcesRunsOnlyAfterCommit() {
    for (State state : State.values()) {
      log.clear();
      Recording.Sink sink = in(state, log);
      sink.close();
      assertEquals(
          state == State.COMMITTED, log.contains("sink.finalizeResources"), "closing " + state);
    }
  }

  static Stream<Arguments> failingHooks() {
    return Stream.of(
        Arguments.of("doOpen", ExportStage.OPEN, List.of("sink.doOpen")),
        Arguments.of("doWrite", ExportStage.WRITE, List.of("sink.doOpen", "sink.doWrite(a)")),
        Arguments.of(
            "doCommit",
            ExportStage.COMMIT,
            List.of("sink.doOpen", "sink.doWrite(a)", "sink.doCommit")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failingHooks")
  void failingHookMovesToErrorAfterExactlyOneCleanupThatNeverThrowsOutward(
      String hook, ExportStage stage, List<String> before) {
    for (boolean cleanupThrows : new boolean[] {false, true}) {
      log.clear();
      Recording.Sink sink = new Recording.Sink(log).failingIn(hook);
      sink.cleanupThrows = cleanupThrows;
      ExportError e =
          assertThrows(
              ExportError.class,
              () -> {
                sink.open();
                sink.write("a");
                sink.commit();
              });
      assertEquals(stage, e.stage());
      assertEquals("RecordingSink", e.component());
      assertTrue(e.getMessage().contains("injected failure in sink." + hook), e.getMessage());
      assertSame(sink.thrown, e.getCause());
      assertEquals(State.ERROR, sink.state());
      assertNull(sink.published);
      List<String> expected = new ArrayList<>(before);
      expected.add("sink.cleanupAfterError");
      assertEquals(expected, log);
      sink.close();
      sink.fail();
      assertEquals(expected, log, "no rollback, no second cleanup after an error");
    }
  }

  @Test
  void failingRollbackIsACloseErrorAndCleansUpOnce() {
    Recording.Sink sink = new Recording.Sink(log).failingIn("doRollback");
    sink.cleanupThrows = true;
    sink.open();
    sink.write("a");
    ExportError e = assertThrows(ExportError.class, sink::close);
    assertEquals(ExportStage.CLOSE, e.stage());
    assertSame(sink.thrown, e.getCause());
    assertEquals(State.ERROR, sink.state());
    assertEquals(
        List.of("sink.doOpen", "sink.doWrite(a)", "sink.doRollback", "sink.cleanupAfterError"),
        log);
  }

  @Test
  void failingFinalizeIsACloseErrorButTheArtifactStaysPublished() {
    Recording.Sink sink = new Recording.Sink(log).failingIn("finalizeResources");
    sink.open();
    sink.write("a");
    sink.commit();
    ExportError e = assertThrows(ExportError.class, sink::close);
    assertEquals(ExportStage.CLOSE, e.stage());
    assertSame(sink.thrown, e.getCause());
    assertEquals(State.CLOSED, sink.state());
    assertEquals(List.of("a"), sink.published);
    assertEquals(
        List.of("sink.doOpen", "sink.doWrite(a)", "sink.doCommit", "sink.finalizeResources"), log);
  }

  @Test
  void writingNullIsAWriteErrorNotAHookCall() {
    Recording.Sink sink = in(State.OPENED, log);
    ExportError e = assertThrows(ExportError.class, () -> sink.write(null));
    assertEquals(ExportStage.WRITE, e.stage());
    assertEquals(List.of("sink.doOpen", "sink.cleanupAfterError"), log);
  }

  @ParameterizedTest
  @EnumSource(
      value = State.class,
      names = {"COMMITTED", "CLOSED", "ERROR"})
  void failAfterCommitCloseOrErrorDoesNothing(State state) {
    Recording.Sink sink = in(state, log);
    log.clear();
    sink.fail();
    assertEquals(state, sink.state());
    assertEquals(List.of(), log);
  }

  @ParameterizedTest
  @EnumSource(
      value = State.class,
      names = {"NEW", "OPENED"})
  void failBeforeCommitCleansUpOnce(State state) {
    Recording.Sink sink = in(state, log);
    sink.cleanupThrows = true;
    log.clear();
    sink.fail();
    sink.fail();
    assertEquals(State.ERROR, sink.state());
    assertEquals(List.of("sink.cleanupAfterError"), log);
  }
}
