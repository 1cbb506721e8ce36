package dev.quarry.store;

import java.time.Instant;
import java.util.Random;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Seeded tables with one column of each type the exports write, and missing values in each. */
final class MixedTables {
  private MixedTables() {}

  /**
   * {@code rows} rows from 2013-11-25: time (instant), price (double), volume (long), trades (int),
   * side (string), maker (boolean); every 7th time, 5th price, 11th volume, 13th count, 9th side
   * and 17th maker missing.
   */
  static Table table(int rows, long seed) {
    Random random = new Random(seed);
    InstantColumn time = InstantColumn.create("time");
    DoubleColumn price = DoubleColumn.create("price");
    LongColumn volume = LongColumn.create("volume");
    IntColumn trades = IntColumn.create("trades");
    StringColumn side = StringColumn.create("side");
    BooleanColumn maker = BooleanColumn.create("maker");
    Instant start = Instant.parse("2013-11-25T10:00:00Z");
    for (int i = 0; i < rows; i++) {
      if (i % 7 == 3) {
        time.appendMissing();
      } else {
        time.append(start.plusMillis(60_000L * i + random.nextInt(1000)));
      }
      if (i % 5 == 1) {
        price.appendMissing();
      } else {
        price.append(800 + random.nextGaussian() * 25);
      }
      if (i % 11 == 2) {
        volume.appendMissing();
      } else {
        volume.append(random.nextLong() >> random.nextInt(64));
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
              default -> "ünïcode\nline" + random.nextInt(50);
            });
      }
      if (i % 17 == 6) {
        maker.appendMissing();
      } else {
        maker.append(random.nextBoolean());
      }
    }
    return Table.create("mixed", time, price, volume, trades, side, maker);
  }
}
