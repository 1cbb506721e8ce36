///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a new strategy, NAME.java, ready for `backtest --strategy NAME.java`. */
@Command(
    name = "new-strategy",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Writes NAME.java (in the current folder unless --dir): a strategy extending"
          + " dev.quarry.backtest.BarStrategy with parameters and their defaults (a constructor"
          + " taking a Map<String, String>, as `backtest --strategy` and --grid make it),"
          + " warmUp() and an example onBar (an EMA crossover with a 2 % stop-loss) to replace."
          + " It never overwrites a file.",
      "",
      "Examples:",
      "  new-strategy MyIdea",
      "  backtest --strategy MyIdea.java --param fast=5",
      "  new-strategy Breakout --dir strategies",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:the file cannot be written",
      "2:bad options: NAME is not a Java class name, or NAME.java exists"
    })
public final class NewStrategy implements Callable<Integer> {
  /** Names a class may not take: they would hide the classes the template uses. */
  private static final Set<String> TAKEN =
      Set.of("BarStrategy", "Orders", "Bar", "Distance", "Ema", "Indicators", "Map", "HashMap");

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The strategy's class name, a Java identifier such as MyIdea.")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "The folder to write NAME.java into (default: the current folder).")
  Path dir;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new NewStrategy());
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          System.err.println("new-strategy: " + e.getMessage() + " (see new-strategy --help)");
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name) || name.contains("$")) {
      System.err.println(
          "new-strategy: '" + name + "' is not a Java class name (letters, digits and _, not"
              + " starting with a digit, not a keyword), such as MyIdea");
      return 2;
    }
    if (TAKEN.contains(name)) {
      System.err.println(
          "new-strategy: '" + name + "' would hide a class the strategy uses; choose another name");
      return 2;
    }
    Path folder = dir != null ? dir : Path.of("");
    Path file = folder.resolve(name + ".java");
    if (Files.exists(file)) {
      System.err.println("new-strategy: " + file + " exists; not overwriting it");
      return 2;
    }
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(
          file, source(name), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      System.err.println("new-strategy: " + file + " exists; not overwriting it");
      return 2;
    } catch (IOException e) {
      System.err.println("new-strategy: cannot write " + file + ": " + e.getMessage());
      return 1;
    }
    System.out.println("Wrote " + file + " (strategy '" + kebab(name) + "').");
    System.out.println(
        "Try it: ./jbang backtest --strategy " + file + " --param fast=5");
    return 0;
  }

  /** MyIdea → my-idea, the strategy's name in summaries, run folders and the history. */
  static String kebab(String className) {
    String s =
        className
            .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
            .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
            .replace('_', '-')
            .toLowerCase(Locale.ROOT)
            .replaceAll("-+", "-")
            .replaceAll("^-|-$", "");
    return s.isEmpty() ? "strategy" : s;
  }

  static String source(String className) {
    return TEMPLATE.replace("__CLASS__", className).replace("__NAME__", kebab(className));
  }

  private static final String TEMPLATE =
      """
      import dev.quarry.backtest.BarStrategy;
      import dev.quarry.backtest.Orders;
      import dev.quarry.bars.Indicators;
      import dev.quarry.engine.Bar;
      import dev.quarry.engine.Distance;
      import dev.quarry.indicators.Ema;
      import java.util.HashMap;
      import java.util.Map;
      import java.util.TreeMap;

      /**
       * __CLASS__ (strategy '__NAME__'), written by `./jbang new-strategy __CLASS__`. Run it on the sample:
       *
       * <pre>
       * ./jbang backtest --strategy __CLASS__.java --param fast=5
       * ./jbang backtest --strategy __CLASS__.java --grid fast=5,10,20 --grid slow=30,50
       * </pre>
       *
       * <p>The example below is an EMA crossover: buy with a stop-loss when EMA(fast) crosses above
       * EMA(slow), close when it crosses below. Replace onBar with your idea.
       */
      public final class __CLASS__ extends BarStrategy {
        /** The parameters and their defaults; `--param NAME=VALUE` and `--grid` override them. */
        private static final Map<String, String> DEFAULTS =
            new TreeMap<>(Map.of("fast", "10", "slow", "50", "stop", "2"));

        private final int fast;
        private final int slow;
        private final double stopPercent;
        /** Each symbol's indicators: onBar sees the bars of every symbol of the run. */
        private final Map<String, State> states = new HashMap<>();

        /**
         * The constructor `backtest --strategy` calls, with the --param values (possibly none).
         *
         * @param params parameter → value, as given on the command line
         */
        public __CLASS__(Map<String, String> params) {
          super("__NAME__");
          Map<String, String> p = new TreeMap<>(DEFAULTS);
          for (Map.Entry<String, String> e : params.entrySet()) {
            if (!DEFAULTS.containsKey(e.getKey())) {
              throw new IllegalArgumentException(
                  "strategy '__NAME__' has no parameter '" + e.getKey() + "'; its parameters are "
                      + DEFAULTS.keySet());
            }
            p.put(e.getKey(), e.getValue().trim());
          }
          try {
            fast = Integer.parseInt(p.get("fast"));
            slow = Integer.parseInt(p.get("slow"));
            stopPercent = Double.parseDouble(p.get("stop"));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strategy '__NAME__': a parameter is not a number: " + p);
          }
          if (fast < 2 || slow <= fast) {
            throw new IllegalArgumentException(
                "strategy '__NAME__' needs 2 ≤ fast < slow, got fast=" + fast + " slow=" + slow);
          }
          if (!(stopPercent > 0 && stopPercent < 100)) {
            throw new IllegalArgumentException(
                "strategy '__NAME__' needs 0 < stop < 100 (percent), got " + stopPercent);
          }
        }

        /** The bars before the first signal: EMA(slow) exists from its slow-th bar, a cross needs one more. */
        @Override
        public int warmUp() {
          return slow + 1;
        }

        @Override
        protected void onBar(Bar bar, Orders orders) {
          // Example: an EMA crossover. onBar runs once per bar, at its close, for every symbol;
          // orders placed here fill later (at this close or the next open: backtest --fill).
          // A strategy reads only this bar and earlier ones: bar, history() (history().close(1) is
          // the close one bar ago), its own fields. Replace all of this with your idea.
          State s = states.computeIfAbsent(bar.symbol(), symbol -> new State());
          double f = s.fast.update(bar.close());
          double sl = s.slow.update(bar.close());
          if (Double.isNaN(f) || Double.isNaN(sl)) {
            return; // still warming up
          }
          boolean above = f > sl;
          if (s.seen && above && !s.above) {
            // Crossed above: buy (sized by backtest's sizing) with a stop-loss below the fill.
            // Also: .takeProfit(Distance.percent(4)), .trailingStop(Distance.atr(2)).
            orders.buy().stopLoss(Distance.percent(stopPercent));
          } else if (s.seen && !above && s.above) {
            // Crossed below: close the position (nothing happens if the stop closed it already).
            orders.close();
          }
          s.above = above;
          s.seen = true;
        }

        /** One symbol's indicators and what they said on the bar before. */
        private final class State {
          final Ema fast = Indicators.ema(__CLASS__.this.fast);
          final Ema slow = Indicators.ema(__CLASS__.this.slow);
          boolean above;
          boolean seen;
        }
      }
      """;
}
