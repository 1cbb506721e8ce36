package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchExportServiceTest {
  @TempDir Path dir;

  private final List<InMemorySink<String>> sinks = new ArrayList<>();

  private BatchExportService<String> memory() {
    return BatchExportService.of(
        BatchExportBinding.<String, String>formatting(items -> String.join(",", items))
            .encoding(s -> BatchWriterCore.<String, String>of(x -> "[" + x + "]"))
            .into(
                s -> {
                  InMemorySink<String> sink = new InMemorySink<>();
                  sinks.add(sink);
                  return sink;
                }),
        ExportSettings.none());
  }

  @Test
  void exportPublishesAndClosesAFreshSinkEachTime() {
    BatchExportService<String> service = memory();
    ExportResult first = service.export(List.of("a", "b"));
    ExportResult second = service.exportOne("c");
    assertEquals(2, first.items());
    assertEquals(1, second.items());
    assertEquals(2, sinks.size());
    assertEquals(List.of("[a,b]"), sinks.get(0).artifact());
    assertEquals(List.of("[c]"), sinks.get(1).artifact());
    sinks.forEach(s -> assertEquals(BatchSink.State.CLOSED, s.state()));
    assertEquals(sinks.get(0).name(), first.artifact());
  }

  @Test
  void aOneShotIterableIsReadOnceAndCounted() {
    Stream<String> stream = Stream.of("a", "b", "c");
    Iterable<String> once = stream::iterator;
    ExportResult result = memory().export(once);
    assertEquals(3, result.items());
    assertEquals(List.of("[a,b,c]"), sinks.get(0).artifact());
  }

  @Test
  void aFailingSourceIsAFormatErrorAndPublishesNothing() throws IOException {
    IllegalStateException broken = new IllegalStateException("source gone");
    Iterable<String> failing =
        () ->
            new Iterator<>() {
              private int next;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public String next() {
                if (next++ == 2) {
                  throw broken;
                }
                return "row";
              }
            };
    Path target = dir.resolve("out.txt");
    BatchExportService<String> service =
        BatchExportService.of(
            BatchExportBinding.<String, String>formatting(items -> String.join(",", items))
                .encoding(
                    s ->
                        BatchWriterCore.<String, byte[]>of(x -> x.getBytes(StandardCharsets.UTF_8)))
                .into(s -> new AtomicFileSink(s.target())),
            ExportSettings.to(target));
    ExportError e = assertThrows(ExportError.class, () -> service.export(failing));
    assertEquals(ExportStage.FORMAT, e.stage());
    assertSame(broken, e.getCause());
    assertTrue(e.getMessage().contains("source gone"), e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), Recording.listing(dir));
  }
}
