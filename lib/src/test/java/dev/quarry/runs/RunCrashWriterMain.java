package dev.quarry.runs;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.RunFolder;
import dev.quarry.bars.Bars;
import dev.quarry.samples.SmaCross;
import dev.quarry.testing.CrashChild;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * The backtesting process of {@link RunCrashTest}: writes run folders and records them in the
 * history, as {@code backtest} does, until it is killed, printing {@code ack <n> ok} after each run
 * is recorded. Argument: a scratch folder to warm up in. Then it prints {@code ready} and waits for
 * a line {@code <quarry home>}.
 */
final class RunCrashWriterMain {
  static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  private RunCrashWriterMain() {}

  /** The run every step writes: an SMA crossover over a wave, with a few dozen trades. */
  static BacktestResult result() {
    Table bars = Bars.empty("wave");
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 2_000; i++) {
      double close = 100 + 10 * Math.sin(i / 25.0) + 3 * Math.sin(i / 3.0);
      bars.instantColumn(Bars.TIMESTAMP).append(t0.plusSeconds(60L * i));
      bars.doubleColumn(Bars.OPEN).append(close);
      bars.doubleColumn(Bars.HIGH).append(close + 1);
      bars.doubleColumn(Bars.LOW).append(close - 1);
      bars.doubleColumn(Bars.CLOSE).append(close);
      bars.doubleColumn(Bars.VOLUME).append(1);
    }
    return Backtest.of("WAVE", bars, Duration.ofMinutes(1)).strategy(new SmaCross(5, 20)).run();
  }

  /** One run, as {@code backtest} writes and records it. */
  static Path step(Path home, BacktestResult result) {
    try (RunHistory history = RunHistory.open(home.resolve("quarry.db"))) {
      return RunFolder.writeNew(
          result,
          home.resolve("runs"),
          "crash",
          NOW,
          dir -> history.record(dir.getFileName().toString(), dir, result));
    }
  }

  public static void main(String[] args) throws IOException {
    BacktestResult result = result();
    step(Path.of(args[0]), result); // warm up: class loading, SQLite, the JIT
    Optional<String[]> ready = CrashChild.ready();
    if (ready.isEmpty()) {
      return;
    }
    Path home = Path.of(ready.get()[0]);
    for (int n = 0; ; n++) {
      step(home, result);
      CrashChild.ack(n);
    }
  }
}
