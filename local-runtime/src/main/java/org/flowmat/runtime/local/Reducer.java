package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Reduces two documents of the same key, the left one older. Flow derives reductions from a collection's schema
 * annotations ({@code reduce: {strategy: ...}}); this model takes one annotation-free choice per collection instead.
 */
public final class Reducer {
  private Reducer() {}

  /** How documents of one key combine. */
  public enum Reduction {
    /** The newer document replaces the older one: Flow's default. */
    LAST_WRITE_WINS,
    /**
     * Objects merge deeply: every property of the newer document replaces or, where both sides hold objects,
     * merges into the older one's; properties only the older one has are kept. Anything that is not an object on
     * both sides (arrays, scalars, null) is replaced by the newer value.
     */
    MERGE
  }

  /**
   * {@code rhs} reduced onto {@code lhs}; {@code lhs} may be null (no older document). Neither argument is
   * modified; the result may share subtrees with them, so treat documents as immutable.
   */
  public static JsonNode reduce(Reduction reduction, JsonNode lhs, JsonNode rhs) {
    if (lhs == null) {
      return rhs;
    }
    return switch (reduction) {
      case LAST_WRITE_WINS -> rhs;
      case MERGE -> merge(lhs, rhs);
    };
  }

  private static JsonNode merge(JsonNode lhs, JsonNode rhs) {
    if (!lhs.isObject() || !rhs.isObject()) {
      return rhs;
    }
    ObjectNode out = ((ObjectNode) lhs).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = rhs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode prior = out.get(e.getKey());
      out.set(e.getKey(), prior == null ? e.getValue() : merge(prior, e.getValue()));
    }
    return out;
  }
}
