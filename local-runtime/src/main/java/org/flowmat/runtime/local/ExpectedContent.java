package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flowmat.core.tuple.PackedTuple;

/**
 * What the endpoint should hold after the committed transactions, as the model computes it independently of the
 * connector: per standard binding and key, the document reduced over every committed transaction (keys whose
 * reduced document is a deletion, {@code _meta/op = "d"}, are absent); per delta-updates binding, every stored
 * document in commit order.
 *
 * <p>Read-only for callers; the runtime builds it. Keys iterate in packed-byte order.
 */
public final class ExpectedContent {
  private final Map<Integer, NavigableMap<PackedTuple, JsonNode>> tables = new TreeMap<>();
  private final Map<Integer, List<JsonNode>> deltas = new TreeMap<>();

  ExpectedContent() {}

  /** The documents of standard binding {@code binding}, by packed key (empty if it has none). */
  public Map<PackedTuple, JsonNode> table(int binding) {
    NavigableMap<PackedTuple, JsonNode> t = tables.get(binding);
    return t == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(t);
  }

  /** The stored documents of delta-updates binding {@code binding}, in commit order. */
  public List<JsonNode> deltaRows(int binding) {
    return Collections.unmodifiableList(deltas.getOrDefault(binding, List.of()));
  }

  /** The document of {@code key} in {@code binding}, or null. */
  public JsonNode get(int binding, PackedTuple key) {
    NavigableMap<PackedTuple, JsonNode> t = tables.get(binding);
    return t == null ? null : t.get(key);
  }

  /** Total number of documents over all bindings. */
  public int size() {
    return tables.values().stream().mapToInt(Map::size).sum() + deltas.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Human-readable differences between {@code actual} (what an endpoint holds for standard binding {@code binding},
   * by packed key) and this content; empty when they are {@linkplain #equivalent equivalent}.
   */
  public List<String> differences(int binding, Map<PackedTuple, JsonNode> actual) {
    List<String> out = new ArrayList<>();
    Map<PackedTuple, JsonNode> expected = table(binding);
    TreeSet<PackedTuple> keys = new TreeSet<>(Shards.KEY_ORDER);
    keys.addAll(expected.keySet());
    keys.addAll(actual.keySet());
    for (PackedTuple key : keys) {
      JsonNode e = expected.get(key);
      JsonNode a = actual.get(key);
      if (!equivalent(e, a)) {
        out.add("binding " + binding + " key " + DocumentExtractor.tupleJson(key) + ": expected " + e + ", actual " + a);
      }
    }
    return out;
  }

  /**
   * Whether two documents are the same JSON value: numbers compare by value ({@code 1}, {@code 1.0} and
   * {@code 1e0} are equal), objects ignore member order, and null (absent) equals only null.
   */
  public static boolean equivalent(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(NUMERIC_VALUE, b);
  }

  private static final Comparator<JsonNode> NUMERIC_VALUE =
      (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
          return x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
        }
        return x.equals(y) ? 0 : 1;
      };

  void put(int binding, PackedTuple key, JsonNode doc) {
    tables.computeIfAbsent(binding, b -> new TreeMap<>(Shards.KEY_ORDER)).put(key, doc);
  }

  void remove(int binding, PackedTuple key) {
    NavigableMap<PackedTuple, JsonNode> t = tables.get(binding);
    if (t != null) {
      t.remove(key);
    }
  }

  void append(int binding, JsonNode doc) {
    deltas.computeIfAbsent(binding, b -> new ArrayList<>()).add(doc);
  }

  void clear() {
    tables.clear();
    deltas.clear();
  }

  /** Adds everything of {@code other} (shards hold disjoint keys, so nothing is overwritten in practice). */
  void addAll(ExpectedContent other) {
    other.tables.forEach((b, t) -> t.forEach((k, v) -> put(b, k, v)));
    other.deltas.forEach((b, rows) -> rows.forEach(r -> append(b, r)));
  }
}
