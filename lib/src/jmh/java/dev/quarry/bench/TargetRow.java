package dev.quarry.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One row of issue 17's targets table, and the rows built from the benchmarks' results.
 *
 * @param work what is measured
 * @param quarry Quarry's figure
 * @param reference the same-run reference's figure
 * @param ratio Quarry relative to the reference (or the ratio the target names)
 * @param target the target
 * @param verdict PASS, FAIL or "not measured (why)"
 */
record TargetRow(
    String work, String quarry, String reference, String ratio, String target, String verdict) {

  static TargetRow notMeasured(String work, String target, String why) {
    return new TargetRow(work, "—", "—", "—", target, "not measured (" + why + ")");
  }

  /** Reading a year into Tablesaw vs DuckDB, and the month vs the five years. */
  static List<TargetRow> store(Map<String, RunResult> r) {
    double year = Targets.seconds(r.get("readOneYear"));
    double years = Targets.seconds(r.get("readFiveYears"));
    double month = Targets.seconds(r.get("readOneMonth"));
    double duck = Targets.seconds(r.get("referenceDuckDbOneYearRows"));
    double quarryRate = StoreReadBenchmark.YEAR_ROWS / year;
    double duckRate = StoreReadBenchmark.YEAR_ROWS / duck;
    double speed = quarryRate / duckRate;
    double kept = years / month;
    return List.of(
        new TargetRow(
            "read one year of 1-minute bars (2022, 525,600 rows, 12 partitions) into Tablesaw"
                + " columns",
            time(r.get("readOneYear")) + ": " + millions(quarryRate) + " rows/s",
            "DuckDB `read_parquet` rows of the same files over JDBC into Java arrays: "
                + time(r.get("referenceDuckDbOneYearRows"))
                + ": "
                + millions(duckRate)
                + " rows/s",
            ratio(speed),
            "≥ 0.5× DuckDB's rows/s",
            speed >= 0.5 ? "PASS" : "FAIL"),
        new TargetRow(
            "read five years (2,630,880 rows, 60 partitions) vs one month (43,200 rows)",
            time(r.get("readFiveYears")) + " vs " + time(r.get("readOneMonth")),
            "—",
            ratio(kept),
            "≥ 50×",
            kept >= 50 ? "PASS" : "FAIL"));
  }

  /** The engine against the hand loop, with the allocation per bar of both. */
  static List<TargetRow> engine(Map<String, RunResult> r) {
    RunResult engine = r.get("engine");
    RunResult loop = r.get("handLoop");
    double speed = engine.getPrimaryResult().getScore() / loop.getPrimaryResult().getScore();
    String work = "SMA(10/50) through the full engine, simulated, 1,048,576 bars in memory";
    return List.of(
        new TargetRow(
            work,
            barsPerSecond(engine) + ", " + bytesPerBar(engine),
            "hand loop " + barsPerSecond(loop) + ", " + bytesPerBar(loop),
            ratio(speed),
            "≥ 0.5× the loop",
            speed >= 0.5 ? "PASS" : "FAIL"));
  }

  /**
   * Quarry's engine against ta4j 0.17 ({@code Ta4jBenchmark.ta4j}, in the bench profiles' own
   * source folder), both with {@code -prof gc}; {@code ta4j} is null when that class is not on the
   * class path.
   */
  static TargetRow ta4j(RunResult engine, RunResult ta4j) {
    String work = "SMA(10/50), 1 M bars: Quarry's engine vs ta4j 0.17 `DoubleNum`";
    if (ta4j == null) {
      return notMeasured(
          work,
          "≥ 10× ta4j",
          "Ta4jBenchmark is not on the class path: it is compiled by the bench and bench-targets"
              + " profiles only");
    }
    double speed = engine.getPrimaryResult().getScore() / ta4j.getPrimaryResult().getScore();
    return new TargetRow(
        work,
        barsPerSecond(engine) + ", " + bytesPerBar(engine),
        "ta4j `BarSeriesManager` (series built in set-up) "
            + barsPerSecond(ta4j)
            + ", "
            + bytesPerBar(ta4j),
        ratio(speed),
        "≥ 10× ta4j",
        speed >= 10 ? "PASS" : "FAIL");
  }

  /**
   * The universe ({@code UniverseMain} in a child JVM with {@code -Xmx1g}) against the engine's
   * 1-symbol in-memory figure of the same run ({@code EngineBenchmark.engine}) and against the
   * child's own 1-symbol run in a table (the same JVM flags and heap): PASS needs both at 0.5× or
   * more.
   *
   * @param u the child's measurements
   * @param engine {@code EngineBenchmark.engine}
   */
  static TargetRow universe(Universe u, RunResult engine) {
    String work =
        "the same backtest over "
            + u.symbols()
            + " symbols × "
            + (u.months() == 12 ? "1 year" : u.months() + " month" + (u.months() == 1 ? "" : "s"))
            + " of 1-minute bars ("
            + String.format(Locale.ROOT, "%,d", u.bars())
            + " bars) read from the store a month at a time, child JVM `-Xmx1g`";
    String target =
        "peak heap ≤ 1 GB (`-Xmx1g` passes), within 2× of the 1-symbol in-memory bars/s";
    if (u.failure() != null) {
      return new TargetRow(work, "—", "—", "—", target, "FAIL (" + u.failure() + ")");
    }
    double inMemory = engine.getPrimaryResult().getScore();
    double speed = u.barsPerSecond() / inMemory;
    double speedInChild = u.barsPerSecond() / u.referenceBarsPerSecond();
    // -Xmx1g held (the child would have died of OutOfMemoryError otherwise)
    boolean heap = u.maxMegabytes() <= 1024;
    return new TargetRow(
        work,
        millions(u.barsPerSecond())
            + " bars/s (best of "
            + u.repetitions()
            + " runs, "
            + number(u.seconds())
            + " s); heap: at most "
            + u.liveMegabytes()
            + " MB live after a full collection, "
            + u.peakMegabytes()
            + " MB used at the peak, of "
            + u.maxMegabytes()
            + " MB",
        "1 symbol in memory: `EngineBenchmark.engine` "
            + barsPerSecond(engine)
            + "; in the child, 1 symbol's "
            + (u.months() == 12 ? "year" : "months")
            + " in a table "
            + millions(u.referenceBarsPerSecond())
            + " bars/s (the universe at "
            + number(speedInChild)
            + "× of it)",
        ratio(speed) + " of `EngineBenchmark.engine`",
        target,
        // both references: JMH's (another JVM, its own heap) and the child's (same flags and heap)
        speed >= 0.5 && speedInChild >= 0.5 && heap ? "PASS" : "FAIL");
  }

  /**
   * What {@code UniverseMain} printed.
   *
   * @param symbols symbols in the store
   * @param months months of each
   * @param repetitions measured universe runs
   * @param bars bars per universe run
   * @param seconds the best universe run's time
   * @param referenceBarsPerSecond the child's best 1-symbol in-memory run
   * @param peakMegabytes the heap pools' summed peak during the universe runs
   * @param liveMegabytes the most the heap held right after a full collection
   * @param maxMegabytes the heap's limit
   * @param failure why the child failed, or null
   */
  record Universe(
      int symbols,
      int months,
      int repetitions,
      long bars,
      double seconds,
      double referenceBarsPerSecond,
      long peakMegabytes,
      long liveMegabytes,
      long maxMegabytes,
      String failure) {
    double barsPerSecond() {
      return bars / seconds;
    }
  }

  /** The 10 M-row exports against the bare loops. */
  static List<TargetRow> export(Map<String, RunResult> r) {
    return List.of(
        export(r, "JSON", "Json", "Jackson `JsonGenerator` loop"),
        export(r, "CSV", "Csv", "`BufferedWriter` loop"));
  }

  private static TargetRow export(
      Map<String, RunResult> r, String format, String key, String loopName) {
    RunResult quarry = r.get("quarry" + key + "10M");
    RunResult loop = r.get("reference" + key + "10M");
    RunResult fsync = r.get("reference" + key + "10MFsync");
    double ratio = Targets.seconds(quarry) / Targets.seconds(loop);
    String reference = "bare " + loopName + " " + time(loop);
    if (fsync != null) {
      reference +=
          "; with one fsync "
              + time(fsync)
              + " ("
              + ratio(Targets.seconds(quarry) / Targets.seconds(fsync))
              + ")";
    }
    String heap = String.join(" ", quarry.getParams().getJvmArgs());
    return new TargetRow(
        "export 10 M rows to " + format + ", fork with `-Xmx256m`",
        time(quarry) + (heap.contains("-Xmx256m") ? "" : " (fork WITHOUT -Xmx256m: " + heap + ")"),
        reference,
        ratio(ratio),
        "≤ 1.3× the loop, `-Xmx256m`",
        ratio <= 1.3 && heap.contains("-Xmx256m") ? "PASS" : "FAIL");
  }

  /** The rows as a Markdown table, one line each. */
  static String markdown(List<TargetRow> rows) {
    StringBuilder out =
        new StringBuilder("| work | Quarry | same-run reference | ratio | target | verdict |\n")
            .append("|---|---|---|---|---|---|\n");
    for (TargetRow row : rows) {
      out.append("| ")
          .append(
              String.join(
                  " | ",
                  row.work(),
                  row.quarry(),
                  row.reference(),
                  row.ratio(),
                  row.target(),
                  row.verdict()))
          .append(" |\n");
    }
    return out.toString();
  }

  /** Score ± error in the benchmark's own time unit. */
  private static String time(RunResult r) {
    Result<?> p = r.getPrimaryResult();
    String unit = p.getScoreUnit().replace("/op", "");
    if (!Double.isNaN(p.getScoreError())) {
      return number(p.getScore()) + " ± " + number(p.getScoreError()) + " " + unit;
    }
    long n = p.getStatistics().getN();
    if (n < 2) {
      return number(p.getScore()) + " " + unit + " (one shot)";
    }
    return number(p.getScore())
        + " "
        + unit
        + " ("
        + n
        + " shots, "
        + number(p.getStatistics().getMin())
        + "–"
        + number(p.getStatistics().getMax())
        + ")";
  }

  private static String barsPerSecond(RunResult r) {
    Result<?> p = r.getPrimaryResult();
    if (!p.getScoreUnit().equals("ops/s")) {
      throw new IllegalStateException("expected bars/s (ops/s), got " + p.getScoreUnit());
    }
    return millions(p.getScore()) + " ± " + millions(p.getScoreError()) + " bars/s";
  }

  /**
   * JMH's {@code gc.alloc.rate.norm} divides the bytes by every operation, {@code
   * OperationsPerInvocation} included, so for {@link EngineBenchmark} it already is per bar.
   */
  private static String bytesPerBar(RunResult r) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return number(e.getValue().getScore()) + " B/bar allocated";
      }
    }
    throw new IllegalStateException(
        r.getParams().getBenchmark() + " has no gc.alloc.rate.norm: was -prof gc left out?");
  }

  private static String ratio(double value) {
    return "**" + number(value) + "×**";
  }

  private static String millions(double value) {
    return number(value / 1e6) + " M";
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "?";
    }
    double a = Math.abs(value);
    return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", value);
  }
}
