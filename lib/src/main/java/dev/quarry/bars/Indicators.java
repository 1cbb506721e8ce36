package dev.quarry.bars;

import dev.quarry.indicators.Adx;
import dev.quarry.indicators.Aroon;
import dev.quarry.indicators.Atr;
import dev.quarry.indicators.BollingerBands;
import dev.quarry.indicators.Cci;
import dev.quarry.indicators.Dema;
import dev.quarry.indicators.Donchian;
import dev.quarry.indicators.Ema;
import dev.quarry.indicators.Kama;
import dev.quarry.indicators.Keltner;
import dev.quarry.indicators.LinearRegressionSlope;
import dev.quarry.indicators.Macd;
import dev.quarry.indicators.Mfi;
import dev.quarry.indicators.Momentum;
import dev.quarry.indicators.Natr;
import dev.quarry.indicators.Obv;
import dev.quarry.indicators.ParabolicSar;
import dev.quarry.indicators.Roc;
import dev.quarry.indicators.StdDev;
import dev.quarry.indicators.Stochastic;
import dev.quarry.indicators.StochasticRsi;
import dev.quarry.indicators.Tema;
import dev.quarry.indicators.TrueRange;
import dev.quarry.indicators.Vwap;
import dev.quarry.indicators.WilliamsR;
import dev.quarry.indicators.Wma;

/**
 * Indicators with the conventions of SPEC section 5, so results can be checked against other tools:
 * array helpers ({@link #sma(double[], int)}, {@link #rsi(double[], int)}, {@link #crosses}), and
 * factories of the streaming indicators of {@code dev.quarry.indicators} (SPEC §13), one per name
 * of {@link dev.quarry.indicators.IndicatorSpec}:
 *
 * <pre>{@code
 * Ema ema = Indicators.ema(20);
 * Macd macd = Indicators.macd(12, 26, 9);
 * double line = macd.update(bar); // NaN until defined
 * double signal = macd.value(Macd.SIGNAL);
 * }</pre>
 */
public final class Indicators {
  /** Marks a cross of the fast series above the slow one. */
  public static final int CROSS_UP = 1;

  /** Marks a cross of the fast series below the slow one. */
  public static final int CROSS_DOWN = -1;

  private Indicators() {}

