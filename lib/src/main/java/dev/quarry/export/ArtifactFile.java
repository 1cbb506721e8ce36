package dev.quarry.export;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a multi-file artifact, for the {@link DirectorySink}: a relative path inside the
 * artifact's folder and its bytes.
 *
 * @param name a relative path of letters, digits, {@code . _ -} segments separated by {@code /}; no
 *     segment is {@code .} or {@code ..}, so it cannot leave the folder
 * @param bytes the content (not copied)
 */
public record ArtifactFile(String name, byte[] bytes) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

  /** Checks the name. */
  public ArtifactFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bytes, "bytes");
    String[] segments = name.split("/", -1);
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "artifact file name '"
                + name
                + "' is not a relative path of plain names (letters, digits, '.', '_', '-',"
                + " not starting with '.' or '-', separated by '/'); it must stay inside the"
                + " artifact's folder");
      }
    }
  }
}
