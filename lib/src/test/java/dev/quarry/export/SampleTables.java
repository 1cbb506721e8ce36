package dev.quarry.export;

import java.time.Instant;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Seeded tables with every exported column type and missing values in each column. */
final class SampleTables {
  private SampleTables() {}

  /**
   * {@code rows} minute bars from 2013-11-25: timestamp, price, volume (doubles), trades (int),
   * side (string); every 7th timestamp, 5th price, 11th volume, 13th count and 9th side missing.
   */
  static Table bars(int rows, long seed) {
    Random random = new Random(seed);
    InstantColumn time = InstantColumn.create("timestamp");
    DoubleColumn price = DoubleColumn.create("price");
    DoubleColumn volume = DoubleColumn.create("volume");
    IntColumn trades = IntColumn.create("trades");
    StringColumn side = StringColumn.create("side");
    Instant start = Instant.parse("2013-11-25T10:00:00Z");
    for (int i = 0; i < rows; i++) {
      if (i % 7 == 3) {
        time.appendMissing();
      } else {
        time.append(start.plusMillis(60_000L * i + random.nextInt(1000)));
      }
      double p = 800 + random.nextGaussian() * 25;
      if (i % 5 == 1) {
        price.appendMissing();
      } else {
        price.append(p);
      }
      if (i % 11 == 2) {
        volume.appendMissing();
      } else {
        volume.append(random.nextDouble() * 1e3 - 1);
      }
      if (i % 13 == 4) {
        trades.appendMissing();
      } else {
        trades.append(random.nextInt(2_000_000) - 1_000_000);
      }
      if (i % 9 == 5) {
        side.appendMissing();
      } else {
        side.append(
            switch (random.nextInt(3)) {
              case 0 -> "buy";
              case 1 -> "sell, \"market\"";
              default -> "ünïcode\nline";
            });
      }
    }
    return Table.create("bars", time, price, volume, trades, side);
  }
}
