package dev.quarry.export;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * Ready bindings: any Tablesaw table, or a slice of the store, to one JSON, CSV or Parquet file
 * through an {@link AtomicFileSink} at the settings' target. The settings' option {@code columns}
 * keeps only those columns; {@code compression} sets Parquet's codec. JSON and CSV stream: each
 * table (and each month of a store slice) is encoded and written {@code chunkRows} rows at a time
 * (default 64 K) straight into the sink's temp file, so memory is bounded by a chunk, not by the
 * artifact; Parquet builds its one table and file in memory.
 *
 * <pre>{@code
 * ExportRegistry registry = TableExports.register(new ExportRegistry());
 * new ExportFactory(registry).create(TableExports.CSV, ExportSettings.to(Path.of("bars.csv")))
 *     .exportOne(bars);
 * }</pre>
 */
public final class TableExports {
  /** A table to a JSON array of row objects. */
  public static final ExportKey<Table> JSON = ExportKey.of("table.json", Table.class);

  /** A table to CSV with a header. */
  public static final ExportKey<Table> CSV = ExportKey.of("table.csv", Table.class);

  /** A table to one Parquet file. */
  public static final ExportKey<Table> PARQUET = ExportKey.of("table.parquet", Table.class);

  /** A store slice to JSON. */
  public static final ExportKey<StoreSlice> SLICE_JSON =
      ExportKey.of("store-slice.json", StoreSlice.class);

  /** A store slice to CSV. */
  public static final ExportKey<StoreSlice> SLICE_CSV =
      ExportKey.of("store-slice.csv", StoreSlice.class);

  /** A store slice to Parquet. */
  public static final ExportKey<StoreSlice> SLICE_PARQUET =
      ExportKey.of("store-slice.parquet", StoreSlice.class);

  private TableExports() {}

  /**
   * Tables to JSON.
   *
   * @return the binding
   */
  public static BatchExportBinding<Table, Table, byte[]> json() {
    return BatchExportBinding.of(
        s -> TableFormatter.inParts(), s -> new JsonTableCore(), AtomicFileSink::new);
  }

  /**
   * Tables to CSV.
   *
   * @return the binding
   */
  public static BatchExportBinding<Table, Table, byte[]> csv() {
    return BatchExportBinding.of(
        s -> TableFormatter.inParts(), s -> new CsvTableCore(), AtomicFileSink::new);
  }

  /**
   * Tables to Parquet.
   *
   * @return the binding
   */
  public static BatchExportBinding<Table, Table, byte[]> parquet() {
    return BatchExportBinding.ofClasses(
        TableFormatter.class, ParquetTableCore.class, AtomicFileSink.class);
  }

  /**
   * Store slices to a format: the slices are read and appended in order.
   *
   * @param format the format of tables: {@link #json()}, {@link #csv()} or {@link #parquet()}
   * @return the binding
   */
  public static BatchExportBinding<StoreSlice, Table, byte[]> slices(String format) {
    return switch (format) {
      case "json" -> sliceByMonth().encoding(s -> new JsonTableCore()).into(AtomicFileSink::new);
      case "csv" -> sliceByMonth().encoding(s -> new CsvTableCore()).into(AtomicFileSink::new);
      case "parquet" -> sliceWhole()
          .encoding(s -> new ParquetTableCore())
          .into(AtomicFileSink::new);
      default -> throw new IllegalArgumentException(
          "unknown format '" + format + "'; use json, csv or parquet");
    };
  }

  /** Parquet: the slices read whole and appended into the one table the file holds. */
  private static BatchExportBinding.Formatting<StoreSlice, Table> sliceWhole() {
    return BatchExportBinding.formattedBy(
        settings -> {
          TableFormatter tables = new TableFormatter();
          return new BatchFormatter<StoreSlice, Table>() {
            @Override
            protected Table doFormat(List<StoreSlice> slices) {
              List<Table> read = new ArrayList<>();
              slices.forEach(s -> read.add(s.read()));
              tables.inject(settings(), logger());
              return tables.format(read);
            }

            @Override
            public String name() {
              return "StoreSliceFormatter";
            }
          };
        });
  }

  /** JSON and CSV: each slice read a month at a time, each month a part. */
  private static BatchExportBinding.Formatting<StoreSlice, Table> sliceByMonth() {
    return BatchExportBinding.formattedBy(
        settings -> {
          TableFormatter tables = TableFormatter.inParts();
          return new BatchFormatter<StoreSlice, Table>() {
            @Override
            protected boolean formatsEachItem() {
              return true;
            }

            @Override
            protected void doFormatItem(StoreSlice slice, Consumer<? super Table> parts) {
              tables.inject(settings(), logger());
              slice.readByMonth(month -> tables.doFormatItem(month, parts));
            }

            @Override
            protected Table doFormat(List<StoreSlice> none) {
              tables.inject(settings(), logger());
              return tables.format(List.of()); // refuses, as for tables
            }

            @Override
            public String name() {
              return "StoreSliceFormatter";
            }
          };
        });
  }

  /**
   * Registers the six ready exports.
   *
   * @param registry the registry
   * @return the registry
   */
  public static ExportRegistry register(ExportRegistry registry) {
    return registry
        .register(JSON, json())
        .register(CSV, csv())
        .register(PARQUET, parquet())
        .register(SLICE_JSON, slices("json"))
        .register(SLICE_CSV, slices("csv"))
        .register(SLICE_PARQUET, slices("parquet"));
  }
}
