package dev.quarry.bench;

import com.tictactec.ta.lib.Core;
import com.tictactec.ta.lib.MAType;
import com.tictactec.ta.lib.MInteger;
import com.tictactec.ta.lib.RetCode;
import dev.quarry.indicators.Atr;
import dev.quarry.indicators.BollingerBands;
import dev.quarry.indicators.Ema;
import dev.quarry.indicators.Macd;
import dev.quarry.indicators.Rsi;
import dev.quarry.indicators.Sma;
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
 * SPEC §13, indicators: per-bar cost of Quarry's streaming indicators, updated one bar at a time,
 * against TA-Lib's Java port ({@code com.tictactec.ta.lib.Core}) computing the whole array in one
 * call, same run, over {@value #BARS} random-walk bars (seeded). Target: within 2× of TA-Lib's
 * batch cost per bar.
 *
 * <p>Scores are ns per bar ({@code @OperationsPerInvocation(BARS)}). {@code quarry…}: a fresh
 * indicator, then per bar its typed update ({@code update(close)}, or {@code update(high, low,
 * close)} for ATR) with every output stored into preallocated arrays, the same useful work as
 * TA-Lib's output arrays. {@code taLib…}: one {@code Core} call over the whole array into
 * preallocated arrays. Indicators: SMA(20), EMA(20), RSI(14), ATR(14), Bollinger bands (20, 2) and
 * MACD(12, 26, 9). Set-up checks that both give the same values (1e-9 relative) at every index
 * TA-Lib outputs, and that Quarry gives NaN before.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(IndicatorBenchmark.BARS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class IndicatorBenchmark {
  static final int BARS = 1 << 20;

  private final Core core = new Core();
  private final MInteger begin = new MInteger();
  private final MInteger length = new MInteger();
  private double[] high;
  private double[] low;
  private double[] close;
  private final double[] out1 = new double[BARS];
  private final double[] out2 = new double[BARS];
  private final double[] out3 = new double[BARS];
  private RetCode lastCode;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    high = new double[BARS];
    low = new double[BARS];
    close = new double[BARS];
    double price = 100;
    for (int i = 0; i < BARS; i++) {
      double open = price;
      price = Math.max(1, price + Math.round(random.nextGaussian() * 20) / 100.0);
      close[i] = price;
      high[i] = Math.max(open, price) + Math.round(random.nextDouble() * 10) / 100.0;
      low[i] = Math.min(open, price) - Math.round(random.nextDouble() * 10) / 100.0;
    }
    check("SMA(20)", this::quarrySma20, this::taLibSma20, 1);
    check("EMA(20)", this::quarryEma20, this::taLibEma20, 1);
    check("RSI(14)", this::quarryRsi14, this::taLibRsi14, 1);
    check("ATR(14)", this::quarryAtr14, this::taLibAtr14, 1);
    check("BBANDS(20, 2)", this::quarryBollinger20x2, this::taLibBollinger20x2, 3);
    check("MACD(12, 26, 9)", this::quarryMacd12x26x9, this::taLibMacd12x26x9, 3);
  }

  /** Runs both, then compares Quarry's arrays with TA-Lib's shifted by its begin index. */
  private void check(String what, Runnable quarry, Runnable taLib, int outputs) {
    quarry.run();
    double[][] mine = {out1.clone(), out2.clone(), out3.clone()};
    taLib.run();
    Checks.equal(RetCode.Success, lastCode, what + ": TA-Lib's return code");
    int first = begin.value;
    Checks.count(BARS - first, length.value, what + ": TA-Lib's output length");
    double[][] theirs = {out1, out2, out3};
    for (int o = 0; o < outputs; o++) {
      for (int i = 0; i < BARS; i++) {
        double q = mine[o][i];
        if (i < first) {
          if (!Double.isNaN(q)) {
            throw new IllegalStateException(
                what + " output " + o + " at " + i + ": Quarry " + q + " before TA-Lib's first");
          }
          continue;
        }
        double t = theirs[o][i - first];
        if (!(Math.abs(q - t) <= 1e-9 * Math.max(1, Math.abs(t)))) {
          throw new IllegalStateException(
              what + " output " + o + " at " + i + ": Quarry " + q + ", TA-Lib " + t);
        }
      }
    }
  }

  @Benchmark
  public void quarrySma20() {
    Sma sma = new Sma(20);
    double[] c = close;
    double[] out = out1;
    for (int i = 0; i < c.length; i++) {
      out[i] = sma.update(c[i]);
    }
  }

  @Benchmark
  public void taLibSma20() {
    lastCode = core.sma(0, BARS - 1, close, 20, begin, length, out1);
  }

  @Benchmark
  public void quarryEma20() {
    Ema ema = new Ema(20);
    double[] c = close;
    double[] out = out1;
    for (int i = 0; i < c.length; i++) {
      out[i] = ema.update(c[i]);
    }
  }

  @Benchmark
  public void taLibEma20() {
    lastCode = core.ema(0, BARS - 1, close, 20, begin, length, out1);
  }

  @Benchmark
  public void quarryRsi14() {
    Rsi rsi = new Rsi(14);
    double[] c = close;
    double[] out = out1;
    for (int i = 0; i < c.length; i++) {
      out[i] = rsi.update(c[i]);
    }
  }

  @Benchmark
  public void taLibRsi14() {
    lastCode = core.rsi(0, BARS - 1, close, 14, begin, length, out1);
  }

  @Benchmark
  public void quarryAtr14() {
    Atr atr = new Atr(14);
    double[] h = high;
    double[] l = low;
    double[] c = close;
    double[] out = out1;
    for (int i = 0; i < c.length; i++) {
      out[i] = atr.update(h[i], l[i], c[i]);
    }
  }

  @Benchmark
  public void taLibAtr14() {
    lastCode = core.atr(0, BARS - 1, high, low, close, 14, begin, length, out1);
  }

  @Benchmark
  public void quarryBollinger20x2() {
    BollingerBands bb = new BollingerBands(20, 2);
    double[] c = close;
    for (int i = 0; i < c.length; i++) {
      out1[i] = bb.update(c[i]);
      out2[i] = bb.value(BollingerBands.MIDDLE);
      out3[i] = bb.value(BollingerBands.LOWER);
    }
  }

  @Benchmark
  public void taLibBollinger20x2() {
    lastCode =
        core.bbands(0, BARS - 1, close, 20, 2, 2, MAType.Sma, begin, length, out1, out2, out3);
  }

  @Benchmark
  public void quarryMacd12x26x9() {
    Macd macd = new Macd(12, 26, 9);
    double[] c = close;
    for (int i = 0; i < c.length; i++) {
      out1[i] = macd.update(c[i]);
      out2[i] = macd.value(Macd.SIGNAL);
      out3[i] = macd.value(Macd.HIST);
    }
  }

  @Benchmark
  public void taLibMacd12x26x9() {
    lastCode = core.macd(0, BARS - 1, close, 12, 26, 9, begin, length, out1, out2, out3);
  }
}
