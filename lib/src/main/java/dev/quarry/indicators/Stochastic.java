package dev.quarry.indicators;

/**
 * The stochastic oscillator, TA-Lib's {@code TA_STOCH} with simple moving averages for both
 * smoothings (TA-Lib's default MA type, SMA).
 *
 * <ol>
 *   <li>fast %K at bar i ≥ fastK − 1: with HH and LL the highest high and lowest low of the fastK
 *       bars i−fastK+1..i (the current bar included), fast %K = (close − LL) / ((HH − LL) / 100);
 *       when HH = LL it is 0 (TA-Lib's rule);
 *   <li>slow %K ({@code k}, output 0) = SMA(slowK) of fast %K;
 *   <li>slow %D ({@code d}, output 1) = SMA(slowD) of slow %K.
 * </ol>
 *
 * <p>Both outputs start together, at bar (fastK − 1) + (slowK − 1) + (slowD − 1) (the lookback):
 * TA-Lib withholds %K until %D is defined, and so does this class. Period 1 smoothings copy their
 * input (TA-Lib's {@code TA_MA} with period 1).
 *
 * <pre>{@code
 * Stochastic stoch = new Stochastic(14, 3, 3); // lookback 13 + 2 + 2 = 17
 * stoch.update(bar);
 * double k = stoch.value(0), d = stoch.value(1);
 * }</pre>
 */
public final class Stochastic implements Indicator {
  private static final String[] OUTPUTS = {"k", "d"};

  private final int fastK;
  private final int slowK;
  private final int slowD;
  private final RollingExtreme highest;
  private final RollingExtreme lowest;
  private final Smoothing slowKAverage;
  private final Smoothing slowDAverage;
  private long bars;
  private double k = Double.NaN;
  private double d = Double.NaN;

  /**
   * A stochastic with no bars yet.
   *
   * @param fastK the window of the highest high and lowest low, in 1..100000
   * @param slowK the SMA period smoothing fast %K into slow %K, in 1..100000
   * @param slowD the SMA period smoothing slow %K into %D, in 1..100000
   * @throws IllegalArgumentException if a period is outside 1..100000
   */
  public Stochastic(int fastK, int slowK, int slowD) {
    this.fastK = ParameterChecks.period("Stochastic", "fastK", fastK, 1);
    this.slowK = ParameterChecks.period("Stochastic", "slowK", slowK, 1);
    this.slowD = ParameterChecks.period("Stochastic", "slowD", slowD, 1);
    this.highest = new RollingExtreme(fastK, true);
    this.lowest = new RollingExtreme(fastK, false);
    this.slowKAverage = new Smoothing(slowK);
    this.slowDAverage = new Smoothing(slowD);
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    highest.add(index, high);
    lowest.add(index, low);
    if (index < fastK - 1) {
      return k;
    }
    double lowestLow = lowest.value();
    double diff = (highest.value() - lowestLow) / 100.0;
    double fast = diff != 0.0 ? (close - lowestLow) / diff : 0.0;
    double slow = slowKAverage.add(fast);
    if (Double.isNaN(slow)) {
      return k;
    }
    double signal = slowDAverage.add(slow);
    if (!Double.isNaN(signal)) {
      k = slow;
      d = signal;
    }
    return k;
  }

  @Override
  public double value() {
    return k;
  }

  /**
   * An output at the last bar taken: 0 slow %K, 1 slow %D.
   *
   * @param output 0 or 1
   * @return the value, {@code NaN} until defined
   * @throws IndexOutOfBoundsException for another output
   */
  @Override
  public double value(int output) {
    return switch (output) {
      case 0 -> k;
      case 1 -> d;
      default -> throw ParameterChecks.noSuchOutput("Stochastic", OUTPUTS, output);
    };
  }

  /**
   * The output names {@code k, d}.
   *
   * @return the names
   */
  @Override
  public String[] outputNames() {
    return OUTPUTS.clone();
  }

  @Override
  public int lookback() {
    return (fastK - 1) + (slowK - 1) + (slowD - 1);
  }

  @Override
  public long bars() {
    return bars;
  }

  /**
   * The fast %K window.
   *
   * @return fastK
   */
  public int fastK() {
    return fastK;
  }

  /**
   * The slow %K smoothing period.
   *
   * @return slowK
   */
  public int slowK() {
    return slowK;
  }

  /**
   * The %D smoothing period.
   *
   * @return slowD
   */
  public int slowD() {
    return slowD;
  }

  /**
   * TA-Lib's running-total SMA, in its order of operations: total += new; value = total / n; total
   * −= the oldest value of the window (so the next bar's total holds n − 1 values before adding).
   */
  private static final class Smoothing {
    private final int period;
    private final double[] window;
    private long count;
    private double total;

    Smoothing(int period) {
      this.period = period;
      this.window = new double[period];
    }

    double add(double value) {
      long index = count++;
      window[(int) (index % period)] = value;
      total += value;
      if (index < period - 1) {
        return Double.NaN;
      }
      double average = total / period;
      total -= window[(int) ((index + 1) % period)];
      return average;
    }
  }
}
