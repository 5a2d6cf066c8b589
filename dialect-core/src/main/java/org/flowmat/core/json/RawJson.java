package org.flowmat.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as the UTF-8 text it arrived in. Documents flow from the runtime to the warehouse
 * without being parsed unless a dialect needs to look inside them.
 *
 * <p>The array is owned by this value: callers must not mutate what they pass in or get back.
 */
public final class RawJson {
  private final byte[] utf8;

  private RawJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** Wraps bytes without copying; the caller gives up ownership. */
  public static RawJson wrap(byte[] utf8) {
    return new RawJson(utf8);
  }

  public static RawJson of(String json) {
    return new RawJson(json.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] bytes() {
    return utf8;
  }

  public int length() {
    return utf8.length;
  }

  public boolean isEmpty() {
    return utf8.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawJson other && Arrays.equals(utf8, other.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
