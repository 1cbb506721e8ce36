package dev.quarry.export;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The growing byte array the JSON and CSV cores encode a batch into: an {@link OutputStream} for
 * Jackson, plus direct writes of text (ASCII copied char by char, anything else as UTF-8), so the
 * CSV core needs no {@code Writer} and its per-call charset encoding. Unlike {@code
 * ByteArrayOutputStream} it is not synchronized, grows by half rather than doubling (a batch can be
 * hundreds of megabytes), and {@link #toByteArray()} hands over its array without a copy when the
 * size estimate was exact. Not thread-safe.
 */
final class EncodedBytes extends OutputStream {
  private static final int MAX = Integer.MAX_VALUE - 16;

  private byte[] bytes;
  private int size;

  /**
   * A buffer of an initial capacity.
   *
   * @param capacity the expected size in bytes
   */
  EncodedBytes(long capacity) {
    bytes = new byte[(int) Math.max(64, Math.min(capacity, MAX))];
  }

  /** Bytes for a batch of {@code rows} rows of about {@code rowBytes} bytes each. */
  static EncodedBytes forRows(int rows, long rowBytes) {
    return new EncodedBytes(rows * rowBytes + 64);
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** Writes one ASCII character. */
  void ascii(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
  }

  /** Writes the first {@code length} chars, all ASCII. */
  void ascii(char[] chars, int length) {
    ensure(length);
    byte[] b = bytes;
    int at = size;
    for (int i = 0; i < length; i++) {
      b[at++] = (byte) chars[i];
    }
    size = at;
  }

  /** Writes text as UTF-8. */
  void text(String s) {
    int length = s.length();
    ensure(length);
    byte[] b = bytes;
    int at = size;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        size = at;
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        write(rest, 0, rest.length);
        return;
      }
      b[at++] = (byte) c;
    }
    size = at;
  }

  /** Forgets the bytes written, keeping the array for the next piece. */
  void reset() {
    size = 0;
  }

  /** A copy of the bytes written, for a buffer that is {@link #reset} and reused. */
  byte[] copy() {
    return Arrays.copyOf(bytes, size);
  }

  /** The bytes written, in an array of exactly that length. */
  byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (bytes.length - size >= more) {
      return;
    }
    long needed = (long) size + more;
    if (needed > MAX) {
      throw new IllegalStateException(
          "a batch encodes to more than 2 GB, the most one byte array holds; export the table in"
              + " smaller batches (slices)");
    }
    long grown = Math.max(needed, bytes.length + (bytes.length >> 1));
    bytes = Arrays.copyOf(bytes, (int) Math.min(grown, MAX));
  }
}
