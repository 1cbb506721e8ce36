package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The streaming templates: {@link BatchFormatter#formatParts} and {@link
 * BatchWriterCore#onEncodeParts} tell their hooks' failures (FORMAT, VALIDATE_RAW, ENCODE) from
 * those of whoever receives the parts, which pass through as they are.
 */
class StreamingHooksTest {
  /** Formats each string on its own into its characters, one part each; "!" fails the hook. */
  private static final class Letters extends BatchFormatter<String, String> {
    @Override
    protected boolean formatsEachItem() {
      return true;
    }

    @Override
    protected void doFormatItem(String item, Consumer<? super String> parts) {
      if (item.equals("!")) {
        throw new IllegalArgumentException("no letters in '!'");
      }
      item.chars().forEach(c -> parts.accept(String.valueOf((char) c)));
    }

    @Override
    protected String doFormat(List<String> items) {
      return "none";
    }
  }

  @Test
  void aStreamingFormatterGivesEachItemsPartsAsItIsRead() {
    List<String> parts = new ArrayList<>();
    assertEquals(2, new Letters().formatParts(List.of("ab", "c"), parts::add));
    assertEquals(List.of("a", "b", "c"), parts);
    parts.clear();
    assertEquals(0, new Letters().formatParts(List.of(), parts::add));
    assertEquals(List.of("none"), parts, "no item: doFormat of an empty list");
  }

  @Test
  void aFormatterThatFormatsAllItemsGivesOnePart() {
    List<String> parts = new ArrayList<>();
    BatchFormatter<String, String> joined = BatchFormatter.of(items -> String.join("+", items));
    assertEquals(3, joined.formatParts(List.of("a", "b", "c"), parts::add));
    assertEquals(List.of("a+b+c"), parts);
  }

  @Test
  void aFailingHookIsAFormatErrorNamingTheItem() {
    ExportError e =
        assertThrows(
            ExportError.class, () -> new Letters().formatParts(List.of("a", "!"), p -> {}));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertTrue(e.getMessage().contains("formatting item 1 failed"), e.getMessage());
  }

  @Test
  void aRefusedItemIsAValidateRawErrorNamingIt() {
    BatchFormatter<String, String> letters =
        new Letters()
            .withRawValidator(
                s -> {
                  if (s.isEmpty()) {
                    throw new IllegalArgumentException("empty");
                  }
                });
    List<String> parts = new ArrayList<>();
    ExportError e =
        assertThrows(ExportError.class, () -> letters.formatParts(List.of("a", ""), parts::add));
    assertEquals(ExportStage.VALIDATE_RAW, e.stage());
    assertTrue(e.getMessage().contains("item 1 was refused: empty"), e.getMessage());
    assertEquals(List.of("a"), parts);
  }

  @Test
  void whatTheReceiverOfThePartsThrowsPassesThroughTheFormatter() {
    IllegalStateException full = new IllegalStateException("disk full");
    Consumer<String> failing =
        p -> {
          throw full;
        };
    assertSame(
        full,
        assertThrows(
            RuntimeException.class, () -> new Letters().formatParts(List.of("a"), failing)));
    BatchFormatter<String, String> joined = BatchFormatter.of(items -> String.join("+", items));
    assertSame(
        full,
        assertThrows(RuntimeException.class, () -> joined.formatParts(List.of("a"), failing)));
  }

  /** Encodes a string as one piece per character; "!" fails. */
  private static final class Pieces extends BatchWriterCore<String, String> {
    @Override
    protected String doEncode(String data) {
      return data;
    }

    @Override
    protected void doEncodeParts(String data, Consumer<? super String> parts) {
      for (char c : data.toCharArray()) {
        if (c == '!') {
          throw new IllegalArgumentException("cannot encode '!'");
        }
        parts.accept(String.valueOf(c));
      }
    }
  }

  @Test
  void aCoreEncodesPieceByPiece() {
    Pieces core = new Pieces();
    core.onStart();
    List<String> parts = new ArrayList<>();
    core.onEncodeParts("ab", parts::add);
    core.onEncodeParts("c", parts::add);
    assertEquals(List.of("a", "b", "c"), parts);
    assertEquals(BatchWriterCore.State.ENCODED, core.state());
  }

  @Test
  void aFailingPieceIsAnEncodeErrorAndTheCoreFails() {
    Pieces core = new Pieces();
    core.onStart();
    ExportError e = assertThrows(ExportError.class, () -> core.onEncodeParts("a!", p -> {}));
    assertEquals(ExportStage.ENCODE, e.stage());
    assertEquals(BatchWriterCore.State.ERROR, core.state());
  }

  @Test
  void whatTheReceiverOfThePiecesThrowsPassesThroughTheCore() {
    Pieces core = new Pieces();
    core.onStart();
    IllegalStateException full = new IllegalStateException("disk full");
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                core.onEncodeParts(
                    "ab",
                    p -> {
                      throw full;
                    }));
    assertSame(full, e);
    assertEquals(BatchWriterCore.State.ERROR, core.state());
  }

  @Test
  void encodingPiecesBeforeStartIsALifecycleError() {
    ExportError e = assertThrows(ExportError.class, () -> new Pieces().onEncodeParts("a", p -> {}));
    assertEquals(ExportStage.LIFECYCLE, e.stage());
    assertTrue(e.getMessage().contains("onEncodeParts()"), e.getMessage());
  }
}
