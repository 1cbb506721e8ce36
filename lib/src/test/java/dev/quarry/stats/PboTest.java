package dev.quarry.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PboTest {
  private static final double LN2 = Math.log(2);

  @Test
  void twoBlocksThreeTrialsByHand() {
    // Blocks of 2 bars (row 4 is dropped: T = 5, S = 2). Sharpe of [a, b] = mean / (|a−b|/√2).
    //            block 0          block 1
    // trial 0   [.01, .03] √2    [−.01, .01] 0
    // trial 1   [.00, .02] 1/√2  [.01, .03]  √2
    // trial 2   [−.01, .01] 0    [.00, .02]  1/√2
    // Split 1, in-sample {0}: n* = trial 0; out of sample (block 1) it is the worst, rank 1,
    //   ω = 1/4, λ = ln(1/3) = −1.0986122886681098.
    // Split 2, in-sample {1}: n* = trial 1; out of sample (block 0) ranks 2 of 3, ω = 2/4,
    //   λ = ln 1 = 0, which counts as overfit (λ ≤ 0). PBO = 2/2.
    double[][] rows = {
      {0.01, 0.00, -0.01},
      {0.03, 0.02, 0.01},
      {-0.01, 0.01, 0.00},
      {0.01, 0.03, 0.02},
      {0.00, 0.00, 1.00}, // dropped: it would make trial 2 the best in block 1
    };
    Pbo pbo = Pbo.ofRows(rows, 2);
    assertArrayEquals(new double[] {Math.log(1.0 / 3), 0}, pbo.logits(), 1e-12);
    assertEquals(1.0, pbo.pbo());
    assertEquals(2, pbo.splits());
    assertEquals(2, pbo.blocks());
    assertEquals(2, pbo.blockBars());
    assertEquals(3, pbo.trials());
  }

  @Test
  void fourBlocksInLexicographicOrderWithTiesByLowestIndexAndMeanRank() {
    // u = 1/128 keeps every sum exact. Trial 0 is flat (Sharpe 0); trial 1 has blocks
    // b0 = [2u, 4u], b1 = [u, 3u], b2 = [0, 2u], b3 = [−3u, u], block sums 6u, 4u, 2u, −2u, so
    // the sign of its Sharpe over any blocks is the sign of their summed block sums.
    // In-sample → IS sum → n*                 → OOS sum → n*'s OOS rank of 2 → ω   → λ
    // {0,1}      10u      trial 1              {2,3} 0    tie with trial 0: 1.5  1/2   0
    // {0,2}       8u      trial 1              {1,3} 2u   2                      2/3   ln 2
    // {0,3}       4u      trial 1              {1,2} 6u   2                      2/3   ln 2
    // {1,2}       6u      trial 1              {0,3} 4u   2                      2/3   ln 2
    // {1,3}       2u      trial 1              {0,2} 8u   2                      2/3   ln 2
    // {2,3}       0       tie: trial 0 (lowest) {0,1}: trial 1 10u > 0, trial 0 rank 1  1/3  −ln 2
    // PBO = 2/6 (λ = 0 and λ = −ln 2).
    double u = 1.0 / 128;
    double[] trial1 = {2 * u, 4 * u, u, 3 * u, 0, 2 * u, -3 * u, u, -100 * u};
    double[][] rows = new double[trial1.length][];
    double[][] columns = {new double[trial1.length], trial1};
    for (int t = 0; t < trial1.length; t++) {
      rows[t] = new double[] {0, trial1[t]};
    }
    double[] expected = {0, LN2, LN2, LN2, LN2, -LN2};
    Pbo byRows = Pbo.ofRows(rows, 4);
    assertArrayEquals(expected, byRows.logits(), 1e-12);
    assertEquals(2.0 / 6, byRows.pbo(), 1e-15);
    assertEquals(6, byRows.splits());
    assertEquals(2, byRows.blockBars());
    assertEquals(byRows, Pbo.ofColumns(columns, 4));
  }

  @Test
  void identicallyDistributedNoiseTrialsOverfitAboutHalfTheTime() {
    // One seed's PBO spreads widely (0.15 to 0.83 over seeds 1..20: the splits share data), so
    // the mean over 20 seeds is checked: 0.5 ± 0.1 (its standard error is about 0.04).
    double sum = 0;
    for (int seed = 1; seed <= 20; seed++) {
      Pbo pbo = Pbo.ofRows(trials(seed, 2_000, 20, 0), 16);
      assertEquals(12_870, pbo.splits());
      assertEquals(125, pbo.blockBars());
      sum += pbo.pbo();
    }
    assertEquals(0.5, sum / 20, 0.1);
  }

  @Test
  void aTrialWithARealEdgeAmongNoiseHardlyEverOverfits() {
    // Trial 0 earns 0.002 a bar on noise of 0.01 (per-bar Sharpe 0.2; 125 bars per block):
    // it wins in sample and stays above the median out of sample.
    for (int seed = 1; seed <= 5; seed++) {
      Pbo pbo = Pbo.ofRows(trials(seed, 2_000, 20, 0.002), 16);
      assertTrue(pbo.pbo() <= 0.01, "seed " + seed + ": " + pbo);
    }
  }

  @Test
  void theDefaultIsSixteenBlocksAndTheLogitsAreACopy() {
    Pbo pbo = Pbo.ofRows(trials(3, 160, 4, 0));
    assertEquals(16, pbo.blocks());
    assertEquals(10, pbo.blockBars());
    double[] logits = pbo.logits();
    logits[0] = 99;
    assertTrue(pbo.logits()[0] != 99);
  }

  @Test
  void rejectsLayoutsWithoutAnAnswer() {
    double[][] m = trials(1, 40, 3, 0);
    assertMessage("S must be even", () -> Pbo.ofRows(m, 15));
    assertMessage("S must be even, from 2 to 24", () -> Pbo.ofRows(trials(1, 400, 3, 0), 26));
    assertMessage("blocks=16 exceeds the 10 bars", () -> Pbo.ofRows(trials(1, 10, 3, 0), 16));
    assertMessage("at least 2 trials, got 1", () -> Pbo.ofRows(trials(1, 40, 1, 0), 4));
    assertMessage("leaves 1 bar per half", () -> Pbo.ofRows(trials(1, 3, 2, 0), 2));
    double[][] ragged = trials(1, 40, 3, 0);
    ragged[7] = new double[2];
    assertMessage("row 7 has 2 trials", () -> Pbo.ofRows(ragged, 4));
  }

  @Test
  void rejectsANonFiniteReturnNamingItsBarAndTrial() {
    double[][] m = trials(1, 40, 3, 0);
    m[17][2] = Double.NaN;
    assertMessage("bar 17, trial 2 is NaN", () -> Pbo.ofRows(m, 4));
    double[][] columns = new double[3][40];
    columns[1][5] = Double.POSITIVE_INFINITY;
    assertMessage("bar 5, trial 1 is Infinity", () -> Pbo.ofColumns(columns, 4));
  }

  private static void assertMessage(String part, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  /** T × N Gaussian returns (sd 0.01), trial 0 shifted by {@code edge}. */
  private static double[][] trials(long seed, int bars, int n, double edge) {
    Random random = new Random(seed);
    double[][] m = new double[bars][n];
    for (int t = 0; t < bars; t++) {
      for (int j = 0; j < n; j++) {
        m[t][j] = 0.01 * random.nextGaussian() + (j == 0 ? edge : 0);
      }
    }
    return m;
  }
}
