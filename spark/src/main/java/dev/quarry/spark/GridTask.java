package dev.quarry.spark;

import dev.quarry.backtest.Backtest;
import dev.quarry.backtest.ExecutionSettings;
import dev.quarry.backtest.WalkForwardResult;
import dev.quarry.bars.Bars;
import dev.quarry.cli.ExecutionOptions;
import dev.quarry.samples.BacktestGrid;
import dev.quarry.stats.Folds;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * One Spark task of a {@link SparkGrid}: a chunk of the grid's combinations over one symbol. It
 * holds only strings, numbers and instants (Quarry's own classes are not {@code Serializable}), and
 * builds everything inside the task: the store opened read-only, the symbol's bars, the execution
 * settings from their command-line options, the strategy from its name, class or source text.
 *
 * @param store the store root, as the executors see it (a shared file system)
 * @param provider the dataset's provider
 * @param timeframe the dataset's timeframe
 * @param symbol the symbol
 * @param from the first instant included
 * @param to the first instant excluded
 * @param strategy a sample's name or a class name; null when {@code sourceName} is given
 * @param sourceName a strategy file's name ({@code MyStrategy.java}), or null
 * @param sourceText that file's text, or null
 * @param fixed the parameters shared by every run
 * @param execution the execution options, as {@code backtest} takes them
 * @param first the index of the chunk's first combination in the whole grid
 * @param combinations the chunk's combinations, axis → value
 * @param walkForward the folds of a walk-forward ({@code train=2d,test=1d}), or null for a grid
 * @param axes a walk-forward's axes, name → values (empty for a grid)
 * @param rankBy the metric a walk-forward selects by (null for a grid)
 */
record GridTask(
    String store,
    String provider,
    String timeframe,
    String symbol,
    Instant from,
    Instant to,
    String strategy,
    String sourceName,
    String sourceText,
    Map<String, String> fixed,
    List<String> execution,
    int first,
    List<Map<String, String>> combinations,
    String walkForward,
    Map<String, List<String>> axes,
    String rankBy)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  GridTask {
    fixed = new LinkedHashMap<>(fixed);
    execution = new ArrayList<>(execution);
    List<Map<String, String>> copies = new ArrayList<>();
    combinations.forEach(c -> copies.add(new LinkedHashMap<>(c)));
    combinations = copies;
    Map<String, List<String>> axesCopy = new LinkedHashMap<>();
    axes.forEach((k, v) -> axesCopy.put(k, new ArrayList<>(v)));
    axes = axesCopy;
  }

  /**
   * Runs the chunk.
   *
   * @return one row per combination, the combination's index first
   */
  Rows run() {
    DatasetId id = new DatasetId(provider, timeframe, symbol);
    Table bars = BarStore.openReadOnly(Path.of(store)).read(id, from, to);
    ExecutionSettings settings = ExecutionOptions.parse(execution).settings();
    if (walkForward != null) {
      return Rows.of(walkForward(bars, settings), 0);
    }
    Table runs =
        BacktestGrid.trials(bars, symbol, strategyReference(), fixed, settings, combinations);
    return Rows.of(runs, first);
  }

  /**
   * The symbol's walk-forward, as {@code backtest --walk-forward} runs it: the fold table, then the
   * walk-forward's efficiency and annual returns and the stitched out-of-sample run's metrics
   * ({@code oos_…}) on every row.
   */
  private Table walkForward(Table bars, ExecutionSettings settings) {
    String reference = strategyReference();
    WalkForwardResult result =
        Backtest.of(symbol, bars, Bars.timeframe(timeframe))
            .settings(settings)
            .walkForward(
                Folds.parse(walkForward),
                p -> {
                  Map<String, String> all = new LinkedHashMap<>(fixed);
                  all.putAll(p);
                  return BacktestGrid.strategy(reference, all);
                },
                axes,
                rankBy,
                1);
    Table folds = result.folds();
    int n = folds.rowCount();
    folds.addColumns(
        constant("efficiency", result.efficiency(), n),
        constant("in_sample_annual_return", result.inSampleAnnualReturn(), n),
        constant("out_of_sample_annual_return", result.outOfSampleAnnualReturn(), n));
    result
        .outOfSample()
        .metrics()
        .asMap()
        .forEach(
            (name, value) -> {
              if (value instanceof Number number) {
                folds.addColumns(constant("oos_" + name, number.doubleValue(), n));
              }
            });
    return folds;
  }

  private static DoubleColumn constant(String name, double value, int rows) {
    DoubleColumn column = DoubleColumn.create(name);
    for (int i = 0; i < rows; i++) {
      column.append(value);
    }
    return column;
  }

  /**
   * What {@link BacktestGrid} takes as the strategy: its name, or the path of its source text
   * written to a folder named after the text's hash (compiled once per JVM and text).
   */
  String strategyReference() {
    if (sourceText == null) {
      return strategy;
    }
    try {
      String hash =
          HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(sourceText.getBytes(StandardCharsets.UTF_8)))
              .substring(0, 16);
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "quarry-grid-" + hash);
      Files.createDirectories(dir);
      Path file = dir.resolve(sourceName);
      if (!Files.exists(file)) {
        Path temp = Files.createTempFile(dir, ".source", ".tmp");
        Files.writeString(temp, sourceText, StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the strategy's source " + sourceName + " for compiling: " + e, e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /**
   * A chunk's runs as plain values, to travel back to the driver.
   *
   * @param first the index of the first row's combination in the grid
   * @param names the columns' names
   * @param types the columns' Tablesaw types ({@code DOUBLE}, {@code INTEGER}, {@code LONG}, {@code
   *     BOOLEAN}, {@code STRING})
   * @param rows the values, row by row
   */
  record Rows(int first, List<String> names, List<String> types, List<Object[]> rows)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static Rows of(Table runs, int first) {
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (Column<?> column : runs.columns()) {
        names.add(column.name());
        types.add(typeName(column.type()));
      }
      List<Object[]> rows = new ArrayList<>();
      for (int r = 0; r < runs.rowCount(); r++) {
        Object[] row = new Object[runs.columnCount()];
        for (int c = 0; c < row.length; c++) {
          Column<?> column = runs.column(c);
          row[c] =
              switch (types.get(c)) {
                case "STRING" -> column.getString(r);
                case "DOUBLE" -> ((DoubleColumn) column).getDouble(r); // NaN kept bit for bit
                case "INSTANT" -> ((InstantColumn) column).get(r);
                default -> column.isMissing(r) ? null : column.get(r);
              };
        }
        rows.add(row);
      }
      return new Rows(first, List.copyOf(names), List.copyOf(types), rows);
    }

    private static String typeName(ColumnType type) {
      String name = type.name();
      return List.of("DOUBLE", "INTEGER", "LONG", "BOOLEAN", "INSTANT").contains(name)
          ? name
          : "STRING";
    }

    /** Appends the rows to a table with these columns (created empty by {@link #emptyTable}). */
    void appendTo(Table table) {
      for (Object[] row : rows) {
        for (int c = 0; c < row.length; c++) {
          Column<?> column = table.column(c);
          Object value = row[c];
          switch (types.get(c)) {
            case "DOUBLE" -> ((DoubleColumn) column).append((Double) value);
            case "INTEGER" -> {
              if (value == null) {
                ((IntColumn) column).appendMissing();
              } else {
                ((IntColumn) column).append((Integer) value);
              }
            }
            case "LONG" -> {
              if (value == null) {
                ((LongColumn) column).appendMissing();
              } else {
                ((LongColumn) column).append((Long) value);
              }
            }
            case "BOOLEAN" -> {
              if (value == null) {
                ((BooleanColumn) column).appendMissing();
              } else {
                ((BooleanColumn) column).append((Boolean) value);
              }
            }
            case "INSTANT" -> {
              if (value == null) {
                ((InstantColumn) column).appendMissing();
              } else {
                ((InstantColumn) column).append((java.time.Instant) value);
              }
            }
            default -> ((StringColumn) column).append((String) value);
          }
        }
      }
    }

    /** An empty table with these columns. */
    Table emptyTable(String name) {
      Table table = Table.create(name);
      for (int c = 0; c < names.size(); c++) {
        String n = names.get(c);
        table.addColumns(
            switch (types.get(c)) {
              case "DOUBLE" -> DoubleColumn.create(n);
              case "INTEGER" -> IntColumn.create(n);
              case "LONG" -> LongColumn.create(n);
              case "BOOLEAN" -> BooleanColumn.create(n);
              case "INSTANT" -> InstantColumn.create(n);
              default -> StringColumn.create(n);
            });
      }
      return table;
    }
  }
}
