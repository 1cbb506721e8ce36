package dev.quarry.cli;

import dev.quarry.Quarry;
import picocli.CommandLine;

/**
 * The {@code -V}/{@code --version} answer of every Quarry script: {@code quarry <version>}.
 *
 * <pre>{@code
 * @Command(name = "plan", mixinStandardHelpOptions = true,
 *     versionProvider = dev.quarry.cli.VersionProvider.class)
 * }</pre>
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
  /** A provider; picocli creates it. */
  public VersionProvider() {}

  /**
   * The version line.
   *
   * @return one line, such as {@code quarry 0.1.0}
   */
  @Override
  public String[] getVersion() {
    return new String[] {"quarry " + Quarry.version()};
  }
}
