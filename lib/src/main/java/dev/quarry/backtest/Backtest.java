package dev.quarry.backtest;

import dev.quarry.bars.Bars;
import dev.quarry.bars.TradeBars;
import dev.quarry.engine.Bracket;
import dev.quarry.engine.Connector;
import dev.quarry.engine.EventBus;
import dev.quarry.engine.MergingAggregator;
import dev.quarry.engine.ReplayConnector;
import dev.quarry.engine.StoreReplayConnector;
import dev.quarry.engine.TradeReplayConnector;
import dev.quarry.engine.TradingEngine;
import dev.quarry.engine.TradingEngineBuilder;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * A backtest in a few lines: bars in, a {@link BacktestResult} out, through the real engine — a
 * {@link ReplayConnector} per table of bars (or a {@link StoreReplayConnector} per store dataset,
 * read a month at a time), a {@link MergingAggregator}, the strategies and a {@link
 * SimulatedExecutor}, simulated on one thread by default.
 *
 * <pre>{@code
 * BacktestResult r = Backtest.of("BTC-USD", bars)
 *     .strategy(new SmaCross(10, 50))
 *     .fill(FillTiming.NEXT_OPEN).feeBps(10)
 *     .run();
 * r.trades(); r.metrics();
 *
 * Backtest.of(store, new DatasetId("bitstamp", "1m", "BTC-USD"), from, to)  // streamed
 *     .bars(store, new DatasetId("bitstamp", "1m", "ETH-USD"), from, to)
 *     .strategy(new SmaCross(10, 50)).run();
 * }</pre>
 */
public final class Backtest {
  /** Bars each connector publishes per step. */
  static final int BARS_PER_STEP = 1024;

  private final Map<String, Series> bars = new LinkedHashMap<>();
  private final Map<String, Table> trades = new LinkedHashMap<>();
  private final Map<String, Duration> timeframes = new LinkedHashMap<>();
  private final List<BarStrategy> strategies = new ArrayList<>();
  private final Map<String, String> description = new LinkedHashMap<>();
  private ExecutionSettings settings = ExecutionSettings.defaults();
  private boolean live;
  private long tradeFrom = Long.MIN_VALUE;
  private Duration equityEvery;

  private Backtest() {}

  /**
   * A series of bars: a table in memory, or a range of a store's dataset, read a month at a time as
   * the replay goes.
   *
   * @param table the bars in memory, or null
   * @param store the store, or null
   * @param dataset the store's dataset, or null
   * @param from first instant included of the store's range
   * @param to first instant excluded
   * @param timeframe the bars' length
   */
  private record Series(
      Table table,
      BarStore store,
      DatasetId dataset,
      Instant from,
      Instant to,
      Duration timeframe) {
    /** The bars, read from the store if they are stored. */
    Table read() {
      return table != null ? table : store.read(dataset, from, to);
    }

    /** The connector replaying the bars, resampled to {@code resample} unless it is null. */
    Connector connector(String name, String symbol, Duration resample) {
      if (table != null) {
        Table t = resample == null ? table : Bars.resample(table, timeframe, resample);
        return t.rowCount() == 0 ? null : new ReplayConnector(name, symbol, t, BARS_PER_STEP);
      }
      StoreReplayConnector c =
          resample == null
              ? StoreReplayConnector.of(name, store, dataset, from, to, BARS_PER_STEP)
              : StoreReplayConnector.resampled(
                  name, symbol, store, dataset, from, to, resample, BARS_PER_STEP);
      return c.hasBars() ? c : null;
    }
  }

  /**
   * A backtest over a range of a store's dataset, read a month at a time as the replay goes (see
   * {@link #bars(BarStore, DatasetId, Instant, Instant)}).
   *
   * @param store the store
   * @param dataset the dataset; its symbol names the series
   * @param from first instant included
   * @param to first instant excluded
   * @return the backtest, to configure
   */
  public static Backtest of(BarStore store, DatasetId dataset, Instant from, Instant to) {
    return new Backtest().bars(store, dataset, from, to);
  }

  /**
   * A backtest over one symbol's bars, their timeframe inferred as in {@link #bars(String, Table)}.
   *
   * @param symbol the symbol
   * @param bars its bars ({@code timestamp, open, high, low, close, volume}, in time order)
   * @return the backtest, to configure
   */
  public static Backtest of(String symbol, Table bars) {
    return new Backtest().bars(symbol, bars);
  }

