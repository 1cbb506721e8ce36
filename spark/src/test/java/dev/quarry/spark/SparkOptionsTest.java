package dev.quarry.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM options Spark needs are written out where code cannot supply them (a JBang directive, a
 * kernel spec): each copy must be Spark's own list, {@link QuarrySpark#javaOptions()}.
 */
class SparkOptionsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

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
}
