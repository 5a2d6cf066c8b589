package org.flowmat.dialect.bigquery.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** multipart/related bodies (GCS multipart upload), parsed on bytes since the media part is binary. */
final class Multipart {
  private Multipart() {}

  /** Each part as {headers bytes, content bytes}. */
  static List<byte[][]> parse(byte[] body, String boundary) {
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[][]> parts = new ArrayList<>();
    int pos = indexOf(body, delim, 0);
    while (pos >= 0) {
      int start = pos + delim.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start = skipCrlf(body, start);
      int next = indexOf(body, delim, start);
      if (next < 0) {
        break;
      }
      int end = next;
      if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
        end -= 2;
      } else if (end >= 1 && body[end - 1] == '\n') {
        end -= 1;
      }
      byte[] part = Arrays.copyOfRange(body, start, end);
      int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      int sep = 4;
      if (split < 0) {
        split = indexOf(part, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        sep = 2;
      }
      if (split < 0) {
        parts.add(new byte[][] {new byte[0], part});
      } else {
        parts.add(new byte[][] {Arrays.copyOfRange(part, 0, split), Arrays.copyOfRange(part, split + sep, part.length)});
      }
      pos = next;
    }
    return parts;
  }

  static String contentType(String headers) {
    for (String line : headers.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static int skipCrlf(byte[] b, int i) {
    if (i < b.length && b[i] == '\r') {
      i++;
    }
    if (i < b.length && b[i] == '\n') {
      i++;
    }
    return i;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
