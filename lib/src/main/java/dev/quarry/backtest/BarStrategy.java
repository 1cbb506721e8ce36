package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Signal;
import dev.quarry.engine.Strategy;
import dev.quarry.engine.TaskContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 */
public abstract class BarStrategy implements Strategy<Bar> {
  /** The default look-back: how many bars each symbol's history keeps. */
  public static final int DEFAULT_LOOKBACK = 1024;

  private final String name;
  private final int lookback;
  private final Map<String, History> histories = new LinkedHashMap<>();
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
    History h = current;
    if (h == null || !h.symbol().equals(bar.symbol())) {
      h = histories.computeIfAbsent(bar.symbol(), s -> new History(s, lookback));
      current = h;
    }
    h.add(bar);
    orders.open(bar);
    try {
      onBar(bar, orders);
    } catch (RuntimeException | Error e) {
      orders.close();
      throw e;
    }
    context.publish(orders.close());
  }
}
