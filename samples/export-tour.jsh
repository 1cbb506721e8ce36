// The export pipeline in plain jshell (README, "Exports"):
//   jshell --class-path lib/target/quarry-0.1.0-all.jar samples/export-tour.jsh
import dev.quarry.export.*;
import java.nio.file.*;
import java.util.List;
import tech.tablesaw.api.*;

Path out = Files.createTempDirectory("quarry-export-tour");
ExportRegistry registry = TableExports.register(new ExportRegistry());
ExportFactory factory = new ExportFactory(registry);

// Any Tablesaw table to CSV, JSON or Parquet, published atomically.
Table prices = Table.create("prices",
    StringColumn.create("symbol", "BTC-USD", "BTC-USD", "ETH-USD"),
    DoubleColumn.create("close", 802.5, 0.1 + 0.2, Double.NaN));
ExportResult csv = factory.create(TableExports.CSV, ExportSettings.to(out.resolve("prices.csv"))).
    exportOne(prices);
System.out.println(csv);
System.out.print(Files.readString(out.resolve("prices.csv")));

// An inline binding: records → table → JSON file, with a validator on the formatted table.
record Fill(String symbol, double price) {}
BatchExportBinding<Fill, Table, byte[]> fills =
    BatchExportBinding.<Fill, Table>formatting(list -> Table.create("fills",
            StringColumn.create("symbol", list.stream().map(Fill::symbol).toList()),
            DoubleColumn.create("price", list.stream().mapToDouble(Fill::price).toArray()))).
        encoding(settings -> new JsonTableCore()).
        into(settings -> new AtomicFileSink(settings.target())).
        validatingFormatted(t -> { if (t.isEmpty()) throw new IllegalArgumentException("no fills"); });
ExportKey<Fill> FILLS = ExportKey.of("fills.json", Fill.class);
registry.register(FILLS, fills);
BatchExportService<Fill> service = factory.create(FILLS, ExportSettings.to(out.resolve("fills.json")));
service.export(List.of(new Fill("BTC-USD", 802.5), new Fill("ETH-USD", 24.25)));
System.out.print(Files.readString(out.resolve("fills.json")));

// A refused export names the stage and leaves no file behind.
Path none = out.resolve("none.json");
String refused;
try {
  factory.create(FILLS, ExportSettings.to(none)).export(List.of());
  refused = "exported?";
} catch (ExportError e) {
  refused = e.stage() + ": " + e.getMessage();
}
System.out.println(refused);
System.out.println("none.json exists: " + Files.exists(none));

// An illegal lifecycle call is an ExportError too.
InMemorySink<byte[]> sink = new InMemorySink<>();
String illegal;
try {
  sink.commit();
  illegal = "committed?";
} catch (ExportError e) {
  illegal = e.getMessage();
}
System.out.println(illegal);
/exit
