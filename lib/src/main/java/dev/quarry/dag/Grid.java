package dev.quarry.dag;

import dev.quarry.context.ContextEntry;
import dev.quarry.context.Keys;
import dev.quarry.context.PipelineContext;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The outer loop of seed 004: runs a whole pipeline once per parameter set (grid search).
 *
 * <p>Each combination runs on a fresh context holding the base inputs plus the parameters, so every
 * run is independent; with a cache, a node whose inputs a parameter does not touch is computed once
 * and restored in the other runs.
 *
 * <pre>{@code
 * GridResult result = Grid.of("param.fast", 5, 10, 20)
 *     .and("param.slow", 50, 100)
 *     .run(pipeline, base, "summary.total_return", "summary.trades");
 * result.table();   // one row per combination: parameters, results, nodes ran/cached
 * }</pre>
 */
public final class Grid {
  private final Map<String, List<Object>> axes;
  private final int threads;

  private Grid(Map<String, List<Object>> axes, int threads) {
    this.axes = axes;
    this.threads = threads;
  }

  /**
   * Starts a grid with one parameter.
   *
   * @param key the context key the parameter is set under, e.g. {@code param.fast}
   * @param values its values, at least one
   * @return a grid
   */
  public static Grid of(String key, Object... values) {
    return new Grid(new LinkedHashMap<>(), 1).and(key, values);
  }

  /**
   * Adds a parameter; combinations are the cartesian product, earlier parameters outermost.
   *
   * @param key the context key
   * @param values its values, at least one
   * @return a new grid with the parameter added
   */
  public Grid and(String key, Object... values) {
    Keys.requireValid(key, "grid parameter");
    if (values == null || values.length == 0) {
      throw new PipelineException("grid parameter '" + key + "' has no values; give at least one");
    }
    for (Object value : values) {
      if (value == null) {
        throw new PipelineException(
            "grid parameter '" + key + "' has a null value; context values are never null");
      }
    }
    if (axes.containsKey(key)) {
      throw new PipelineException("grid parameter '" + key + "' is given twice; give it once");
    }
    Map<String, List<Object>> copy = new LinkedHashMap<>(axes);
    copy.put(key, List.of(values));
    return new Grid(copy, threads);
  }

  /**
   * Runs the combinations on this many threads (default 1). Each run is independent, and the result
   * is assembled in the combinations' order, so it is the same at any thread count; a failure
   * reports the first failing combination in that order.
   *
   * @param count at least 1
   * @return a new grid
   * @throws PipelineException if {@code count < 1}
   */
  public Grid threads(int count) {
    if (count < 1) {
      throw new PipelineException("a grid runs on at least 1 thread, got " + count);
    }
    return new Grid(axes, count);
  }

