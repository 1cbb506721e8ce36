package dev.quarry.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.context.PipelineContext;
import dev.quarry.dag.cache.CacheStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCodeCacheTest {
  @TempDir Path dir;

  /** A notebook cell. */
  static final class FirstCell {
    static Node calc() {
      return Node.named("calc")
          .provides("out.value", Integer.class)
          .run(ctx -> ctx.set("out.value", 2 * 3));
    }
  }

  /** The same cell, edited: same name, same version, another body. */
  static final class SecondCell {
    static Node calc() {
      return Node.named("calc")
          .provides("out.value", Integer.class)
          .run(ctx -> ctx.set("out.value", 5 * 6));
    }
  }

  private static Node scaled(int factor) {
    return Node.named("calc")
        .provides("out.value", Integer.class)
        .run(ctx -> ctx.set("out.value", 6 * factor));
  }

  private static Object runOnce(Node node, CacheStore store) {
    PipelineContext ctx = PipelineContext.create();
    Pipeline.of(node).withCache(store).run(ctx);
    return ctx.get("out.value");
  }

  @Test
  void aNodeWhoseBodyChangedWithoutANewVersionIsNotRestoredFromTheOldBody() {
    CacheStore store = CacheStore.inDirectory(dir);
    assertEquals(6, runOnce(FirstCell.calc(), store));

    Pipeline edited = Pipeline.of(SecondCell.calc()).withCache(store);
    assertEquals(Plan.Status.WILL_RUN, edited.plan(PipelineContext.create()).node("calc").status());
    assertEquals(30, runOnce(SecondCell.calc(), store));
    assertEquals(6, runOnce(FirstCell.calc(), store));
    RunReport again = Pipeline.of(SecondCell.calc()).withCache(store).run(PipelineContext.create());
    assertEquals(RunReport.Status.CACHED, again.node("calc").status());
  }

  @Test
  void capturedValuesArePartOfTheCodeFingerprint() {
    CacheStore store = CacheStore.inMemory();
    assertEquals(6, runOnce(scaled(1), store));
    assertEquals(30, runOnce(scaled(5), store));
    assertEquals(
        RunReport.Status.CACHED,
        Pipeline.of(scaled(5))
            .withCache(store)
            .run(PipelineContext.create())
            .node("calc")
            .status());
  }

  /** A subclassed node, to be loaded by a class loader that cannot give its class file back. */
  public static final class Answer extends Node {
    public Answer() {
      super(Node.named("answer").provides("out.value", Integer.class).spec());
    }

    @Override
    public void run(PipelineContext ctx) {
      ctx.set("out.value", 42);
    }
  }

  /** Defines {@link Answer} again from its bytes, and serves no class files (a dynamic loader). */
  private static final class NoBytesLoader extends ClassLoader {
    NoBytesLoader() {
      super(NodeCodeCacheTest.class.getClassLoader());
    }

    Class<?> defineAnswer() throws IOException {
      String name = Answer.class.getName();
      try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      }
    }

    @Override
    public URL getResource(String name) {
      return null;
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      return null;
    }
  }

  @Test
  void aNodeWhoseCodeCannotBeReadIsNotCachedAndThePlanSaysSo() throws Exception {
    Node answer = (Node) new NoBytesLoader().defineAnswer().getDeclaredConstructor().newInstance();
    Pipeline pipeline = Pipeline.of(answer).withCache(CacheStore.inMemory());
    pipeline.run(PipelineContext.create());

    Plan.NodePlan line = pipeline.plan(PipelineContext.create()).node("answer");
    assertEquals(Plan.Status.WILL_RUN, line.status());
    assertTrue(
        line.reason()
            .startsWith(
                "NOT CACHED: code of node 'answer' cannot be fingerprinted: the class file of"
                    + " dev.quarry.dag.NodeCodeCacheTest$Answer is not readable from its class"
                    + " loader"),
        line.reason());
    RunReport report = pipeline.run(PipelineContext.create());
    assertEquals(RunReport.Status.RAN, report.node("answer").status());
    assertEquals(line.reason(), report.node("answer").note());
  }

  @Test
  void subclassedNodesAreCachedByTheirClassCode() {
    CacheStore store = CacheStore.inMemory();
    Pipeline pipeline = Pipeline.of(new Answer()).withCache(store);
    pipeline.run(PipelineContext.create());
    assertEquals(
        RunReport.Status.CACHED, pipeline.run(PipelineContext.create()).node("answer").status());
  }

  /** This JVM's class path, plus where Quarry and its libraries were loaded from. */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    for (Class<?> type : List.of(Node.class, tech.tablesaw.api.Table.class)) {
      try {
        entries.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void aNotebookCellRedefinedInJshellRunsTheNewBody() throws Exception {
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    assumeTrue(Files.isExecutable(jshell), "no jshell in " + jshell);
    Path script = dir.resolve("cells.jsh");
    String cache = dir.resolve("cache").toString().replace("\\", "\\\\");
    Files.writeString(
        script,
        String.join(
            "\n",
            "import dev.quarry.dag.*;",
            "import dev.quarry.context.*;",
            "import dev.quarry.dag.cache.*;",
            "var store = CacheStore.inDirectory(java.nio.file.Path.of(\"" + cache + "\"));",
            "Object value(Node n) { var c = PipelineContext.create(); var r ="
                + " Pipeline.of(n).withCache(store).run(c); return c.get(\"out.value\") + \" \" +"
                + " r.node(\"calc\").status(); }",
            "Node calc = Node.named(\"calc\").provides(\"out.value\", Integer.class).run(ctx ->"
                + " ctx.set(\"out.value\", 2 * 3));",
            "System.out.println(\"first=\" + value(calc));",
            "System.out.println(\"again=\" + value(calc));",
            "Node calc = Node.named(\"calc\").provides(\"out.value\", Integer.class).run(ctx ->"
                + " ctx.set(\"out.value\", 5 * 6));",
            "System.out.println(\"redefined=\" + value(calc));",
            "System.out.println(\"redefinedAgain=\" + value(calc));",
            "/exit",
            ""));
    for (String execution : List.of("remote", "local")) {
      List<String> command = new ArrayList<>(List.of(jshell.toString(), "-q"));
      if (execution.equals("local")) {
        // In-process, as IJava runs cells: the kernel's own class path holds Quarry.
        command.addAll(List.of("--execution", "local", "-J-cp", "-J" + classPath()));
      }
      command.addAll(List.of("--class-path", classPath(), script.toString()));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "jshell did not finish: " + output);
      String where = execution + " jshell:\n" + output;
      assertTrue(output.contains("first=6 RAN"), where);
      assertTrue(output.contains("again=6 CACHED"), where);
      assertTrue(output.contains("redefined=30 RAN"), where);
      assertTrue(output.contains("redefinedAgain=30 CACHED"), where);
      Files.walk(dir.resolve("cache"))
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete());
    }
  }
}
