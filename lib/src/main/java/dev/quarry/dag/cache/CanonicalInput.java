package dev.quarry.dag.cache;

/**
 * Reads what {@link CanonicalOutput} wrote, from a byte array, checking every length against the
 * bytes that remain so that a truncated or garbled payload fails with {@link CacheCorruptException}
 * instead of a huge allocation or an index error.
 */
final class CanonicalInput {
  private final byte[] bytes;
  private int pos;

  CanonicalInput(byte[] bytes) {
    this.bytes = bytes;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return bytes.length - pos;
  }

  private void need(int n, String what) {
    if (n < 0 || n > bytes.length - pos) {
      throw new CacheCorruptException(
          "payload ends early: reading "
              + what
              + " at byte "
              + pos
              + " needs "
              + n
              + " bytes but "
              + (bytes.length - pos)
              + " remain");
    }
  }

  /**
   * Reads a count of items that take at least {@code minBytesEach} bytes each, rejecting counts the
   * remaining bytes cannot hold.
   */
  int readCount(String what, int minBytesEach) {
    int n = readInt(what + " count");
    if (n < 0 || (long) n * minBytesEach > remaining()) {
      throw new CacheCorruptException(
          "payload is garbled: "
              + what
              + " count "
              + n
              + " at byte "
              + (pos - 4)
              + " is impossible");
    }
    return n;
  }

  byte readByte(String what) {
    need(1, what);
    return bytes[pos++];
  }

  boolean readBoolean(String what) {
    byte b = readByte(what);
    if (b != 0 && b != 1) {
      throw new CacheCorruptException(
          "payload is garbled: " + what + " at byte " + (pos - 1) + " is " + b + ", not 0 or 1");
    }
    return b == 1;
  }

  short readShort(String what) {
    need(2, what);
    int v = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
    pos += 2;
    return (short) v;
  }

  int readInt(String what) {
    need(4, what);
    int v =
        ((bytes[pos] & 0xFF) << 24)
            | ((bytes[pos + 1] & 0xFF) << 16)
            | ((bytes[pos + 2] & 0xFF) << 8)
            | (bytes[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long readLong(String what) {
    need(8, what);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  byte[] readBytes(String what) {
    int n = readCount(what, 1);
    byte[] out = new byte[n];
    System.arraycopy(bytes, pos, out, 0, n);
    pos += n;
    return out;
  }

  String readString(String what) {
    int n = readCount(what, 1);
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      int b = readByte(what) & 0xFF;
      if (b < 0x80) {
        chars[i] = (char) b;
      } else if ((b & 0xE0) == 0xC0) {
        chars[i] = (char) (((b & 0x1F) << 6) | continuation(what));
      } else if ((b & 0xF0) == 0xE0) {
        int hi = continuation(what);
        chars[i] = (char) (((b & 0x0F) << 12) | (hi << 6) | continuation(what));
      } else {
        throw new CacheCorruptException(
            "payload is garbled: " + what + " has an invalid lead byte at byte " + (pos - 1));
      }
    }
    return new String(chars);
  }

  private int continuation(String what) {
    int b = readByte(what) & 0xFF;
    if ((b & 0xC0) != 0x80) {
      throw new CacheCorruptException(
          "payload is garbled: " + what + " has an invalid continuation byte at " + (pos - 1));
    }
    return b & 0x3F;
  }
}
