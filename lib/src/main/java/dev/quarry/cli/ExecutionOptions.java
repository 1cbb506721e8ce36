package dev.quarry.cli;

import dev.quarry.backtest.Costs;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.FillTiming;
import dev.quarry.backtest.Sizing;
import dev.quarry.samples.BacktestGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The options that build the {@link ExecutionSettings} of a backtest ({@code --fill}, the costs,
 * the exits, the account), as one picocli mixin, so that every command running backtests takes the
 * same options with the same help:
 *
 * <pre>{@code
 * @Command(name = "backtest", sortOptions = false)
 * class Backtest implements Callable<Integer> {
 *   @Mixin ExecutionOptions execution;
 *
 *   public Integer call() {
 *     ExecutionSettings settings = execution.settings(); // IllegalArgumentException: bad value
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Another JVM (a Spark executor) rebuilds equal settings from the options as given, a list of
 * strings: {@code ExecutionOptions.parse(options.args()).settings()}.
 *
 * <p>The options appear in help in the order declared here; a command with {@code sortOptions =
 * false} lists them where its {@code @Mixin} field stands.
 */
public final class ExecutionOptions {
  /** The command holding this mixin, whose parse result tells which options were given. */
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /** The mixin's own model: its options, in declaration order. */
  @Spec private CommandSpec self;

  @Option(
      names = "--fill",
      paramLabel = "WHEN",
      defaultValue = "close",
      description = "close or next-open (default: ${DEFAULT-VALUE}).")
  private String fill;

  @Option(
      names = "--fee-bps",
      paramLabel = "BPS",
      defaultValue = "0",
      description = "Fee per fill, basis points of its value (default: ${DEFAULT-VALUE}).")
  private double feeBps;

  @Option(
      names = "--slippage-bps",
      paramLabel = "BPS",
      defaultValue = "0",
      description = "Every fill is this many basis points worse (default: ${DEFAULT-VALUE}).")
  private double slippageBps;

  @Option(
      names = "--fee-per-unit",
      paramLabel = "AMOUNT",
      defaultValue = "0",
      description = "Commission per unit filled (default: ${DEFAULT-VALUE}).")
  private double feePerUnit;

  @Option(
      names = "--fee-min",
      paramLabel = "AMOUNT",
      defaultValue = "0",
      description =
          "The least per-unit commission of a fill; needs --fee-per-unit (default:"
              + " ${DEFAULT-VALUE}).")
  private double feeMinimum;

  @Option(
      names = "--fee-per-order",
      paramLabel = "AMOUNT",
      defaultValue = "0",
      description = "Commission per fill, added to the others (default: ${DEFAULT-VALUE}).")
  private double feePerOrder;

  @Option(
      names = "--half-spread-bps",
      paramLabel = "BPS",
      defaultValue = "0",
      description =
          "Half the bid-ask spread, paid on every fill like slippage (default: ${DEFAULT-VALUE}).")
  private double halfSpreadBps;

  @Option(
      names = "--stop-loss",
      paramLabel = "DISTANCE",
      description =
          "A stop-loss on every new position, from its entry price: 2%% (percent), 2atr (× ATR(14)"
              + " at entry) or 150 (price distance). Grid-able: --grid stop-loss=1%%,2%%.")
  private String stopLoss;

  @Option(
      names = "--take-profit",
      paramLabel = "DISTANCE",
      description = "A take-profit on every new position, same forms as --stop-loss.")
  private String takeProfit;

  @Option(
      names = "--trailing-stop",
      paramLabel = "DISTANCE",
      description =
          "A trailing stop on every new position, from the best price since entry: 3%% or 2atr.")
  private String trailingStop;

  @Option(
      names = "--whole-units",
      description = "Trade whole units only: sized quantities are rounded down.")
  private boolean wholeUnits;

  @Option(
      names = "--cash",
      paramLabel = "AMOUNT",
      defaultValue = "10000",
      description = "Initial cash (default: ${DEFAULT-VALUE}).")
  private double cash;

  @Option(
      names = "--size",
      paramLabel = "RULE",
      defaultValue = "fraction:1",
      description =
          "Size of buys without a quantity: fraction:F of equity (capped by the buying power),"
              + " quantity:Q, target:W (bring the position to W × equity) or risk:R (lose R ×"
              + " equity at the stop-loss; needs --stop-loss) (default: ${DEFAULT-VALUE}).")
  private String size;

  @Option(
      names = "--long-only",
      description = "Refuse short sales (by default a sell beyond the position opens a short).")
  private boolean longOnly;

  @Option(
      names = "--leverage",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Gross exposure allowed per unit of equity; an order past it is rejected"
              + " (default: ${DEFAULT-VALUE}).")
  private double leverage;

  @Option(
      names = "--borrow-bps",
      paramLabel = "BPS",
      defaultValue = "0",
      description =
          "Borrow fee of short positions, basis points a year (default: ${DEFAULT-VALUE}).")
  private double borrowBps;

  @Option(
      names = "--shared-cash",
      description =
          "Strategies buy from one cash balance (by default each has its own sub-account).")
  private boolean sharedCash;

  /**
   * Options for picocli to fill: it creates them for a {@code @Mixin} field and sets them when it
   * parses a command line. Elsewhere, use {@link #parse}.
   */
  public ExecutionOptions() {}

  /**
   * Parses execution options alone, as {@link #args()} gives them (on another JVM, say).
   *
   * <pre>{@code
   * ExecutionSettings s = ExecutionOptions.parse(List.of("--fee-bps", "10", "--stop-loss", "2%"))
   *     .settings();
   * }</pre>
   *
   * @param args options and their values; empty for the defaults
   * @return the options, parsed
   * @throws IllegalArgumentException for an argument that is not one of these options (naming it),
   *     a value of the wrong type or a missing value
   */
  public static ExecutionOptions parse(List<String> args) {
    Holder holder = new Holder();
    CommandLine cli = new CommandLine(holder);
    try {
      cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      List<String> names = new ArrayList<>();
      cli.getCommandSpec().options().forEach(o -> names.add(o.longestName()));
      throw new IllegalArgumentException(
          "execution options " + args + ": " + e.getMessage() + "; the options are " + names, e);
    }
    return holder.options;
  }

  /**
   * The settings the options describe: the defaults of {@link ExecutionSettings#defaults()} where
   * an option is not given.
   *
   * @return the settings
   * @throws IllegalArgumentException for a value the settings refuse, with the reason (e.g. {@code
   *     fee must be in [0, 10000) basis points, got -1.0}, {@code stop-loss=two: distance 'two' is
   *     not a percent (2%), …}); a command reports it as a usage error
   */
  public ExecutionSettings settings() {
    Costs costs =
        Costs.NONE
            .withFeeBps(feeBps)
            .withPerUnit(feePerUnit, feeMinimum)
            .withPerOrder(feePerOrder)
            .withSlippageBps(slippageBps)
            .withHalfSpreadBps(halfSpreadBps);
    ExecutionSettings settings =
        ExecutionSettings.defaults()
            .withFill(FillTiming.parse(fill))
            .withCosts(costs)
            .withCash(cash)
            .withSizing(Sizing.parse(size))
            .withSharedCash(sharedCash)
            .withLongOnly(longOnly)
            .withLeverage(leverage)
            .withBorrowBps(borrowBps)
            .withWholeUnits(wholeUnits);
    return BacktestGrid.exits(settings, exits());
  }

  /**
   * The exit options given, by their grid axis names ({@link BacktestGrid#EXIT_AXES}: {@code
   * stop-loss}, {@code take-profit}, {@code trailing-stop}), in that order, with their values as
   * given; a command refuses an exit that is both an option and on its grid.
   *
   * @return a new map, empty when no exit option is given
   */
  public Map<String, String> exits() {
    Map<String, String> exits = new LinkedHashMap<>();
    putIfGiven(exits, "stop-loss", stopLoss);
    putIfGiven(exits, "take-profit", takeProfit);
    putIfGiven(exits, "trailing-stop", trailingStop);
    return exits;
  }

  /**
   * The options given on the command line, as arguments that {@link #parse} reads back into equal
   * {@link #settings()}: each option with its value as given (a flag alone), in the order the
   * options are declared, e.g. {@code [--fee-bps, 10, --stop-loss, 2%]}. Options left at their
   * defaults are not listed. The list is serializable, for a Spark task to carry.
   *
   * @return an unmodifiable list; empty when no option is given
   * @throws IllegalStateException when picocli has not parsed a command line into these options
   */
  public List<String> args() {
    ParseResult given =
        mixee == null || mixee.commandLine() == null ? null : mixee.commandLine().getParseResult();
    if (given == null || self == null) {
      throw new IllegalStateException(
          "execution options not parsed: picocli fills them when it parses the command holding"
              + " them (@Mixin); elsewhere use ExecutionOptions.parse(args)");
    }
    List<String> args = new ArrayList<>();
    for (OptionSpec option : self.options()) {
      OptionSpec matched = given.matchedOption(option.longestName());
      if (matched == null) {
        continue;
      }
      if (option.arity().max() == 0) {
        // A flag: listed when on (as --long-only=false would leave it off).
        if (Boolean.TRUE.equals(option.getValue())) {
          args.add(option.longestName());
        }
      } else {
        for (String value : matched.originalStringValues()) {
          args.add(option.longestName());
          args.add(value);
        }
      }
    }
    return List.copyOf(args);
  }

  private static void putIfGiven(Map<String, String> exits, String axis, String value) {
    if (value != null) {
      exits.put(axis, value);
    }
  }

  /** The command {@link #parse} parses with: these options and nothing else. */
  @Command(name = "execution-options")
  private static final class Holder {
    @Mixin private ExecutionOptions options = new ExecutionOptions();
  }
}
