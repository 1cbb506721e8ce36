package dev.quarry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts about this build of the Quarry library.
 *
 * <pre>{@code
 * Quarry.version()   // "0.1.0"
 * }</pre>
 */
public final class Quarry {
  /** The resource next to this class that Maven fills in at build time. */
  static final String RESOURCE = "quarry.properties";

  private Quarry() {}

  /**
   * The library's version, Maven's {@code project.version} at build time.
   *
   * @return the version, such as {@code 0.1.0}
   * @throws IllegalStateException if the build left the resource out or did not fill it in (a build
   *     that bypassed Maven's resource step); build with {@code mvn -f lib package}
   */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = Quarry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "dev/quarry/" + RESOURCE + " is missing from the class path; build with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev/quarry/" + RESOURCE, e);
    }
    String version = properties.getProperty("version", "");
    if (version.isBlank() || version.contains("${")) {
      throw new IllegalStateException(
          "dev/quarry/"
              + RESOURCE
              + " has no version filled in ('"
              + version
              + "'); build with Maven, which filters it");
    }
    return version;
  }
}
