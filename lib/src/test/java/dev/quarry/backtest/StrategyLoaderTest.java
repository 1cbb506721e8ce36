package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strategy's source text compiles once per text, against the class loaders Quarry comes from
 * (under {@code spark-submit} or a notebook kernel, not {@code java.class.path}).
 */
class StrategyLoaderTest {
  private static String source(String name, int every) {
    return """
        package demo;

        import dev.quarry.backtest.*;
        import dev.quarry.engine.Bar;
        import java.util.Map;

        public class NAME extends BarStrategy {
          public NAME(Map<String, String> params) {
            super("EVERY-" + params.getOrDefault("tag", "none"));
          }

          @Override
          protected void onBar(Bar bar, Orders orders) {
            if (bar.seq() % EVERY == 0) orders.buy();
          }
        }
        """
        .replace("NAME", name)
        .replace("EVERY", Integer.toString(every));
  }

  @Test
  void theSameTextCompilesOnceAndADifferentTextAgain() {
    BarStrategy a = StrategyLoader.loadSource("Cached.java", source("Cached", 7), Map.of());
    BarStrategy b =
        StrategyLoader.loadSource("Cached.java", source("Cached", 7), Map.of("tag", "x"));
    BarStrategy c = StrategyLoader.loadSource("Cached.java", source("Cached", 8), Map.of());

    assertEquals("7-none", a.name());
    assertEquals("7-x", b.name());
    assertSame(a.getClass(), b.getClass());
    assertNotSame(a.getClass(), c.getClass());
    assertEquals("8-none", c.name());
  }

  @Test
  void aCompileErrorNamesTheGivenFileNotATemporaryCopy() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StrategyLoader.loadSource("Broken.java", "class Broken {", Map.of()));
    assertTrue(
        e.getMessage().startsWith("strategy file Broken.java does not compile"), e.getMessage());
    assertTrue(e.getMessage().contains("Broken.java:1"), e.getMessage());
    assertTrue(!e.getMessage().contains("quarry-strategy-src"), e.getMessage());
  }

  @Test
  void aSourceNameMustBeAJavaFileName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StrategyLoader.loadSource("../Evil.java", source("Evil", 3), Map.of()));
    assertTrue(e.getMessage().contains("is not a file name ending in .java"), e.getMessage());
  }

  @Test
  void theClassPathHoldsTheFoldersAndJarsOfEveryClassLoaderOnTheWay(@TempDir Path dir)
      throws Exception {
    Path jars = dir.resolve("app.jar");
    Path classes = dir.resolve("classes");
    try (URLClassLoader outer =
            new URLClassLoader(new URL[] {jars.toUri().toURL()}, getClass().getClassLoader());
        URLClassLoader inner = new URLClassLoader(new URL[] {classes.toUri().toURL()}, outer)) {
      List<String> entries = List.of(StrategyLoader.classPath(inner).split(File.pathSeparator));

      assertTrue(entries.contains(jars.toString()), entries.toString());
      assertTrue(entries.contains(classes.toString()), entries.toString());
      String quarry =
          Path.of(BarStrategy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      assertTrue(entries.contains(quarry), "Quarry's own classes: " + entries);
    }
  }
}
