package dev.quarry.dag.backend;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Drains a stream and keeps only its last bytes, so a chatty standard error can neither block the
 * child process nor fill the caller's memory.
 */
final class StreamTail {
  private static final int KEEP_BYTES = 8 * 1024;
  private static final int MAX_LINE_CHARS = 300;

  private final byte[] buffer = new byte[2 * KEEP_BYTES];
  private int length;
  private boolean truncated;
  private String readFailure;

  /** Reads the stream to its end; a read failure is remembered, not thrown. */
  void drain(InputStream in) {
    byte[] chunk = new byte[4096];
    try (in) {
      for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
        append(chunk, n);
      }
    } catch (IOException e) {
      synchronized (this) {
        readFailure = Wire.describe(e);
      }
    }
  }

  private synchronized void append(byte[] chunk, int n) {
    if (length + n > buffer.length) {
      int keep = Math.min(length, KEEP_BYTES);
      System.arraycopy(buffer, length - keep, buffer, 0, keep);
      length = keep;
      truncated = true;
    }
    // Fits: after compaction at most KEEP_BYTES are kept, and a chunk is smaller than that.
    System.arraycopy(chunk, 0, buffer, length, n);
    length += n;
  }

  /**
   * The last lines read so far, indented, one per line.
   *
   * @return the lines, or {@code (empty)} when nothing was read
   */
  synchronized String lastLines(int max) {
    int from = Math.max(0, length - KEEP_BYTES);
    String text = new String(Arrays.copyOfRange(buffer, from, length), UTF_8);
    List<String> lines = text.strip().lines().toList();
    StringBuilder out = new StringBuilder();
    if (truncated || from > 0 || lines.size() > max) {
      out.append("\n  …");
    }
    for (String line : lines.subList(Math.max(0, lines.size() - max), lines.size())) {
      out.append("\n  ")
          .append(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
    }
    if (readFailure != null) {
      out.append("\n  [could not read further: ").append(readFailure).append(']');
    }
    return out.length() == 0 ? " (empty)" : out.toString();
  }
}
