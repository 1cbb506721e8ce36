package dev.quarry.backtest;

import java.util.List;

/**
 * Chains the metric inputs of consecutive runs into one (a walk-forward's test slices): run k's
 * money figures are scaled by {@code factors[k]}, its buy-and-hold curve continues where run k−1's
 * ended, and counts add up.
 */
final class Stitching {
  private Stitching() {}

  static Metrics.Inputs inputs(List<Metrics.Inputs> runs, List<Double> factors) {
    int n = 0;
    int trades = 0;
    for (Metrics.Inputs in : runs) {
      n += in.curve().n();
      trades += in.closed().pnl().length;
    }
    long[] time = new long[n];
    double[] equity = new double[n];
    double[] position = new double[n];
    double[] hold = new double[n];
    double[] pnl = new double[trades];
    long[] entry = new long[trades];
    long[] exit = new long[trades];
    int row = 0;
    int trade = 0;
    int open = 0;
    long bars = 0;
    int pessimistic = 0;
    double traded = 0;
    double fees = 0;
    double slippage = 0;
    double borrow = 0;
    double holdLevel = 1;
    for (int k = 0; k < runs.size(); k++) {
      Metrics.Inputs in = runs.get(k);
      double f = factors.get(k);
      Metrics.Curve c = in.curve();
      for (int i = 0; i < c.n(); i++) {
        time[row] = c.time()[i];
        equity[row] = c.equity()[i] * f;
        position[row] = c.position()[i] * f;
        hold[row] = holdLevel * c.buyAndHold()[i];
        row++;
      }
      if (c.n() > 0) {
        holdLevel *= c.buyAndHold()[c.n() - 1];
      }
      Metrics.ClosedTrades t = in.closed();
      for (int i = 0; i < t.pnl().length; i++) {
        pnl[trade] = t.pnl()[i] * f;
        entry[trade] = t.entryTime()[i];
        exit[trade] = t.exitTime()[i];
        trade++;
      }
      open += in.openTrades();
      bars += in.bars();
      pessimistic += in.pessimisticExits();
      traded += in.traded() * f;
      fees += in.costs().fees() * f;
      slippage += in.costs().slippage() * f;
      borrow += in.costs().borrow() * f;
    }
    return new Metrics.Inputs(
        runs.get(0).initialCash(),
        new Metrics.Curve(time, equity, position, hold, n),
        new Metrics.ClosedTrades(pnl, entry, exit),
        open,
        traded,
        bars,
        new Metrics.CostTotals(fees, slippage, borrow),
        pessimistic);
  }
}
