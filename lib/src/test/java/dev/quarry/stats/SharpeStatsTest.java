package dev.quarry.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Expected values are computed from the SPEC §14 formulas with Python's standard library, an
 * independent route from commons-math3: Φ(x) = 0.5·(1 + math.erf(x/√2)), Φ⁻¹ =
 * statistics.NormalDist().inv_cdf (python3, g = 0.5772156649015329, inv = NormalDist().inv_cdf):
 *
 * <pre>
 * Phi = lambda x: 0.5*(1+math.erf(x/math.sqrt(2)))
 * def psr(sr,t,g3,g4,sr0):
 *     z=(sr-sr0)*math.sqrt(t-1)/math.sqrt(1-g3*sr+(g4-1)/4*sr*sr); return z, Phi(z)
 * def sr0(n,v): a=inv(1-1/n); b=inv(1-1/(n*math.e)); return a, b, math.sqrt(v)*((1-g)*a+g*b)
 * </pre>
 */
class SharpeStatsTest {
  @Test
  void sharpeIsMeanOverSampleStandardDeviationAndMomentsArePopulationMoments() {
    // r = 0.01, 0.02, 0.00, 0.05: mean 0.02, deviations -0.01, 0, -0.02, 0.03.
    // Σd² = 14e-4, Σd³ = 18e-6, Σd⁴ = 98e-8.
    // Sharpe = 0.02 / √(14e-4 / 3) = 0.9258200997725515   (sample sd, T − 1 = 3)
    // g3 = (18e-6/4) / (14e-4/4)^1.5 = 4.5 / 3.5^1.5 = 0.6872431934890912
    // g4 = (98e-8/4) / (14e-4/4)² = 24.5 / 12.25 = 2
    double[] r = {0.01, 0.02, 0.00, 0.05};
    SharpeStats.Moments m = SharpeStats.moments(r);
    assertEquals(0.9258200997725515, m.sharpe(), 1e-12);
    assertEquals(0.9258200997725515, SharpeStats.sharpe(r), 1e-12);
    assertEquals(0.6872431934890912, m.skewness(), 1e-12);
    assertEquals(2.0, m.kurtosis(), 1e-12);
    assertEquals(4, m.bars());
  }

