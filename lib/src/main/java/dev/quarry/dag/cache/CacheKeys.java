package dev.quarry.dag.cache;

import java.util.regex.Pattern;

/** Cache keys are 64 lowercase hex characters; since keys name files, nothing else is let in. */
final class CacheKeys {
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

  private CacheKeys() {}

  static boolean isValid(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  static String requireValid(String key) {
    if (key == null) {
      throw new NullPointerException("cache key is null; build keys with Fingerprints.combine");
    }
    if (!KEY.matcher(key).matches()) {
      String shown = key.length() > 80 ? key.substring(0, 77) + "..." : key;
      throw new IllegalArgumentException(
          "cache key '"
              + shown
              + "' is not 64 lowercase hex characters; build keys with Fingerprints.combine"
              + " (keys name files, so nothing else is accepted)");
    }
    return key;
  }
}
