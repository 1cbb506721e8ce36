///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0

import dev.quarry.io.QuarryHome;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetFilter;
import dev.quarry.store.DatasetInfo;
import dev.quarry.store.RefreshReport;
import dev.quarry.store.StoreException;
import dev.quarry.store.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the store's datasets from the registry; --verify re-checks every file's checksum. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    description = {
      "Lists the datasets of the store ($QUARRY_HOME/store unless --store) from its registry"
          + " (catalog.json), with the quick inventory totals.",
      "--verify compares every file with the registry (presence, size, rows, SHA-256; files"
          + " written without a checksum are read in full and named as not checked); any mismatch,"
          + " or a missing catalog.json, is reported and the exit code is 3.",
      "--refresh rebuilds the registry from the files on disk first (also repairs a corrupt"
          + " catalog.json); datasets with an unreadable file are listed and the exit code is 4."
    })
public final class Inventory implements Callable<Integer> {
  @Option(names = "--verify", description = "Recompute every file's checksum and compare.")
  boolean verify;

  @Option(names = "--refresh", description = "Rebuild the registry from the files first.")
  boolean refresh;

  @Option(names = "--provider", description = "Only this provider.")
  String provider;

  @Option(names = "--timeframe", description = "Only this timeframe.")
  String timeframe;

  @Option(names = "--symbol", description = "Only this symbol.")
  String symbol;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store folder (default: $QUARRY_HOME/store).")
  Path store;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Inventory()).execute(args));
  }

  @Override
  public Integer call() {
    Path root = store != null ? store : QuarryHome.store();
    try {
      BarStore bars = BarStore.open(root);
      RefreshReport refreshed = null;
      if (refresh) {
        refreshed = bars.refreshAll();
        System.out.println(refreshed.summary());
        refreshed.problems().forEach(p -> System.out.println("  " + p));
      }
      var empty = bars.emptyStoreHint();
      if (empty.isPresent()) {
        System.out.println(empty.get());
      }
      List<DatasetInfo> datasets =
          bars.listDatasets(new DatasetFilter(provider, timeframe, symbol));
      System.out.printf(
          Locale.ROOT,
          "%-12s %-4s %-12s %-20s %-20s %12s %5s %10s %8s%n",
          "provider",
          "tf",
          "symbol",
          "first",
          "last",
          "rows",
          "files",
          "MB",
          "quality");
      for (DatasetInfo d : datasets) {
        System.out.printf(
            Locale.ROOT,
            "%-12s %-4s %-12s %-20s %-20s %,12d %5d %10.2f %8.4f%n",
            d.provider(),
            d.timeframe(),
            d.symbol(),
            d.firstDate(),
            d.lastDate(),
            d.totalRows(),
            d.totalPartitions(),
            d.fileSizeBytes() / 1048576.0,
            d.dataQuality());
      }
      System.out.println("Total: " + bars.quickInventory() + " (store: " + bars.root() + ")");
      if (verify) {
        VerifyReport report = bars.verify();
        System.out.println(report.summary());
        report.problems().forEach(p -> System.out.println("  " + p));
        if (!report.ok()) {
          System.err.println(
              "inventory: verify failed: "
                  + report.problems().size()
                  + " problem(s) between the files and the registry (listed above)");
          return 3;
        }
      }
      if (refreshed != null && !refreshed.ok()) {
        System.err.println(
            "inventory: refresh: "
                + refreshed.problems().size()
                + " dataset(s) could not be read and were not rebuilt (listed above); their"
                + " files are left as they are");
        return 4;
      }
      return 0;
    } catch (StoreException e) {
      System.err.println("inventory: " + e.getMessage());
      return 1;
    }
  }
}
