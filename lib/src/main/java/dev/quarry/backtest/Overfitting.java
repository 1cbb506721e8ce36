package dev.quarry.backtest;

import dev.quarry.stats.Pbo;
import dev.quarry.stats.SharpeStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much of a grid's best result is luck (SPEC §14): the number of trials, the probabilistic and
 * deflated Sharpe ratios of the selected trial (the best by the grid's ranking), and the
 * probability of backtest overfitting by combinatorially symmetric cross-validation.
 *
 * <ul>
 *   <li>{@code psr}: the probability that the selected trial's true per-bar Sharpe ratio is above
 *       0, given its T returns, skewness and kurtosis;
 *   <li>{@code sr0}: the Sharpe ratio the best of N trials with no skill would show by luck, from
 *       the variance V of the trials' Sharpe ratios; {@code dsr}: the probability that the selected
 *       trial's true Sharpe ratio is above it;
 *   <li>{@code pbo}: the share of the C(S, S/2) in-sample/out-of-sample splits of the bars in which
 *       the trial best in sample ranks in the lower half out of sample.
 * </ul>
 *
 * <p>A figure that cannot be computed is {@code NaN} with its reason: DSR needs two trials, PBO two
 * trials and at least S bars.
 *
 * @param trials N, the trials of the grid
 * @param bars T, the per-bar returns of each trial
 * @param selected the selected trial's name, e.g. {@code fast=10,slow=50}
 * @param sharpe the selected trial's per-bar Sharpe ratio
 * @param sr0 the Sharpe ratio expected from the best of N luckless trials
 * @param psr the probabilistic Sharpe ratio of the selected trial (against 0)
 * @param dsr the deflated Sharpe ratio of the selected trial
 * @param pbo the probability of backtest overfitting
 * @param pboBlocks S, the blocks the bars were cut into
 * @param note why a figure is missing, empty when none is
 */
public record Overfitting(
    int trials,
    int bars,
    String selected,
    double sharpe,
    double sr0,
    double psr,
    double dsr,
    double pbo,
    int pboBlocks,
    String note) {

  /**
   * The figures of a grid's trials.
   *
   * @param grid the grid, its trials ranked (the first is the selected one)
   * @param blocks S, even, at least 2
   * @return the figures
   */
  public static Overfitting of(GridRun grid, int blocks) {
    int n = grid.trials().size();
    double[][] returns = new double[n][];
    double[] sharpes = new double[n];
    for (int i = 0; i < n; i++) {
      returns[i] = grid.returns(i);
      sharpes[i] = SharpeStats.sharpe(returns[i]);
    }
    SharpeStats.Moments best = SharpeStats.moments(returns[0]);
    StringBuilder note = new StringBuilder();
    double sr0 = Double.NaN;
    double dsr = Double.NaN;
    double pbo = Double.NaN;
    if (n < 2) {
      note.append("DSR and PBO need at least 2 trials; ");
    } else {
      double v = SharpeStats.variance(sharpes);
      sr0 = SharpeStats.sr0(n, v);
      dsr = best.dsr(n, v);
      if (grid.bars() < blocks) {
        note.append("PBO needs at least ").append(blocks).append(" bars; ");
      } else {
        pbo = Pbo.ofColumns(returns, blocks).pbo();
      }
    }
    String reason = note.length() == 0 ? "" : note.substring(0, note.length() - 2);
    return new Overfitting(
        n,
        grid.bars(),
        grid.trials().get(0),
        best.sharpe(),
        sr0,
        best.psr(0),
        dsr,
        pbo,
        blocks,
        reason);
  }

  /**
   * The figures by name, as {@code overfitting.json} holds them ({@code NaN} as null).
   *
   * @return name → value, in order
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trials", trials);
    m.put("bars", bars);
    m.put("sr0", number(sr0));
    m.put("dsr", number(dsr));
    m.put("psr", number(psr));
    m.put("pbo", number(pbo));
    m.put("pbo_blocks", pboBlocks);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("trial", selected);
    s.put("sharpe", number(sharpe));
    m.put("selected", s);
    if (!note.isEmpty()) {
      m.put("note", note);
    }
    return m;
  }

  /**
   * The figures in one line, e.g. {@code 6 trials; the best (fast=10,slow=50): PSR 0.87, DSR 0.42;
   * PBO 0.35 over 16 blocks}.
   *
   * @return the line
   */
  public String summary() {
    return String.format(
            Locale.ROOT,
            "%d trials; the best (%s, per-bar Sharpe %s): PSR %s, DSR %s; PBO %s over %d blocks",
            trials,
            selected,
            fixed(sharpe, 4),
            fixed(psr, 2),
            fixed(dsr, 2),
            fixed(pbo, 2),
            pboBlocks)
        + (note.isEmpty() ? "" : " (" + note + ")");
  }

  /**
   * What the figures mean, in one line.
   *
   * @return the line
   */
  public static String meaning() {
    return "PSR: chance the best trial's true Sharpe is above 0; DSR: chance it beats the best of"
        + " as many luckless trials; PBO: chance the in-sample best ranks in the lower half out of"
        + " sample. Low DSR or high PBO: the best result is mostly luck.";
  }

  private static String fixed(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static Double number(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
