package dev.quarry.samples;

import dev.quarry.backtest.BarStrategy;
import dev.quarry.backtest.Orders;
import dev.quarry.backtest.SeriesKey;
import dev.quarry.bars.Bars;
import dev.quarry.bars.Crossover;
import dev.quarry.bars.Indicators;
import dev.quarry.bars.Sma;
import dev.quarry.engine.Bar;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SMA crossover on the base bars, taken only in the direction of a longer timeframe's trend, long
 * only: buy when the fast SMA of the base closes crosses above the slow one (as {@link SmaCross})
 * while the trend is up; sell everything when it crosses below, whatever the trend.
 *
 * <p>The trend is up when the close of the newest <em>closed</em> bar of {@code timeframe} (1h by
 * default; the strategy subscribes to it for every symbol) is above SMA({@code trend}) of those
 * bars' closes. An hourly bar reaches the strategy at its close, right after the last base bar
 * inside it, so a crossing on the 10:59 minute bar is judged with the 09:00 hourly bar, and one on
 * the 11:00 minute bar with the 10:00 one. Each symbol is followed on its own.
 */
public final class TrendFilteredSmaCross extends BarStrategy {
  private static final String NAME = "trend-sma";
  private final int fast;
  private final int slow;
  private final int trend;
  private final Map<String, State> states = new HashMap<>();

  /**
   * The strategy.
   *
   * @param fast the fast window on base bars, at least 1
   * @param slow the slow window on base bars, greater than {@code fast}
   * @param trend the SMA window on the trend timeframe's bars, at least 1
   * @param timeframe the trend timeframe, e.g. {@code 1h}: longer than the base bars and a whole
   *     multiple of them
   */
  public TrendFilteredSmaCross(int fast, int slow, int trend, String timeframe) {
    super(NAME, 1);
    if (fast < 1 || slow <= fast || trend < 1) {
      throw new IllegalArgumentException(
          "trend-sma needs 1 ≤ fast < slow and trend ≥ 1, got fast="
              + fast
              + " slow="
              + slow
              + " trend="
              + trend);
    }
    this.fast = fast;
    this.slow = slow;
    this.trend = trend;
    on(timeframe);
  }

  /**
   * The strategy from parameters {@code fast}, {@code slow}, {@code trend} and {@code timeframe}
   * (defaults 10, 50, 20 and 1h), as {@code backtest --strategy trend-sma --param trend=10} makes
   * it.
   *
   * @param params parameter → value; others are refused
   */
  public TrendFilteredSmaCross(Map<String, String> params) {
    this(SampleStrategies.resolve(NAME, params), NAME);
  }

  private TrendFilteredSmaCross(Map<String, String> p, String name) {
    this(
        SampleStrategies.integer(name, p, "fast"),
        SampleStrategies.integer(name, p, "slow"),
        SampleStrategies.integer(name, p, "trend"),
        timeframe(name, p));
  }

  private static String timeframe(String name, Map<String, String> p) {
    String text = p.get("timeframe").trim();
    try {
      Bars.timeframe(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "strategy '" + name + "': parameter timeframe=" + text + " " + e.getMessage(), e);
    }
    return text;
  }

  /** {@inheritDoc} Here: SMA(slow) of the base bar before the first crossing, and that bar. */
  @Override
  public int warmUp() {
    return slow + 1;
  }

  @Override
  protected void onBar(Bar bar, Orders orders) {
    Optional<SeriesKey> series = seriesOf(bar);
    if (series.isPresent()) {
      State s = states.computeIfAbsent(series.get().symbol(), k -> new State());
      double average = s.trendSma.update(bar.close());
      s.trendUp = !Double.isNaN(average) && bar.close() > average;
      return;
    }
    State s = states.computeIfAbsent(bar.symbol(), k -> new State());
    int cross = s.crossover.update(bar.close());
    if (cross == Indicators.CROSS_UP && !s.holding && s.trendUp) {
      orders.buy();
      s.holding = true;
    } else if (cross == Indicators.CROSS_DOWN && s.holding) {
      orders.sell();
      s.holding = false;
    }
  }

  /** One symbol's SMAs, its trend and whether the strategy holds it. */
  private final class State {
    final Crossover crossover = new Crossover(fast, slow);
    final Sma trendSma = new Sma(trend);
    boolean trendUp;
    boolean holding;
  }
}