  /**
   * A backtest over one symbol's bars of a known timeframe.
   *
   * @param symbol the symbol
   * @param bars its bars ({@code timestamp, open, high, low, close, volume}, in time order)
   * @param timeframe the bars' length
   * @return the backtest, to configure
   */
  public static Backtest of(String symbol, Table bars, Duration timeframe) {
    return new Backtest().bars(symbol, bars, timeframe);
  }

  /**
   * A backtest over one symbol's trades, aggregated into bars as the replay goes.
   *
   * @param symbol the symbol
   * @param trades its trades ({@code timestamp, price, amount}, in time order)
   * @param timeframe the bars' length
   * @return the backtest, to configure
   */
  public static Backtest ofTrades(String symbol, Table trades, Duration timeframe) {
    return new Backtest().trades(symbol, trades, timeframe);
  }

  /**
   * Adds a series of bars whose timeframe is their spacing ({@link Bars#spacing}: the smallest gap
   * between two bars, which is never shorter than the real timeframe, so a bar can only be
   * delivered late, never early). Prefer {@link #bars(String, Table, Duration)} when the timeframe
   * is known.
   *
   * @param symbol the series' name (a symbol, or a label such as {@code BTC-USD@1h})
   * @param table its bars, at least two
   * @return this backtest
   * @throws IllegalArgumentException if the table has fewer than two bars or is not in time order
   */
  public Backtest bars(String symbol, Table table) {
    Objects.requireNonNull(table, "table");
    return bars(symbol, table, Bars.spacing(table));
  }

  /**
   * Adds a series of bars of one timeframe. The engine merges every series in the order of the
   * bars' close (SPEC §12): a bar reaches the strategies at start + timeframe, so an hourly bar
   * comes right after the last minute bar inside it, never before.
   *
   * @param symbol the series' name (a symbol, or a label such as {@code BTC-USD@1h})
   * @param table its bars
   * @param timeframe the bars' length, a positive whole number of seconds
   * @return this backtest
   */
  public Backtest bars(String symbol, Table table, Duration timeframe) {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(table, "table");
    TradeBars.stepMillis(Objects.requireNonNull(timeframe, "timeframe"));
    requireNew(symbol);
    bars.put(symbol, new Series(table, null, null, null, null, timeframe));
    return this;
  }

