package org.flowmat.runtime.codec;

import java.nio.charset.StandardCharsets;

/**
 * A minimal, reusable UTF-8 JSON byte sink. Callers place commas and colons themselves; this class
 * only appends bytes, escaped strings and numbers.
 */
final class JsonOut {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  byte[] buf;
  int len;

  JsonOut(int initialSize) {
    buf = new byte[initialSize];
  }

  void reset() {
    len = 0;
  }

  void ensure(int extra) {
    long needed = (long) len + extra;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("JSON message too large: " + needed + " bytes");
      }
      int size = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * buf.length));
      buf = java.util.Arrays.copyOf(buf, size);
    }
  }

  void write(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  void write(byte[] b) {
    write(b, 0, b.length);
  }

  void write(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  /** Appends ASCII text which needs no escaping (numbers, literals). */
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  void number(int v) {
    ascii(Integer.toString(v));
  }

  void bool(boolean v) {
    ascii(v ? "true" : "false");
  }

  /** Appends {@code s} as a quoted JSON string, UTF-8 encoded. */
  void string(String s) {
    int n = s.length();
    // Worst case per char is 3 UTF-8 bytes; escapes reserve extra room themselves.
    ensure(3 * n + 2);
    byte[] b = buf;
    int o = len;
    b[o++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[o++] = (byte) c;
          continue;
        }
        len = o;
        ensure(6 + 3 * (n - i));
        b = buf;
        o = escape(b, o, c);
      } else if (c < 0x800) {
        b[o++] = (byte) (0xc0 | (c >> 6));
        b[o++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[o++] = (byte) (0xf0 | (cp >> 18));
        b[o++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[o++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[o++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        if (Character.isSurrogate(c)) {
          c = '\ufffd'; // unpaired surrogate: not representable in UTF-8
        }
        b[o++] = (byte) (0xe0 | (c >> 12));
        b[o++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[o++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[o++] = '"';
    len = o;
  }

  private static int escape(byte[] b, int o, char c) {
    b[o++] = '\\';
    switch (c) {
      case '"' -> b[o++] = '"';
      case '\\' -> b[o++] = '\\';
      case '\n' -> b[o++] = 'n';
      case '\r' -> b[o++] = 'r';
      case '\t' -> b[o++] = 't';
      case '\b' -> b[o++] = 'b';
      case '\f' -> b[o++] = 'f';
      default -> {
        b[o++] = 'u';
        b[o++] = '0';
        b[o++] = '0';
        b[o++] = HEX[c >> 4];
        b[o++] = HEX[c & 0xf];
      }
    }
    return o;
  }

  byte[] toByteArray() {
    return java.util.Arrays.copyOf(buf, len);
  }
}
