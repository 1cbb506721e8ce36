package dev.quarry.export;

/**
 * How many rows the JSON and CSV cores encode into one piece: the option {@code chunkRows}, by
 * default {@value #DEFAULT}. A piece is written to the sink before the next is encoded, so an
 * export holds one piece at a time whatever the table's size; the bytes of the artifact do not
 * depend on it.
 */
final class ChunkRows {
  /** The default: 64 K rows, a few megabytes of text for bars. */
  static final int DEFAULT = 1 << 16;

  private ChunkRows() {}

  /**
   * The chunk size of the settings.
   *
   * @throws IllegalArgumentException if the option is not a positive integer
   */
  static int of(ExportSettings settings) {
    return settings.option("chunkRows").map(ChunkRows::parse).orElse(DEFAULT);
  }

  private static int parse(String text) {
    int rows;
    try {
      rows = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      rows = 0;
    }
    if (rows <= 0) {
      throw new IllegalArgumentException(
          "option chunkRows is '" + text + "'; give a positive number of rows, such as 65536");
    }
    return rows;
  }
}
