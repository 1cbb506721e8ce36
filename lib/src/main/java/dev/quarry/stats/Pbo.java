package dev.quarry.stats;

import java.util.Arrays;

/**
 * The probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV;
 * Bailey, Borwein, López de Prado and Zhu, 2017; SPEC §14).
 *
 * <p>The T × N matrix of per-bar returns (T bars, N trials) is cut into S contiguous blocks of
 * ⌊T/S⌋ bars (the last T mod S rows are dropped). For each of the C(S, S/2) ways to pick half the
 * blocks as in-sample, in lexicographic order of the in-sample block indices ({0..S/2−1} first):
 *
 * <ol>
 *   <li>n* is the trial with the best in-sample per-bar Sharpe ratio (ties: the lowest index);
 *   <li>ω = rank of n*'s out-of-sample Sharpe among the N trials / (N + 1), rank 1 = worst, ties by
 *       mean rank;
 *   <li>λ = ln(ω / (1 − ω)).
 * </ol>
 *
 * PBO is the share of splits with λ ≤ 0. Sharpe = mean / sample standard deviation; a slice with
 * zero variance has Sharpe 0 if its mean is 0 and ±∞ otherwise (it ranks above or below every
 * varying slice).
 *
 * <p>Cost: one pass over the matrix for per-block sums and sums of squares, then O(S × N) per
 * split; the matrix is never copied. (N = 200, T = 10,000, S = 16: about 0.1 s, nearly all in the
 * splits.)
 *
 * @param pbo the share of splits with λ ≤ 0
 * @param splits C(S, S/2)
 * @param blocks S
 * @param blockBars ⌊T/S⌋, bars per block
 * @param trials N
 * @param logits λ per split, in split order (a copy is kept and handed out)
 */
public record Pbo(double pbo, int splits, int blocks, int blockBars, int trials, double[] logits) {
  /** Default S. */
  public static final int DEFAULT_BLOCKS = 16;

  /** Largest S accepted: C(24, 12) = 2,704,156 splits. */
  public static final int MAX_BLOCKS = 24;

  /** Copies the logits. */
  public Pbo {
    logits = logits.clone();
  }

  /**
   * Returns λ per split, in split order.
   *
   * @return a copy of the logits
   */
  @Override
  public double[] logits() {
    return logits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pbo p
        && Double.compare(pbo, p.pbo) == 0
        && splits == p.splits
        && blocks == p.blocks
        && blockBars == p.blockBars
        && trials == p.trials
        && Arrays.equals(logits, p.logits);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(pbo) + Arrays.hashCode(logits);
  }

  @Override
  public String toString() {
    return "Pbo[pbo="
        + pbo
        + ", splits="
        + splits
        + ", blocks="
        + blocks
        + ", blockBars="
        + blockBars
        + ", trials="
        + trials
        + "]";
  }

  /**
   * CSCV with {@link #DEFAULT_BLOCKS} blocks.
   *
   * @param returns {@code returns[bar][trial]}
   * @return the result
   * @throws IllegalArgumentException as {@link #ofRows(double[][], int)}
   */
  public static Pbo ofRows(double[][] returns) {
    return ofRows(returns, DEFAULT_BLOCKS);
  }

  /**
   * CSCV on a bar-major matrix.
   *
   * @param returns {@code returns[bar][trial]}: T rows of N per-bar returns each
   * @param blocks S, even, 2 to {@link #MAX_BLOCKS}, at most T
   * @return the result
   * @throws IllegalArgumentException if S is odd or out of range, S &gt; T, a block half has fewer
   *     than 2 bars, N &lt; 2, rows differ in length, or a return in the used rows is not finite
   *     (the dropped last rows are not read)
   */
  public static Pbo ofRows(double[][] returns, int blocks) {
    int t = returns.length;
    int n = t == 0 ? 0 : returns[0].length;
    for (int row = 0; row < t; row++) {
      if (returns[row].length != n) {
        throw new IllegalArgumentException(
            "returns row "
                + row
                + " has "
                + returns[row].length
                + " trials, row 0 has "
                + n
                + ": every bar needs one return per trial");
      }
    }
    return compute(new Matrix(t, n, (row, trial) -> returns[row][trial]), blocks);
  }

  /**
   * CSCV on a trial-major matrix (e.g. the columns of {@code returns.parquet}).
   *
   * @param trials {@code trials[trial][bar]}: N columns of T per-bar returns each
   * @param blocks S, even, 2 to {@link #MAX_BLOCKS}, at most T
   * @return the result
   * @throws IllegalArgumentException as {@link #ofRows(double[][], int)}
   */
  public static Pbo ofColumns(double[][] trials, int blocks) {
    int n = trials.length;
    int t = n == 0 ? 0 : trials[0].length;
    for (int trial = 0; trial < n; trial++) {
      if (trials[trial].length != t) {
        throw new IllegalArgumentException(
            "trial "
                + trial
                + " has "
                + trials[trial].length
                + " returns, trial 0 has "
                + t
                + ": every trial needs one return per bar");
      }
    }
    return compute(new Matrix(t, n, (row, trial) -> trials[trial][row]), blocks);
  }

  private interface Cell {
    double get(int row, int trial);
  }

  private record Matrix(int bars, int trials, Cell cell) {}

