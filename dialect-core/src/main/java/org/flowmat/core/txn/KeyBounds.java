package org.flowmat.core.txn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.flowmat.core.dialect.KeyOrder;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.tuple.TupleValue;

/**
 * Min and max of each key column over a transaction's keys, in the order the warehouse compares that column's values
 * ({@link KeyOrder}, the dialect's answer for the column's type): constant memory however many keys there are. A
 * column without an order, or holding a value the order cannot place (a non-integer in an integer column, a
 * non-string in a text column, a literal the dialect cannot render), gets no bound: a missing bound costs pruning, a
 * wrong one makes Loads and merges miss rows that exist.
 */
final class KeyBounds {
  /** What Flow's {@code format: integer} strings look like; anything else gets no bound rather than a guess. */
  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private final KeyOrder[] orders;
  private final Comparable<Object>[] min;
  private final Comparable<Object>[] max;
  private final boolean[] usable;

  /** Bounds for key columns ordered as {@code orders} says (empty: that column gets no bound). */
  @SuppressWarnings("unchecked")
  KeyBounds(List<Optional<KeyOrder>> orders) {
    int n = orders.size();
    this.orders = new KeyOrder[n];
    this.min = new Comparable[n];
    this.max = new Comparable[n];
    this.usable = new boolean[n];
    for (int i = 0; i < n; i++) {
      this.orders[i] = orders.get(i).orElse(null);
      usable[i] = this.orders[i] != null;
    }
  }

  void add(List<TupleValue> key) {
    for (int i = 0; i < orders.length && i < key.size(); i++) {
      if (!usable[i]) {
        continue;
      }
      Comparable<Object> v = comparable(orders[i], key.get(i));
      if (v == null) {
        usable[i] = false;
        min[i] = null;
        max[i] = null;
      } else if (min[i] == null) {
        min[i] = v;
        max[i] = v;
      } else if (v.compareTo(min[i]) < 0) {
        min[i] = v;
      } else if (v.compareTo(max[i]) > 0) {
        max[i] = v;
      }
    }
  }

  /** Bounds for the key columns that have them, named by {@code quotedColumns}. */
  List<Plan.KeyBound> render(List<String> quotedColumns, Literals literals) {
    List<Plan.KeyBound> out = new ArrayList<>();
    for (int i = 0; i < orders.length; i++) {
      if (!usable[i] || min[i] == null) {
        continue;
      }
      try {
        out.add(new Plan.KeyBound(quotedColumns.get(i), literal(min[i], literals), literal(max[i], literals)));
      } catch (IllegalArgumentException e) {
        // e.g. a string holding NUL, which no literal can carry: this column goes unbounded, the rows still match
      }
    }
    return out;
  }

  private static String literal(Object v, Literals literals) {
    if (v instanceof BigInteger b) {
      return literals.integer(b);
    }
    if (v instanceof Double d) {
      return literals.float64(d);
    }
    return literals.string(((Utf8) v).value);
  }

  /** The value as the warehouse compares it in a column of that order; null when it has no place in that order. */
  @SuppressWarnings("unchecked")
  private static Comparable<Object> comparable(KeyOrder order, TupleValue v) {
    Comparable<?> c = switch (order) {
      case INTEGER -> {
        if (v instanceof TupleValue.Int i) {
          yield BigInteger.valueOf(i.value());
        } else if (v instanceof TupleValue.BigInt b) {
          yield b.value();
        } else if (v instanceof TupleValue.Str s && INTEGER_TEXT.matcher(s.value()).matches()) {
          yield new BigInteger(s.value());
        }
        // Doubles too: how a warehouse rounds a double into an integer column is not ours to guess.
        yield null;
      }
      case FLOAT -> {
        double d;
        if (v instanceof TupleValue.Float64 f) {
          d = f.value();
        } else if (v instanceof TupleValue.Int i) {
          d = i.value();
        } else if (v instanceof TupleValue.BigInt b) {
          d = b.value().doubleValue();
        } else if (v instanceof TupleValue.Str s && DECIMAL_TEXT.matcher(s.value()).matches()) {
          d = Double.parseDouble(s.value());
        } else {
          yield null;
        }
        // NaN and infinities sort by rules of their own; -0.0 equals 0.0 in SQL but not in Double.compare.
        yield Double.isFinite(d) ? Double.valueOf(d == 0.0 ? 0.0 : d) : null;
      }
      case UTF8_BYTES -> v instanceof TupleValue.Str s ? new Utf8(s.value()) : null;
    };
    return (Comparable<Object>) c;
  }

  /** A string ordered by its UTF-8 bytes, which is the order of its code points (not of its UTF-16 chars). */
  private record Utf8(String value) implements Comparable<Utf8> {
    @Override
    public int compareTo(Utf8 o) {
      String a = value;
      String b = o.value;
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        int x = a.codePointAt(i);
        int y = b.codePointAt(j);
        if (x != y) {
          return Integer.compare(x, y);
        }
        i += Character.charCount(x);
        j += Character.charCount(y);
      }
      return Integer.compare(a.length() - i, b.length() - j);
    }
  }
}
