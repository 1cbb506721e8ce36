package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class BatchFormatterTest {
  private final List<String> log = new ArrayList<>();

  /** Joins the items; logs the hook call. */
  private final class Joining extends BatchFormatter<String, String> {
    RuntimeException failure;
    boolean returnsNull;

    @Override
    protected String doFormat(List<String> items) {
      log.add("doFormat" + items);
      if (failure != null) {
        throw failure;
      }
      return returnsNull ? null : String.join("+", items);
    }
  }

  private Validator<String> recordingValidator(String refused) {
    return item -> {
      log.add("check(" + item + ")");
      if (item.equals(refused)) {
        throw new IllegalArgumentException("'" + item + "' is bad");
      }
    };
  }

  @Test
  void validatesEveryItemBeforeFormatting() {
    Joining f = new Joining();
    f.withRawValidator(recordingValidator("none"));
    assertEquals("a+b", f.format(List.of("a", "b")));
    assertEquals(List.of("check(a)", "check(b)", "doFormat[a, b]"), log);
  }

  @Test
  void refusedItemIsAValidateRawErrorNamingItsIndexAndNeverFormats() {
    Joining f = new Joining();
    f.withRawValidator(recordingValidator("b"));
    ExportError e = assertThrows(ExportError.class, () -> f.format(List.of("a", "b", "c")));
    assertEquals(ExportStage.VALIDATE_RAW, e.stage());
    assertEquals("Joining", e.component());
    assertTrue(e.getMessage().contains("item 1 of 3 was refused: 'b' is bad"), e.getMessage());
    assertTrue(e.getCause() instanceof IllegalArgumentException);
    assertEquals(List.of("check(a)", "check(b)"), log);
  }

  @Test
  void failingHookIsAFormatErrorWithTheCause() {
    Joining f = new Joining();
    f.failure = new IllegalStateException("broken");
    ExportError e = assertThrows(ExportError.class, () -> f.format(List.of("a")));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertEquals("Joining", e.component());
    assertSame(f.failure, e.getCause());
    assertTrue(e.getMessage().contains("IllegalStateException: broken"), e.getMessage());
  }

  @Test
  void exportErrorFromHookPassesThroughUnwrapped() {
    Joining f = new Joining();
    ExportError own = new ExportError(ExportStage.FORMAT, "inner", "own", null);
    f.failure = own;
    assertSame(own, assertThrows(ExportError.class, () -> f.format(List.of("a"))));
  }

  @Test
  void nullResultIsAFormatError() {
    Joining f = new Joining();
    f.returnsNull = true;
    ExportError e = assertThrows(ExportError.class, () -> f.format(List.of("a")));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertNull(e.getCause());
    assertTrue(e.getMessage().contains("doFormat returned null"), e.getMessage());
  }

  @Test
  void hookGetsAnUnmodifiableList() {
    BatchFormatter<String, String> f =
        BatchFormatter.of(
            items -> {
              items.add("sneaky");
              return "unreachable";
            });
    ExportError e = assertThrows(ExportError.class, () -> f.format(List.of("a")));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertTrue(e.getCause() instanceof UnsupportedOperationException);
    assertEquals("inline formatter", f.name());
  }

  @Test
  void formatterIsReusableAndPure() {
    BatchFormatter<String, Integer> f = BatchFormatter.of(List::size);
    assertEquals(2, f.format(List.of("a", "b")));
    assertEquals(2, f.format(List.of("a", "b")));
    assertEquals(0, f.format(List.of()));
  }

  @Test
  void bindingRawValidatorsRunInOrderAndTheFirstRefusalWins() {
    BatchExportBinding<String, String, String> binding =
        BatchExportBinding.<String, String>formatting(items -> String.join("", items))
            .encoding(s -> BatchWriterCore.<String, String>of(x -> x))
            .into(s -> new InMemorySink<>())
            .validatingRaw(item -> log.add("first(" + item + ")"))
            .validatingRaw(recordingValidator("b"));
    BatchFormatter<String, String> f =
        binding.newFormatter(ExportSettings.none(), System.getLogger("test"));
    ExportError e = assertThrows(ExportError.class, () -> f.format(List.of("a", "b")));
    assertEquals(ExportStage.VALIDATE_RAW, e.stage());
    assertEquals(List.of("first(a)", "check(a)", "first(b)", "check(b)"), log);
  }

  /** Keeps every record logged at DEBUG or above. */
  static final class TraceLogger implements System.Logger {
    final List<String> records = new ArrayList<>();
    final List<Throwable> thrown = new ArrayList<>();

    @Override
    public String getName() {
      return "trace";
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= Level.DEBUG.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
      records.add(level + " " + msg);
      thrown.add(t);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      records.add(level + " " + format);
      thrown.add(null);
    }
  }

  @Test
  void everyFormattingErrorIsTracedWithItsCause() {
    TraceLogger trace = new TraceLogger();
    Joining f = new Joining();
    f.inject(ExportSettings.none(), trace);
    f.withRawValidator(recordingValidator("b"));
    ExportError refused = assertThrows(ExportError.class, () -> f.format(List.of("a", "b")));
    f.withRawValidator(null);
    f.failure = new IllegalStateException("broken");
    ExportError failed = assertThrows(ExportError.class, () -> f.format(List.of("a")));
    assertEquals(
        List.of(
            "DEBUG formatting failed: " + refused.getMessage(),
            "DEBUG formatting failed: " + failed.getMessage()),
        trace.records);
    assertEquals(List.of(refused, failed), trace.thrown);
  }

  @Test
  void successfulFormattingTracesNothing() {
    TraceLogger trace = new TraceLogger();
    Joining f = new Joining();
    f.inject(ExportSettings.none(), trace);
    assertEquals("a", f.format(List.of("a")));
    assertEquals(List.of(), trace.records);
  }
}
