package dev.quarry.context;

import dev.quarry.dag.PipelineException;
import java.util.regex.Pattern;

/**
 * Rules for context keys and key patterns.
 *
 * <p>A key is {@code {domain}.{output}} by convention ({@code features.train}, {@code input.path},
 * {@code output.report}): letters, digits, {@code _}, {@code -} and dots, not starting or ending
 * with a dot. A pattern is either an exact key or a namespace wildcard {@code domain.*}, which
 * matches every key that starts with {@code domain.}.
 */
public final class Keys {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private Keys() {}

  /**
   * Checks that a key follows the naming rules.
   *
   * @param key the key to check
   * @param where what the key belongs to, for the error message (e.g. {@code node 'features'})
   * @return the key
   * @throws PipelineException if the key is null, blank or malformed
   */
  public static String requireValid(String key, String where) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new PipelineException(
          where
              + ": invalid context key '"
              + key
              + "'; use {domain}.{output} with letters, digits, '_' and '-', e.g."
              + " 'features.train' or 'input.path'");
    }
    return key;
  }

  /**
   * Checks that a pattern is an exact key or a {@code prefix.*} namespace wildcard.
   *
   * @param pattern the pattern to check
   * @param where what the pattern belongs to, for the error message
   * @return the pattern
   * @throws PipelineException if the pattern is malformed
   */
  public static String requireValidPattern(String pattern, String where) {
    if (pattern != null && pattern.endsWith(".*")) {
      requireValid(pattern.substring(0, pattern.length() - 2), where);
      return pattern;
    }
    if (pattern == null || !KEY.matcher(pattern).matches()) {
      throw new PipelineException(
          where
              + ": invalid key pattern '"
              + pattern
              + "'; use an exact key ('conditioning.pose') or a namespace wildcard"
              + " ('conditioning.*')");
    }
    return pattern;
  }

  /**
   * Tells whether a key matches a pattern.
   *
   * @param pattern an exact key or a {@code prefix.*} wildcard
   * @param key the key to test
   * @return true if the key matches
   */
  public static boolean matches(String pattern, String key) {
    if (pattern.endsWith(".*")) {
      return key.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(key);
  }
}
