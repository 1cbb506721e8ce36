package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A universe of 100 symbols of 1-minute bars, generated in a temporary store, backtested from the
 * store a month at a time in a child JVM with {@code -Xmx1g} ({@link UniverseMain}). Always on: one
 * month (4,464,000 bars). The year (52,560,000 bars, about 5 minutes on two cores, 2 GB of
 * temporary files) is opt-in, and CI runs it: {@code mvn -o -f lib test
 * -Dtest='dev/quarry/backtest/UniverseTest' -Dquarry.universe=year}.
 */
class UniverseTest {
  @TempDir Path dir;

  @Test
  void aMonthOfOneHundredSymbolsRunsInOneGigabyte() throws Exception {
    universe(1, 4_464_000L);
  }

  @Test
  @EnabledIfSystemProperty(named = "quarry.universe", matches = "year")
  void aYearOfOneHundredSymbolsRunsInOneGigabyte() throws Exception {
    universe(12, 52_560_000L);
  }

  private void universe(int months, long bars) throws Exception {
    Process child =
        ChildJvm.start(
            List.of("-Xmx1g", "-XX:TieredStopAtLevel=4"),
            UniverseMain.class,
            dir.toString(),
            "100",
            Integer.toString(months),
            "1");
    List<String> report = ChildJvm.output(child, Duration.ofMinutes(30));
    System.out.println("universe, 100 symbols × " + months + " months, -Xmx1g: " + report);
    assertEquals(0, child.exitValue(), "the child JVM with -Xmx1g failed: " + report);
    String universe = line(report, "universe ");
    assertTrue(universe.contains(" bars=" + bars + " "), universe);
    assertTrue(!universe.contains(" trades=0 "), "the strategy traded: " + universe);
    assertTrue(universe.endsWith(" equity_rows=" + bars / 100), universe);
    String heap = line(report, "heap ");
    long peak = Long.parseLong(heap.replaceAll(".*peak_mb=(\\d+).*", "$1"));
    long max = Long.parseLong(heap.replaceAll(".*max_mb=(\\d+).*", "$1"));
    assertTrue(max <= 1024, "the child's heap is limited to 1 GB: " + heap);
    assertTrue(peak <= max, heap);
  }

  private static String line(List<String> report, String prefix) {
    return report.stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + report));
  }
}
