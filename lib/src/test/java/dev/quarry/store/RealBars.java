package dev.quarry.store;

import dev.quarry.bars.Bars;
import dev.quarry.samples.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import tech.tablesaw.api.Table;

/** The sample's real bars: Bitstamp BTC/USD trades of 2013 (ta4j-examples, test scope). */
public final class RealBars {
  private static Table minutes;

  private RealBars() {}

  /**
   * The 1-minute bars of the 100,000 trades, built as {@code jbang ingest --sample} builds them.
   *
   * @return a fresh copy, safe to modify
   */
  public static synchronized Table minutes() {
    if (minutes == null) {
      minutes = Bars.fromTrades(trades(), Duration.ofMinutes(1));
    }
    return minutes.copy();
  }

  /**
   * The 100,000 trades ({@code timestamp, price, amount}).
   *
   * @return the trades, freshly read
   */
  public static Table trades() {
    URL csv = RealBars.class.getClassLoader().getResource(SampleData.TRADES_ENTRY);
    if (csv == null || !"jar".equals(csv.getProtocol())) {
      throw new IllegalStateException(
          SampleData.TRADES_ENTRY + " is not on the test class path (" + csv + ")");
    }
    try {
      String jar = csv.getPath().substring(0, csv.getPath().indexOf("!/"));
      return SampleData.readTrades(Path.of(new URI(jar)), SampleData.TRADES_ENTRY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
