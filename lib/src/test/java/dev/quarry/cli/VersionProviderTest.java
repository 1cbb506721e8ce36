package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.Quarry;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class VersionProviderTest {
  @Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
  static final class Demo implements Runnable {
    @Override
    public void run() {}
  }

  private static String run(String option) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Demo());
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute(option));
    return out.toString();
  }

  @Test
  void versionOptionPrintsQuarryAndTheLibraryVersion() {
    assertEquals("quarry " + Quarry.version() + System.lineSeparator(), run("--version"));
  }

  @Test
  void shortVersionOptionPrintsTheSameLine() {
    assertEquals(run("--version"), run("-V"));
  }
}
