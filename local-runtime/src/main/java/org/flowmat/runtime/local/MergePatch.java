package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.flowmat.runtime.proto.Flow;

/** RFC 7396 JSON merge patches, and Flow's connector state updates built on them. */
public final class MergePatch {
  private MergePatch() {}

  /**
   * {@code patch} applied to {@code target} per RFC 7396: an object patch merges member by member, a null member
   * removes the member, anything else replaces the target. Returns a new tree; the arguments are not modified.
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out =
        target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), apply(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  /**
   * The connector state after {@code update}, as Flow folds it: a merge patch when {@code mergePatch}, else a
   * replacement. An update whose {@code updated} is empty changes nothing.
   */
  public static JsonNode applyState(JsonNode state, Flow.ConnectorState update) {
    if (update.getUpdatedJson().isEmpty()) {
      return state;
    }
    JsonNode updated = DocumentExtractor.parse(update.getUpdatedJson().toByteArray());
    return update.getMergePatch() ? apply(state, updated) : updated;
  }
}
