package org.flowmat.core.txn;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.tuple.TupleValue;

/**
 * Min and max of each key column over a transaction's keys: constant memory however many keys there are. A column
 * whose values are not all comparable numbers or all strings gets no bound.
 */
final class KeyBounds {
  private final TupleValue[] min;
  private final TupleValue[] max;
  private final boolean[] usable;

  KeyBounds(int keys) {
    min = new TupleValue[keys];
    max = new TupleValue[keys];
    usable = new boolean[keys];
    Arrays.fill(usable, true);
  }

  void add(List<TupleValue> key) {
    for (int i = 0; i < min.length && i < key.size(); i++) {
      if (!usable[i]) {
        continue;
      }
      TupleValue v = key.get(i);
      if (!(v instanceof TupleValue.Int || v instanceof TupleValue.BigInt || v instanceof TupleValue.Float64
          || v instanceof TupleValue.Str)) {
        usable[i] = false;
        continue;
      }
      if (min[i] == null) {
        min[i] = v;
        max[i] = v;
        continue;
      }
      Integer low = compare(v, min[i]);
      Integer high = compare(v, max[i]);
      if (low == null || high == null) {
        usable[i] = false;
      } else {
        if (low < 0) {
          min[i] = v;
        }
        if (high > 0) {
          max[i] = v;
        }
      }
    }
  }

  /** Bounds for the key columns that have them, named by {@code quotedColumns}. */
  List<Plan.KeyBound> render(List<String> quotedColumns, Literals literals) {
    List<Plan.KeyBound> out = new ArrayList<>();
    for (int i = 0; i < min.length; i++) {
      if (usable[i] && min[i] != null) {
        out.add(new Plan.KeyBound(quotedColumns.get(i), literal(min[i], literals), literal(max[i], literals)));
      }
    }
    return out;
  }

  private static String literal(TupleValue v, Literals literals) {
    if (v instanceof TupleValue.Str s) {
      return literals.string(s.value());
    }
    if (v instanceof TupleValue.Float64 f) {
      return Double.isFinite(f.value()) ? Double.toString(f.value()) : literals.string(Double.toString(f.value()));
    }
    return String.valueOf(v.toJavaObject());
  }

  /** Comparison within one kind; null when the kinds cannot be compared. Strings compare as UTF-8 bytes, as SQL does. */
  private static Integer compare(TupleValue a, TupleValue b) {
    if (a instanceof TupleValue.Str x && b instanceof TupleValue.Str y) {
      return Arrays.compareUnsigned(x.value().getBytes(StandardCharsets.UTF_8), y.value().getBytes(StandardCharsets.UTF_8));
    }
    if (a instanceof TupleValue.Str || b instanceof TupleValue.Str) {
      return null;
    }
    if (a instanceof TupleValue.Float64 || b instanceof TupleValue.Float64) {
      return Double.compare(asDouble(a), asDouble(b));
    }
    return asBig(a).compareTo(asBig(b));
  }

  private static double asDouble(TupleValue v) {
    return ((Number) v.toJavaObject()).doubleValue();
  }

  private static BigInteger asBig(TupleValue v) {
    Object o = v.toJavaObject();
    return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
  }
}
