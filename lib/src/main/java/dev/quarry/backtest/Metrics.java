package dev.quarry.backtest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A backtest's summary figures. Definitions (also in the README):
 *
 * <ul>
 *   <li>{@code total_return}: final equity / initial cash − 1;
 *   <li>{@code cagr}: (final equity / initial cash)^(1 / years) − 1, years = (last bar start −
 *       first bar start) / 365.25 days; {@code NaN} when the data spans no time;
 *   <li>{@code sharpe}: mean / sample standard deviation of the per-row returns of the equity curve
 *       (row t: equity(t) / equity(t−1) − 1), × √(rows per year), where rows per year = 365.25 days
 *       / the median spacing of the curve's timestamps; risk-free rate 0; {@code NaN} when the
 *       deviation is 0 or there are fewer than 3 rows;
 *   <li>{@code max_drawdown}: the largest 1 − equity(t) / max(equity(s), s ≤ t), a fraction ≥ 0;
 *   <li>{@code win_rate}: closed trades with pnl &gt; 0 / closed trades; {@code NaN} without one;
 *   <li>{@code trade_count}: rows of the trades table (closed and still open);
 *   <li>{@code exposure}: the fraction of equity-curve rows with a position open;
 *   <li>{@code total_costs}: {@code fees} (commissions) + {@code slippage_costs} (slippage and
 *       half-spread: |fill price − the rule's price| × quantity) + {@code borrow_costs} (borrow
 *       fees on shorts), summed over the run;
 *   <li>{@code pessimistic_exits}: exits decided by the pessimistic rule, a bar reaching both a
 *       position's stop and its take-profit (SPEC §11).
 * </ul>
 *
 * @param initialCash the cash at the start
 * @param finalEquity cash plus positions marked at their last close, at the end
 * @param totalReturn see above
 * @param cagr see above
 * @param sharpe see above
 * @param maxDrawdown see above
 * @param winRate see above
 * @param tradeCount see above
 * @param openTrades trades still open at the end
 * @param exposure see above
 * @param bars bars processed
 * @param start first bar's start, null without bars
 * @param end last bar's start, null without bars
 * @param costs commissions, slippage and borrow fees paid
 * @param pessimisticExits see above
 */
public record Metrics(
    double initialCash,
    double finalEquity,
    double totalReturn,
    double cagr,
    double sharpe,
    double maxDrawdown,
    double winRate,
    int tradeCount,
    int openTrades,
    double exposure,
    long bars,
    Instant start,
    Instant end,
    CostTotals costs,
    int pessimisticExits) {

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
   * The figures by name, in a fixed order, as {@code metrics.json} holds them: numbers, with {@code
   * NaN} as null and times as ISO-8601 text.
   *
   * @return name → value
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_return", number(totalReturn));
    m.put("cagr", number(cagr));
    m.put("sharpe", number(sharpe));
    m.put("max_drawdown", number(maxDrawdown));
    m.put("win_rate", number(winRate));
    m.put("trade_count", tradeCount);
    m.put("open_trades", openTrades);
    m.put("exposure", number(exposure));
    m.put("initial_cash", number(initialCash));
    m.put("final_equity", number(finalEquity));
    m.put("total_costs", number(costs.total()));
    m.put("fees", number(costs.fees()));
    m.put("slippage_costs", number(costs.slippage()));
    m.put("borrow_costs", number(costs.borrow()));
    m.put("pessimistic_exits", pessimisticExits);
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
   * Computes the figures from an equity curve and the trades.
   *
   * @param initialCash the cash at the start
   * @param time the curve's timestamps, epoch milliseconds, increasing
   * @param equity the curve's equity
   * @param position the curve's position values (0 when flat)
   * @param n the curve's rows: the first n values of the three arrays
   * @param closedPnl the pnl of every closed trade
   * @param tradeCount closed and open trades
   * @param openTrades open trades
   * @param bars bars processed
   * @param costs what the run paid
   * @param pessimisticExits exits decided by the pessimistic rule
   * @return the figures
   */
  static Metrics compute(
      double initialCash,
      long[] time,
      double[] equity,
      double[] position,
      int n,
      double[] closedPnl,
      int tradeCount,
      int openTrades,
      long bars,
      CostTotals costs,
      int pessimisticExits) {
    double finalEquity = n == 0 ? initialCash : equity[n - 1];
    double growth = finalEquity / initialCash;
    double years = n < 2 ? 0 : (time[n - 1] - time[0]) / YEAR_MILLIS;
    double cagr = years > 0 ? Math.pow(growth, 1 / years) - 1 : Double.NaN;
    double peak = Double.NEGATIVE_INFINITY;
    double maxDrawdown = 0;
    int exposed = 0;
    for (int i = 0; i < n; i++) {
      peak = Math.max(peak, equity[i]);
      maxDrawdown = Math.max(maxDrawdown, 1 - equity[i] / peak);
      if (position[i] != 0) {
        exposed++;
      }
    }
    int wins = 0;
    for (double pnl : closedPnl) {
      if (pnl > 0) {
        wins++;
      }
    }
    return new Metrics(
        initialCash,
        finalEquity,
        growth - 1,
        cagr,
        sharpe(time, equity, n),
        maxDrawdown,
        closedPnl.length == 0 ? Double.NaN : (double) wins / closedPnl.length,
        tradeCount,
        openTrades,
        n == 0 ? Double.NaN : (double) exposed / n,
        bars,
        n == 0 ? null : Instant.ofEpochMilli(time[0]),
        n == 0 ? null : Instant.ofEpochMilli(time[n - 1]),
        costs,
        pessimisticExits);
  }

  /** Annualised Sharpe ratio of the per-row returns; see the class comment. */
  private static double sharpe(long[] time, double[] equity, int n) {
    if (n < 3) {
      return Double.NaN;
    }
    double mean = 0;
    for (int i = 1; i < n; i++) {
      mean += equity[i] / equity[i - 1] - 1;
    }
    mean /= n - 1;
    double squares = 0;
    for (int i = 1; i < n; i++) {
      double d = equity[i] / equity[i - 1] - 1 - mean;
      squares += d * d;
    }
    double deviation = Math.sqrt(squares / (n - 2));
    if (deviation == 0) {
      return Double.NaN;
    }
    return mean / deviation * Math.sqrt(YEAR_MILLIS / medianSpacing(time, n));
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
