package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.samples.MomentumRotation;
import dev.quarry.samples.RsiReversion;
import dev.quarry.samples.SmaCross;
import dev.quarry.store.RealBars;
import dev.quarry.testing.ChildJvm;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * SPEC §10, determinism: the same backtest twice, live (one thread per task) and simulated (one
 * thread), and in JVMs with other identity hashes, gives byte-identical run folders.
 */
class BacktestDeterminismTest {
  private static final List<String> FILES =
      List.of("trades.csv", "trades.json", "orders.csv", "equity.parquet", "metrics.json");

  @TempDir Path dir;

  /** Three strategies over two symbols, with costs: many threads live, one simulated. */
  static Backtest busy() {
    Table btc = RealBars.minutes();
    Table shifted = RealBars.minutes();
    shifted.replaceColumn(
        "timestamp",
        shifted
            .instantColumn("timestamp")
            .plus(30, java.time.temporal.ChronoUnit.SECONDS)
            .setName("timestamp"));
    return Backtest.of("BTC-USD", btc)
        .bars("BTC-LAGGED", shifted)
        .strategy(new SmaCross(10, 50))
        .strategy(new RsiReversion(14, 30, 70))
        .strategy(new MomentumRotation(60))
        .sizing(Sizing.fractionOfEquity(0.3))
        .fill(FillTiming.NEXT_OPEN)
        .feeBps(10)
        .slippageBps(5);
  }

  private Path write(String name, Supplier<Backtest> backtest) {
    return RunFolder.write(backtest.get().run(), dir.resolve(name));
  }

  private static void assertSameFiles(Path expected, Path actual, String what) throws Exception {
    for (String f : FILES) {
      assertArrayEquals(
          Files.readAllBytes(expected.resolve(f)),
          Files.readAllBytes(actual.resolve(f)),
          what + ": " + f);
    }
  }

  @Test
  void theSameBacktestTwiceAndLiveGiveTheSameBytes() throws Exception {
    Path first = write("first", BacktestDeterminismTest::busy);
    Path second = write("second", BacktestDeterminismTest::busy);
    assertSameFiles(first, second, "the same backtest twice");
    for (int i = 0; i < 3; i++) {
      Path live = write("live" + i, () -> busy().live());
      assertSameFiles(first, live, "live (threads) vs simulated, run " + i);
    }
    String csv = Files.readString(first.resolve("trades.csv"));
    assertTrue(csv.lines().count() > 50, "a busy run trades: " + csv.lines().count());
  }

  @Test
  void jvmsWithOtherIdentityHashesWriteTheSameRunFolder() throws Exception {
    Path here = write("here", BacktestDeterminismTest::busy);
    for (String hashCode : List.of("2", "4")) {
      Path there = dir.resolve("hash-" + hashCode);
      Process child =
          ChildJvm.start(
              List.of("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=" + hashCode),
              ChildMain.class,
              there.toString());
      child.getOutputStream().close();
      child.getInputStream().transferTo(OutputStream.nullOutputStream());
      if (!child.waitFor(3, TimeUnit.MINUTES)) {
        child.destroyForcibly();
      }
      assertEquals(0, child.exitValue(), "backtest JVM with -XX:hashCode=" + hashCode);
      assertSameFiles(here, there, "-XX:hashCode=" + hashCode);
    }
  }

  /** Runs {@link #busy()} in a child JVM into the folder given. */
  public static final class ChildMain {
    private ChildMain() {}

    /**
     * Entry point.
     *
     * @param args the run folder
     */
    public static void main(String[] args) {
      RunFolder.write(busy().run(), Path.of(args[0]));
      System.out.println("written " + Instant.EPOCH);
    }
  }
}
