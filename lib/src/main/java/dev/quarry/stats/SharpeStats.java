package dev.quarry.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Per-bar Sharpe ratio, its higher moments, and the probabilistic and deflated Sharpe ratios of
 * Bailey and López de Prado (SPEC §14).
 *
 * <p>Estimators, all on per-bar returns (no annualisation, no risk-free rate):
 *
 * <ul>
 *   <li>Sharpe = mean / <em>sample</em> standard deviation (denominator T − 1);
 *   <li>skewness g₃ = m₃ / m₂^{3/2} and (non-excess, normal = 3) kurtosis g₄ = m₄ / m₂², with the
 *       <em>population</em> central moments m_k = (1/T) Σ (r − mean)^k, as in Bailey and López de
 *       Prado (2014);
 *   <li>the variance V of the trials' Sharpe ratios is the sample variance (denominator N − 1).
 * </ul>
 *
 * <p>A flat series (every return zero, e.g. a trial that never trades) has Sharpe 0; a constant
 * non-zero series has no Sharpe ratio and is rejected.
 *
 * <pre>{@code
 * SharpeStats.Moments m = SharpeStats.moments(returns);
 * double psr = m.psr(0);                                   // P(true Sharpe > 0)
 * double dsr = m.dsr(trials, SharpeStats.variance(sharpesOfAllTrials));
 * }</pre>
 */
public final class SharpeStats {
  /** The Euler–Mascheroni constant γ. */
  public static final double EULER_MASCHERONI = 0.5772156649015329;

  // No random generator: only Φ and Φ⁻¹ are used, never sampling.
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  private SharpeStats() {}

  /**
   * A return series' per-bar Sharpe ratio, length and higher moments: the inputs of {@link #psr}
   * and {@link #dsr}.
   *
   * @param sharpe mean / sample standard deviation
   * @param bars the number of returns T, at least 2
   * @param skewness g₃ from population moments
   * @param kurtosis g₄ from population moments, non-excess (3 for a normal distribution)
   */
  public record Moments(double sharpe, int bars, double skewness, double kurtosis) {
    /** Checks the values are finite and T ≥ 2. */
    public Moments {
      if (bars < 2 || !Double.isFinite(sharpe + skewness + kurtosis)) {
        throw new IllegalArgumentException(
            "moments need T >= 2 and finite values; got sharpe="
                + sharpe
                + ", T="
                + bars
                + ", skewness="
                + skewness
                + ", kurtosis="
                + kurtosis);
      }
    }

    /**
     * The probabilistic Sharpe ratio against a benchmark Sharpe ratio.
     *
     * @param sr0 the per-bar benchmark SR₀ (0 for the plain PSR)
     * @return {@link SharpeStats#psr(double, int, double, double, double)} of these moments
     */
    public double psr(double sr0) {
      return SharpeStats.psr(sharpe, bars, skewness, kurtosis, sr0);
    }

    /**
     * The deflated Sharpe ratio of this series as the one selected among {@code trials}.
     *
     * @param trials N, the number of trials in the grid, at least 2
     * @param varianceOfTrialSharpes V, the variance of the trials' per-bar Sharpe ratios
     * @return {@link SharpeStats#dsr(double, int, double, double, int, double)} of these moments
     */
    public double dsr(int trials, double varianceOfTrialSharpes) {
      return SharpeStats.dsr(sharpe, bars, skewness, kurtosis, trials, varianceOfTrialSharpes);
    }
  }

