package org.flowmat.core.tuple;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON text byte-identical to what Flow packs for objects and arrays: {@code serde_json::to_vec} over a
 * {@code doc::Node}. That means object keys sorted by code point (doc objects are kept sorted), serde_json's
 * string escapes (control characters as unicode escapes with lower-case hex), integers as i64/u64, and doubles in Rust ryu's shortest format
 * ({@code 1.0}, {@code 1e16}, {@code 1.5e-7}, {@code 0.0001}); non-finite doubles are written as {@code null}.
 */
final class FlowJsonText {
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private FlowJsonText() {}

  static boolean fitsU64(BigInteger v) {
    return v.signum() >= 0 && v.compareTo(U64_MAX) <= 0;
  }

  static String write(JsonNode node) {
    StringBuilder sb = new StringBuilder(64);
    write(node, sb);
    return sb.toString();
  }

  private static void write(JsonNode node, StringBuilder sb) {
    switch (node.getNodeType()) {
      case NULL:
      case MISSING:
        sb.append("null");
        break;
      case BOOLEAN:
        sb.append(node.booleanValue());
        break;
      case NUMBER:
        writeNumber(node, sb);
        break;
      case STRING:
        writeString(node.textValue(), sb);
        break;
      case ARRAY: {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(node.get(i), sb);
        }
        sb.append(']');
        break;
      }
      case OBJECT: {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          fields.add(it.next());
        }
        fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        sb.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          writeString(fields.get(i).getKey(), sb);
          sb.append(':');
          write(fields.get(i).getValue(), sb);
        }
        sb.append('}');
        break;
      }
      default:
        throw new IllegalArgumentException("no JSON text for a node of type " + node.getNodeType());
    }
  }

  private static void writeNumber(JsonNode node, StringBuilder sb) {
    if (!node.isIntegralNumber()) {
      writeDouble(node.doubleValue(), sb);
    } else if (node.canConvertToLong()) {
      sb.append(node.longValue());
    } else {
      BigInteger big = node.bigIntegerValue();
      if (fitsU64(big)) {
        sb.append(big);
      } else {
        writeDouble(big.doubleValue(), sb); // serde_json parses integers beyond i64/u64 as f64
      }
    }
  }

  /** Rust {@code str} ordering: UTF-8 bytes, which is code point order (UTF-16 order differs above U+FFFF). */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates (D800..DFFF) encode code points above FFFF, so they must sort after E000..FFFF.
        if (x >= 0xD800 && y >= 0xD800) {
          x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
          y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** serde_json's escaping: {@code " \\ \b \f \n \r \t}, other controls as unicode escapes with lower-case hex. */
  static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Rust ryu's {@code format_finite} (as used by serde_json), or {@code null} when not finite. */
  static void writeDouble(double d, StringBuilder sb) {
    if (!Double.isFinite(d)) {
      sb.append("null");
      return;
    }
    if (d == 0) {
      sb.append(Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0");
      return;
    }
    if (d < 0) {
      sb.append('-');
      d = -d;
    }
    // Shortest round-tripping digits via Jackson's Schubfach, as digits * 10^exp.
    BigDecimal dec = new BigDecimal(NumberOutput.toString(d, true)).stripTrailingZeros();
    String digits = dec.unscaledValue().toString();
    int exp = -dec.scale();
    if (digits.length() == 2) {
      // Java's (and Schubfach's) toString never prints fewer than 2 digits, and then picks the closest 2-digit
      // decimal, e.g. 4.9E-324 for Double.MIN_VALUE where ryu prints 5e-324. Prefer a 1-digit one if it rounds back.
      BigDecimal oneDigit = shortestOneDigit(d, digits, exp);
      if (oneDigit != null) {
        digits = oneDigit.unscaledValue().toString();
        exp = -oneDigit.scale();
      }
    }
    int length = digits.length();
    int kk = length + exp; // 10^(kk-1) <= d < 10^kk
    if (0 <= exp && kk <= 16) {
      sb.append(digits);
      sb.append("0".repeat(exp)).append(".0");
    } else if (0 < kk && kk <= 16) {
      sb.append(digits, 0, kk).append('.').append(digits, kk, length);
    } else if (-5 < kk && kk <= 0) {
      sb.append("0.").append("0".repeat(-kk)).append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (length > 1) {
        sb.append('.').append(digits, 1, length);
      }
      sb.append('e').append(kk - 1);
    }
  }

  private static BigDecimal shortestOneDigit(double d, String twoDigits, int exp) {
    int first = twoDigits.charAt(0) - '0';
    BigDecimal exact = new BigDecimal(d);
    BigDecimal best = null;
    for (int candidate = first; candidate <= first + 1; candidate++) {
      BigDecimal c = BigDecimal.valueOf(candidate).scaleByPowerOfTen(exp + 1).stripTrailingZeros();
      if (c.doubleValue() == d
          && (best == null
              || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
        best = c;
      }
    }
    return best;
  }
}
