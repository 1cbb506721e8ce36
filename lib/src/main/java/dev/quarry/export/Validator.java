package dev.quarry.export;

/**
 * Checks a value on its way through an export; throws to refuse it. The message of the exception
 * becomes part of the {@link ExportError}, so say what is wrong.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Validator<T> {
  /**
   * Checks the value.
   *
   * @param value the value
   * @throws Exception any exception refuses the value
   */
  void check(T value) throws Exception;
}
