package dev.quarry.store;

import java.util.Locale;

/** How a write combines new bars with the ones already stored. */
public enum WriteMode {
  /**
   * Adds rows. A timestamp that is already stored is an error, unless {@link
   * WriteOptions#deduplicate()} is on and the new row equals the stored one exactly, in which case
   * the new row is dropped; a differing row at a stored timestamp is always an error (use {@link
   * #UPSERT}).
   */
  APPEND,
  /**
   * Replaces the whole dataset: afterwards it holds exactly the new rows, and partitions the new
   * rows do not touch are deleted.
   */
  REPLACE,
  /** Same timestamp: the new row wins; stored rows at other timestamps are kept. */
  UPSERT;

  /**
   * Parses a mode name, case-insensitively.
   *
   * @param text {@code append}, {@code replace} or {@code upsert}
   * @return the mode
   * @throws StoreException if the text is none of them
   */
  public static WriteMode parse(String text) {
    for (WriteMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw new StoreException("unknown write mode '" + text + "'; use append, replace or upsert");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