  /**
   * Computes the Sharpe ratio, skewness and kurtosis of a return series in two passes.
   *
   * @param returns per-bar returns, at least 2, all finite, not all equal
   * @return the moments
   * @throws IllegalArgumentException if there are fewer than 2 returns, one is not finite, or all
   *     are equal (skewness and kurtosis need a non-zero variance)
   */
  public static Moments moments(double[] returns) {
    double mean = mean(returns);
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (double r : returns) {
      double d = r - mean;
      double d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
    int t = returns.length;
    if (m2 == 0) {
      throw new IllegalArgumentException(
          "all "
              + t
              + " returns equal "
              + returns[0]
              + ": skewness and kurtosis need returns that vary");
    }
    m2 /= t;
    m3 /= t;
    m4 /= t;
    double sharpe = mean / Math.sqrt(m2 * t / (t - 1));
    return new Moments(sharpe, t, m3 / Math.pow(m2, 1.5), m4 / (m2 * m2));
  }

  /**
   * The per-bar Sharpe ratio: mean / sample standard deviation (denominator T − 1). All-zero
   * returns give 0.
   *
   * @param returns per-bar returns, at least 2, all finite
   * @return the Sharpe ratio
   * @throws IllegalArgumentException if there are fewer than 2 returns, one is not finite, or all
   *     equal the same non-zero value (the ratio would be infinite)
   */
  public static double sharpe(double[] returns) {
    double mean = mean(returns);
    double ss = 0;
    for (double r : returns) {
      ss += (r - mean) * (r - mean);
    }
    if (ss == 0) {
      if (mean == 0) {
        return 0;
      }
      throw new IllegalArgumentException(
          "all "
              + returns.length
              + " returns equal "
              + mean
              + ": a constant non-zero return has no Sharpe ratio");
    }
    return mean / Math.sqrt(ss / (returns.length - 1));
  }

  /**
   * The sample variance (denominator N − 1) of the trials' Sharpe ratios: V in {@link #sr0}.
   *
   * @param sharpes one per-bar Sharpe ratio per trial, at least 2, all finite
   * @return the sample variance
   * @throws IllegalArgumentException if there are fewer than 2 values or one is not finite
   */
  public static double variance(double[] sharpes) {
    double mean = mean(sharpes);
    double ss = 0;
    for (double s : sharpes) {
      ss += (s - mean) * (s - mean);
    }
    return ss / (sharpes.length - 1);
  }

  /**
   * The expected maximum Sharpe ratio of {@code trials} unskilled trials: SR₀ = √V · ((1 − γ) Φ⁻¹(1
   * − 1/N) + γ Φ⁻¹(1 − 1/(N·e))).
   *
   * @param trials N, at least 2 (with one trial there is nothing to deflate for)
   * @param varianceOfTrialSharpes V, finite and non-negative
   * @return SR₀, per bar
   * @throws IllegalArgumentException if N &lt; 2 or V is negative or not finite
   */
  public static double sr0(int trials, double varianceOfTrialSharpes) {
    if (trials < 2) {
      throw new IllegalArgumentException(
          "sr0 needs at least 2 trials, got "
              + trials
              + "; with one trial there is no selection to deflate for — use psr with sr0 = 0");
    }
    if (!(varianceOfTrialSharpes >= 0) || Double.isInfinite(varianceOfTrialSharpes)) {
      throw new IllegalArgumentException(
          "variance of the trials' Sharpe ratios must be finite and >= 0, got "
              + varianceOfTrialSharpes);
    }
    double n = trials;
    return Math.sqrt(varianceOfTrialSharpes)
        * ((1 - EULER_MASCHERONI) * NORMAL.inverseCumulativeProbability(1 - 1 / n)
            + EULER_MASCHERONI * NORMAL.inverseCumulativeProbability(1 - 1 / (n * Math.E)));
  }

  /**
   * The probabilistic Sharpe ratio: PSR = Φ((SR − SR₀) √(T − 1) / √(1 − g₃·SR + (g₄ − 1)/4 · SR²)),
   * the probability that the true Sharpe ratio exceeds SR₀.
   *
   * @param sr the observed per-bar Sharpe ratio
   * @param t the number of returns T, at least 2
   * @param g3 skewness
   * @param g4 non-excess kurtosis (3 for normal returns)
   * @param sr0 the per-bar benchmark Sharpe ratio
   * @return a probability in [0, 1]
   * @throws IllegalArgumentException if T &lt; 2, an input is not finite, or 1 − g₃·SR + (g₄ − 1)/4
   *     · SR² is not positive (moments no distribution has: true moments have g₄ ≥ 1 + g₃², which
   *     keeps it ≥ (1 − g₃·SR/2)²)
   */
  public static double psr(double sr, int t, double g3, double g4, double sr0) {
    if (t < 2 || !Double.isFinite(sr + g3 + g4 + sr0)) {
      throw new IllegalArgumentException(
          "psr needs T >= 2 and finite inputs; got sr="
              + sr
              + ", T="
              + t
              + ", g3="
              + g3
              + ", g4="
              + g4
              + ", sr0="
              + sr0);
    }
    double var = 1 - g3 * sr + (g4 - 1) / 4 * sr * sr;
    if (!(var > 0)) {
      throw new IllegalArgumentException(
          "1 - g3*sr + (g4-1)/4*sr^2 = "
              + var
              + " for sr="
              + sr
              + ", g3="
              + g3
              + ", g4="
              + g4
              + ": not positive; check that g4 is the non-excess kurtosis (3 for normal returns)");
    }
    return NORMAL.cumulativeProbability((sr - sr0) * Math.sqrt(t - 1) / Math.sqrt(var));
  }

  /**
   * The deflated Sharpe ratio: {@link #psr} with SR₀ = {@link #sr0}(N, V).
   *
   * @param sr the selected trial's per-bar Sharpe ratio
   * @param t its number of returns T
   * @param g3 its skewness
   * @param g4 its non-excess kurtosis
   * @param trials N, the number of trials, at least 2
   * @param varianceOfTrialSharpes V, the variance of all trials' per-bar Sharpe ratios
   * @return a probability in [0, 1]
   * @throws IllegalArgumentException as {@link #psr} and {@link #sr0}
   */
  public static double dsr(
      double sr, int t, double g3, double g4, int trials, double varianceOfTrialSharpes) {
    return psr(sr, t, g3, g4, sr0(trials, varianceOfTrialSharpes));
  }

  private static double mean(double[] values) {
    if (values.length < 2) {
      throw new IllegalArgumentException(
          "need at least 2 values, got " + values.length + ": a standard deviation needs two");
    }
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "value " + i + " is " + values[i] + "; every return must be finite");
      }
      sum += values[i];
    }
    return sum / values.length;
  }
}
