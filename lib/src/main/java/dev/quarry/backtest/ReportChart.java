package dev.quarry.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;

/**
 * The figures behind the report's charts, computed here so the page only draws them: downsampled
 * series (a curve of millions of rows stays a few tens of kilobytes: the time range is cut into
 * {@value #BUCKETS} buckets, and each bucket keeps only its lowest and its highest point, in time
 * order, so every spike still shows), drawdowns and their worst periods, calendar returns, a
 * histogram and a rolling Sharpe ratio.
 */
final class ReportChart {
  /** Buckets per series: at most 2 × {@value} + 2 = 2,000 points per chart line. */
  static final int BUCKETS = 999;

  /** Rolling Sharpe: the window is a tenth of the curve's rows, but at least this many. */
  static final int MIN_SHARPE_WINDOW = 20;

  private static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

  private ReportChart() {}

  /** equity(t) / max(equity(s), s ≤ t) − 1, a fraction ≤ 0; NaN where equity is missing. */
  static double[] drawdowns(DoubleColumn equity) {
    return drawdowns(values(equity));
  }

  static double[] drawdowns(double[] equity) {
    double[] dd = new double[equity.length];
    double peak = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < dd.length; i++) {
      if (Double.isNaN(equity[i])) {
        dd[i] = Double.NaN;
        continue;
      }
      double v = equity[i];
      peak = Math.max(peak, v);
      dd[i] = peak > 0 ? v / peak - 1 : 0;
    }
    return dd;
  }

  static double[] values(DoubleColumn column) {
    double[] values = new double[column.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = column.isMissing(i) ? Double.NaN : column.getDouble(i);
    }
    return values;
  }

  static long[] millis(InstantColumn times) {
    long[] out = new long[times.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = times.isMissing(i) ? Long.MIN_VALUE : times.get(i).toEpochMilli();
    }
    return out;
  }

  /**
   * One drawdown period: from the peak it starts at, down to its trough, back to the peak's level.
   *
   * @param start the peak's time
   * @param trough the lowest point's time
   * @param recovery when the equity got back to the peak; {@link Long#MIN_VALUE} if it never did
   * @param depth the trough's drawdown, a fraction ≤ 0
   * @param end the recovery or, not recovered, the curve's last time (for the length)
   */
  record Period(long start, long trough, long recovery, double depth, long end) {
    boolean recovered() {
      return recovery != Long.MIN_VALUE;
    }
  }

  /** The {@code k} deepest drawdown periods, deepest first. */
  static List<Period> worstDrawdowns(long[] x, double[] equity, int k) {
    List<Period> periods = new ArrayList<>();
    double peak = Double.NEGATIVE_INFINITY;
    long peakTime = 0;
    int trough = -1;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == Long.MIN_VALUE || !Double.isFinite(equity[i])) {
        continue;
      }
      last = x[i];
      double v = equity[i];
      if (v >= peak) {
        if (trough >= 0) {
          periods.add(new Period(peakTime, x[trough], x[i], equity[trough] / peak - 1, x[i]));
          trough = -1;
        }
        peak = v;
        peakTime = x[i];
      } else if (trough < 0 || v < equity[trough]) {
        trough = i;
      }
    }
    if (trough >= 0) {
      periods.add(new Period(peakTime, x[trough], Long.MIN_VALUE, equity[trough] / peak - 1, last));
    }
    return periods.stream()
        .filter(p -> p.depth() < 0)
        .sorted(Comparator.comparingDouble(Period::depth).thenComparingLong(Period::start))
        .limit(k)
        .toList();
  }

  /**
   * Calendar returns for a heat map: by month (rows years, columns January to December), or by day
   * (rows months, columns days 1 to 31) when the curve spans less than two months. A period's
   * return is its last equity over the previous period's last equity (the first period: over the
   * curve's first equity), minus 1.
   *
   * @param daily whether the cells are days
   * @param rows the row labels, oldest first
   * @param columns the column labels
   * @param cells {column, row, return}, a return as a fraction
   */
  record Calendar(boolean daily, List<String> rows, List<String> columns, List<double[]> cells) {}

  static Calendar calendar(long[] x, double[] equity) {
    int first = -1;
    int lastRow = -1;
    for (int i = 0; i < x.length; i++) {
      if (x[i] != Long.MIN_VALUE && Double.isFinite(equity[i])) {
        lastRow = i;
        if (first < 0) {
          first = i;
        }
      }
    }
    if (first < 0) {
      return null;
    }
    LocalDate start = date(x[first]);
    boolean daily = date(x[lastRow]).isBefore(start.plusMonths(2));
    List<String> rows = new ArrayList<>();
    List<double[]> cells = new ArrayList<>();
    double base = equity[first];
    String key = null;
    double close = Double.NaN;
    for (int i = first; i <= lastRow + 1; i++) {
      if (i <= lastRow && (x[i] == Long.MIN_VALUE || !Double.isFinite(equity[i]))) {
        continue;
      }
      String k = i > lastRow ? null : periodKey(date(x[i]), daily);
      if (key != null && !key.equals(k)) {
        String row = daily ? key.substring(0, 7) : key.substring(0, 4);
        if (rows.isEmpty() || !rows.get(rows.size() - 1).equals(row)) {
          rows.add(row);
        }
        int column = Integer.parseInt(daily ? key.substring(8, 10) : key.substring(5, 7)) - 1;
        cells.add(new double[] {column, rows.size() - 1, base > 0 ? close / base - 1 : Double.NaN});
        base = close;
      }
      if (i <= lastRow) {
        key = k;
        close = equity[i];
      }
    }
    List<String> columns = new ArrayList<>();
    if (daily) {
      for (int d = 1; d <= 31; d++) {
        columns.add(Integer.toString(d));
      }
    } else {
      columns.addAll(
          List.of(
              "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"));
    }
    return new Calendar(daily, rows, columns, cells);
  }

  private static LocalDate date(long millis) {
    return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static String periodKey(LocalDate date, boolean daily) {
    return daily ? date.toString() : date.toString().substring(0, 7);
  }

  /**
   * A histogram of {@code values} (NaN skipped): between 5 and 40 equal bins (about √n).
   *
   * @return {lower edges…, upper edge of the last bin} and the counts, or null without values
   */
  static double[][] histogram(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
    if (v.length == 0) {
      return null;
    }
    double min = Arrays.stream(v).min().orElseThrow();
    double max = Arrays.stream(v).max().orElseThrow();
    int bins = (int) Math.max(5, Math.min(40, Math.ceil(Math.sqrt(v.length))));
    if (max <= min) {
      double pad = min == 0 ? 0.01 : Math.abs(min) * 0.01;
      min -= pad;
      max += pad;
    }
    double width = (max - min) / bins;
    double[] edges = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      edges[b] = min + b * width;
    }
    double[] counts = new double[bins];
    for (double d : v) {
      counts[(int) Math.min(bins - 1, Math.floor((d - min) / width))]++;
    }
    return new double[][] {edges, counts};
  }

  /** The rolling Sharpe's window: a tenth of the rows, at least {@value #MIN_SHARPE_WINDOW}. */
  static int sharpeWindow(int rows) {
    return Math.max(MIN_SHARPE_WINDOW, rows / 10);
  }

  /**
   * The Sharpe ratio of the row-to-row returns over the last {@code window} returns at each row,
   * annualised with √(rows per year) as the metrics are (from the median spacing of the rows); NaN
   * before a full window and where the returns do not vary.
   */
  static double[] rollingSharpe(long[] x, double[] equity, int window) {
    int n = x.length;
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    if (n < window + 2) {
      return out;
    }
    long[] spacing = new long[n - 1];
    for (int i = 1; i < n; i++) {
      spacing[i - 1] = x[i] - x[i - 1];
    }
    Arrays.sort(spacing);
    long median = spacing[spacing.length / 2];
    double root = median > 0 ? Math.sqrt(YEAR_MILLIS / median) : Double.NaN;
    double[] r = new double[n];
    r[0] = Double.NaN;
    for (int i = 1; i < n; i++) {
      r[i] = equity[i - 1] > 0 ? equity[i] / equity[i - 1] - 1 : Double.NaN;
    }
    double sum = 0;
    double sumSq = 0;
    int bad = 0;
    for (int i = 1; i < n; i++) {
      double add = r[i];
      if (Double.isFinite(add)) {
        sum += add;
        sumSq += add * add;
      } else {
        bad++;
      }
      if (i > window) {
        double drop = r[i - window];
        if (Double.isFinite(drop)) {
          sum -= drop;
          sumSq -= drop * drop;
        } else {
          bad--;
        }
      }
      if (i >= window && bad == 0) {
        double mean = sum / window;
        double var = (sumSq - window * mean * mean) / (window - 1);
        out[i] = var > 1e-20 ? mean / Math.sqrt(var) * root : Double.NaN;
      }
    }
    return out;
  }

  /**
   * The rows to draw: the first and the last row, and per bucket of the x range the lowest and the
   * highest value, in row order. Rows with a missing time or value are skipped; times must not
   * decrease.
   *
   * @return row indexes, increasing
   */
  static int[] downsample(long[] x, double[] y, int buckets) {
    int[] keep = new int[Math.min(x.length, 2 * buckets + 2)];
    int kept = 0;
    int first = firstValid(x, y);
    if (first < 0) {
      return new int[0];
    }
    int lastRow = first;
    for (int i = first; i < x.length; i++) {
      if (valid(x, y, i)) {
        lastRow = i;
      }
    }
    long start = x[first];
    long last = x[lastRow];
    double span = last > start ? last - start : 1;
    int bucket = -1;
    int lo = -1;
    int hi = -1;
    for (int i = first; i < x.length; i++) {
      if (!valid(x, y, i)) {
        continue;
      }
      int b = (int) Math.min(buckets - 1, (long) ((x[i] - start) / span * buckets));
      if (b != bucket) {
        kept = flush(keep, kept, lo, hi);
        bucket = b;
        lo = i;
        hi = i;
      } else if (y[i] < y[lo]) {
        lo = i;
      } else if (y[i] > y[hi]) {
        hi = i;
      }
    }
    kept = flush(keep, kept, lo, hi);
    // The line starts and ends at the curve's first and last points, whatever their buckets hold.
    int[] rows = new int[kept + 2];
    int n = 0;
    if (keep[0] != first) {
      rows[n++] = first;
    }
    System.arraycopy(keep, 0, rows, n, kept);
    n += kept;
    if (rows[n - 1] != lastRow) {
      rows[n++] = lastRow;
    }
    return Arrays.copyOf(rows, n);
  }

  private static int flush(int[] keep, int kept, int lo, int hi) {
    if (lo < 0) {
      return kept;
    }
    keep[kept++] = Math.min(lo, hi);
    if (lo != hi) {
      keep[kept++] = Math.max(lo, hi);
    }
    return kept;
  }

  private static int firstValid(long[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      if (valid(x, y, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean valid(long[] x, double[] y, int i) {
    return x[i] != Long.MIN_VALUE && !Double.isNaN(y[i]) && !Double.isInfinite(y[i]);
  }
}