  private static Pbo compute(Matrix m, int s) {
    validate(m, s);
    int n = m.trials();
    int len = m.bars() / s;
    double[] sum = new double[s * n];
    double[] sq = new double[s * n];
    blockSums(m, len, sum, sq);
    int half = s / 2;
    int splits = (int) binomial(s, half);
    double[] logits = new double[splits];
    int overfit = 0;
    int[] in = new int[half];
    int[] out = new int[half];
    double[] is = new double[n];
    double[] oos = new double[n];
    double[] scratchSum = new double[n];
    double[] scratchSq = new double[n];
    for (int i = 0; i < half; i++) {
      in[i] = i;
    }
    for (int split = 0; split < splits; split++) {
      complement(in, s, out);
      sharpes(sum, sq, in, half * len, scratchSum, scratchSq, is);
      sharpes(sum, sq, out, half * len, scratchSum, scratchSq, oos);
      int best = 0;
      for (int trial = 1; trial < n; trial++) {
        if (is[trial] > is[best]) {
          best = trial;
        }
      }
      int twiceRank = twiceRank(oos, best);
      double omega = twiceRank / (2.0 * (n + 1));
      logits[split] = Math.log(omega / (1 - omega));
      overfit += twiceRank <= n + 1 ? 1 : 0;
      next(in, s);
    }
    return new Pbo((double) overfit / splits, splits, s, len, n, logits);
  }

  /** Per-block sums and sums of squares of every trial, at [block * n + trial], in one pass. */
  private static void blockSums(Matrix m, int len, double[] sum, double[] sq) {
    int n = m.trials();
    for (int b = 0; b < sum.length / n; b++) {
      for (int row = b * len; row < (b + 1) * len; row++) {
        for (int trial = 0; trial < n; trial++) {
          double r = m.cell().get(row, trial);
          if (!Double.isFinite(r)) {
            throw notFinite(row, trial, r);
          }
          sum[b * n + trial] += r;
          sq[b * n + trial] += r * r;
        }
      }
    }
  }

  /**
   * Twice the rank of {@code sharpes[best]} among {@code sharpes} (1 = worst), ties by mean rank:
   * the tied group (which includes it) takes ranks below + 1 … below + equal, mean below + (equal +
   * 1) / 2. Doubled so that λ ≤ 0 ⇔ ω ≤ 1/2 ⇔ 2·rank ≤ N + 1 is decided in integers.
   */
  private static int twiceRank(double[] sharpes, int best) {
    int below = 0;
    int equal = 0;
    for (double sharpe : sharpes) {
      below += sharpe < sharpes[best] ? 1 : 0;
      equal += sharpe == sharpes[best] ? 1 : 0;
    }
    return 2 * below + equal + 1;
  }

  /**
   * Sharpe ratios of every trial over the given blocks of {@code k} bars in all, into {@code into};
   * the block-outer loop runs over contiguous trials so that it vectorises.
   */
  private static void sharpes(
      double[] sum, double[] sq, int[] blocks, int k, double[] s, double[] q, double[] into) {
    int n = into.length;
    Arrays.fill(s, 0);
    Arrays.fill(q, 0);
    for (int b : blocks) {
      int base = b * n;
      for (int trial = 0; trial < n; trial++) {
        s[trial] += sum[base + trial];
        q[trial] += sq[base + trial];
      }
    }
    for (int trial = 0; trial < n; trial++) {
      double mean = s[trial] / k;
      double var = (q[trial] - s[trial] * mean) / (k - 1);
      if (var > 0) {
        into[trial] = mean / Math.sqrt(var);
      } else {
        into[trial] = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
      }
    }
  }

  /** The blocks of 0..s-1 not in the sorted {@code in}, sorted, into {@code out}. */
  private static void complement(int[] in, int s, int[] out) {
    int j = 0;
    int k = 0;
    for (int b = 0; b < s; b++) {
      if (j < in.length && in[j] == b) {
        j++;
      } else {
        out[k++] = b;
      }
    }
  }

  /** Advances {@code c} to the next k-combination of 0..s-1 in lexicographic order. */
  private static void next(int[] c, int s) {
    int k = c.length;
    int i = k - 1;
    while (i >= 0 && c[i] == s - k + i) {
      i--;
    }
    if (i < 0) {
      return; // the last combination: the loop ends by count
    }
    c[i]++;
    for (int j = i + 1; j < k; j++) {
      c[j] = c[j - 1] + 1;
    }
  }

  static long binomial(int s, int k) {
    long c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (s - k + i) / i;
    }
    return c;
  }

  private static void validate(Matrix m, int s) {
    if (s < 2 || s % 2 != 0 || s > MAX_BLOCKS) {
      throw new IllegalArgumentException(
          "pbo blocks="
              + s
              + ": S must be even, from 2 to "
              + MAX_BLOCKS
              + " (C(S, S/2) splits: 16 gives 12,870); the default is "
              + DEFAULT_BLOCKS);
    }
    if (m.trials() < 2) {
      throw new IllegalArgumentException(
          "pbo needs at least 2 trials, got "
              + m.trials()
              + ": the overfitting probability compares a grid's trials; run a grid");
    }
    if (s > m.bars()) {
      throw new IllegalArgumentException(
          "pbo blocks="
              + s
              + " exceeds the "
              + m.bars()
              + " bars: every block needs at least one bar; use fewer blocks or more data");
    }
    if (s / 2 * (m.bars() / s) < 2) {
      throw new IllegalArgumentException(
          "pbo blocks="
              + s
              + " over "
              + m.bars()
              + " bars leaves "
              + s / 2 * (m.bars() / s)
              + " bar per half: a Sharpe ratio needs at least 2; use more data");
    }
  }

  private static IllegalArgumentException notFinite(int row, int trial, double r) {
    return new IllegalArgumentException(
        "return at bar "
            + row
            + ", trial "
            + trial
            + " is "
            + r
            + ": per-bar returns must be finite; give bars without a position return 0");
  }
}
