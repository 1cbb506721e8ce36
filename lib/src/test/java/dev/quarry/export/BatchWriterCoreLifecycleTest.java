package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.export.BatchWriterCore.State;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchWriterCoreLifecycleTest {
  private final List<String> log = new ArrayList<>();

  private static final Map<String, Consumer<Recording.Core>> CALLS =
      Map.of(
          "onStart()", Recording.Core::onStart,
          "onEncode()", c -> c.onEncode("x"),
          "onEnd()", Recording.Core::onEnd);

  private static final Map<String, Set<State>> LEGAL =
      Map.of(
          "onStart()", EnumSet.of(State.NEW),
          "onEncode()", EnumSet.of(State.STARTED, State.ENCODED),
          "onEnd()", EnumSet.of(State.STARTED, State.ENCODED));

  static Recording.Core in(State state, List<String> log) {
    Recording.Core core = new Recording.Core(log);
    switch (state) {
      case NEW -> {}
      case STARTED -> core.onStart();
      case ENCODED -> {
        core.onStart();
        core.onEncode("a");
      }
      case ENDED -> {
        core.onStart();
        core.onEnd();
      }
      case ERROR -> core.fail();
    }
    assertEquals(state, core.state());
    return core;
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
    Recording.Core core = in(state, log);
    log.clear();
    ExportError e = assertThrows(ExportError.class, () -> CALLS.get(call).accept(core));
    assertEquals(ExportStage.LIFECYCLE, e.stage());
    assertEquals("RecordingCore", e.component());
    assertTrue(e.getMessage().contains("RecordingCore"), e.getMessage());
    assertTrue(e.getMessage().contains("state " + state), e.getMessage());
    assertTrue(e.getMessage().contains(call), e.getMessage());
    assertEquals(state, core.state());
    assertEquals(List.of(), log);
  }

  @Test
  void illegalCallsCoverEveryStateAndCall() {
    assertEquals(10, illegalCalls().count());
  }

  @Test
  void startThenEndWithoutBatchFinishesEmpty() {
    Recording.Core core = new Recording.Core(log);
    core.onStart();
    assertEquals(State.STARTED, core.state());
    assertEquals(Optional.of("empty"), core.onEnd());
    assertEquals(State.ENDED, core.state());
    assertEquals(List.of("core.doStart", "core.doFinishEmpty"), log);
  }

  @Test
  void twoBatchesEncodeInOrderThenFinish() {
    Recording.Core core = new Recording.Core(log);
    core.onStart();
    assertEquals("<a>", core.onEncode("a"));
    assertEquals(State.ENCODED, core.state());
    assertEquals("<b>", core.onEncode("b"));
    assertEquals(State.ENCODED, core.state());
    assertEquals(Optional.of("end"), core.onEnd());
    assertEquals(State.ENDED, core.state());
    assertEquals(
        List.of("core.doStart", "core.doEncode(a)", "core.doEncode(b)", "core.doFinish"), log);
  }

  @Test
  void inlineCoreHasNoTailAndNamesItself() {
    BatchWriterCore<String, Integer> core = BatchWriterCore.of(String::length);
    assertEquals("inline writer core", core.name());
    core.onStart();
    assertEquals(3, core.onEncode("abc"));
    assertEquals(Optional.empty(), core.onEnd());
  }

  static Stream<Arguments> failingHooks() {
    return Stream.of(
        Arguments.of("doStart", ExportStage.START, List.of("core.doStart")),
        Arguments.of("doEncode", ExportStage.ENCODE, List.of("core.doStart", "core.doEncode(a)")),
        Arguments.of(
            "doFinish",
            ExportStage.ENCODE,
            List.of("core.doStart", "core.doEncode(a)", "core.doFinish")),
        Arguments.of("doFinishEmpty", ExportStage.ENCODE, List.of("core.doStart")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failingHooks")
  void failingHookMovesToErrorAfterOneCleanup(String hook, ExportStage stage, List<String> before) {
    for (boolean cleanupThrows : new boolean[] {false, true}) {
      log.clear();
      Recording.Core core = new Recording.Core(log).failingIn(hook);
      core.cleanupThrows = cleanupThrows;
      ExportError e =
          assertThrows(
              ExportError.class,
              () -> {
                core.onStart();
                if (!hook.equals("doFinishEmpty")) {
                  core.onEncode("a");
                }
                core.onEnd();
              });
      assertEquals(stage, e.stage());
      assertEquals("RecordingCore", e.component());
      assertSame(core.thrown, e.getCause());
      assertEquals(State.ERROR, core.state());
      List<String> expected = new ArrayList<>(before);
      if (hook.equals("doFinishEmpty")) {
        expected.add("core.doFinishEmpty");
      }
      expected.add("core.cleanupAfterError");
      assertEquals(expected, log);
      core.fail();
      assertEquals(expected, log, "fail() after an error cleans up no second time");
    }
  }

  @Test
  void encodeReturningNullIsAnEncodeError() {
    Recording.Core core = new Recording.Core(log);
    core.encodeReturnsNull = true;
    core.onStart();
    ExportError e = assertThrows(ExportError.class, () -> core.onEncode("a"));
    assertEquals(ExportStage.ENCODE, e.stage());
    assertTrue(e.getMessage().contains("doEncode returned null"), e.getMessage());
    assertEquals(State.ERROR, core.state());
    assertEquals(List.of("core.doStart", "core.doEncode(a)", "core.cleanupAfterError"), log);
  }

  @Test
  void failCleansUpOnceAndNeverThrows() {
    for (State state : EnumSet.of(State.NEW, State.STARTED, State.ENCODED)) {
      Recording.Core core = in(state, log);
      core.cleanupThrows = true;
      log.clear();
      core.fail();
      core.fail();
      assertEquals(State.ERROR, core.state());
      assertEquals(List.of("core.cleanupAfterError"), log, "from " + state);
    }
  }

  @Test
  void failAfterEndDoesNothing() {
    Recording.Core core = in(State.ENDED, log);
    log.clear();
    core.fail();
    assertEquals(State.ENDED, core.state());
    assertEquals(List.of(), log);
  }

  @Test
  void exportErrorFromHookIsNotWrappedAgain() {
    ExportError own = new ExportError(ExportStage.ENCODE, "inner", "own", null);
    BatchWriterCore<String, String> core =
        BatchWriterCore.of(
            s -> {
              throw own;
            });
    core.onStart();
    assertSame(own, assertThrows(ExportError.class, () -> core.onEncode("a")));
    assertNull(own.getCause());
    assertEquals(State.ERROR, core.state());
  }
}
