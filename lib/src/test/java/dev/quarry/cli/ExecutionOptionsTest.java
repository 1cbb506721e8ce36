package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.backtest.Costs;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.FillTiming;
import dev.quarry.backtest.Sizing;
import dev.quarry.engine.Bracket;
import dev.quarry.engine.Distance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ExecutionOptionsTest {
  /** A command like backtest: its own options around the mixin. */
  @Command(name = "demo", sortOptions = false)
  static final class Demo implements Callable<Integer> {
    @Option(names = "--strategy", defaultValue = "sma-cross")
    String strategy;

    @Mixin ExecutionOptions execution;

    @Option(names = "--out")
    String out;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static ExecutionSettings settings(String... args) {
    return ExecutionOptions.parse(List.of(args)).settings();
  }

  private static Demo demo(String... args) {
    Demo demo = new Demo();
    new CommandLine(demo).parseArgs(args);
    return demo;
  }

  private static final ExecutionSettings DEFAULTS = ExecutionSettings.defaults();

  @Test
  void noOptionsGiveTheDefaultSettings() {
    assertEquals(DEFAULTS, settings());
    assertEquals(DEFAULTS, demo().execution.settings());
    assertEquals(List.of(), demo("--strategy", "x", "--out", "o").execution.args());
    assertEquals(Map.of(), demo().execution.exits());
  }

  @Test
  void eachOptionChangesItsSetting() {
    assertEquals(DEFAULTS.withFill(FillTiming.NEXT_OPEN), settings("--fill", "next-open"));
    assertEquals(DEFAULTS.withFeeBps(10), settings("--fee-bps", "10"));
    assertEquals(DEFAULTS.withSlippageBps(2.5), settings("--slippage-bps", "2.5"));
    assertEquals(
        DEFAULTS.withCosts(Costs.NONE.withPerUnit(0.01, 0)), settings("--fee-per-unit", "0.01"));
    assertEquals(
        DEFAULTS.withCosts(Costs.NONE.withPerUnit(0.01, 1)),
        settings("--fee-per-unit", "0.01", "--fee-min", "1"));
    assertEquals(
        DEFAULTS.withCosts(Costs.NONE.withPerOrder(1.5)), settings("--fee-per-order", "1.5"));
    assertEquals(
        DEFAULTS.withCosts(Costs.NONE.withHalfSpreadBps(3)), settings("--half-spread-bps", "3"));
    assertEquals(
        DEFAULTS.withExits(Bracket.NONE.withStopLoss(Distance.percent(2))),
        settings("--stop-loss", "2%"));
    assertEquals(
        DEFAULTS.withExits(Bracket.NONE.withTakeProfit(Distance.price(150))),
        settings("--take-profit", "150"));
    assertEquals(
        DEFAULTS.withExits(Bracket.NONE.withTrailingStop(Distance.atr(2))),
        settings("--trailing-stop", "2atr"));
    assertEquals(DEFAULTS.withWholeUnits(true), settings("--whole-units"));
    assertEquals(DEFAULTS.withCash(25_000), settings("--cash", "25000"));
    assertEquals(DEFAULTS.withSizing(Sizing.targetWeight(0.5)), settings("--size", "target:0.5"));
    assertEquals(DEFAULTS.withSizing(Sizing.fixed(3)), settings("--size", "quantity:3"));
    assertEquals(DEFAULTS.withLongOnly(true), settings("--long-only"));
    assertEquals(DEFAULTS.withLeverage(2), settings("--leverage", "2"));
    assertEquals(DEFAULTS.withBorrowBps(100), settings("--borrow-bps", "100"));
    assertEquals(DEFAULTS.withSharedCash(true), settings("--shared-cash"));
  }

  @Test
  void exitsAreTheExitOptionsGivenByAxisName() {
    Demo demo = demo("--trailing-stop", "3%", "--stop-loss", "2atr");
    assertEquals(
        List.of(Map.entry("stop-loss", "2atr"), Map.entry("trailing-stop", "3%")),
        List.copyOf(demo.execution.exits().entrySet()));
  }

  private static final String[] RICH = {
    "--strategy",
    "rsi-reversion",
    "--fill",
    "next-open",
    "--fee-bps",
    "5",
    "--slippage-bps",
    "2",
    "--fee-per-unit",
    "0.01",
    "--fee-min=0.5",
    "--fee-per-order",
    "1",
    "--half-spread-bps",
    "1.25",
    "--stop-loss",
    "2%",
    "--take-profit",
    "150",
    "--trailing-stop",
    "2atr",
    "--whole-units",
    "--cash",
    "2e4",
    "--size",
    "risk:0.01",
    "--long-only",
    "--leverage",
    "2",
    "--borrow-bps",
    "100",
    "--shared-cash",
    "--out",
    "somewhere"
  };

  @Test
  void argsListTheGivenOptionsOnlyWithTheirValuesAsGiven() {
    assertEquals(
        List.of("--fee-bps", "10", "--stop-loss", "2%", "--long-only"),
        demo("--out", "o", "--long-only", "--stop-loss", "2%", "--fee-bps", "10").execution.args());
    assertEquals(List.of("--fee-min", "0.5"), demo("--fee-min=0.5").execution.args());
  }

  @Test
  void aFlagTurnedOffExplicitlyIsNotListed() {
    Demo demo = demo("--long-only=false", "--shared-cash=true");
    assertEquals(List.of("--shared-cash"), demo.execution.args());
    assertEquals(DEFAULTS.withSharedCash(true), demo.execution.settings());
  }

  @Test
  void argsParsedAgainGiveEqualSettings() {
    Demo demo = demo(RICH);
    ExecutionSettings original = demo.execution.settings();
    List<String> args = demo.execution.args();
    assertEquals(31, args.size()); // 14 options with a value, 3 flags
    ExecutionOptions again = ExecutionOptions.parse(args);
    assertEquals(original, again.settings());
    assertEquals(args, again.args());
    assertEquals(demo.execution.exits(), again.exits());
    // and the settings really differ from the defaults in every part
    assertEquals(FillTiming.NEXT_OPEN, original.fill());
    assertEquals(
        Costs.NONE
            .withFeeBps(5)
            .withSlippageBps(2)
            .withPerUnit(0.01, 0.5)
            .withPerOrder(1)
            .withHalfSpreadBps(1.25),
        original.costs());
    assertEquals(20_000, original.initialCash());
    assertEquals(Sizing.risk(0.01), original.sizing());
    assertTrue(original.sharedCash() && original.longOnly() && original.wholeUnits());
    assertEquals(2, original.leverage());
    assertEquals(100, original.borrowBps());
    assertEquals(
        new Bracket(Distance.percent(2), Distance.price(150), Distance.atr(2)), original.exits());
  }

  @Test
  void noOptionsRoundTripToTheDefaults() {
    ExecutionOptions none = ExecutionOptions.parse(List.of());
    assertEquals(List.of(), none.args());
    assertEquals(DEFAULTS, ExecutionOptions.parse(none.args()).settings());
  }

  @Test
  void argsSurviveJavaSerialization() throws IOException, ClassNotFoundException {
    List<String> args = demo(RICH).execution.args();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(args);
    }
    Object read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = in.readObject();
    }
    assertEquals(args, read);
    @SuppressWarnings("unchecked")
    List<String> back = (List<String>) read;
    assertEquals(demo(RICH).execution.settings(), ExecutionOptions.parse(back).settings());
  }

  private static String refused(String... args) {
    ExecutionOptions options = ExecutionOptions.parse(List.of(args));
    return assertThrows(IllegalArgumentException.class, options::settings).getMessage();
  }

  @Test
  void badValuesAreRefusedWithTheReason() {
    assertEquals(
        "fill timing 'tomorrow' is not one of: close, next-open", refused("--fill", "tomorrow"));
    assertEquals("fee must be in [0, 10000) basis points, got -1.0", refused("--fee-bps", "-1"));
    assertEquals(
        "size 'all' is not fraction:F (of equity, e.g. fraction:0.5), quantity:Q, target:W (a"
            + " weight of equity, e.g. target:0.5) or risk:R (of equity lost at the stop-loss,"
            + " e.g. risk:0.01)",
        refused("--size", "all"));
    assertEquals(
        "stop-loss=two: distance 'two' is not a percent (2%), an ATR multiple (2atr) or a price"
            + " distance (150), positive",
        refused("--stop-loss", "two"));
    assertEquals(
        "a trailing stop is a percent (3%) or an ATR multiple (2atr), not a price distance (150)",
        refused("--trailing-stop", "150"));
    assertTrue(
        refused("--fee-min", "1")
            .startsWith(
                "a minimum commission (1.0) is the least of the per-unit commission, and there is"
                    + " none"));
    assertEquals("initial cash must be positive, got -5.0", refused("--cash", "-5"));
    assertEquals("leverage must be positive, got 0.0", refused("--leverage", "0"));
    assertEquals(
        "the borrow fee must be ≥ 0 basis points a year, got -1.0", refused("--borrow-bps", "-1"));
  }

  @Test
  void anUnknownOptionIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExecutionOptions.parse(List.of("--fee-bps", "1", "--fee-bpz", "3")));
    assertTrue(e.getMessage().contains("Unknown options: '--fee-bpz', '3'"), e.getMessage());
    assertTrue(e.getMessage().startsWith("execution options [--fee-bps, 1, --fee-bpz, 3]: "));
    assertTrue(
        e.getMessage()
            .endsWith(
                "; the options are [--fill, --fee-bps, --slippage-bps,"
                    + " --fee-per-unit, --fee-min, --fee-per-order, --half-spread-bps, --stop-loss,"
                    + " --take-profit, --trailing-stop, --whole-units, --cash, --size, --long-only,"
                    + " --leverage, --borrow-bps, --shared-cash]"),
        e.getMessage());
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedByOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ExecutionOptions.parse(List.of("--cash", "abc")));
    assertTrue(
        e.getMessage().contains("Invalid value for option '--cash': 'abc' is not a double"),
        e.getMessage());
  }

  @Test
  void argsOfOptionsNeverParsedIsAnError() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new ExecutionOptions().args());
    assertTrue(e.getMessage().startsWith("execution options not parsed"), e.getMessage());
  }

  @Test
  void helpListsTheOptionsWhereTheMixinStands() {
    String help = new CommandLine(new Demo()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    int strategy = help.indexOf("\n      --strategy");
    int fill = help.indexOf("\n      --fill");
    int shared = help.indexOf("\n      --shared-cash");
    int out = help.indexOf("\n      --out");
    assertTrue(strategy < fill && fill < shared && shared < out, help);
    assertTrue(help.contains("close or next-open (default: close)."), help);
  }
}
