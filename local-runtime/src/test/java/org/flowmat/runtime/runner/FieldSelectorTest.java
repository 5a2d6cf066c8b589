package org.flowmat.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Response.Validated;
import org.flowmat.runtime.proto.Materialize.Response.Validated.Constraint.Type;
import org.junit.jupiter.api.Test;

/** Flow's default field selection from a Validated binding's constraints. */
class FieldSelectorTest {
  private static final Flow.CollectionSpec COLLECTION = Flow.CollectionSpec.newBuilder()
      .setName("a/b")
      .addKey("/id")
      .addProjections(projection("id", "/id"))
      .addProjections(projection("flow_document", ""))
      .addProjections(projection("total", "/total"))
      .addProjections(projection("total_alias", "/total"))
      .addProjections(projection("obj", "/obj"))
      .addProjections(projection("gone", "/gone"))
      .addProjections(projection("_meta/flow_truncated", "/_meta/flow_truncated"))
      .build();

  private static Flow.Projection projection(String field, String ptr) {
    return Flow.Projection.newBuilder().setField(field).setPtr(ptr).build();
  }

  private static Validated.Binding validated(Object... fieldsAndTypes) {
    Validated.Binding.Builder b = Validated.Binding.newBuilder();
    for (int i = 0; i < fieldsAndTypes.length; i += 2) {
      b.addProjectionConstraints(Validated.ProjectionConstraint.newBuilder().setField((String) fieldsAndTypes[i])
          .setConstraint(Validated.Constraint.newBuilder().setType((Type) fieldsAndTypes[i + 1]).setReason("because")));
    }
    return b.build();
  }

  private static final Validated.Binding NEW_TABLE = validated(
      "id", Type.LOCATION_REQUIRED, "flow_document", Type.LOCATION_REQUIRED, "total", Type.LOCATION_RECOMMENDED,
      "total_alias", Type.LOCATION_RECOMMENDED, "obj", Type.FIELD_OPTIONAL, "gone", Type.FIELD_FORBIDDEN,
      "_meta/flow_truncated", Type.FIELD_OPTIONAL);

  @Test
  void requiredAndRecommendedOnePerLocationOptionalLeftOut() {
    Flow.FieldSelection s = FieldSelector.select("b", COLLECTION, NEW_TABLE, Map.of(), Set.of(), Optional.empty());
    assertThat(s.getKeysList()).containsExactly("id");
    assertThat(s.getDocument()).isEqualTo("flow_document");
    assertThat(s.getValuesList()).containsExactly("total");
  }

  @Test
  void theExampleRequiresOptionalFieldsAndExcludesRecommendedOnes() {
    JsonNode config = JsonNodeFactory.instance.objectNode().put("castToString", true);
    Flow.FieldSelection s = FieldSelector.select("b", COLLECTION, NEW_TABLE,
        Map.of("obj", config, "_meta/flow_truncated", JsonNodeFactory.instance.objectNode()), Set.of("total"),
        Optional.empty());
    assertThat(s.getValuesList()).containsExactly("_meta/flow_truncated", "obj", "total_alias");
    assertThat(s.getFieldConfigJsonMapMap()).containsOnlyKeys("obj");
  }

  @Test
  void anExistingTableKeepsTheOptionalFieldsOfTheLastSelection() {
    Validated.Binding existing = validated("id", Type.FIELD_REQUIRED, "flow_document", Type.FIELD_REQUIRED,
        "total", Type.FIELD_OPTIONAL, "total_alias", Type.LOCATION_RECOMMENDED, "obj", Type.FIELD_OPTIONAL,
        "gone", Type.FIELD_FORBIDDEN, "_meta/flow_truncated", Type.FIELD_OPTIONAL);
    Flow.FieldSelection last = Flow.FieldSelection.newBuilder().addKeys("id").addValues("total")
        .setDocument("flow_document").build();
    Flow.FieldSelection s = FieldSelector.select("b", COLLECTION, existing, Map.of(), Set.of(), Optional.of(last));
    assertThat(s.getValuesList()).as("total kept; its location taken, so not total_alias").containsExactly("total");
  }

  @Test
  void whatCannotBeSelectedIsAnErrorThatSaysWhy() {
    assertThatThrownBy(() -> FieldSelector.select("binding 0", COLLECTION, NEW_TABLE,
        Map.of("gone", JsonNodeFactory.instance.objectNode()), Set.of(), Optional.empty()))
        .hasMessageContaining("binding 0").hasMessageContaining("'gone' cannot be materialized: because");
    assertThatThrownBy(() -> FieldSelector.select("binding 0", COLLECTION, NEW_TABLE, Map.of(), Set.of("flow_document"),
        Optional.empty())).hasMessageContaining("'flow_document', which is required");
    Validated.Binding incompatible = Validated.Binding.newBuilder(NEW_TABLE)
        .addProjectionConstraints(Validated.ProjectionConstraint.newBuilder().setField("total")
            .setConstraint(Validated.Constraint.newBuilder().setType(Type.INCOMPATIBLE).setReason("type changed")))
        .build();
    assertThat(FieldSelector.select("b", COLLECTION, incompatible, Map.of(), Set.of(), Optional.empty()).getValuesList())
        .as("a new field that is incompatible is left out").containsExactly("total_alias");
    Flow.FieldSelection last = Flow.FieldSelection.newBuilder().addKeys("id").addValues("total").build();
    assertThatThrownBy(() -> FieldSelector.select("binding 0", COLLECTION, incompatible, Map.of(), Set.of(),
        Optional.of(last))).hasMessageContaining("'total' is incompatible").hasMessageContaining("backfill");
  }
}
