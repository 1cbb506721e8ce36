package dev.quarry.backtest;

import dev.quarry.bars.Bars;
import dev.quarry.engine.Bar;
import dev.quarry.engine.Signal;
import dev.quarry.engine.Strategy;
import dev.quarry.engine.TaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A strategy that decides bar by bar. Subclasses implement {@link #onBar}; the base class checks
 * that bars come once each and in order, that none is seen before its close (a bar closing earlier
 * than one already seen throws {@link LookAheadException}), keeps a {@link History} per symbol, and
 * publishes exactly one {@link Signal} per bar (with the orders placed, possibly none), which is
 * how executors know every strategy has decided on a bar.
 *
 * <pre>{@code
 * class Breakout extends BarStrategy {
 *   Breakout() { super("breakout"); }
 *
 *   protected void onBar(Bar bar, Orders orders) {
 *     History h = history();
 *     if (h.size() > 20 && bar.close() > h.close(20)) orders.buy();
 *   }
 * }
 * }</pre>
 *
 * <p>In a notebook cell, {@link #of(String, Rule)} makes one from a lambda.
 *
 * <p><b>Several timeframes.</b> A strategy subscribes in its constructor to series resampled from a
 * symbol's base bars: {@link #on(String, String) on("BTC-USD", "1h")}, or {@link #on(String)
 * on("1h")} for every symbol of the run. {@link Backtest} resamples the base bars ({@link
 * Bars#resample}) and feeds each subscribed series once, however many strategies subscribe; its
 * bars are named {@code BTC-USD@1h} ({@link SeriesKey#name()}) and reach {@link #onBar} at their
 * close, right after the last base bar inside them. {@link #history(String, String)} reads such a
 * series up to now. Orders fill on a symbol's base series only: a strategy that places an order
 * while handling a resampled bar stops the run with an {@link IllegalStateException} (decide on the
 * resampled bar, order on the next base bar). A strategy does not see resampled series it did not
 * subscribe to.
 */
public abstract class BarStrategy implements Strategy<Bar> {
  /** The default look-back: how many bars each symbol's history keeps. */
  public static final int DEFAULT_LOOKBACK = 1024;

  private final String name;
  private final int lookback;
  private final Map<String, History> histories = new LinkedHashMap<>();
  private final Set<SeriesKey> subscribed = new LinkedHashSet<>();
  private final Set<Duration> everySymbol = new LinkedHashSet<>();

  /** The resampled series this strategy reads, by name, and their histories. */
  private final Map<String, SeriesKey> mine = new HashMap<>();

  private final Map<String, History> series = new HashMap<>();

  /** Every series resampled for the run, whoever subscribed: bars a strategy may not trade on. */
  private Set<String> resampled = Set.of();

  private boolean started;
  private final Orders orders;
  private History current;
  private long nextSeq;
  private long clock = Long.MIN_VALUE;
  private Bar latest;

  /**
   * A strategy with the default look-back.
   *
   * @param name its name, unique in the engine
   */
  protected BarStrategy(String name) {
    this(name, DEFAULT_LOOKBACK);
  }

  /**
   * A strategy keeping {@code lookback} bars per symbol.
   *
   * @param name its name, unique in the engine
   * @param lookback bars kept per symbol, at least 1
   */
  protected BarStrategy(String name, int lookback) {
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a strategy needs a non-blank name");
    }
    if (lookback < 1) {
      throw new IllegalArgumentException(
          "strategy '" + name + "': look-back must be at least 1, got " + lookback);
    }
    this.lookback = lookback;
    this.orders = new Orders(name);
  }

  /** A strategy as a lambda: {@code (bar, history, orders) -> ...}. */
  @FunctionalInterface
  public interface Rule {
    /**
     * Decides on one bar.
     *
     * @param bar the bar
     * @param history the bar's symbol's history, current bar included
     * @param orders where to place orders on the bar's symbol
     */
    void onBar(Bar bar, History history, Orders orders);
  }

  /**
   * A strategy from a lambda, e.g. in a notebook cell.
   *
   * @param name its name
   * @param rule what it does on each bar
   * @return the strategy
   */
  public static BarStrategy of(String name, Rule rule) {
    Objects.requireNonNull(rule, "rule");
    return new BarStrategy(name) {
      @Override
      protected void onBar(Bar bar, Orders orders) {
        rule.onBar(bar, history(), orders);
      }
    };
  }

  /**
   * Decides on one bar: read the bar and the histories, place orders.
   *
   * @param bar the current bar
   * @param orders where to place orders on the bar's symbol
   */
  protected abstract void onBar(Bar bar, Orders orders);

  /**
   * The current bar's symbol's history.
   *
   * @return the history, current bar included
   */
  protected final History history() {
    return current;
  }

  /**
   * Another symbol's history, up to the current bar; null if no bar of it came yet.
   *
   * @param symbol the symbol
   * @return its history or null
   */
  protected final History history(String symbol) {
    return histories.get(symbol);
  }

  /**
   * Subscribes to a symbol's bars resampled to a longer timeframe; call it in the constructor.
   * {@link Backtest} feeds the series, each bar at its close; in an engine built by hand, feed its
   * bars under the series' name ({@link SeriesKey#name()}, e.g. {@code BTC-USD@1h}) with their
   * timeframe.
   *
   * @param symbol a symbol whose base bars the backtest has
   * @param timeframe e.g. {@code 1h}, longer than the base bars and a whole multiple of them
   * @throws IllegalStateException once the strategy has seen a bar
   * @throws IllegalArgumentException if the timeframe is not a count and a unit
   */
  protected final void on(String symbol, String timeframe) {
    requireNotStarted();
    SeriesKey key = SeriesKey.of(symbol, timeframe);
    subscribed.add(key);
    mine.put(key.name(), key); // known before any run: an engine built by hand may feed it too
  }

  /**
   * Subscribes to every symbol of the run resampled to a longer timeframe; call it in the
   * constructor. Read it with {@code history(bar.symbol(), timeframe)}.
   *
   * @param timeframe e.g. {@code 1h}
   * @throws IllegalStateException once the strategy has seen a bar
   * @throws IllegalArgumentException if the timeframe is not a count and a unit
   */
  protected final void on(String timeframe) {
    requireNotStarted();
    everySymbol.add(Bars.timeframe(Objects.requireNonNull(timeframe, "timeframe")));
  }

  private void requireNotStarted() {
    if (started) {
      throw new IllegalStateException(
          "strategy '"
              + name
              + "' subscribed to a series after its first bar; subscribe in the constructor");
    }
  }

  /**
   * The series the strategy subscribed to, for a run over these symbols: the ones named with {@link
   * #on(String, String)}, then each symbol at each timeframe of {@link #on(String)}.
   *
   * @param symbols the run's symbols with base bars
   * @return the series, in that order, each once
   */
  final Set<SeriesKey> subscriptions(Collection<String> symbols) {
    Set<SeriesKey> all = new LinkedHashSet<>(subscribed);
    for (Duration timeframe : everySymbol) {
      for (String symbol : symbols) {
        all.add(new SeriesKey(symbol, timeframe));
      }
    }
    return all;
  }

  /**
   * Tells the strategy which series the run resamples (its own and other strategies'), before the
   * run starts.
   */
  final void bind(Set<String> resampledSeries, Collection<String> symbols) {
    resampled = Set.copyOf(resampledSeries);
    mine.clear();
    for (SeriesKey key : subscriptions(symbols)) {
      mine.put(key.name(), key);
    }
  }

  /**
   * A subscribed series' history, up to now: only bars that have closed, the newest first.
   *
   * @param symbol the symbol
   * @param timeframe the timeframe given to {@code on}, e.g. {@code 1h}
   * @return its history, or null if none of its bars has closed yet
   * @throws IllegalArgumentException if the strategy did not subscribe to that series
   */
  protected final History history(String symbol, String timeframe) {
    SeriesKey key = SeriesKey.of(symbol, timeframe);
    if (!subscribed.contains(key) && !everySymbol.contains(key.timeframe())) {
      throw new IllegalArgumentException(
          "strategy '"
              + name
              + "' reads "
              + key.name()
              + " without subscribing to it; call on(\""
              + symbol
              + "\", \""
              + timeframe
              + "\") in its constructor");
    }
    return series.get(key.name());
  }

  /**
   * Which subscribed series a bar belongs to.
   *
   * @param bar a bar given to {@link #onBar}
   * @return its series if it is one resampled for this strategy; empty for a base bar
   */
  protected final Optional<SeriesKey> seriesOf(Bar bar) {
    return Optional.ofNullable(mine.get(bar.symbol()));
  }

  /**
   * The symbols seen so far, in the order their first bar came.
   *
   * @return the symbols
   */
  protected final List<String> symbols() {
    return List.copyOf(histories.keySet());
  }

  /**
   * How many bars of a symbol the strategy needs before it can place its first order (its
   * indicators' warm-up), so a backtest over fewer bars can warn that no trade could happen.
   *
   * @return the count; 0 (the default) if the strategy does not say
   */
  public int warmUp() {
    return 0;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Class<Bar> subscribedEvent() {
    return Bar.class;
  }

  @Override
  public final void handleEvent(Bar bar, TaskContext context) {
    if (bar.seq() != nextSeq) {
      throw new IllegalStateException(
          "strategy '"
              + name
              + "' expected bar #"
              + nextSeq
              + " and got #"
              + bar.seq()
              + "; every bar must come once, in order");
    }
    nextSeq++;
    if (bar.end() < clock) {
      // The bar before closed later than this one: it was seen before its close.
      throw new LookAheadException(
          "look-ahead: strategy '"
              + name
              + "' saw the bar of "
              + latest.symbol()
              + " starting "
              + Instant.ofEpochMilli(latest.time())
              + " (closing "
              + Instant.ofEpochMilli(latest.end())
              + ") before the bar of "
              + bar.symbol()
              + " closing "
              + Instant.ofEpochMilli(bar.end())
              + ", so before its close; bars must reach strategies in the order of their close"
              + " (start + timeframe): give each series its real timeframe");
    }
    clock = bar.end();
    latest = bar;
    started = true;
    boolean isResampled = // no lookups on the common path: a run with no subscriptions
        (!resampled.isEmpty() && resampled.contains(bar.symbol()))
            || (!mine.isEmpty() && mine.containsKey(bar.symbol()));
    if (isResampled && !mine.containsKey(bar.symbol())) {
      context.publish(new Signal(name, bar, List.of())); // another strategy's series
      return;
    }
    History h = current;
    if (h == null || !h.symbol().equals(bar.symbol())) {
      h =
          (isResampled ? series : histories)
              .computeIfAbsent(bar.symbol(), s -> new History(s, lookback));
      current = h;
    }
    h.add(bar);
    orders.open(bar);
    try {
      onBar(bar, orders);
    } catch (RuntimeException | Error e) {
      orders.finish();
      throw e;
    }
    Signal signal = orders.finish();
    if (isResampled && !signal.orders().isEmpty()) {
      throw ordersOnResampled(bar, signal.orders().size());
    }
    context.publish(signal);
  }

  private IllegalStateException ordersOnResampled(Bar bar, int count) {
    SeriesKey key = mine.get(bar.symbol());
    return new IllegalStateException(
        "strategy '"
            + name
            + "' placed "
            + count
            + " order(s) on the "
            + SeriesKey.label(key.timeframe())
            + " bar of "
            + key.symbol()
            + " starting "
            + Instant.ofEpochMilli(bar.time())
            + "; orders fill on a symbol's base series only: remember the decision and place the"
            + " orders on the next "
            + key.symbol()
            + " bar");
  }
}
