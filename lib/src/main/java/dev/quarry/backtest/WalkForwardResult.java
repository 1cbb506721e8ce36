package dev.quarry.backtest;

import dev.quarry.notebook.Html;
import dev.quarry.notebook.HtmlRenderable;
import dev.quarry.notebook.Summaries;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * A walk-forward's outcome ({@link Backtest#walkForward}): the fold table, the stitched
 * out-of-sample run, and the walk-forward efficiency.
 *
 * <p>Its run folder holds the usual files of the stitched run ({@code trades.csv}, {@code
 * orders.csv} — order ids are each fold's own —, {@code equity.parquet}, {@code metrics.json},
 * {@code report.html}) and {@code folds.csv}: {@code fold,train_start,train_end,test_start,
 * test_end,params,in_sample,out_of_sample}, times ISO-8601 UTC, ranges inclusive of start and
 * exclusive of end, the two last the ranking metric of the selected trial in and out of sample.
 */
public final class WalkForwardResult implements HtmlRenderable {
  /** The fold table's file. */
  public static final String FOLDS_CSV = "folds.csv";

  private final BacktestResult stitched;
  private final Table folds;
  private final double inSample;
  private final double outOfSample;
  private final double efficiency;

  WalkForwardResult(
      BacktestResult stitched,
      Table folds,
      double inSample,
      double outOfSample,
      double efficiency) {
    this.stitched = stitched;
    this.folds = folds;
    this.inSample = inSample;
    this.outOfSample = outOfSample;
    this.efficiency = efficiency;
  }

  /**
   * The stitched out-of-sample run: its trades, orders, equity and metrics.
   *
   * @return the run
   */
  public BacktestResult outOfSample() {
    return stitched;
  }

  /**
   * One row per fold: its ranges, the selected parameters, the ranking metric in and out of sample.
   *
   * @return the table (a copy)
   */
  public Table folds() {
    return folds.copy();
  }

  /**
   * The in-sample annualised return: the mean over the folds of the selected trial's total return ×
   * 365.25 days / its train length.
   *
   * @return the return, a fraction a year
   */
  public double inSampleAnnualReturn() {
    return inSample;
  }

  /**
   * The out-of-sample annualised return: the stitched run's total return × 365.25 days / the test
   * slices' total length.
   *
   * @return the return, a fraction a year
   */
  public double outOfSampleAnnualReturn() {
    return outOfSample;
  }

  /**
   * The walk-forward efficiency: {@link #outOfSampleAnnualReturn()} / {@link
   * #inSampleAnnualReturn()}.
   *
   * @return the ratio, NaN when the in-sample return is not positive
   */
  public double efficiency() {
    return efficiency;
  }

  /**
   * The efficiency and the out-of-sample figures in one line.
   *
   * @return the line
   */
  public String summary() {
    Metrics m = stitched.metrics();
    return String.format(
        Locale.ROOT,
        "%d folds; out of sample: total return %s (%s a year), Sharpe %s; in sample: %s a year;"
            + " walk-forward efficiency %s",
        folds.rowCount(),
        percent(m.totalReturn()),
        percent(outOfSample),
        fixed(m.sharpe()),
        percent(inSample),
        fixed(efficiency));
  }

  /**
   * Writes the run folder at {@code dir}, atomically.
   *
   * @param dir the folder to create; must not exist
   * @return {@code dir}, absolute and normalised
   */
  public Path write(Path dir) {
    return RunFolder.writeParts(parts(), dir);
  }

  /**
   * Writes the run folder at {@code dir}, then {@code then} on it (the folder is deleted if {@code
   * then} throws).
   *
   * @param dir the folder to create; must not exist
   * @param then e.g. recording the run in the history
   * @return {@code dir}, absolute and normalised
   */
  public Path write(Path dir, java.util.function.Consumer<Path> then) {
    return RunFolder.writeParts(parts(), dir, then);
  }

  /**
   * Writes the run folder as a new folder under {@code runsRoot}, then {@code then} on it (the
   * folder is deleted if {@code then} throws).
   *
   * @param runsRoot the runs folder
   * @param strategy the strategy's name, for the run id
   * @param now the time for the run id
   * @param then e.g. recording the run in the history
   * @return the folder
   */
  public Path writeNew(
      Path runsRoot, String strategy, Instant now, java.util.function.Consumer<Path> then) {
    return RunFolder.writeNewParts(parts(), runsRoot, strategy + "-wf", now, then);
  }

  private List<RunPart> parts() {
    List<RunPart> parts = new ArrayList<>();
    for (RunPart part : RunFolder.parts(stitched)) {
      parts.add(
          part instanceof RunPart.ReportFile
              ? new RunPart.HtmlFile(RunFolder.REPORT_HTML, page())
              : part);
    }
    parts.add(new RunPart.PlainTable(FOLDS_CSV, RunPart.Format.CSV, folds));
    return parts;
  }

  /** The report: the summary and the fold table, then the stitched run's report. */
  private String page() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + Html.escape("Walk-forward: " + stitched.settings().getOrDefault("strategy", ""))
        + "</title>\n</head>\n<body>\n<div class=\"quarry-report\">\n"
        + Report.STYLE
        + "\n<h1>Walk-forward "
        + Html.escape(stitched.settings().getOrDefault("walk_forward", ""))
        + "</h1>\n<p class=\"headline\">"
        + Html.escape(summary())
        + "</p>\n<h2>Folds</h2>\n"
        + Summaries.tableHtml(folds, folds.rowCount())
        + "</div>\n"
        + Report.fragment(stitched)
        + "</body>\n</html>\n";
  }

  @Override
  public String toHtml() {
    return "<p>"
        + Html.escape(summary())
        + "</p>"
        + Summaries.tableHtml(folds, folds.rowCount())
        + Report.fragment(stitched);
  }

  @Override
  public String toString() {
    return folds.printAll() + "\n" + summary();
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  private static String fixed(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }
}
