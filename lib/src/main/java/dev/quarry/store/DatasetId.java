package dev.quarry.store;

import dev.quarry.bars.Bars;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names one dataset of the store: a data vendor, a bar timeframe and a symbol.
 *
 * <p>Its folder is {@code <root>/<provider>/<timeframe>/symbol=<SYMBOL>}, Hive style, so that every
 * engine reading {@code <root>/<provider>/<timeframe>} as one dataset sees a {@code symbol} column.
 * Every part is checked so that a name built from user input can never leave the store's root: no
 * separators, no {@code ..}, nothing hidden.
 *
 * @param provider the data vendor, lowercase: letters, digits, {@code _} and {@code -} (e.g. {@code
 *     bitstamp})
 * @param timeframe the bar length, e.g. {@code 1m}, {@code 1h}, {@code 1d}
 * @param symbol the instrument: letters, digits, {@code .}, {@code _} and {@code -}, starting with
 *     a letter or digit (e.g. {@code BTC-USD})
 */
public record DatasetId(String provider, String timeframe, String symbol) {
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Validates every part. */
  public DatasetId {
    if (provider == null || !PROVIDER.matcher(provider).matches()) {
      throw new StoreException(
          "invalid provider '"
              + provider
              + "': use lowercase letters, digits, '_' and '-' (e.g. 'bitstamp'), at most 64");
    }
    if (symbol == null || !SYMBOL.matcher(symbol).matches() || symbol.contains("..")) {
      throw new StoreException(
          "invalid symbol '"
              + symbol
              + "': use letters, digits, '.', '_' and '-', starting with a letter or digit (e.g."
              + " 'BTC-USD'); path separators and '..' are not allowed");
    }
    try {
      Bars.timeframe(timeframe == null ? "" : timeframe);
    } catch (IllegalArgumentException e) {
      throw new StoreException("invalid timeframe: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the dataset's folder under a store root, checked to stay inside it.
   *
   * @param root the store root
   * @return {@code <root>/<provider>/<timeframe>/symbol=<symbol>}
   */
  public Path directory(Path root) {
    Path base = root.toAbsolutePath().normalize();
    Path dir =
        base.resolve(provider)
            .resolve(timeframe)
            .resolve(LayoutMigration.SYMBOL_PREFIX + symbol)
            .normalize();
    if (!dir.startsWith(base) || dir.getNameCount() != base.getNameCount() + 3) {
      throw new StoreException("dataset " + this + " would leave the store root " + base);
    }
    return dir;
  }

  @Override
  public String toString() {
    return provider + "/" + timeframe + "/" + symbol;
  }
}