  /**
   * Lists every combination, in a stable order.
   *
   * @return one key → value map per run
   */
  public List<Map<String, Object>> combinations() {
    List<Map<String, Object>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : combinations) {
        for (Object value : axis.getValue()) {
          Map<String, Object> combination = new LinkedHashMap<>(partial);
          combination.put(axis.getKey(), value);
          next.add(combination);
        }
      }
      combinations = next;
    }
    List<Map<String, Object>> frozen = new ArrayList<>();
    combinations.forEach(c -> frozen.add(Collections.unmodifiableMap(c)));
    return List.copyOf(frozen);
  }

  /**
   * Runs the pipeline once per combination and collects results into a table.
   *
   * @param pipeline the pipeline to run
   * @param base inputs shared by every run (copied, never modified)
   * @param resultKeys context keys to collect from each run; a record result is spread into one
   *     column per component ({@code output.summary.trades})
   * @return the result table (parameters, results, {@code nodes_ran}, {@code nodes_cached}) and the
   *     run reports
   * @throws PipelineException naming the combination if one run fails
   */
  public GridResult run(Pipeline pipeline, PipelineContext base, String... resultKeys) {
    for (String key : axes.keySet()) {
      if (base.contains(key)) {
        throw new PipelineException(
            "grid parameter '" + key + "' is also in the base context; leave it out of the base");
      }
    }
    Set<String> produced = new HashSet<>(base.keys());
    pipeline.nodes().forEach(n -> produced.addAll(n.spec().provides().keySet()));
    produced.addAll(axes.keySet());
    for (String key : resultKeys) {
      if (!produced.contains(key)) {
        throw new PipelineException(
            "grid result '"
                + key
                + "' is provided by no node of the pipeline; results can be "
                + new TreeSet<>(produced));
      }
    }
    List<Map<String, Object>> combinations = combinations();
    int n = combinations.size();
    Map<String, Object>[] rows = newRows(n);
    RunReport[] reports = new RunReport[n];
    if (threads == 1 || n == 1) {
      for (int i = 0; i < n; i++) {
        runOne(pipeline, base, combinations, i, resultKeys, rows, reports);
      }
    } else {
      runParallel(pipeline, base, combinations, resultKeys, rows, reports);
    }
    return new GridResult(toTable(List.of(rows)), List.of(reports));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object>[] newRows(int n) {
    return (Map<String, Object>[]) new Map<?, ?>[n];
  }

  /** Runs every combination on the grid's threads; the first failure in order is thrown. */
  private void runParallel(
      Pipeline pipeline,
      PipelineContext base,
      List<Map<String, Object>> combinations,
      String[] resultKeys,
      Map<String, Object>[] rows,
      RunReport[] reports) {
    int n = combinations.size();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(threads, n),
            r -> {
              Thread t = new Thread(r, "quarry-grid");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(
            pool.submit(
                () -> runOne(pipeline, base, combinations, index, resultKeys, rows, reports)));
      }
      for (java.util.concurrent.Future<?> f : done) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new PipelineException("a grid run failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PipelineException("interrupted while the grid ran", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void runOne(
      Pipeline pipeline,
      PipelineContext base,
      List<Map<String, Object>> combinations,
      int i,
      String[] resultKeys,
      Map<String, Object>[] rows,
      RunReport[] reports) {
    Map<String, Object> combination = combinations.get(i);
    PipelineContext ctx = PipelineContext.create();
    for (ContextEntry entry : base.entries()) {
      ctx.set(entry.key(), entry.value());
    }
    combination.forEach(ctx::set);
    RunReport report;
    try {
      report = pipeline.run(ctx);
    } catch (PipelineException e) {
      throw new PipelineException(
          "grid run "
              + (i + 1)
              + "/"
              + combinations.size()
              + " "
              + combination
              + " failed: "
              + e.getMessage(),
          e);
    }
    Map<String, Object> row = new LinkedHashMap<>(combination);
    for (String key : resultKeys) {
      putResult(row, key, ctx.get(key));
    }
    row.put("nodes_ran", (int) report.count(RunReport.Status.RAN));
    row.put("nodes_cached", (int) report.count(RunReport.Status.CACHED));
    rows[i] = row;
    reports[i] = report;
  }

  /** Records are spread into one column per component, named {@code key.component}. */
  private static void putResult(Map<String, Object> row, String key, Object value) {
    if (value instanceof Record record) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          Method accessor = component.getAccessor();
          accessor.setAccessible(true);
          putResult(row, key + "." + component.getName(), accessor.invoke(record));
        } catch (ReflectiveOperationException e) {
          throw new PipelineException(
              "cannot read component '" + component.getName() + "' of result '" + key + "'", e);
        }
      }
    } else {
      row.put(key, value);
    }
  }

  private static Table toTable(List<Map<String, Object>> rows) {
    Table table = Table.create("grid");
    for (String name : rows.get(0).keySet()) {
      List<Object> values = new ArrayList<>();
      rows.forEach(row -> values.add(row.get(name)));
      table.addColumns(column(name, values));
    }
    return table;
  }

  private static Column<?> column(String name, List<Object> values) {
    if (values.stream().allMatch(v -> v instanceof Integer)) {
      return IntColumn.create(name, values.stream().mapToInt(v -> (Integer) v).toArray());
    }
    if (values.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
      return LongColumn.create(
          name, values.stream().mapToLong(v -> ((Number) v).longValue()).toArray());
    }
    if (values.stream().allMatch(v -> v instanceof Number)) {
      return DoubleColumn.create(
          name, values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
    }
    if (values.stream().allMatch(v -> v instanceof Boolean)) {
      BooleanColumn column = BooleanColumn.create(name);
      values.forEach(v -> column.append((Boolean) v));
      return column;
    }
    StringColumn column = StringColumn.create(name);
    values.forEach(v -> column.append(String.valueOf(v)));
    return column;
  }
}
