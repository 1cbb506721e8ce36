package dev.quarry.indicators;

/**
 * Parabolic stop and reverse, TA-Lib's {@code TA_SAR}.
 *
 * <p><b>Start (TA-Lib's rule).</b> The direction at bar 1 comes from the −DM of bars 0 and 1: with
 * diffM = low(0) − low(1) and diffP = high(1) − high(0), it is short if diffM &gt; 0 and diffM &gt;
 * diffP, long otherwise. Long starts with SAR = low(0) and extreme point EP = high(1); short with
 * SAR = high(0) and EP = low(1). The acceleration factor AF starts at the acceleration.
 *
 * <p><b>Each bar i ≥ 1</b>, with "previous bar" meaning bar i−1 except at bar 1 where it is bar 1
 * itself (TA-Lib's seeding), while long:
 *
 * <ul>
 *   <li>if low(i) ≤ SAR, reverse to short: the output is max(EP, high(prev), high(i)); then AF =
 *       acceleration, EP = low(i), and the next SAR is output + AF × (EP − output), raised to at
 *       least high(prev) and high(i);
 *   <li>otherwise output SAR; if high(i) &gt; EP then EP = high(i) and AF += acceleration, capped
 *       at the maximum; the next SAR is SAR + AF × (EP − SAR), lowered to at most low(prev) and
 *       low(i).
 * </ul>
 *
 * Short is the mirror image (reverse when high(i) ≥ SAR).
 *
 * <p>Bar 0 gives {@code NaN} (lookback 1).
 *
 * <pre>{@code
 * ParabolicSar sar = new ParabolicSar(); // acceleration 0.02, maximum 0.2
 * double stop = sar.update(bar);         // NaN at bar 0
 * }</pre>
 */
public final class ParabolicSar implements Indicator {
  private final double acceleration;
  private final double maximum;
  private long bars;
  private boolean isLong;
  private double factor;
  private double extreme;
  private double sar;
  private double previousHigh;
  private double previousLow;
  private double value = Double.NaN;

  /** A SAR with TA-Lib's defaults, acceleration 0.02 and maximum 0.2. */
  public ParabolicSar() {
    this(0.02, 0.2);
  }

  /**
   * A SAR with no bars yet.
   *
   * @param acceleration the step of the acceleration factor, and its start; finite, ≥ 0 and at most
   *     {@code maximum}
   * @param maximum the cap of the acceleration factor; finite, ≥ 0
   * @throws IllegalArgumentException if a parameter is outside its range (TA-Lib silently lowers an
   *     acceleration above the maximum to the maximum; Quarry refuses it instead)
   */
  public ParabolicSar(double acceleration, double maximum) {
    ParameterChecks.nonNegative("ParabolicSar", "acceleration", acceleration);
    ParameterChecks.nonNegative("ParabolicSar", "maximum", maximum);
    if (acceleration > maximum) {
      throw new IllegalArgumentException(
          "ParabolicSar acceleration must be in 0..maximum (" + maximum + "), got " + acceleration);
    }
    this.acceleration = acceleration;
    this.maximum = maximum;
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    if (index == 0) {
      previousHigh = high;
      previousLow = low;
      return value;
    }
    if (index == 1) {
      double diffM = previousLow - low;
      double diffP = high - previousHigh;
      isLong = !(diffM > 0 && diffP < diffM);
      factor = acceleration;
      if (isLong) {
        extreme = high;
        sar = previousLow;
      } else {
        extreme = low;
        sar = previousHigh;
      }
      previousHigh = high;
      previousLow = low;
    }
    value = step(high, low);
    previousHigh = high;
    previousLow = low;
    return value;
  }

  private double step(double newHigh, double newLow) {
    double prevHigh = previousHigh;
    double prevLow = previousLow;
    double output;
    if (isLong) {
      if (newLow <= sar) {
        isLong = false;
        sar = extreme;
        if (sar < prevHigh) {
          sar = prevHigh;
        }
        if (sar < newHigh) {
          sar = newHigh;
        }
        output = sar;
        factor = acceleration;
        extreme = newLow;
        sar = sar + factor * (extreme - sar);
        if (sar < prevHigh) {
          sar = prevHigh;
        }
        if (sar < newHigh) {
          sar = newHigh;
        }
      } else {
        output = sar;
        if (newHigh > extreme) {
          extreme = newHigh;
          factor += acceleration;
          if (factor > maximum) {
            factor = maximum;
          }
        }
        sar = sar + factor * (extreme - sar);
        if (sar > prevLow) {
          sar = prevLow;
        }
        if (sar > newLow) {
          sar = newLow;
        }
      }
    } else if (newHigh >= sar) {
      isLong = true;
      sar = extreme;
      if (sar > prevLow) {
        sar = prevLow;
      }
      if (sar > newLow) {
        sar = newLow;
      }
      output = sar;
      factor = acceleration;
      extreme = newHigh;
      sar = sar + factor * (extreme - sar);
      if (sar > prevLow) {
        sar = prevLow;
      }
      if (sar > newLow) {
        sar = newLow;
      }
    } else {
      output = sar;
      if (newLow < extreme) {
        extreme = newLow;
        factor += acceleration;
        if (factor > maximum) {
          factor = maximum;
        }
      }
      sar = sar + factor * (extreme - sar);
      if (sar < prevHigh) {
        sar = prevHigh;
      }
      if (sar < newHigh) {
        sar = newHigh;
      }
    }
    return output;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public int lookback() {
    return 1;
  }

  @Override
  public long bars() {
    return bars;
  }

  /**
   * The acceleration step.
   *
   * @return the acceleration
   */
  public double acceleration() {
    return acceleration;
  }

  /**
   * The acceleration factor's cap.
   *
   * @return the maximum
   */
  public double maximum() {
    return maximum;
  }
}
