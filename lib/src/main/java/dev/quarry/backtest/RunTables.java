package dev.quarry.backtest;

import dev.quarry.store.ParquetTables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The result tables of a run folder, read back from its files ({@link RunFolder#read}).
 *
 * <ul>
 *   <li>{@code trades}: {@code trades.csv}, {@code entry_time,exit_time,side,quantity,
 *       entry_price,exit_price,fees,pnl,strategy,symbol} (an open trade's exit fields missing);
 *   <li>{@code orders}: {@code orders.csv}, every column of the orders table;
 *   <li>{@code equity}: {@code equity.parquet}, {@code timestamp,equity,cash,position,strategy}.
 * </ul>
 *
 * <p>Times come back as {@code INSTANT} columns and numbers as {@code DOUBLE} (order ids {@code
 * LONG}), the types of {@link BacktestResult}'s tables, so exporting a table read back as CSV gives
 * the bytes of the file it came from.
 */
public final class RunTables {
  /** The tables a run folder can give, in the order of its files. */
  public static final List<String> NAMES = List.of("trades", "orders", "equity");

  private final Path folder;

  private RunTables(Path folder) {
    this.folder = folder;
  }

  static RunTables of(Path dir) {
    Path folder = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "no run folder at " + folder + (Files.exists(folder) ? " (it is a file)" : ""));
    }
    if (NAMES.stream().noneMatch(name -> Files.isRegularFile(folder.resolve(file(name))))) {
      throw new IllegalArgumentException(
          folder
              + " is not a run folder: it has none of "
              + String.join(", ", NAMES.stream().map(RunTables::file).toList()));
    }
    return new RunTables(folder);
  }

  /**
   * The run folder.
   *
   * @return its absolute, normalised path
   */
  public Path folder() {
    return folder;
  }

  /**
   * Reads one table of the run.
   *
   * @param name one of {@link #NAMES}
   * @return the table, named after it
   * @throws IllegalArgumentException if the name is not one of {@link #NAMES} (listing them), or
   *     the folder lacks its file, or the file's header is not the table's
   * @throws UncheckedIOException if the file cannot be read
   */
  public Table table(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "no table '" + name + "' in a run folder; the tables are " + String.join(", ", NAMES));
    }
    Path file = folder.resolve(file(name));
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "the run folder " + folder + " has no " + file(name) + " (the " + name + " table)");
    }
    Table table =
        switch (name) {
          case "trades" -> csv(file, RunSchema.TRADES, RunSchema.TRADES.columns());
          case "orders" -> csv(file, RunSchema.ORDERS, RunSchema.ORDERS.columns());
          default -> ParquetTables.read(file);
        };
    return table.setName(name);
  }

  private static String file(String name) {
    return switch (name) {
      case "trades" -> RunFolder.TRADES_CSV;
      case "orders" -> RunFolder.ORDERS_CSV;
      default -> RunFolder.EQUITY_PARQUET;
    };
  }

  /** ISO-8601 texts as an instant column; an empty text is a missing value. */
  private static InstantColumn instants(StringColumn texts) {
    InstantColumn times = InstantColumn.create(texts.name());
    for (String text : texts) {
      if (text == null || text.isEmpty()) {
        times.appendMissing();
      } else {
        times.append(Instant.parse(text));
      }
    }
    return times;
  }

  /** Reads a CSV file of the run folder with the schema's types, checking its header first. */
  private static Table csv(Path file, RunSchema schema, List<String> columns) {
    List<String> header;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      header = line == null ? List.of() : Arrays.asList(line.split(",", -1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (!header.equals(columns)) {
      throw new IllegalArgumentException(
          file
              + " has the header "
              + header
              + ", not the "
              + schema.table()
              + " columns of a run folder "
              + columns);
    }
    // Tablesaw's instant parser fails on an empty field: times are read as text, then parsed here.
    ColumnType[] types =
        columns.stream()
            .map(schema::type)
            .map(t -> t.equals(ColumnType.INSTANT) ? ColumnType.STRING : t)
            .toArray(ColumnType[]::new);
    CsvReadOptions options =
        CsvReadOptions.builder(file.toFile())
            .header(true)
            .columnTypes(types)
            .missingValueIndicator("")
            .build();
    try {
      Table table = Table.read().csv(options);
      for (String name : columns) {
        if (schema.type(name).equals(ColumnType.INSTANT)) {
          table.replaceColumn(name, instants(table.stringColumn(name)));
        }
      }
      return table;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " as the " + schema.table() + " table: " + e.getMessage(), e);
    }
  }
}
