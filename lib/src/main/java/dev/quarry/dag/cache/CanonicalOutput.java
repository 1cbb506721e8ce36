package dev.quarry.dag.cache;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * Big-endian primitive writer over a small buffer, feeding either a digest (fingerprints) or a
 * growing byte array (stored payloads). Strings are written as their UTF-16 length followed by each
 * UTF-16 unit in one to three bytes, which keeps ASCII compact and, unlike standard UTF-8, is exact
 * for strings holding unpaired surrogates.
 */
final class CanonicalOutput {
  /** Receives the buffered bytes. */
  @FunctionalInterface
  interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  private final Sink sink;
  private final byte[] buf;
  private int pos;

  CanonicalOutput(Sink sink, int bufferBytes) {
    this.sink = sink;
    this.buf = new byte[Math.max(bufferBytes, 64)];
  }

  static CanonicalOutput into(MessageDigest digest, int bufferBytes) {
    return new CanonicalOutput(digest::update, bufferBytes);
  }

  static CanonicalOutput into(ByteArrayOutputStream bytes) {
    return new CanonicalOutput(bytes::write, 8192);
  }

  void flush() {
    if (pos > 0) {
      sink.accept(buf, 0, pos);
      pos = 0;
    }
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      flush();
    }
  }

  void writeByte(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  void writeBoolean(boolean v) {
    writeByte(v ? 1 : 0);
  }

  void writeShort(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  void writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
  }

  /** Writes the bytes as they are, without a length. */
  void writeRaw(byte[] bytes, int offset, int length) {
    if (length > buf.length - pos) {
      flush();
      if (length > buf.length) {
        sink.accept(bytes, offset, length);
        return;
      }
    }
    System.arraycopy(bytes, offset, buf, pos, length);
    pos += length;
  }

  /** Writes a length, then the bytes. */
  void writeBytes(byte[] bytes) {
    writeInt(bytes.length);
    writeRaw(bytes, 0, bytes.length);
  }

  void writeString(String s) {
    int n = s.length();
    writeInt(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      ensure(3);
      if (c < 0x80) {
        buf[pos++] = (byte) c;
      } else if (c < 0x800) {
        buf[pos++] = (byte) (0xC0 | (c >> 6));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      } else {
        buf[pos++] = (byte) (0xE0 | (c >> 12));
        buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }
}
