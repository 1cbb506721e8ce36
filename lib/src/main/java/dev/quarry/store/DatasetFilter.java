package dev.quarry.store;

/**
 * Selects datasets by provider, timeframe and symbol; a null part matches anything.
 *
 * <pre>{@code
 * store.listDatasets(DatasetFilter.all().provider("bitstamp"));
 * }</pre>
 *
 * @param provider the provider to match, or null
 * @param timeframe the timeframe to match, or null
 * @param symbol the symbol to match, or null
 */
public record DatasetFilter(String provider, String timeframe, String symbol) {
  /**
   * Returns a filter that matches every dataset.
   *
   * @return the filter
   */
  public static DatasetFilter all() {
    return new DatasetFilter(null, null, null);
  }

  /**
   * Returns a copy that also requires a provider.
   *
   * @param value the provider
   * @return the copy
   */
  public DatasetFilter provider(String value) {
    return new DatasetFilter(value, timeframe, symbol);
  }

  /**
   * Returns a copy that also requires a timeframe.
   *
   * @param value the timeframe
   * @return the copy
   */
  public DatasetFilter timeframe(String value) {
    return new DatasetFilter(provider, value, symbol);
  }

  /**
   * Returns a copy that also requires a symbol.
   *
   * @param value the symbol
   * @return the copy
   */
  public DatasetFilter symbol(String value) {
    return new DatasetFilter(provider, timeframe, value);
  }

  /**
   * Tells whether a dataset matches.
   *
   * @param info the dataset
   * @return true if every given part is equal
   */
  public boolean matches(DatasetInfo info) {
    return (provider == null || provider.equals(info.provider()))
        && (timeframe == null || timeframe.equals(info.timeframe()))
        && (symbol == null || symbol.equals(info.symbol()));
  }
}
