package dev.quarry.data;

import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Where bars come from before they reach the store: Provider → Store → Registry (seed 001).
 *
 * <p>Named {@code DataSource} so as not to clash with the pipeline's Provider layer; {@link
 * #provider()} is the data vendor's name, used as the {@code <provider>} level of the store layout.
 */
public interface DataSource {
  /**
   * Returns the data vendor's name, e.g. {@code bitstamp}.
   *
   * @return the provider name (lowercase)
   */
  String provider();

  /**
   * Lists the symbols this source can deliver.
   *
   * @return the symbols
   */
  List<String> listSymbols();

  /**
   * Delivers bars of one symbol.
   *
   * @param symbol one of {@link #listSymbols()}
   * @param timeframe the bar length ({@code 1m}, {@code 1h}, …)
   * @param range the time range wanted
   * @return bars in the store's schema ({@code timestamp}, open, high, low, close, volume), in time
   *     order
   * @throws IllegalArgumentException if the symbol or timeframe is not available
   */
  Table frame(String symbol, String timeframe, TimeRange range);
}