  /**
   * Simple moving average, bit for bit the values of {@link Sma}: at bar i, {@code
   * fsum(values[i−n+1 .. i]) / n}, the correctly rounded exact sum of the last n values (what
   * Python's {@code math.fsum} returns) divided by n in double precision; it exists from the n-th
   * bar on (earlier bars are {@code NaN}) and never depends on values before the window.
   *
   * @param values the series, e.g. closes, all finite
   * @param n the window, at least 1
   * @return the SMA, same length as {@code values}
   * @throws IllegalArgumentException if {@code n < 1}, or a value is NaN or infinite (the message
   *     gives its index)
   */
  public static double[] sma(double[] values, int n) {
    Sma sma = new Sma(n);
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = sma.update(values[i]);
    }
    return result;
  }

  /**
   * Wilder RSI, bit for bit the values of {@link Rsi} (see there for the exact convention): from
   * index n on (after n changes); earlier bars are {@code NaN}.
   *
   * @param closes the closes, all finite
   * @param n the window, at least 1
   * @return the RSI, same length as {@code closes}, in [0, 100]
   * @throws IllegalArgumentException if {@code n < 1}, or a close is NaN or infinite (the message
   *     gives its index)
   */
  public static double[] rsi(double[] closes, int n) {
    Rsi rsi = new Rsi(n);
    double[] result = new double[closes.length];
    for (int i = 0; i < closes.length; i++) {
      result[i] = rsi.update(closes[i]);
    }
    return result;
  }

  /**
   * Crossings of two series: at bar i the fast series crosses above the slow one when fast(i) >
   * slow(i) and fast(i−1) ≤ slow(i−1), all four defined; crossing below is the mirror image.
   *
   * @param fast the fast series
   * @param slow the slow series, same length
   * @return per bar {@link #CROSS_UP}, {@link #CROSS_DOWN} or 0
   */
  public static int[] crosses(double[] fast, double[] slow) {
    if (fast.length != slow.length) {
      throw new IllegalArgumentException(
          "series differ in length: " + fast.length + " vs " + slow.length);
    }
    int[] result = new int[fast.length];
    for (int i = 1; i < fast.length; i++) {
      if (Double.isNaN(fast[i])
          || Double.isNaN(slow[i])
          || Double.isNaN(fast[i - 1])
          || Double.isNaN(slow[i - 1])) {
        continue;
      }
      if (fast[i] > slow[i] && fast[i - 1] <= slow[i - 1]) {
        result[i] = CROSS_UP;
      } else if (fast[i] < slow[i] && fast[i - 1] >= slow[i - 1]) {
        result[i] = CROSS_DOWN;
      }
    }
    return result;
  }

  // Streaming indicators (SPEC §13): fresh instances of dev.quarry.indicators, one factory per name
  // of IndicatorSpec, so that a strategy writes `Ema ema = Indicators.ema(20);` and updates it bar
  // by bar. Each has TA-Lib's definition and seeding, is NaN until defined, and refuses parameters
  // outside TA-Lib's ranges with an IllegalArgumentException.

  /**
   * Simple moving average, TA-Lib's {@code TA_SMA}, streaming ({@code sma:period}). Not the
   * exact-sum {@link Sma} of this package: see {@link dev.quarry.indicators.Sma}.
   *
   * @param period n, in 2..100000
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static dev.quarry.indicators.Sma sma(int period) {
    return new dev.quarry.indicators.Sma(period);
  }

  /**
   * Exponential moving average, TA-Lib's {@code TA_EMA}, seeded with the SMA of the first n closes
   * ({@code ema:period}).
   *
   * @param period n, in 2..100000
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Ema ema(int period) {
    return new Ema(period);
  }

  /**
   * Weighted moving average, TA-Lib's {@code TA_WMA} ({@code wma:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Wma wma(int period) {
    return new Wma(period);
  }

  /**
   * Double exponential moving average, TA-Lib's {@code TA_DEMA} ({@code dema:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Dema dema(int period) {
    return new Dema(period);
  }

  /**
   * Triple exponential moving average, TA-Lib's {@code TA_TEMA} ({@code tema:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Tema tema(int period) {
    return new Tema(period);
  }

  /**
   * Kaufman adaptive moving average, TA-Lib's {@code TA_KAMA} ({@code kama:period}).
   *
   * @param period n, the efficiency-ratio window
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Kama kama(int period) {
    return new Kama(period);
  }

  /**
   * Wilder RSI, TA-Lib's {@code TA_RSI}, streaming ({@code rsi:period}). Not the {@link Rsi} of
   * this package: see {@link dev.quarry.indicators.Rsi}.
   *
   * @param period n, in 2..100000
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static dev.quarry.indicators.Rsi rsi(int period) {
    return new dev.quarry.indicators.Rsi(period);
  }

  /**
   * MACD, TA-Lib's {@code TA_MACD}: outputs line, signal and histogram ({@link Macd#LINE}, {@link
   * Macd#SIGNAL}, {@link Macd#HIST}; {@code macd:fast,slow,signal}).
   *
   * @param fast the fast EMA period, usually 12
   * @param slow the slow EMA period, usually 26
   * @param signal the signal EMA period, usually 9
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Macd macd(int fast, int slow, int signal) {
    return new Macd(fast, slow, signal);
  }

  /**
   * Bollinger bands, TA-Lib's {@code TA_BBANDS} over an SMA: outputs upper, middle and lower
   * ({@code bbands:period,k}).
   *
   * @param period n, in 2..100000, usually 20
   * @param k standard deviations both ways, usually 2
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static BollingerBands bbands(int period, double k) {
    return new BollingerBands(period, k);
  }

  /**
   * Population standard deviation, TA-Lib's {@code TA_STDDEV} with factor 1 ({@code
   * stddev:period}).
   *
   * @param period n, in 2..100000
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static StdDev stddev(int period) {
    return new StdDev(period);
  }

  /**
   * Rate of change in percent, TA-Lib's {@code TA_ROC} ({@code roc:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Roc roc(int period) {
    return new Roc(period);
  }

  /**
   * Momentum, close − close n bars ago, TA-Lib's {@code TA_MOM} ({@code mom:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Momentum mom(int period) {
    return new Momentum(period);
  }

  /**
   * Slope of the least-squares line through the last n closes, TA-Lib's {@code TA_LINEARREG_SLOPE}
   * ({@code linregslope:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static LinearRegressionSlope linregslope(int period) {
    return new LinearRegressionSlope(period);
  }

  /**
   * Stochastic RSI, TA-Lib's {@code TA_STOCHRSI}: outputs %K and %D ({@code stochrsi:period,k,d}).
   *
   * @param period the RSI period, usually 14
   * @param k the %K period, usually 5
   * @param d the %D (SMA) period, usually 3
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static StochasticRsi stochrsi(int period, int k, int d) {
    return new StochasticRsi(period, k, d);
  }

  /**
   * Average true range, Wilder-smoothed, TA-Lib's {@code TA_ATR} ({@code atr:period}).
   *
   * @param period n, usually 14
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Atr atr(int period) {
    return new Atr(period);
  }

  /**
   * Normalised ATR, 100 × ATR / close, TA-Lib's {@code TA_NATR} ({@code natr:period}).
   *
   * @param period n, usually 14
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Natr natr(int period) {
    return new Natr(period);
  }

  /**
   * True range, TA-Lib's {@code TA_TRANGE} ({@code trange}).
   *
   * @return a fresh indicator, no bars yet
   */
  public static TrueRange trange() {
    return new TrueRange();
  }

  /**
   * Stochastic oscillator, TA-Lib's {@code TA_STOCH} with SMA smoothing: outputs slow %K and %D
   * ({@code stoch:fastK,slowK,slowD}).
   *
   * @param fastK the high/low window, usually 5 or 14
   * @param slowK the SMA period of slow %K, usually 3
   * @param slowD the SMA period of %D, usually 3
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Stochastic stoch(int fastK, int slowK, int slowD) {
    return new Stochastic(fastK, slowK, slowD);
  }

  /**
   * Williams %R, TA-Lib's {@code TA_WILLR} ({@code willr:period}).
   *
   * @param period n, usually 14
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static WilliamsR willr(int period) {
    return new WilliamsR(period);
  }

  /**
   * Commodity channel index, TA-Lib's {@code TA_CCI} ({@code cci:period}).
   *
   * @param period n, usually 14 or 20
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Cci cci(int period) {
    return new Cci(period);
  }

  /**
   * Average directional index, TA-Lib's {@code TA_ADX}: outputs ADX, +DI and −DI ({@code
   * adx:period}).
   *
   * @param period n, usually 14
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Adx adx(int period) {
    return new Adx(period);
  }

  /**
   * Aroon, TA-Lib's {@code TA_AROON} and {@code TA_AROONOSC}: outputs up, down and oscillator
   * ({@code aroon:period}).
   *
   * @param period n, usually 14 or 25
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Aroon aroon(int period) {
    return new Aroon(period);
  }

  /**
   * Money flow index, TA-Lib's {@code TA_MFI} ({@code mfi:period}).
   *
   * @param period n, usually 14
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Mfi mfi(int period) {
    return new Mfi(period);
  }

  /**
   * On-balance volume, TA-Lib's {@code TA_OBV} ({@code obv}).
   *
   * @return a fresh indicator, no bars yet
   */
  public static Obv obv() {
    return new Obv();
  }

  /**
   * Parabolic SAR, TA-Lib's {@code TA_SAR} with its defaults, acceleration 0.02 and maximum 0.2
   * ({@code sar}).
   *
   * @return a fresh indicator, no bars yet
   */
  public static ParabolicSar sar() {
    return new ParabolicSar();
  }

  /**
   * Parabolic SAR, TA-Lib's {@code TA_SAR} ({@code sar:acceleration,maximum}).
   *
   * @param acceleration the step and start of the acceleration factor, usually 0.02
   * @param maximum its cap, usually 0.2
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static ParabolicSar sar(double acceleration, double maximum) {
    return new ParabolicSar(acceleration, maximum);
  }

  /**
   * Donchian channel: outputs highest high, midpoint and lowest low of the last n bars ({@code
   * donchian:period}).
   *
   * @param period n, usually 20
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Donchian donchian(int period) {
    return new Donchian(period);
  }

  /**
   * Keltner channel: EMA of the close ± multiplier × ATR; outputs upper, middle and lower ({@code
   * keltner:period,multiplier}).
   *
   * @param period n, the EMA and ATR period, usually 20
   * @param multiplier the bands' distance in ATRs, usually 2
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Keltner keltner(int period, double multiplier) {
    return new Keltner(period, multiplier);
  }

  /**
   * Rolling volume-weighted average of the typical price over the last n bars ({@code
   * vwap:period}).
   *
   * @param period n
   * @return a fresh indicator, no bars yet
   * @throws IllegalArgumentException if a parameter is outside its range
   */
  public static Vwap vwap(int period) {
    return new Vwap(period);
  }
}
