package dev.quarry.store;

/**
 * The one exception family of the partitioned bar store: Parquet files, partitions, locks, the
 * registry and its checksums.
 *
 * <p>Messages say what went wrong, where (the dataset, partition or file path) and what to do about
 * it, for example {@code cannot read Parquet file '/data/.../BTC-USD.parquet': the file is
 * truncated or corrupt (footer index outside the file); restore it or rewrite the partition}. A
 * failure of an underlying library (Parquet, the file system) is kept as the cause, never thrown
 * raw.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a complete, user-facing message.
   *
   * @param message what went wrong, where, and what to do
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps its cause.
   *
   * @param message what went wrong, where, and what to do
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
