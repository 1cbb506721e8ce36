package dev.quarry.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.dag.PipelineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class PipelineContextTest {
  @Test
  void setRefusesToOverwriteAndNamesTheKeyAndProducer() {
    PipelineContext ctx = PipelineContext.create().set("input.path", "a.csv");
    PipelineException e =
        assertThrows(PipelineException.class, () -> ctx.set("input.path", "b.csv"));
    assertEquals(
        "context key 'input.path' is already set by 'initial'; context keys are write-once: use"
            + " another key or remove the duplicate producer",
        e.getMessage());
    assertEquals("a.csv", ctx.get("input.path"));
  }

  @Test
  void getFailsFastOnAMissingKeyAndListsTheAvailableOnes() {
    PipelineContext ctx = PipelineContext.create().set("input.path", "a.csv");
    PipelineException e = assertThrows(PipelineException.class, () -> ctx.get("input.pth"));
    assertEquals("context key 'input.pth' not found; available keys: [input.path]", e.getMessage());
  }

  @Test
  void typedGetChecksTheTypeAndBoxesPrimitives() {
    PipelineContext ctx = PipelineContext.create().set("param.fast", 10);
    assertEquals(10, ctx.get("param.fast", int.class));
    assertEquals(10, ctx.get("param.fast", Number.class));
    PipelineException e =
        assertThrows(PipelineException.class, () -> ctx.get("param.fast", String.class));
    assertEquals(
        "context key 'param.fast' holds a Integer (set by 'initial'), not a String",
        e.getMessage());
  }

  @Test
  void getNamespaceReturnsKeysUnderThePrefixInOrderAndFailsWhenNone() {
    PipelineContext ctx =
        PipelineContext.of(
            Map.of("conditioning.pose", 1, "conditioning.depth", 2, "prompt.compiled", "x"));
    assertEquals(
        List.of("conditioning.depth", "conditioning.pose"),
        List.copyOf(ctx.getNamespace("conditioning.").keySet()));
    assertEquals(2, ctx.getNamespace("conditioning.*").size());
    assertTrue(ctx.hasNamespace("conditioning."));
    assertFalse(ctx.hasNamespace("output."));
    PipelineException e = assertThrows(PipelineException.class, () -> ctx.getNamespace("output."));
    assertTrue(e.getMessage().startsWith("no context keys start with 'output.'"), e.getMessage());
  }

  @Test
  void rejectsNullValuesAndMalformedKeys() {
    PipelineContext ctx = PipelineContext.create();
    assertThrows(PipelineException.class, () -> ctx.set("input.path", null));
    PipelineException e = assertThrows(PipelineException.class, () -> ctx.set("bad key", 1));
    assertTrue(e.getMessage().contains("invalid context key 'bad key'"), e.getMessage());
    assertThrows(PipelineException.class, () -> ctx.set(".hidden", 1));
    assertThrows(PipelineException.class, () -> ctx.set("a..b", 1));
  }

  @Test
  void scopedContextOnlyReadsDeclaredKeysAndKeepsWritesPendingUntilCommit() {
    PipelineContext ctx = PipelineContext.create().set("a.in", 1).set("secret.key", 2);
    ContextScope scope =
        new ContextScope(
            "node1", Map.of("a.in", Integer.class), List.of(), Map.of("b.out", String.class));
    PipelineContext.ScopedSession session = ctx.openScope(scope);
    PipelineContext view = session.context();
    assertEquals(1, view.get("a.in"));
    PipelineException read = assertThrows(PipelineException.class, () -> view.get("secret.key"));
    assertTrue(read.getMessage().startsWith("node 'node1' read 'secret.key'"), read.getMessage());
    PipelineException undeclared =
        assertThrows(PipelineException.class, () -> view.set("c.out", "x"));
    assertTrue(undeclared.getMessage().contains("does not declare"), undeclared.getMessage());
    PipelineException wrongType = assertThrows(PipelineException.class, () -> view.set("b.out", 3));
    assertTrue(wrongType.getMessage().contains("declares it as String"), wrongType.getMessage());
    view.set("b.out", "done");
    assertFalse(ctx.contains("b.out"));
    session.commit();
    assertEquals("done", ctx.get("b.out"));
    assertEquals("node1", ctx.entry("b.out").producer());
  }

  @Test
  void consumesWildcardsOpenANamespaceToTheNode() {
    PipelineContext ctx =
        PipelineContext.create().set("conditioning.pose", 1).set("other.thing", 2);
    ContextScope scope = new ContextScope("gen", Map.of(), List.of("conditioning.*"), Map.of());
    PipelineContext view = ctx.openScope(scope).context();
    assertEquals(Map.of("conditioning.pose", 1), view.getNamespace("conditioning."));
    assertThrows(PipelineException.class, () -> view.getNamespace("other."));
  }

  @Test
  void textAndHtmlRenderingsShowKeyTypeProducerAndTableShape() {
    Table table = Table.create("bars", DoubleColumn.create("close", new double[] {1.5, 2.5}));
    PipelineContext ctx = PipelineContext.create().set("bars.raw", table).set("input.x", "<b>");
    String text = ctx.toText();
    assertTrue(text.startsWith("PipelineContext: 2 keys\n"), text);
    assertTrue(
        text.contains("bars.raw  Table   initial   Table 'bars': 2 rows × 1 cols [close]"), text);
    String html = ctx.toHtml();
    assertTrue(html.contains("<td>1.5</td>"), html);
    assertTrue(html.contains("&lt;b&gt;"), html);
    assertFalse(html.contains("<b>\""), html);
  }

  @Test
  void scopedListingsShowOnlyDeclaredKeys() {
    PipelineContext ctx = PipelineContext.create().set("a.in", 1).set("input.secret", 2);
    ContextScope scope =
        new ContextScope("node1", Map.of("a.in", Integer.class), List.of(), Map.of());
    PipelineContext view = ctx.openScope(scope).context();
    assertEquals(java.util.Set.of("a.in"), view.keys());
    assertEquals(1, view.entries().size());
    assertEquals(1, view.size());
    assertFalse(view.contains("input.secret"));
    assertFalse(view.toText().contains("secret"), view.toText());
    assertThrows(PipelineException.class, () -> view.get(null));
  }
}
