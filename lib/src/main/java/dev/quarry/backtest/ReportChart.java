package dev.quarry.backtest;

import dev.quarry.notebook.Html;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;

/**
 * The report's line charts as inline SVG (no script, no external reference), downsampled so that a
 * curve of millions of rows stays a few tens of kilobytes: the x axis is cut into one bucket per
 * pixel of plot width, and each bucket keeps only its lowest and its highest point (in time order),
 * so every spike still shows.
 */
final class ReportChart {
  /** Chart width in pixels; the plot gets all but the margins, so at most ~1,800 points. */
  static final int WIDTH = 960;

  private static final int LEFT = 80;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 24;

  private ReportChart() {}

  /** The equity curve: a line. */
  static String equity(InstantColumn times, DoubleColumn equity, int height) {
    double[] values = new double[equity.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = equity.isMissing(i) ? Double.NaN : equity.getDouble(i);
    }
    return chart(
        "Equity curve",
        millis(times),
        values,
        height,
        false,
        v -> String.format(Locale.ROOT, "%,.2f", v));
  }

  /** The drawdown under the running peak of the equity, as an area from 0 down. */
  static String drawdown(InstantColumn times, DoubleColumn equity, int height) {
    return chart(
        "Drawdown",
        millis(times),
        drawdowns(equity),
        height,
        true,
        v -> String.format(Locale.ROOT, "%.1f %%", v * 100));
  }

  /** equity(t) / max(equity(s), s ≤ t) − 1, a fraction ≤ 0; NaN where equity is missing. */
  static double[] drawdowns(DoubleColumn equity) {
    double[] dd = new double[equity.size()];
    double peak = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < dd.length; i++) {
      if (equity.isMissing(i)) {
        dd[i] = Double.NaN;
        continue;
      }
      double v = equity.getDouble(i);
      peak = Math.max(peak, v);
      dd[i] = peak > 0 ? v / peak - 1 : 0;
    }
    return dd;
  }

  private static long[] millis(InstantColumn times) {
    long[] out = new long[times.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = times.isMissing(i) ? Long.MIN_VALUE : times.get(i).toEpochMilli();
    }
    return out;
  }

  /**
   * The rows to draw: the first and the last row, and per pixel bucket of the x range the lowest
   * and the highest value, in row order. Rows with a missing time or value are skipped; times must
   * not decrease.
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

  private static String chart(
      String title, long[] x, double[] y, int height, boolean area, DoubleFunction<String> label) {
    StringBuilder svg = new StringBuilder(64 * 1024);
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                + "<title>%s</title>",
            WIDTH,
            height,
            WIDTH,
            height,
            Html.escape(title)));
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = height - TOP - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
            LEFT,
            TOP,
            plotWidth,
            plotHeight));
    int[] rows = downsample(x, y, plotWidth);
    if (rows.length == 0) {
      text(svg, WIDTH / 2, height / 2, "middle", "no data");
      return svg.append("</svg>").toString();
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int r : rows) {
      min = Math.min(min, y[r]);
      max = Math.max(max, y[r]);
    }
    if (area) {
      max = Math.max(max, 0);
    }
    double span = max > min ? max - min : 1;
    long start = x[rows[0]];
    long end = x[rows[rows.length - 1]];
    double duration = end > start ? end - start : 1;
    StringBuilder points = new StringBuilder(rows.length * 14);
    for (int r : rows) {
      double px = LEFT + (x[r] - start) / duration * plotWidth;
      double py = TOP + (max - y[r]) / span * plotHeight;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
    }
    if (area) {
      double zero = TOP + max / span * plotHeight;
      svg.append(
          String.format(
              Locale.ROOT,
              "<polygon fill=\"#f4a6a6\" stroke=\"#c0392b\" stroke-width=\"1\" points=\"%.1f,%.1f"
                  + " %s%.1f,%.1f\"/>",
              (double) LEFT,
              zero,
              points,
              LEFT + (double) plotWidth * (end > start ? 1 : 0),
              zero));
    } else {
      svg.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"")
          .append(points)
          .append("\"/>");
    }
    text(svg, LEFT - 6, TOP + 10, "end", label.apply(max));
    text(svg, LEFT - 6, TOP + plotHeight, "end", label.apply(min));
    text(svg, LEFT, height - 6, "start", Instant.ofEpochMilli(start).toString());
    text(svg, WIDTH - RIGHT, height - 6, "end", Instant.ofEpochMilli(end).toString());
    return svg.append("</svg>").toString();
  }

  private static void text(StringBuilder svg, int x, int y, String anchor, String text) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>",
            x,
            y,
            anchor,
            Html.escape(text)));
  }
}
