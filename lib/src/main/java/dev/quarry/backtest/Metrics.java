package dev.quarry.backtest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A backtest's summary figures (SPEC §14), computed from the run's equity curve (the sub-accounts
 * summed per time, {@link BacktestResult#totalEquity()}), its trades and its fills.
 *
 * <p>Notation: the curve has rows t = 0 … n−1 with times τ(t) and equity E(t); the per-bar returns
 * are r(t) = E(t) / E(t−1) − 1 for t = 1 … n−1 (m = n − 1 of them); P, the bars per year, is 365.25
 * days / the median spacing of the curve's times. B(t) is the value of the equal-weight
 * buy-and-hold portfolio of the run's symbols (every symbol it has bars of, traded or not, so that
 * every trial of a grid has the same benchmark; a series a strategy subscribes to, resampled from a
 * symbol's bars, is that symbol and is not counted again): each symbol bought at the close of its
 * first bar with 1/N of the money, held to the end, marked at its last close (a symbol whose bars
 * start later is held as cash until its first close), B(0) = 1; b(t) = B(t) / B(t−1) − 1. Times are
 * seconds. Only closed trades count in the trade figures (a position still open has no exit). A
 * figure that is not defined is {@code NaN} here and {@code null} in {@code metrics.json}.
 *
 * <p>{@link #asMap()} ({@code metrics.json}) holds them in this order, in groups:
 *
 * <p><b>Returns</b>
 *
 * <ul>
 *   <li>{@code total_return}: final equity / initial cash − 1;
 *   <li>{@code cagr}: (final equity / initial cash)^(1 / years) − 1, years = (τ(n−1) − τ(0)) /
 *       365.25 days; {@code NaN} when the data spans no time;
 *   <li>{@code buy_and_hold_return}: B(n−1) − 1, the mean over the run's symbols of close at their
 *       last bar / close at their first bar − 1;
 *   <li>{@code excess_return}: {@code total_return − buy_and_hold_return};
 *   <li>{@code volatility}: the sample standard deviation of r (divisor m − 1) × √P; {@code NaN}
 *       with fewer than 3 rows;
 *   <li>{@code sharpe}: mean(r) / that sample standard deviation × √P, risk-free rate 0; {@code
 *       NaN} when the deviation is 0 or there are fewer than 3 rows;
 *   <li>{@code sortino}: mean(r) / √(mean(min(r, 0)²)) × √P (both means over all m returns); {@code
 *       NaN} without a negative return or with fewer than 3 rows;
 *   <li>{@code calmar}: {@code cagr / max_drawdown}; {@code NaN} when either is {@code NaN} or the
 *       drawdown is 0;
 *   <li>{@code alpha}, {@code beta}: the ordinary least squares fit r(t) = a + β b(t) + ε over t =
 *       1 … n−1: β = Σ (b − b̄)(r − r̄) / Σ (b − b̄)², a = r̄ − β b̄; {@code alpha} is the per-bar
 *       intercept annualised by simple scaling, a × P; both {@code NaN} with fewer than 3 rows or
 *       when b does not vary;
 * </ul>
 *
 * <p><b>Risk</b>
 *
 * <ul>
 *   <li>{@code max_drawdown}: the largest 1 − E(t) / max(E(s), s ≤ t), a fraction ≥ 0;
 *   <li>{@code max_drawdown_duration}: the longest time spent under water, in seconds: from the
 *       last row at a running peak before equity falls below it to the first later row whose equity
 *       is back at or above that peak, or to the last row if it never is; 0 when the curve never
 *       falls below its peak, {@code NaN} without rows;
 * </ul>
 *
 * <p><b>Trades</b>
 *
 * <ul>
 *   <li>{@code win_rate}: closed trades with pnl &gt; 0 / closed trades; {@code NaN} without one;
 *   <li>{@code trade_count}: rows of the trades table (closed and still open);
 *   <li>{@code open_trades}: trades still open at the end;
 *   <li>{@code profit_factor}: gross profit / gross loss, Σ pnl of the winning closed trades / |Σ
 *       pnl of the losing ones|; {@code NaN} without a losing closed trade;
 *   <li>{@code expectancy}: the mean pnl of the closed trades, in money; {@code NaN} without one;
 *   <li>{@code average_win}: the mean pnl of the closed trades with pnl &gt; 0; {@code NaN} without
 *       one;
 *   <li>{@code average_loss}: the mean pnl of the closed trades with pnl &lt; 0, a negative amount;
 *       {@code NaN} without one (a trade with pnl 0 is neither a win nor a loss);
 *   <li>{@code payoff_ratio}: {@code average_win / |average_loss|}; {@code NaN} when either is;
 *   <li>{@code average_holding_time}: the mean of exit time − entry time over the closed trades, in
 *       seconds (times are the bars' starts, as in the trades table); {@code NaN} without one;
 *   <li>{@code exposure}: the fraction of curve rows with a position open;
 *   <li>{@code turnover}: the value traded over the whole run, Σ |quantity × fill price| over every
 *       fill (entries, exits, covers; after slippage), divided by the mean of E over the curve's
 *       rows; 2 is a round trip of the whole equity. Not annualised; {@code NaN} without rows or
 *       when the mean equity is not positive;
 * </ul>
 *
 * <p><b>Costs</b>
 *
 * <ul>
 *   <li>{@code total_costs}: {@code fees} (commissions) + {@code slippage_costs} (slippage and
 *       half-spread: |fill price − the rule's price| × quantity) + {@code borrow_costs} (borrow
 *       fees on shorts), summed over the run;
 *   <li>{@code pessimistic_exits}: exits decided by the pessimistic rule, a bar reaching both a
 *       position's stop and its take-profit (SPEC §11);
 * </ul>
 *
 * <p>Then {@code initial_cash}, {@code final_equity} (cash plus positions marked at their last
 * close, at the end), {@code bars} (bars processed), {@code start} and {@code end} (the first and
 * the last row's time, ISO-8601 text; null without bars).
 *
 * <p>The record's components are in the same order (the costs as one {@link CostTotals}), so a
 * grid's columns are too.
 *
 * @param totalReturn see above
 * @param cagr see above
 * @param buyAndHoldReturn see above
 * @param excessReturn see above
 * @param volatility see above
 * @param sharpe see above
 * @param sortino see above
 * @param calmar see above
 * @param alpha see above
 * @param beta see above
 * @param maxDrawdown see above
 * @param maxDrawdownDuration see above, seconds
 * @param winRate see above
 * @param tradeCount see above
 * @param openTrades trades still open at the end
 * @param profitFactor see above
 * @param expectancy see above
 * @param averageWin see above
 * @param averageLoss see above
 * @param payoffRatio see above
 * @param averageHoldingTime see above, seconds
 * @param exposure see above
 * @param turnover see above
 * @param costs commissions, slippage and borrow fees paid
 * @param pessimisticExits see above
 * @param initialCash the cash at the start
 * @param finalEquity cash plus positions marked at their last close, at the end
 * @param bars bars processed
 * @param start first row's time, null without bars
 * @param end last row's time, null without bars
 */
public record Metrics(
    double totalReturn,
    double cagr,
    double buyAndHoldReturn,
    double excessReturn,
    double volatility,
    double sharpe,
    double sortino,
    double calmar,
    double alpha,
    double beta,
    double maxDrawdown,
    double maxDrawdownDuration,
    double winRate,
    int tradeCount,
    int openTrades,
    double profitFactor,
    double expectancy,
    double averageWin,
    double averageLoss,
    double payoffRatio,
    double averageHoldingTime,
    double exposure,
    double turnover,
    CostTotals costs,
    int pessimisticExits,
    double initialCash,
    double finalEquity,
    long bars,
    Instant start,
    Instant end) {

  /**
   * What a run paid.
   *
   * @param fees commissions
   * @param slippage slippage and half-spread costs
   * @param borrow borrow fees on shorts
   */
  public record CostTotals(double fees, double slippage, double borrow) {
    /** Nothing paid. */
    public static final CostTotals NONE = new CostTotals(0, 0, 0);

    /**
     * Everything paid.
     *
     * @return fees + slippage + borrow
     */
    public double total() {
      return fees + slippage + borrow;
    }
  }

  /**
   * Whether a smaller value of a metric is the better one, as a ranking orders them.
   *
   * @param name a metric of {@link #asMap()}, e.g. {@code max_drawdown}
   * @return true for {@code max_drawdown} and {@code volatility}; false for every other metric
   */
  public static boolean smallerIsBetter(String name) {
    return name.equals("max_drawdown") || name.equals("volatility");
  }

  /**
   * The figures by name, in the fixed order of the class comment, as {@code metrics.json} holds
   * them: numbers, with {@code NaN} as null and times as ISO-8601 text.
   *
   * @return name → value
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_return", number(totalReturn));
    m.put("cagr", number(cagr));
    m.put("buy_and_hold_return", number(buyAndHoldReturn));
    m.put("excess_return", number(excessReturn));
    m.put("volatility", number(volatility));
    m.put("sharpe", number(sharpe));
    m.put("sortino", number(sortino));
    m.put("calmar", number(calmar));
    m.put("alpha", number(alpha));
    m.put("beta", number(beta));
    m.put("max_drawdown", number(maxDrawdown));
    m.put("max_drawdown_duration", number(maxDrawdownDuration));
    m.put("win_rate", number(winRate));
    m.put("trade_count", tradeCount);
    m.put("open_trades", openTrades);
    m.put("profit_factor", number(profitFactor));
    m.put("expectancy", number(expectancy));
    m.put("average_win", number(averageWin));
    m.put("average_loss", number(averageLoss));
    m.put("payoff_ratio", number(payoffRatio));
    m.put("average_holding_time", number(averageHoldingTime));
    m.put("exposure", number(exposure));
    m.put("turnover", number(turnover));
    m.put("total_costs", number(costs.total()));
    m.put("fees", number(costs.fees()));
    m.put("slippage_costs", number(costs.slippage()));
    m.put("borrow_costs", number(costs.borrow()));
    m.put("pessimistic_exits", pessimisticExits);
    m.put("initial_cash", number(initialCash));
    m.put("final_equity", number(finalEquity));
    m.put("bars", bars);
    m.put("start", start == null ? null : start.toString());
    m.put("end", end == null ? null : end.toString());
    return m;
  }

  /**
   * The numeric figures as a two-column table ({@code metric}, {@code value}), for notebooks.
   *
   * @return the table
   */
  public Table toTable() {
    StringColumn name = StringColumn.create("metric");
    DoubleColumn value = DoubleColumn.create("value");
    for (Map.Entry<String, Object> e : asMap().entrySet()) {
      if (e.getValue() instanceof Number n) {
        name.append(e.getKey());
        value.append(n.doubleValue());
      } else if (e.getValue() == null && !e.getKey().equals("start") && !e.getKey().equals("end")) {
        name.append(e.getKey());
        value.appendMissing();
      }
    }
    return Table.create("metrics", name, value);
  }

  private static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

  /**
   * An equity curve, the run's total, with the equal-weight buy-and-hold portfolio beside it.
   *
   * @param time the rows' timestamps, epoch milliseconds, increasing
   * @param equity the equity at each row
   * @param position the value of the open positions at each row (0 when flat)
   * @param buyAndHold B(t), the buy-and-hold portfolio's value (B(0) = 1), see the class comment
   * @param n the rows: the first n values of each array
   */
  record Curve(long[] time, double[] equity, double[] position, double[] buyAndHold, int n) {}

  /**
   * The closed trades.
   *
   * @param pnl each trade's pnl, net of its fees
   * @param entryTime each trade's entry time, epoch milliseconds
   * @param exitTime each trade's exit time, epoch milliseconds
   */
  record ClosedTrades(double[] pnl, long[] entryTime, long[] exitTime) {}

  /** Everything {@link #compute} takes, so that runs can be stitched before it is computed. */
  record Inputs(
      double initialCash,
      Curve curve,
      ClosedTrades closed,
      int openTrades,
      double traded,
      long bars,
      CostTotals costs,
      int pessimisticExits) {}

  static Metrics compute(Inputs in) {
    return compute(
        in.initialCash(),
        in.curve(),
        in.closed(),
        in.openTrades(),
        in.traded(),
        in.bars(),
        in.costs(),
        in.pessimisticExits());
  }

  /**
   * Computes the figures (see the class comment).
   *
   * @param initialCash the cash at the start
   * @param curve the equity curve and the buy-and-hold values
   * @param closed the closed trades
   * @param openTrades trades still open
   * @param traded Σ |quantity × fill price| over every fill
   * @param bars bars processed
   * @param costs what the run paid
   * @param pessimisticExits exits decided by the pessimistic rule
   * @return the figures
   */
  static Metrics compute(
      double initialCash,
      Curve curve,
      ClosedTrades closed,
      int openTrades,
      double traded,
      long bars,
      CostTotals costs,
      int pessimisticExits) {
    long[] time = curve.time();
    double[] equity = curve.equity();
    int n = curve.n();
    double finalEquity = n == 0 ? initialCash : equity[n - 1];
    double growth = finalEquity / initialCash;
    double years = n < 2 ? 0 : (time[n - 1] - time[0]) / YEAR_MILLIS;
    double cagr = years > 0 ? Math.pow(growth, 1 / years) - 1 : Double.NaN;
    double buyAndHold = n == 0 ? Double.NaN : curve.buyAndHold()[n - 1] / curve.buyAndHold()[0] - 1;

    double peak = Double.NEGATIVE_INFINITY;
    long peakTime = 0;
    double maxDrawdown = 0;
    long underWater = 0;
    boolean below = false;
    int exposed = 0;
    double equitySum = 0;
    for (int i = 0; i < n; i++) {
      if (equity[i] >= peak) {
        if (below) { // back at the peak: the drawdown lasted until this row
          underWater = Math.max(underWater, time[i] - peakTime);
          below = false;
        }
        peak = equity[i];
        peakTime = time[i];
      } else {
        below = true;
        maxDrawdown = Math.max(maxDrawdown, 1 - equity[i] / peak);
        underWater = Math.max(underWater, time[i] - peakTime); // so far (the end may come first)
      }
      if (curve.position()[i] != 0) {
        exposed++;
      }
      equitySum += equity[i];
    }
    double meanEquity = n == 0 ? Double.NaN : equitySum / n;

    Returns r = Returns.of(curve);
    double maxDrawdownDuration = n == 0 ? Double.NaN : underWater / 1000.0;
    double calmar = maxDrawdown > 0 ? cagr / maxDrawdown : Double.NaN;

    double[] pnl = closed.pnl();
    int wins = 0;
    int losses = 0;
    double grossProfit = 0;
    double grossLoss = 0;
    double held = 0;
    for (int i = 0; i < pnl.length; i++) {
      if (pnl[i] > 0) {
        wins++;
        grossProfit += pnl[i];
      } else if (pnl[i] < 0) {
        losses++;
        grossLoss -= pnl[i];
      }
      held += closed.exitTime()[i] - closed.entryTime()[i];
    }
    int count = pnl.length;
    double averageWin = wins == 0 ? Double.NaN : grossProfit / wins;
    double averageLoss = losses == 0 ? Double.NaN : -grossLoss / losses;
    return new Metrics(
        growth - 1,
        cagr,
        buyAndHold,
        growth - 1 - buyAndHold,
        r.volatility,
        r.sharpe,
        r.sortino,
        calmar,
        r.alpha,
        r.beta,
        maxDrawdown,
        maxDrawdownDuration,
        count == 0 ? Double.NaN : (double) wins / count,
        count + openTrades,
        openTrades,
        losses == 0 ? Double.NaN : grossProfit / grossLoss,
        count == 0 ? Double.NaN : (grossProfit - grossLoss) / count,
        averageWin,
        averageLoss,
        averageWin / -averageLoss,
        count == 0 ? Double.NaN : held / count / 1000,
        n == 0 ? Double.NaN : (double) exposed / n,
        meanEquity > 0 ? traded / meanEquity : Double.NaN,
        costs,
        pessimisticExits,
        initialCash,
        finalEquity,
        bars,
        n == 0 ? null : Instant.ofEpochMilli(time[0]),
        n == 0 ? null : Instant.ofEpochMilli(time[n - 1]));
  }

  /** The figures of the per-bar returns r and b; see the class comment. */
  private static final class Returns {
    double volatility = Double.NaN;
    double sharpe = Double.NaN;
    double sortino = Double.NaN;
    double alpha = Double.NaN;
    double beta = Double.NaN;

    static Returns of(Curve curve) {
      Returns out = new Returns();
      int n = curve.n();
      if (n < 3) {
        return out;
      }
      double[] e = curve.equity();
      double[] v = curve.buyAndHold();
      int m = n - 1;
      double meanR = 0;
      double meanB = 0;
      for (int t = 1; t < n; t++) {
        meanR += e[t] / e[t - 1] - 1;
        meanB += v[t] / v[t - 1] - 1;
      }
      meanR /= m;
      meanB /= m;
      double squares = 0;
      double downside = 0;
      double sxy = 0;
      double sxx = 0;
      for (int t = 1; t < n; t++) {
        double r = e[t] / e[t - 1] - 1;
        double b = v[t] / v[t - 1] - 1;
        squares += (r - meanR) * (r - meanR);
        if (r < 0) {
          downside += r * r;
        }
        sxy += (b - meanB) * (r - meanR);
        sxx += (b - meanB) * (b - meanB);
      }
      double perYear = YEAR_MILLIS / medianSpacing(curve.time(), n);
      double root = Math.sqrt(perYear);
      double deviation = Math.sqrt(squares / (m - 1));
      out.volatility = deviation * root;
      if (deviation != 0) {
        out.sharpe = meanR / deviation * root;
      }
      if (downside > 0) {
        out.sortino = meanR / Math.sqrt(downside / m) * root;
      }
      if (sxx > 0) {
        out.beta = sxy / sxx;
        out.alpha = (meanR - out.beta * meanB) * perYear;
      }
      return out;
    }
  }

  /** The median of the spacings between consecutive times (n ≥ 2). */
  private static double medianSpacing(long[] time, int n) {
    long first = time[1] - time[0];
    boolean regular = true;
    for (int i = 2; i < n && regular; i++) {
      regular = time[i] - time[i - 1] == first;
    }
    if (regular) {
      return first; // evenly spaced bars: no need to sort
    }
    long[] spacing = new long[n - 1];
    for (int i = 1; i < n; i++) {
      spacing[i - 1] = time[i] - time[i - 1];
    }
    java.util.Arrays.sort(spacing);
    int m = spacing.length;
    return m % 2 == 1 ? spacing[m / 2] : (spacing[m / 2 - 1] + (double) spacing[m / 2]) / 2;
  }

  private static Double number(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
