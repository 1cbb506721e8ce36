package dev.quarry.indicators;

/**
 * Rolling volume-weighted average price over the last n bars (the current one included): at bar i ≥
 * n − 1,
 *
 * <p>VWAP = Σ TP × volume / Σ volume over bars i−n+1..i, with TP = (high + low + close) / 3.
 *
 * <p>Bars 0..n−2 give {@code NaN} (lookback n − 1), and so does any bar whose window has no volume
 * (every volume 0). There is no TA-Lib equivalent. The two sums are running sums, recomputed
 * exactly from the window every n bars so rounding does not drift (O(1) amortised,
 * allocation-free), and reset to 0 whenever the window holds no volume.
 *
 * <pre>{@code
 * Vwap vwap = new Vwap(20);
 * double price = vwap.update(bar); // NaN for the first 19 bars
 * }</pre>
 */
public final class Vwap implements Indicator {
  private final int period;
  private final double[] weighted;
  private final double[] volumes;
  private int slot;
  private int volumeBars;
  private long bars;
  private double weightedSum;
  private double volumeSum;
  private double value = Double.NaN;

  /**
   * A VWAP with no bars yet.
   *
   * @param period n, in 1..100000
   * @throws IllegalArgumentException if {@code period} is outside 1..100000
   */
  public Vwap(int period) {
    this.period = ParameterChecks.period("Vwap", "period", period, 1);
    this.weighted = new double[period];
    this.volumes = new double[period];
  }

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    long index = bars++;
    if (index >= period) {
      weightedSum -= weighted[slot];
      volumeSum -= volumes[slot];
      if (volumes[slot] != 0) {
        volumeBars--;
      }
    }
    double typical = (high + low + close) / 3;
    weighted[slot] = typical * volume;
    volumes[slot] = volume;
    weightedSum += weighted[slot];
    volumeSum += volume;
    if (volume != 0) {
      volumeBars++;
    }
    slot = slot + 1 == period ? 0 : slot + 1;
    if (slot == 0) {
      weightedSum = 0;
      volumeSum = 0;
      for (int j = 0; j < period; j++) {
        weightedSum += weighted[j];
        volumeSum += volumes[j];
      }
    }
    if (volumeBars == 0) {
      weightedSum = 0;
      volumeSum = 0;
    }
    if (index >= period - 1) {
      value = volumeBars == 0 || volumeSum == 0 ? Double.NaN : weightedSum / volumeSum;
    }
    return value;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public int lookback() {
    return period - 1;
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