  /**
   * Adds the bars of {@code [from, to)} of a store's dataset, named by its symbol, of the dataset's
   * timeframe, streamed: the replay reads them a month at a time ({@link StoreReplayConnector}), so
   * memory holds at most two months of bars per series, not the range, and a universe of many
   * symbols over years fits a small heap. The results are those of {@code bars(symbol,
   * store.read(dataset, from, to), timeframe)}, bit for bit. The months are read as the replay
   * reaches them, so do not write to the dataset while the backtest runs. A walk-forward reads the
   * whole range into memory.
   *
   * @param store the store
   * @param dataset the dataset
   * @param from first instant included
   * @param to first instant excluded, after {@code from}
   * @return this backtest
   * @throws IllegalArgumentException if the range is empty or the symbol is already given
   */
  public Backtest bars(BarStore store, DatasetId dataset, Instant from, Instant to) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "the range of " + dataset + " is empty: from " + from + " is not before to " + to);
    }
    requireNew(dataset.symbol());
    bars.put(
        dataset.symbol(),
        new Series(null, store, dataset, from, to, Bars.timeframe(dataset.timeframe())));
    return this;
  }

  /**
   * Adds a symbol's trades ({@code timestamp, price, amount}, in time order): the aggregator builds
   * bars of {@code timeframe} from them as the replay goes, with the rules of {@link
   * dev.quarry.bars.Bars#fromTrades}.
   *
   * @param symbol the symbol
   * @param table its trades
   * @param timeframe the bars' length, a whole number of seconds
   * @return this backtest
   */
  public Backtest trades(String symbol, Table table, Duration timeframe) {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(timeframe, "timeframe");
    requireNew(symbol);
    trades.put(symbol, table);
    timeframes.put(symbol, timeframe);
    return this;
  }

  private void requireNew(String symbol) {
    if (bars.containsKey(symbol) || trades.containsKey(symbol)) {
      throw new IllegalArgumentException("data of " + symbol + " is given twice");
    }
  }

  /**
   * Adds a strategy.
   *
   * @param strategy the strategy
   * @return this backtest
   */
  public Backtest strategy(BarStrategy strategy) {
    strategies.add(Objects.requireNonNull(strategy, "strategy"));
    return this;
  }

  /**
   * Sets every execution setting at once.
   *
   * @param execution the settings
   * @return this backtest
   */
  public Backtest settings(ExecutionSettings execution) {
    settings = Objects.requireNonNull(execution, "execution");
    return this;
  }

  /**
   * Sets the fill timing.
   *
   * @param timing close or next-open
   * @return this backtest
   */
  public Backtest fill(FillTiming timing) {
    settings = settings.withFill(timing);
    return this;
  }

  /**
   * Sets the fee.
   *
   * @param bps basis points of the filled value
   * @return this backtest
   */
  public Backtest feeBps(double bps) {
    settings = settings.withFeeBps(bps);
    return this;
  }

  /**
   * Sets the slippage of market orders.
   *
   * @param bps basis points
   * @return this backtest
   */
  public Backtest slippageBps(double bps) {
    settings = settings.withSlippageBps(bps);
    return this;
  }

  /**
   * Makes the strategies buy from one cash balance instead of one sub-account each (see {@link
   * ExecutionSettings#withSharedCash}).
   *
   * @return this backtest
   */
  public Backtest sharedCash() {
    settings = settings.withSharedCash(true);
    return this;
  }

  /**
   * Sets the initial cash.
   *
   * @param amount positive
   * @return this backtest
   */
  public Backtest cash(double amount) {
    settings = settings.withCash(amount);
    return this;
  }

  /**
   * Sets how buys without a quantity are sized.
   *
   * @param sizing the rule
   * @return this backtest
   */
  public Backtest sizing(Sizing sizing) {
    settings = settings.withSizing(sizing);
    return this;
  }

  /**
   * Sets the costs: commissions (bps, per unit with a minimum, per order), slippage and half-spread
   * (see {@link Costs}).
   *
   * @param costs the costs
   * @return this backtest
   */
  public Backtest costs(Costs costs) {
    settings = settings.withCosts(costs);
    return this;
  }

  /**
   * Rejects short sales: sells beyond the long position.
   *
   * @return this backtest
   */
  public Backtest longOnly() {
    settings = settings.withLongOnly(true);
    return this;
  }

  /**
   * Sets the gross exposure allowed per unit of equity (default 1).
   *
   * @param ratio positive
   * @return this backtest
   */
  public Backtest leverage(double ratio) {
    settings = settings.withLeverage(ratio);
    return this;
  }

  /**
   * Trades whole units only: computed quantities are rounded down, fractional ones rejected.
   *
   * @return this backtest
   */
  public Backtest wholeUnits() {
    settings = settings.withWholeUnits(true);
    return this;
  }

  /**
   * Attaches these exits to every new position whose order carries none, for any strategy: {@code
   * exits(new Bracket(Distance.percent(2), Distance.percent(4), null))}.
   *
   * @param exits the stop-loss, take-profit and trailing stop (each optional)
   * @return this backtest
   */
  public Backtest exits(Bracket exits) {
    settings = settings.withExits(exits);
    return this;
  }

  /**
   * Walk-forward analysis over this backtest's bars and settings (SPEC §14, {@link WalkForward}):
   * for each fold of {@code folds}, every combination of {@code axes} runs on the train slice, the
   * best by {@code rankBy} runs on the test slice, and the test slices are stitched into one
   * out-of-sample run. The strategies given with {@link #strategy} are not used: {@code strategies}
   * makes one per combination.
   *
   * <pre>{@code
   * WalkForwardResult wf = Backtest.of("BTC-USD", bars).feeBps(10)
   *     .walkForward(Folds.parse("train=2d,test=1d"),
   *         p -> SampleStrategies.create("sma-cross", p),
   *         Map.of("fast", List.of("5", "10"), "slow", List.of("30", "50")), "sharpe");
   * wf.folds(); wf.outOfSample().metrics(); wf.efficiency();
   * }</pre>
   *
   * @param folds the train, test and step lengths, rolling or anchored
   * @param strategies makes a strategy from a combination's parameters
   * @param axes parameter → the values to try, in order
   * @param rankBy a metric of {@link Metrics#asMap()}, larger is better except {@code max_drawdown}
   *     and {@code volatility}
   * @return the folds, the stitched run and the walk-forward efficiency
   * @throws IllegalArgumentException if no fold fits the bars, the backtest replays trades, there
   *     is no axis or an axis has no value, or {@code rankBy} is not a numeric metric
   */
  public WalkForwardResult walkForward(
      dev.quarry.stats.Folds folds,
      java.util.function.Function<Map<String, String>, BarStrategy> strategies,
      Map<String, List<String>> axes,
      String rankBy) {
    return walkForward(folds, strategies, axes, rankBy, 1);
  }

  /**
   * {@link #walkForward(dev.quarry.stats.Folds, java.util.function.Function, Map, String)} on
   * several threads: every fold's trials, then every fold's test run, run at once (each an
   * independent backtest), and the result is the same, bit for bit, as on one thread. {@code
   * strategies} is then called from several threads at once: it must make a new strategy each time
   * and share nothing mutable.
   *
   * @param folds the train, test and step lengths, rolling or anchored
   * @param strategies makes a strategy from a combination's parameters, from any thread
   * @param axes parameter → the values to try, in order
   * @param rankBy a metric of {@link Metrics#asMap()}, larger is better except {@code max_drawdown}
   *     and {@code volatility}
   * @param threads how many backtests run at once, at least 1 ({@code
   *     Runtime.getRuntime().availableProcessors()} for every core)
   * @return the folds, the stitched run and the walk-forward efficiency
   * @throws IllegalArgumentException as the one-thread form does, or if {@code threads < 1}
   */
  public WalkForwardResult walkForward(
      dev.quarry.stats.Folds folds,
      java.util.function.Function<Map<String, String>, BarStrategy> strategies,
      Map<String, List<String>> axes,
      String rankBy,
      int threads) {
    if (bars.isEmpty() || !trades.isEmpty()) {
      throw new IllegalArgumentException(
          "a walk-forward runs over bars (bars(symbol, table)), not over replayed trades");
    }
    // Every trial and test run slices the bars: read stored series once, not once per slice.
    Backtest inMemory = new Backtest();
    bars.forEach((symbol, series) -> inMemory.bars(symbol, series.read(), series.timeframe()));
    return WalkForward.run(copySettings(inMemory), folds, strategies, axes, rankBy, threads);
  }

  /** The first symbol's bars. */
  Table firstBars() {
    return bars.values().iterator().next().read();
  }

  /** The first symbol's timeframe. */
  Duration firstTimeframe() {
    return bars.values().iterator().next().timeframe();
  }

  /**
   * A backtest of the same bars in [from, to), the same settings and description, without
   * strategies.
   */
  Backtest slice(java.time.Instant from, java.time.Instant to) {
    Backtest b = new Backtest();
    for (Map.Entry<String, Series> e : bars.entrySet()) {
      Table t = e.getValue().read();
      Table part =
          t.where(
              t.instantColumn(Bars.TIMESTAMP)
                  .isAfter(from.minusMillis(1))
                  .and(t.instantColumn(Bars.TIMESTAMP).isBefore(to)));
      if (part.rowCount() > 0) {
        b.bars(e.getKey(), part, e.getValue().timeframe());
      }
    }
    return copySettings(b);
  }

  /** Gives {@code b} this backtest's settings and description; returns it. */
  private Backtest copySettings(Backtest b) {
    b.settings = settings;
    b.live = live;
    b.equityEvery = equityEvery;
    b.description.putAll(description);
    return b;
  }

  /**
   * Lets the strategies see the bars before {@code start} (their indicators warm up) but place no
   * order on them: what they ask for on a bar that starts before it is dropped. A walk-forward's
   * test slice runs this way.
   *
   * @param start the first bar start on which orders count
   * @return this backtest
   */
  Backtest tradeFrom(java.time.Instant start) {
    tradeFrom = start.toEpochMilli();
    return this;
  }

  /**
   * Keeps one equity row per period instead of one per bar time: the row of the run's first bar
   * time (where the curve, the buy-and-hold benchmark and the years of the CAGR start), then for
   * each period of {@code period} (aligned to multiples of it since the epoch, UTC, so days start
   * at 00:00 UTC) the row of its last bar time, the state at that bar's close. A year of minute
   * bars keeps 366 rows rather than 525,600. The metrics are computed from the curve kept (SPEC
   * §14: the returns are then per period, and P, the rows per year, follows the curve's spacing),
   * so a daily curve gives daily Sharpe and volatility annualised by 365.25, and the drawdown
   * between daily closes. Trades and orders are unchanged. The result's settings record it as
   * {@code equity every}.
   *
   * @param period the sampling period, a positive whole number of seconds
   * @return this backtest
   * @throws IllegalArgumentException if the period is not a positive whole number of seconds
   */
  public Backtest equityEvery(Duration period) {
    try {
      TradeBars.stepMillis(Objects.requireNonNull(period, "period"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("equity period: " + e.getMessage(), e);
    }
    equityEvery = period;
    return this;
  }

  /**
   * Runs the engine on threads instead of simulated on one thread; the results are the same.
   *
   * @return this backtest
   */
  public Backtest live() {
    live = true;
    return this;
  }

  /**
   * Records a setting for the result's description (and the report), e.g. a parameter.
   *
   * @param key the name
   * @param value the value
   * @return this backtest
   */
  public Backtest describe(String key, String value) {
    description.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
    return this;
  }

  /**
   * The series the strategies subscribed to, by name, each once however many strategies read it.
   *
   * @throws IllegalArgumentException if a series' symbol has no base bars, its timeframe is not
   *     longer than theirs, or its name is that of a series given with {@code bars}
   */
  private Map<String, SeriesKey> subscribedSeries() {
    Map<String, SeriesKey> all = new LinkedHashMap<>();
    for (BarStrategy s : strategies) {
      for (SeriesKey key : s.subscriptions(bars.keySet())) {
        Series series = bars.get(key.symbol());
        Duration base = series == null ? null : series.timeframe();
        String problem = null;
        if (base == null) {
          problem =
              trades.containsKey(key.symbol())
                  ? "is given as trades; resampling needs its bars (add them with bars(...))"
                  : "has no bars in this backtest; its symbols are " + bars.keySet();
        } else if (key.timeframe().compareTo(base) <= 0) {
          problem = "has bars of " + SeriesKey.label(base) + " already; read them with history()";
        } else if (bars.containsKey(key.name()) || trades.containsKey(key.name())) {
          problem = "is resampled as " + key.name() + ", a name already given to a series";
        }
        if (problem != null) {
          throw new IllegalArgumentException(
              "strategy '"
                  + s.name()
                  + "' subscribes to "
                  + key.symbol()
                  + " at "
                  + SeriesKey.label(key.timeframe())
                  + ", but "
                  + key.symbol()
                  + " "
                  + problem);
        }
        all.putIfAbsent(key.name(), key);
      }
    }
    return all;
  }

  /**
   * Resamples each subscribed series from its symbol's base bars and adds it as a source, after the
   * given series (so it comes after them on equal closes and timeframes); tells every strategy.
   */
  private void feedResampled(
      Map<String, SeriesKey> resampled,
      TradingEngineBuilder builder,
      MergingAggregator.Builder merge) {
    for (Map.Entry<String, SeriesKey> e : resampled.entrySet()) {
      SeriesKey key = e.getValue();
      Connector c =
          bars.get(key.symbol()).connector("resample " + e.getKey(), e.getKey(), key.timeframe());
      if (c == null) {
        continue; // the data ends inside the first bucket: no bar of it ever closes
      }
      merge.bars(c.name(), key.timeframe());
      builder.withConnector(c);
    }
    for (BarStrategy s : strategies) {
      s.bind(resampled.keySet(), bars.keySet());
    }
  }

  /**
   * Runs the backtest.
   *
   * <p>Each series a strategy subscribes to ({@link BarStrategy#on(String, String)}) is resampled
   * from its symbol's bars with {@link Bars#resample} and fed once, named {@code BTC-USD@1h}: its
   * bars reach every subscriber at their close and count in {@link Metrics#bars()}; orders fill on
   * the symbol's own bars only.
   *
   * @return the results
   * @throws IllegalArgumentException if there are no strategies or no bars, or a strategy
   *     subscribes to a symbol without bars here or to a timeframe not longer than its bars
   * @throws dev.quarry.engine.EngineException naming the task if one fails (a strategy that throws
   *     or looks ahead, a bad bar)
   */
  public BacktestResult run() {
    if (bars.isEmpty() && trades.isEmpty()) {
      throw new IllegalArgumentException(
          "a backtest needs data: add bars(symbol, table) or trades(symbol, table, timeframe)");
    }
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("a backtest needs a strategy: add one with strategy(...)");
    }
    List<String> names = new ArrayList<>();
    strategies.forEach(s -> names.add(s.name()));
    SimulatedExecutor executor = new SimulatedExecutor(settings, names);
    int rows = 0;
    for (Series series : bars.values()) {
      if (series.table() != null) { // a row per bar time: at least the longest symbol's
        rows = Math.max(rows, series.table().rowCount());
      }
    }
    executor.expectRows(rows);
    long base = Long.MAX_VALUE;
    for (Series series : bars.values()) {
      base = Math.min(base, series.timeframe().toMillis());
    }
    for (Duration d : timeframes.values()) {
      base = Math.min(base, d.toMillis());
    }
    executor.baseTimeframe(base);
    executor.tradeFrom(tradeFrom);
    if (equityEvery != null) {
      executor.sampleEquity(equityEvery.toMillis());
    }
    Map<String, SeriesKey> resampled = subscribedSeries();
    executor.resampledSeries(resampled.keySet());
    int sources = bars.size() + trades.size() + resampled.size();
    EventBus bus = EventBus.withDefaults(Math.max(4096, BARS_PER_STEP * (sources + 1)), sources);
    TradingEngineBuilder builder = new TradingEngineBuilder(bus);
    if (!live) {
      builder.simulated();
    }
    MergingAggregator.Builder merge = MergingAggregator.builder();
    for (Map.Entry<String, Series> e : bars.entrySet()) {
      Series series = e.getValue();
      Connector c = series.connector("replay " + e.getKey(), e.getKey(), null);
      if (c == null) {
        throw new IllegalArgumentException(
            "no bars for "
                + e.getKey()
                + (series.table() != null
                    ? ""
                    : " in [" + series.from() + ", " + series.to() + ") of " + series.dataset())
                + ": check the symbol, the dataset and the time range");
      }
      merge.bars(c.name(), series.timeframe());
      builder.withConnector(c);
    }
    for (Map.Entry<String, Table> e : trades.entrySet()) {
      if (e.getValue().rowCount() == 0) {
        throw new IllegalArgumentException("no trades for " + e.getKey());
      }
      TradeReplayConnector c =
          new TradeReplayConnector("trades " + e.getKey(), e.getKey(), e.getValue(), BARS_PER_STEP);
      merge.trades(c.name(), timeframes.get(e.getKey()));
      builder.withConnector(c);
    }
    feedResampled(resampled, builder, merge);
    builder.withAggregator(merge.build());
    strategies.forEach(builder::withStrategy);
    TradingEngine engine = builder.withExecutor(executor).build();
    try {
      try {
        engine.start();
        if (live && !engine.awaitCompletion(Duration.ofHours(24))) {
          throw new IllegalStateException("the live engine did not finish within 24 hours");
        }
      } finally {
        engine.shutdown(); // rethrows a task's failure; simulated, the tasks already stopped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the backtest ran", e);
    }
    Map<String, String> described = new LinkedHashMap<>();
    described.put("strategy", String.join(", ", names));
    List<String> symbols = new ArrayList<>(bars.keySet());
    symbols.addAll(trades.keySet());
    described.put("symbols", String.join(", ", symbols));
    described.putAll(description);
    described.put("mode", live ? "live" : "simulated");
    if (equityEvery != null) {
      described.put("equity every", SeriesKey.label(equityEvery));
    }
    BacktestResult result = executor.result(described);
    if (!bars.isEmpty()) {
      Map.Entry<String, Series> first = bars.entrySet().iterator().next();
      Series series = first.getValue();
      result.withPrices(
          () -> {
            Table t =
                series.table() != null
                    ? series.table()
                    : series
                        .store()
                        .read(
                            series.dataset(),
                            series.from(),
                            series.to(),
                            Bars.TIMESTAMP,
                            Bars.CLOSE);
            return new BacktestResult.Prices(
                first.getKey(),
                Bars.epochMillis(t.instantColumn(Bars.TIMESTAMP)),
                t.doubleColumn(Bars.CLOSE).asDoubleArray());
          });
    }
    return result;
  }
}
