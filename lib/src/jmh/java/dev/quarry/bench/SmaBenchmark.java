package dev.quarry.bench;

import dev.quarry.bars.Indicators;
import dev.quarry.bars.Sma;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SPEC §5/§9, indicators: cost of one streaming SMA update, exact ({@link Sma}, fsum of the window
 * divided by n) against a plain running sum, over 1,000,000 random-walk closes (seeded; cents,
 * around 100). Scores are ns per bar ({@code @OperationsPerInvocation}); each invocation starts a
 * fresh indicator and feeds every close.
 *
 * <p>Rows: {@code quarrySma50} ({@code Sma(50).update}), {@code referenceRunningSumSma50} (the same
 * SMA as {@code sum += x; sum -= old; sum / 50}, which drifts), and {@code quarryCrossover10x50},
 * the engine's SMA(10)/SMA(50) crossover per bar (two updates and the cross test), whose target is
 * ≥ 15 M bars/s, i.e. ≤ 66 ns per bar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class SmaBenchmark {
  private static final int BARS = 1_000_000;

  private double[] closes;

  /** Generates the closes and checks that both SMAs agree to within the running sum's drift. */
  @Setup
  public void setUp() {
    Random random = new Random(42);
    closes = new double[BARS];
    double price = 100;
    for (int i = 0; i < BARS; i++) {
      price = Math.max(1, price + Math.round(random.nextGaussian() * 20) / 100.0);
      closes[i] = price;
    }
    double[] exact = Indicators.sma(closes, 50);
    double[] running = runningSumSma(closes, 50);
    double worst = 0;
    for (int i = 49; i < BARS; i++) {
      worst = Math.max(worst, Math.abs(exact[i] - running[i]));
    }
    Checks.equal(
        true, worst < 1e-6, "running-sum SMA within 1e-6 of the exact SMA (" + worst + ")");
    Checks.equal(exact[BARS - 1], quarrySma50(), "last SMA(50)");
  }

  /**
   * Quarry: {@code Sma(50).update} of every close.
   *
   * @return the last SMA
   */
  @Benchmark
  @OperationsPerInvocation(BARS)
  public double quarrySma50() {
    Sma sma = new Sma(50);
    double last = Double.NaN;
    for (double close : closes) {
      last = sma.update(close);
    }
    return last;
  }

  /**
   * Reference: SMA(50) by a running sum (add the new close, subtract the one leaving the window).
   *
   * @return the last SMA
   */
  @Benchmark
  @OperationsPerInvocation(BARS)
  public double referenceRunningSumSma50() {
    double[] ring = new double[50];
    double sum = 0;
    double last = Double.NaN;
    for (int i = 0; i < closes.length; i++) {
      int slot = i % 50;
      sum += closes[i] - ring[slot];
      ring[slot] = closes[i];
      last = i >= 49 ? sum / 50 : Double.NaN;
    }
    return last;
  }

  /**
   * Quarry: an SMA(10)/SMA(50) crossover, per bar both updates and the cross test of {@link
   * Indicators#crosses}.
   *
   * @return the number of crosses, up and down
   */
  @Benchmark
  @OperationsPerInvocation(BARS)
  public int quarryCrossover10x50() {
    Sma fast = new Sma(10);
    Sma slow = new Sma(50);
    double previousFast = Double.NaN;
    double previousSlow = Double.NaN;
    int crosses = 0;
    for (double close : closes) {
      double f = fast.update(close);
      double s = slow.update(close);
      // NaN comparisons are false, so bars before SMA(50) exists never cross.
      if ((f > s && previousFast <= previousSlow) || (f < s && previousFast >= previousSlow)) {
        crosses++;
      }
      previousFast = f;
      previousSlow = s;
    }
    return crosses;
  }

  private static double[] runningSumSma(double[] values, int n) {
    double[] result = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i];
      if (i >= n) {
        sum -= values[i - n];
      }
      result[i] = i >= n - 1 ? sum / n : Double.NaN;
    }
    return result;
  }
}
