package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.io.QuarryHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunIdTest {
  private static final Instant NOW = Instant.parse("2026-11-22T08:30:12.987Z");

  @TempDir Path runs;

  @Test
  void aRunIdIsTheUtcSecondThenTheStrategy() {
    assertEquals("20261122-083012-sma-cross", RunFolder.newRunId("sma-cross", NOW));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SMA Cross|sma-cross",
        "  rsi_reversion (14) |rsi-reversion-14",
        "../../etc|etc",
        "<script>alert(1)</script>|script-alert-1-script",
        "samples/MyStrategy.java|samples-mystrategy-java",
        "Ünïcode straße|n-code-stra-e",
        "a---b|a-b",
      })
  void strategyNamesAreReducedToLowerCaseLettersDigitsAndSingleDashes(
      String strategy, String slug) {
    assertEquals(slug, RunFolder.slug(strategy));
  }

  @Test
  void theStrategyPartIsAtMostFortyCharactersAndEndsWithoutADash() {
    String slug = RunFolder.slug("abcdefghij-abcdefghij-abcdefghij-abcdefg-xyz");
    assertEquals("abcdefghij-abcdefghij-abcdefghij-abcdefg", slug);
    assertEquals(40, slug.length());
    assertEquals(
        "abcdefghij-abcdefghij-abcdefghij-abcdef",
        RunFolder.slug("abcdefghij-abcdefghij-abcdefghij-abcdef-xyz"));
  }

  @Test
  void aStrategyNameWithoutLetterOrDigitIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunFolder.newRunId("../..", NOW));
    assertTrue(e.getMessage().contains("'../..' has no letter or digit"), e.getMessage());
  }

  @Test
  void aFreeNameIsPickedWithSuffixesWhenTaken() throws IOException {
    Path first = RunFolder.newRunFolder(runs, "sma-cross", NOW);
    assertEquals(runs.resolve("20261122-083012-sma-cross"), first);
    Files.createDirectory(first);
    Path second = RunFolder.newRunFolder(runs, "sma-cross", NOW);
    assertEquals(runs.resolve("20261122-083012-sma-cross-2"), second);
    Files.createDirectory(second);
    Files.writeString(runs.resolve("20261122-083012-sma-cross-3"), "a file takes the name too");
    assertEquals(
        runs.resolve("20261122-083012-sma-cross-4"),
        RunFolder.newRunFolder(runs, "sma-cross", NOW));
  }

  @ParameterizedTest
  @CsvSource({"../../etc", "/etc/passwd", "a/../../b", "C:\\Windows"})
  void aStrategyNameCannotLeaveTheRunsRoot(String strategy) {
    Path folder = RunFolder.newRunFolder(runs.resolve("runs"), strategy, NOW);
    assertEquals(runs.resolve("runs").toAbsolutePath().normalize(), folder.getParent());
    assertTrue(
        folder.getFileName().toString().matches("20261122-083012-[a-z0-9-]+"), folder.toString());
  }

  @Test
  void aRunWrittenToANewRunFolderLandsUnderTheRoot() throws IOException {
    Path folder =
        RunFolder.write(SampleResults.sample(), RunFolder.newRunFolder(runs, "../../etc", NOW));
    assertEquals(runs.resolve("20261122-083012-etc"), folder);
    assertTrue(Files.isRegularFile(folder.resolve("metrics.json")));
  }

  @Test
  void theRunsRootIsQuarryHomesRuns() {
    assertEquals(QuarryHome.root().resolve("runs"), RunFolder.runsRoot());
  }
}