  @Test
  void flatReturnsHaveSharpeZeroButNoMoments() {
    assertEquals(0.0, SharpeStats.sharpe(new double[] {0, 0, 0}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SharpeStats.sharpe(new double[] {0.01, 0.01}));
    assertTrue(e.getMessage().contains("constant non-zero"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SharpeStats.moments(new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> SharpeStats.sharpe(new double[] {0.01}));
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> SharpeStats.sharpe(new double[] {0.01, Double.NaN}));
    assertTrue(nan.getMessage().contains("value 1 is NaN"), nan.getMessage());
  }

  @Test
  void psrOfNormalReturnsAgainstZero() {
    // SR=0.1, T=252, g3=0, g4=3, SR0=0:
    // z = 0.1·√251 / √(1 − 0 + (3−1)/4·0.01) = 1.584298/√1.005 = 1.5803519980722478
    // Φ(z) = 0.9429868610243624
    assertEquals(0.9429868610243624, SharpeStats.psr(0.1, 252, 0, 3, 0), 1e-9);
    assertEquals(0.9429868610243624, new SharpeStats.Moments(0.1, 252, 0, 3).psr(0), 1e-9);
  }

  @Test
  void psrWithSkewKurtosisAndABenchmark() {
    // SR=0.05, T=1000, g3=−0.5, g4=6, SR0=0.02:
    // 1 − (−0.5)(0.05) + (6−1)/4·0.0025 = 1 + 0.025 + 0.003125 = 1.028125
    // z = 0.03·√999 / √1.028125 = 0.9351494849865002, Φ(z) = 0.8251443663369765
    assertEquals(0.8251443663369765, SharpeStats.psr(0.05, 1000, -0.5, 6, 0.02), 1e-9);
    // SR=−0.05, T=100, g3=1, g4=4, SR0=0:
    // 1 − (1)(−0.05) + 3/4·0.0025 = 1.051875; z = −0.05·√99/√1.051875 = −0.48507125007266594
    // Φ(z) = 0.31381290251417965
    assertEquals(0.31381290251417965, SharpeStats.psr(-0.05, 100, 1, 4, 0), 1e-9);
  }

  @Test
  void sr0IsTheExpectedMaximumSharpeOfUnskilledTrials() {
    // γ = 0.5772156649015329; SR0 = √V·((1−γ)Φ⁻¹(1−1/N) + γΦ⁻¹(1−1/(N·e)))
    // N=2, V=1:       Φ⁻¹(0.5)=0,        Φ⁻¹(1−1/(2e))=0.9004525966377903    → 0.5197553442805939
    // N=10, V=0.01:   Φ⁻¹(0.9)=1.2815515655446008, Φ⁻¹(1−1/(10e))=1.7892417645816279
    //                 → 0.1·(0.4227843·1.28155 + 0.5772157·1.78924)    = 0.157459830134575
    // N=100, V=4e-4:  2.3263478740408408, 2.680210444966887            → 0.050612057864033694
    // N=1000, V=25e-4: 3.090232306167813, 3.375895391061807            → 0.16275607568263617
    assertEquals(0.5197553442805939, SharpeStats.sr0(2, 1.0), 1e-9);
    assertEquals(0.157459830134575, SharpeStats.sr0(10, 0.01), 1e-9);
    assertEquals(0.050612057864033694, SharpeStats.sr0(100, 0.0004), 1e-9);
    assertEquals(0.16275607568263617, SharpeStats.sr0(1000, 0.0025), 1e-9);
    assertEquals(0.0, SharpeStats.sr0(50, 0.0));
  }

  @Test
  void dsrIsPsrAgainstSr0() {
    // N=10, V=0.001: SR0 = √0.001·(0.4227843·1.2815516 + 0.5772157·1.7892418) = 0.04979317032084743
    // SR=0.1, T=252, g3=0, g4=3: z = (0.1 − 0.0497932)·√251/√1.005 = 0.7934446360032179
    // Φ(z) = 0.786240593237431
    assertEquals(0.786240593237431, SharpeStats.dsr(0.1, 252, 0, 3, 10, 0.001), 1e-9);
    assertEquals(0.786240593237431, new SharpeStats.Moments(0.1, 252, 0, 3).dsr(10, 0.001), 1e-9);
    assertTrue(SharpeStats.dsr(0.1, 252, 0, 3, 10, 0.001) < SharpeStats.psr(0.1, 252, 0, 3, 0));
  }

  @Test
  void varianceOfTrialSharpesIsTheSampleVariance() {
    // 0.1, 0.2, 0.3: mean 0.2, Σd² = 0.02, / (3 − 1) = 0.01
    assertEquals(0.01, SharpeStats.variance(new double[] {0.1, 0.2, 0.3}), 1e-15);
  }

  @Test
  void rejectsInputsWithoutAnAnswer() {
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> SharpeStats.sr0(1, 0.01));
    assertTrue(one.getMessage().contains("at least 2 trials"), one.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SharpeStats.sr0(10, -0.01));
    assertThrows(IllegalArgumentException.class, () -> SharpeStats.sr0(10, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> SharpeStats.psr(0.1, 1, 0, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> SharpeStats.psr(Double.NaN, 10, 0, 3, 0));
    // Excess kurtosis passed by mistake: 1 − 0 + (−2 − 1)/4·4 = −2.
    IllegalArgumentException kurt =
        assertThrows(IllegalArgumentException.class, () -> SharpeStats.psr(2, 10, 0, -2, 0));
    assertTrue(kurt.getMessage().contains("non-excess"), kurt.getMessage());
  }
}
