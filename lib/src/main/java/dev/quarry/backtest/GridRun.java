package dev.quarry.backtest;

import dev.quarry.notebook.HtmlRenderable;
import dev.quarry.notebook.Summaries;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * A grid of backtests: every trial's parameters and metrics, ranked, and every trial's per-bar
 * returns r(t) = equity(t) / equity(t−1) − 1 of the run's equity, kept so that someone else can
 * recompute every figure (SPEC §14). The returns are one {@code double} per bar and trial: a
 * 200-trial grid over 10,000 bars keeps 16 MB.
 *
 * <p>A grid's folder ({@link #write}, {@link #writeNew}) holds {@code grid.csv} (one row per trial:
 * its parameters, then its metrics, ranked), {@code returns.parquet} ({@code timestamp} plus one
 * column of per-bar returns per trial, named by its parameters, e.g. {@code fast=10,slow=50}),
 * {@code overfitting.json} ({@link Overfitting#asMap()}) and {@code report.html}, written
 * atomically as a backtest's run folder is.
 */
public final class GridRun implements HtmlRenderable {
  /** The ranking's file. */
  public static final String GRID_CSV = "grid.csv";

  /** The per-bar returns' file. */
  public static final String RETURNS_PARQUET = "returns.parquet";

  /** The overfitting statistics' file. */
  public static final String OVERFITTING_JSON = "overfitting.json";

  private final String strategy;
  private final String rankBy;
  private final List<String> parameters;
  private final Table ranked;
  private final List<String> trials;
  private final long[] times;
  private final double[][] returns;
  private int pboBlocks = dev.quarry.stats.Pbo.DEFAULT_BLOCKS;
  private Overfitting overfitting;

  /**
   * A grid's outcome.
   *
   * @param strategy the strategy's name
   * @param rankBy the metric the trials are ranked by
   * @param parameters the grid's parameters, the ranking's first columns
   * @param ranked one row per trial, best first: its parameters, then its metrics
   * @param trials each trial's name ({@code fast=10,slow=50}), in the ranking's order
   * @param times the time of each return (the start of the bar closing then), epoch ms
   * @param returns each trial's per-bar returns, in the ranking's order, each as long as {@code
   *     times}
   * @throws IllegalArgumentException if the sizes disagree
   */
  public GridRun(
      String strategy,
      String rankBy,
      List<String> parameters,
      Table ranked,
      List<String> trials,
      long[] times,
      double[][] returns) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.rankBy = Objects.requireNonNull(rankBy, "rankBy");
    this.parameters = List.copyOf(parameters);
    this.ranked = Objects.requireNonNull(ranked, "ranked");
    this.trials = List.copyOf(trials);
    this.times = times.clone();
    this.returns = returns.clone();
    if (ranked.rowCount() != this.trials.size() || returns.length != this.trials.size()) {
      throw new IllegalArgumentException(
          "a grid of "
              + ranked.rowCount()
              + " ranked rows has "
              + this.trials.size()
              + " trial names and "
              + returns.length
              + " return series; they must agree");
    }
    for (int i = 0; i < returns.length; i++) {
      if (returns[i].length != times.length) {
        throw new IllegalArgumentException(
            "trial "
                + this.trials.get(i)
                + " has "
                + returns[i].length
                + " returns for "
                + times.length
                + " times; every trial runs over the same bars");
      }
    }
  }

  /**
   * The strategy's name.
   *
   * @return the name
   */
  public String strategy() {
    return strategy;
  }

  /**
   * The metric ranking the trials.
   *
   * @return e.g. {@code total_return}
   */
  public String rankBy() {
    return rankBy;
  }

  /**
   * The grid's parameters: the names the trials vary.
   *
   * @return the names, in the ranking's column order
   */
  public List<String> parameters() {
    return parameters;
  }

  /**
   * One row per trial, best first: its parameters, then every metric.
   *
   * @return the table (a copy)
   */
  public Table ranked() {
    return ranked.copy();
  }

  /**
   * The trials' names, best first (a notebook cell shows the ranking compact: the parameters and
   * the key metrics; {@link #ranked()} has them all).
   *
   * @return e.g. {@code [fast=10,slow=50, fast=5,slow=50]}
   */
  public List<String> trials() {
    return trials;
  }

  /**
   * How many returns each trial has: the bars of the run but the first.
   *
   * @return T
   */
  public int bars() {
    return times.length;
  }

  /**
   * A trial's per-bar returns.
   *
   * @param rank the trial's rank, from 0 (the best)
   * @return a copy of its returns
   */
  public double[] returns(int rank) {
    return returns[rank].clone();
  }

  /**
   * Sets S, the blocks PBO cuts the bars into (default 16).
   *
   * @param blocks even, from 2 to {@link dev.quarry.stats.Pbo#MAX_BLOCKS}
   * @return this grid
   * @throws IllegalArgumentException for an odd or out-of-range count
   */
  public GridRun pboBlocks(int blocks) {
    if (blocks < 2 || blocks % 2 != 0 || blocks > dev.quarry.stats.Pbo.MAX_BLOCKS) {
      throw new IllegalArgumentException(
          "PBO blocks must be even, from 2 to "
              + dev.quarry.stats.Pbo.MAX_BLOCKS
              + ", got "
              + blocks);
    }
    if (blocks != pboBlocks) {
      pboBlocks = blocks;
      overfitting = null;
    }
    return this;
  }

  /**
   * How much of the best result is luck: PSR and DSR of the best trial, PBO of the grid (SPEC §14).
   *
   * @return the figures, computed once
   */
  public Overfitting overfitting() {
    if (overfitting == null) {
      overfitting = Overfitting.of(this, pboBlocks);
    }
    return overfitting;
  }

  /**
   * The returns as a table: {@code timestamp}, then one column per trial named by its parameters,
   * in the ranking's order.
   *
   * @return a new table
   */
  public Table returnsTable() {
    Table t = Table.create("returns");
    InstantColumn time = InstantColumn.create("timestamp");
    for (long ms : times) {
      time.append(Instant.ofEpochMilli(ms));
    }
    t.addColumns(time);
    for (int i = 0; i < returns.length; i++) {
      t.addColumns(DoubleColumn.create(trials.get(i), returns[i]));
    }
    return t;
  }

  /**
   * Writes the grid's folder at {@code dir}, atomically.
   *
   * @param dir the folder to create; must not exist
   * @return {@code dir}, absolute and normalised
   */
  public Path write(Path dir) {
    return RunFolder.writeParts(parts(), dir);
  }

  /**
   * Writes the grid's folder as a new run folder under {@code runsRoot} (see {@link
   * RunFolder#writeNew(BacktestResult, Path, String, Instant)}), then {@code then} on it.
   *
   * @param runsRoot the runs folder
   * @param now the time for the run id
   * @param then what to do with the folder once written (its deletion if it throws)
   * @return the folder
   */
  public Path writeNew(Path runsRoot, Instant now, java.util.function.Consumer<Path> then) {
    return RunFolder.writeNewParts(parts(), runsRoot, strategy + "-grid", now, then);
  }

  List<RunPart> parts() {
    List<RunPart> parts = new ArrayList<>();
    parts.add(new RunPart.PlainTable(GRID_CSV, RunPart.Format.CSV, ranked));
    parts.add(new RunPart.PlainTable(RETURNS_PARQUET, RunPart.Format.PARQUET, returnsTable()));
    parts.add(new RunPart.JsonFile(OVERFITTING_JSON, overfitting().asMap()));
    parts.add(new RunPart.HtmlFile(RunFolder.REPORT_HTML, GridReport.html(this)));
    return parts;
  }

  @Override
  public String toHtml() {
    return "<p>"
        + ranked.rowCount()
        + " trials of "
        + strategy
        + ", ranked by "
        + rankBy
        + ", best first</p><p>"
        + dev.quarry.notebook.Html.escape(overfitting().summary())
        + "<br><small>"
        + dev.quarry.notebook.Html.escape(Overfitting.meaning())
        + "</small></p>"
        + Summaries.tableHtml(compact(), ranked.rowCount());
  }

  /** The ranking narrowed to the parameters and the key metrics, for a notebook cell. */
  private Table compact() {
    List<String> columns = new ArrayList<>(parameters);
    for (String m :
        List.of(
            "total_return",
            "excess_return",
            "sharpe",
            "max_drawdown",
            "win_rate",
            "trade_count",
            "total_costs")) {
      if (ranked.containsColumn(m) && !columns.contains(m)) {
        columns.add(m);
      }
    }
    if (ranked.containsColumn(rankBy) && !columns.contains(rankBy)) {
      columns.add(rankBy);
    }
    return ranked.selectColumns(columns.toArray(String[]::new));
  }

  @Override
  public String toString() {
    return ranked.printAll() + "\n" + overfitting().summary() + "\n" + Overfitting.meaning();
  }
}
