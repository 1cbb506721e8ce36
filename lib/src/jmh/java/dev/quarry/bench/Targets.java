package dev.quarry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 17's targets table in one command: runs {@link StoreReadBenchmark}, {@link EngineBenchmark}
 * and {@code Ta4jBenchmark} (with JMH's GC profiler) and {@link ExportStreamBenchmark} through
 * JMH's API, and {@code dev.quarry.backtest.UniverseMain} (100 symbols from a generated store) in a
 * child JVM with {@code -Xmx1g}, then prints one Markdown table with every row of the issue:
 * Quarry's figure, the same-run reference, the ratio, the target and PASS, FAIL or "not measured
 * (why)".
 *
 * <pre>
 * mvn -q -B -f lib -Pbench-targets test -Dquick=true
 * </pre>
 *
 * <p>Arguments (or system properties of the same name set to {@code true}): {@code quick} runs 1
 * fork, 2 × 1 s warm-up and 3 × 1 s measurement (single-shot benchmarks: 1 warm-up and 1 measured
 * shot, since each 10 M-row export takes 10 to 25 s on two busy cores) and only the benchmarks the
 * table needs; without it each class runs with its own annotations. The universe runs a month of
 * its 100 symbols in quick mode and the year without it ({@code -DuniverseMonths=N} sets it: 12 in
 * quick mode adds about 4 minutes). {@code jbang} also times {@code ../jbang backtest --help}
 * (relative to the working directory, {@code lib/}) three times after one warm-up run; the launcher
 * installs the library into Maven's local repository, so it is opt-in. Any benchmark failure (a
 * set-up check included) ends the run with an exception and no table.
 */
public final class Targets {
  private static final double SECONDS_PER_MS = 1e-3;

  private final boolean quick;
  private final boolean jbang;

  private Targets(boolean quick, boolean jbang) {
    this.quick = quick;
    this.jbang = jbang;
  }

