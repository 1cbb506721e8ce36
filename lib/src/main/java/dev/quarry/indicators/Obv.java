package dev.quarry.indicators;

/**
 * On-balance volume, TA-Lib's {@code TA_OBV}.
 *
 * <p>At bar 0, OBV = volume(0) (TA-Lib starts from the first bar's volume, not from 0); at bar i ≥
 * 1, OBV = OBV(i−1) + volume(i) if close(i) &gt; close(i−1), − volume(i) if close(i) &lt;
 * close(i−1), unchanged if the closes are equal.
 *
 * <p>Lookback 0: defined from the first bar.
 *
 * <pre>{@code
 * Obv obv = new Obv();
 * obv.update(bar); // bar 0: its volume
 * }</pre>
 */
public final class Obv implements Indicator {
  private long bars;
  private double previousClose;
  private double value = Double.NaN;

  /** An OBV with no bars yet. */
  public Obv() {}

  @Override
  public double update(double open, double high, double low, double close, double volume) {
    if (bars++ == 0) {
      value = volume;
    } else if (close > previousClose) {
      value += volume;
    } else if (close < previousClose) {
      value -= volume;
    }
    previousClose = close;
    return value;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public int lookback() {
    return 0;
  }

  @Override
  public long bars() {
    return bars;
  }
}
