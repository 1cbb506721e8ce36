package dev.quarry.indicators;

/**
 * Average directional index with its directional indicators: TA-Lib's {@code TA_ADX} (output 0),
 * {@code TA_PLUS_DI} (output 1, {@code plus_di}) and {@code TA_MINUS_DI} (output 2, {@code
 * minus_di}), each from its own first bar.
 *
 * <p>At bar i ≥ 1, with diffP = high(i) − high(i−1) and diffM = low(i−1) − low(i): +DM = diffP if
 * diffP &gt; 0 and diffP &gt; diffM, else 0; −DM = diffM if diffM &gt; 0 and diffM &gt; diffP, else
 * 0; TR the {@link TrueRange true range}.
 *
 * <ol>
 *   <li>Wilder sums: over bars 1..n−1 the sums of +DM, −DM and TR (n − 1 bars, TA-Lib's
 *       initialisation); from bar n on, S = S − S / n + x(i) for each of the three;
 *   <li>from bar n: +DI = 100 × S(+DM) / S(TR), −DI = 100 × S(−DM) / S(TR); both 0 when |S(TR)|
 *       &lt; 1e-8 (TA-Lib's {@code TA_IS_ZERO});
 *   <li>DX = 100 × |+DI − −DI| / (+DI + −DI);
 *   <li>at bar 2n − 1, ADX = Σ DX(n..2n−1) / n; after it, ADX = (ADX(i−1) × (n − 1) + DX(i)) / n.
 * </ol>
 *
 * <p><b>TA-Lib quirk, kept:</b> a bar where S(TR) or +DI + −DI is (TA_IS_ZERO) zero has no DX: it
 * adds nothing to the initial sum (which is still divided by n) and leaves ADX unchanged after it
 * (no decay toward 0), while +DI and −DI read 0 at that bar.
 *
 * <p>Lookback 2n − 1 ({@link #value()} is {@code NaN} before); +DI and −DI ({@link #plusDi()},
 * {@link #minusDi()}, {@code value(1)}, {@code value(2)}) are defined from bar n, TA-Lib's {@code
 * TA_PLUS_DI} lookback.
 *
 * <pre>{@code
 * Adx adx = new Adx(14);
 * adx.update(bar);
 * double trend = adx.value();  // NaN for the first 27 bars
 * double up = adx.plusDi();    // NaN for the first 14 bars
 * }</pre>
 */
public final class Adx implements Indicator {
  private static final String[] OUTPUTS = {"", "plus_di", "minus_di"};

  private final int period;
  private long bars;
  private double previousHigh;
  private double previousLow;
  private double previousClose;
  private double plusDm;
  private double minusDm;
  private double trueRange;
  private double sumDx;
  private double adx = Double.NaN;
  private double plusDi = Double.NaN;
  private double minusDi = Double.NaN;

  /**
   * An ADX with no bars yet.
   *
   * @param period n, in 2..100000 (TA-Lib's range for {@code TA_ADX})
   * @throws IllegalArgumentException if {@code period} is outside 2..100000
   */
  public Adx(int period) {
    this.period = ParameterChecks.period("Adx", "period", period, 2);
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    if (index > 0) {
      step(index, high, low);
    }
    previousHigh = high;
    previousLow = low;
    previousClose = close;
    return adx;
  }

  private void step(long index, double high, double low) {
    double diffP = high - previousHigh;
    double diffM = previousLow - low;
    double range = TrueRange.of(high, low, previousClose);
    if (index < period) {
      if (diffM > 0 && diffP < diffM) {
        minusDm += diffM;
      } else if (diffP > 0 && diffP > diffM) {
        plusDm += diffP;
      }
      trueRange += range;
      return;
    }
    minusDm -= minusDm / period;
    plusDm -= plusDm / period;
    if (diffM > 0 && diffP < diffM) {
      minusDm += diffM;
    } else if (diffP > 0 && diffP > diffM) {
      plusDm += diffP;
    }
    trueRange = trueRange - (trueRange / period) + range;
    double dx = Double.NaN;
    if (isZero(trueRange)) {
      minusDi = 0.0;
      plusDi = 0.0;
    } else {
      minusDi = 100.0 * (minusDm / trueRange);
      plusDi = 100.0 * (plusDm / trueRange);
      double sum = minusDi + plusDi;
      if (!isZero(sum)) {
        dx = 100.0 * (Math.abs(minusDi - plusDi) / sum);
      }
    }
    if (index < 2L * period - 1) {
      if (!Double.isNaN(dx)) {
        sumDx += dx;
      }
    } else if (index == 2L * period - 1) {
      if (!Double.isNaN(dx)) {
        sumDx += dx;
      }
      adx = sumDx / period;
    } else if (!Double.isNaN(dx)) {
      adx = ((adx * (period - 1)) + dx) / period;
    }
  }

  private static boolean isZero(double value) {
    return -0.00000001 < value && value < 0.00000001;
  }

  @Override
  public double value() {
    return adx;
  }

  /**
   * An output at the last bar taken: 0 ADX, 1 +DI, 2 −DI.
   *
   * @param output 0, 1 or 2
   * @return the value, {@code NaN} until defined (ADX from bar 2n − 1, the DIs from bar n)
   * @throws IndexOutOfBoundsException for another output
   */
  @Override
  public double value(int output) {
    return switch (output) {
      case 0 -> adx;
      case 1 -> plusDi;
      case 2 -> minusDi;
      default -> throw ParameterChecks.noSuchOutput("Adx", OUTPUTS, output);
    };
  }

  /**
   * The output names {@code "", plus_di, minus_di}.
   *
   * @return the names
   */
  @Override
  public String[] outputNames() {
    return OUTPUTS.clone();
  }

  /**
   * The +DI at the last bar taken, TA-Lib's {@code TA_PLUS_DI}.
   *
   * @return +DI, {@code NaN} for bars 0..n−1
   */
  public double plusDi() {
    return plusDi;
  }

  /**
   * The −DI at the last bar taken, TA-Lib's {@code TA_MINUS_DI}.
   *
   * @return −DI, {@code NaN} for bars 0..n−1
   */
  public double minusDi() {
    return minusDi;
  }

  /**
   * ADX's lookback 2n − 1; +DI and −DI have lookback n.
   *
   * @return 2n − 1
   */
  @Override
  public int lookback() {
    return 2 * period - 1;
  }

  /**
   * The lookback of {@link #plusDi()} and {@link #minusDi()}, TA-Lib's {@code TA_PLUS_DI_Lookback}.
   *
   * @return n
   */
  public int diLookback() {
    return period;
  }

  @Override
  public long bars() {
    return bars;
  }

  /**
   * The period n.
   *
   * @return n
   */
  public int period() {
    return period;
  }
}
