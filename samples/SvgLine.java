package dev.quarry.samples;

import dev.quarry.notebook.Html;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;

/**
 * Draws a column of numbers over time as a small SVG line chart: one polyline, the value range on
 * the left, the first and last time below. Plain SVG, no script and no network, so it renders in a
 * notebook, in nbconvert's HTML and in a report opened offline.
 */
public final class SvgLine {
  private static final int LEFT = 70;
  private static final int RIGHT = 10;
  private static final int TOP = 24;
  private static final int BOTTOM = 24;

  private SvgLine() {}

  /**
   * Returns the chart as an {@code <svg>} element.
   *
   * @param times the x values, in time order
   * @param values the y values, as many as {@code times}; missing values are skipped
   * @param width width in pixels
   * @param height height in pixels
   * @return the SVG text
   * @throws IllegalArgumentException if the columns differ in length or the size is too small
   */
  public static String chart(InstantColumn times, DoubleColumn values, int width, int height) {
    if (times.size() != values.size()) {
      throw new IllegalArgumentException(
          "times has " + times.size() + " rows but values has " + values.size());
    }
    if (width <= LEFT + RIGHT || height <= TOP + BOTTOM) {
      throw new IllegalArgumentException("chart too small: " + width + "x" + height);
    }
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>",
            width,
            height,
            width,
            height));
    text(svg, LEFT, 15, "start", values.name());
    int n = values.size();
    double min = n == 0 ? Double.NaN : values.min();
    double max = n == 0 ? Double.NaN : values.max();
    if (n == 0 || Double.isNaN(min)) {
      text(svg, width / 2, height / 2, "middle", "no data");
      return svg.append("</svg>").toString();
    }
    double span = max > min ? max - min : 1;
    double plotWidth = width - LEFT - RIGHT;
    double plotHeight = height - TOP - BOTTOM;
    long first = times.get(0).toEpochMilli();
    long last = times.get(n - 1).toEpochMilli();
    double duration = last > first ? last - first : 1;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\""
                + " stroke=\"#ccc\"/>",
            LEFT,
            TOP,
            plotWidth,
            plotHeight));
    svg.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"");
    for (int i = 0; i < n; i++) {
      if (values.isMissing(i) || times.isMissing(i)) {
        continue;
      }
      double x = LEFT + (times.get(i).toEpochMilli() - first) / duration * plotWidth;
      double y = TOP + (max - values.getDouble(i)) / span * plotHeight;
      svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    svg.append("\"/>");
    text(svg, LEFT - 4, TOP + 4, "end", String.format(Locale.ROOT, "%.2f", max));
    text(svg, LEFT - 4, height - BOTTOM, "end", String.format(Locale.ROOT, "%.2f", min));
    text(svg, LEFT, height - 8, "start", times.get(0).toString());
    text(svg, width - RIGHT, height - 8, "end", times.get(n - 1).toString());
    return svg.append("</svg>").toString();
  }

  private static void text(StringBuilder svg, int x, int y, String anchor, String text) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"#333\">%s</text>",
            x,
            y,
            anchor,
            Html.escape(text)));
  }
}