  /**
   * Runs the benchmarks and prints the table.
   *
   * @param args {@code quick} and/or {@code jbang}, as described on the class
   * @throws RunnerException if a benchmark fails
   * @throws IOException if timing the launcher fails to start it
   * @throws InterruptedException if interrupted while the launcher runs
   */
  public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
    List<String> given = Arrays.asList(args);
    for (String arg : given) {
      if (!arg.equals("quick") && !arg.equals("jbang")) {
        throw new IllegalArgumentException(
            "unknown argument '" + arg + "'; the arguments are: quick, jbang");
      }
    }
    new Targets(flag(given, "quick"), flag(given, "jbang")).run();
  }

  private static boolean flag(List<String> args, String name) {
    return args.contains(name) || Boolean.getBoolean(name);
  }

  private void run() throws RunnerException, IOException, InterruptedException {
    long start = System.nanoTime();
    double loadBefore = load();
    Map<String, RunResult> store =
        run(
            StoreReadBenchmark.class,
            "readOneMonth|readOneYear|readFiveYears|referenceDuckDbOneYearRows",
            false,
            false);
    Map<String, RunResult> engine = run(EngineBenchmark.class, "engine|handLoop", false, true);
    Map<String, RunResult> export =
        run(
            ExportStreamBenchmark.class,
            quick
                ? "quarryJson10M|quarryCsv10M|referenceJson10M|referenceCsv10M"
                : "quarryJson10M|quarryCsv10M|referenceJson10M|referenceCsv10M"
                    + "|referenceJson10MFsync|referenceCsv10MFsync",
            true,
            false);
    List<TargetRow> rows = new ArrayList<>();
    rows.addAll(TargetRow.store(store));
    rows.addAll(TargetRow.engine(engine));
    rows.add(TargetRow.ta4j(engine.get("engine"), ta4j()));
    rows.add(TargetRow.universe(universe(), engine.get("engine")));
    rows.addAll(TargetRow.export(export));
    rows.add(help());
    double minutes = (System.nanoTime() - start) / 60e9;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Issue 17 targets, %s mode (%s); %d cores, JDK %s (%s), load average (1 min) %.2f at the"
            + " start, %.2f at the end; %.1f minutes in all%n%n",
        quick ? "quick" : "full",
        quick
            ? "1 fork, 2 × 1 s warm-up, 3 × 1 s measurement; single shots: 1 warm-up, 1 measured"
            : "each class's own annotations",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        loadBefore,
        load(),
        minutes);
    System.out.print(TargetRow.markdown(rows));
  }

  /** Runs the named methods of one benchmark class; the results by method name. */
  private Map<String, RunResult> run(Class<?> type, String methods, boolean singleShot, boolean gc)
      throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include("^" + type.getName().replace(".", "\\.") + "\\.(" + methods + ")$")
            .shouldFailOnError(true);
    if (quick) {
      options
          .forks(1)
          .warmupIterations(singleShot ? 1 : 2)
          .measurementIterations(singleShot ? 1 : 3);
      if (!singleShot) {
        options.warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
      }
    }
    if (gc) {
      options.addProfiler(GCProfiler.class);
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, RunResult> byMethod = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      byMethod.put(name.substring(name.lastIndexOf('.') + 1), r);
    }
    int expected = methods.split("\\|").length;
    // A @Param added to a class would give a method several results: fail rather than pick one.
    if (byMethod.size() != expected || results.size() != expected) {
      throw new IllegalStateException(
          type.getSimpleName()
              + " gave results for "
              + byMethod.keySet()
              + ", expected "
              + expected
              + " methods ("
              + methods
              + ") one each; was a benchmark renamed or given a @Param?");
    }
    return byMethod;
  }

  /**
   * {@code Ta4jBenchmark.ta4j} with {@code -prof gc}, like the engine; null when the class is not
   * on the class path (it is compiled by the bench and bench-targets profiles only).
   */
  private RunResult ta4j() throws RunnerException {
    Class<?> type;
    try {
      type = Class.forName("dev.quarry.bench.Ta4jBenchmark");
    } catch (ClassNotFoundException e) {
      return null;
    }
    return run(type, "ta4j", false, true).get("ta4j");
  }

  /**
   * Runs {@code UniverseMain} in a child JVM with {@code -Xmx1g} over 100 symbols: 12 months (1 in
   * quick mode; {@code -DuniverseMonths=N} overrides), two measured runs after its warm-up, in a
   * temporary store deleted afterwards.
   */
  private TargetRow.Universe universe() throws IOException, InterruptedException {
    int symbols = 100;
    int asked = Integer.getInteger("universeMonths", 0);
    int months = asked > 0 ? asked : quick ? 1 : 12;
    int repetitions = 2;
    Path root = Files.createTempDirectory("quarry-universe");
    List<String> lines = new ArrayList<>();
    int exit;
    try {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx1g",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.quarry.backtest.UniverseMain",
                  root.toString(),
                  Integer.toString(symbols),
                  Integer.toString(months),
                  Integer.toString(repetitions))
              .redirectErrorStream(true)
              .start();
      child.getOutputStream().close();
      try (var out = child.inputReader()) {
        out.lines()
            .forEach(
                line -> {
                  System.out.println("universe> " + line);
                  lines.add(line);
                });
      }
      exit = child.waitFor();
    } finally {
      TempDirs.delete(root);
    }
    if (exit != 0) {
      String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
      return new TargetRow.Universe(
          symbols, months, repetitions, 0, 0, 0, 0, 0, 0, "exit " + exit + ": " + last);
    }
    long bars = 0;
    double best = Double.MAX_VALUE;
    double reference = 0;
    long peak = -1;
    long live = -1;
    long max = -1;
    for (String line : lines) {
      Map<String, String> v = pairs(line);
      if (line.startsWith("universe ")) {
        bars = Long.parseLong(v.get("bars"));
        best = Math.min(best, Double.parseDouble(v.get("seconds")));
      } else if (line.startsWith("reference ")) {
        reference =
            Math.max(
                reference, Long.parseLong(v.get("bars")) / Double.parseDouble(v.get("seconds")));
      } else if (line.startsWith("heap ")) {
        peak = Long.parseLong(v.get("peak_mb"));
        live = Long.parseLong(v.get("live_after_gc_mb"));
        max = Long.parseLong(v.get("max_mb"));
      }
    }
    if (bars == 0 || peak < 0) {
      throw new IllegalStateException("UniverseMain printed no universe or heap line: " + lines);
    }
    return new TargetRow.Universe(
        symbols, months, repetitions, bars, best, reference, peak, live, max, null);
  }

  /** The {@code key=value} words of a line. */
  private static Map<String, String> pairs(String line) {
    Map<String, String> out = new TreeMap<>();
    for (String word : line.split(" ")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        out.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return out;
  }

  /** The {@code --help} row: timed here, outside JMH, when allowed and the launcher is found. */
  private TargetRow help() throws IOException, InterruptedException {
    String work = "`./jbang backtest --help` with caches warm";
    Path launcher = Path.of("..", "jbang").toAbsolutePath().normalize();
    if (!jbang) {
      return TargetRow.notMeasured(
          work,
          "≤ 1 s",
          "opt-in (argument `jbang` or `-Djbang=true`): the launcher installs the library into"
              + " Maven's local repository");
    }
    if (!Files.isExecutable(launcher)) {
      return TargetRow.notMeasured(work, "≤ 1 s", "no executable launcher at " + launcher);
    }
    launch(launcher); // warm-up: JBang builds and caches the command the next runs reuse
    double[] seconds = new double[3];
    for (int i = 0; i < seconds.length; i++) {
      long t0 = System.nanoTime();
      launch(launcher);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    double worst = Arrays.stream(seconds).max().orElseThrow();
    return new TargetRow(
        work,
        String.format(
            Locale.ROOT, "%.2f, %.2f, %.2f s (three runs)", seconds[0], seconds[1], seconds[2]),
        "—",
        "—",
        "≤ 1 s",
        worst <= 1 ? "PASS" : "FAIL");
  }

  private static void launch(Path launcher) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(launcher.toString(), "backtest", "--help")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(launcher + " backtest --help did not end in 5 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          launcher + " backtest --help exited with " + p.exitValue() + "; its stderr is above");
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Seconds per operation of an average-time or single-shot result. */
  static double seconds(RunResult r) {
    Result<?> p = r.getPrimaryResult();
    return p.getScore() * unitSeconds(p.getScoreUnit());
  }

  private static double unitSeconds(String unit) {
    return switch (unit) {
      case "s/op" -> 1;
      case "ms/op" -> SECONDS_PER_MS;
      case "us/op" -> 1e-6;
      case "ns/op" -> 1e-9;
      default -> throw new IllegalStateException("unexpected score unit " + unit);
    };
  }
}
