package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConstraintType;
import org.flowmat.core.connector.FieldConstraint;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.mapping.ProtoMapping;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.testkit.ConformanceHarness;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.TestCollections;
import org.junit.jupiter.api.Test;

/**
 * {@code advanced.feature_flags: allow_existing_tables_for_new_bindings}: a materialization deleted and created again
 * (no last spec, no state) adopts the tables its predecessor made, through Validate, Apply and real sessions.
 */
class DuckDbAdoptExistingTablesTest extends ConformanceHarness {
  private final SqlConnector connector = new SqlConnector(new DuckDbDialect(), SerPolicy.NONE);

  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }

  @Test
  void aRebuiltMaterializationAdoptsItsTablesAndKeepsOneRowPerKey() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec first = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    LocalRuntime before = LocalRuntime.builder(first, inProcess()).build();
    before.apply();
    before.run(List.of(Transaction.of(
        new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":10.5}", "c")),
        new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\",\"total\":3}", "c")),
        new Transaction.Document(0, doc("{\"id\":3,\"customer\":\"cy\"}", "c")))));

    // The same materialization created again: its bindings are new, the table is not.
    assertThatThrownBy(() -> validate(first)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("already exists, and this binding is new").hasMessageContaining("allow_existing_tables_for_new_bindings");
    ObjectNode flagged = config.deepCopy();
    flagged.putObject("advanced").put("feature_flags", " allow_existing_tables_for_new_bindings ,some_other_flag");
    Flow.MaterializationSpec rebuilt = first.toBuilder().setConfigJson(com.google.protobuf.ByteString.copyFromUtf8(flagged.toString())).build();
    ValidatedBinding validated = validate(rebuilt).get(0);
    assertThat(validated.constraints()).noneMatch(c -> c.type() == ConstraintType.INCOMPATIBLE);
    assertThat(type(validated, "id")).isEqualTo(ConstraintType.LOCATION_REQUIRED);

    LocalRuntime after = LocalRuntime.builder(rebuilt, inProcess()).loadBackAtEnd(true).build();
    assertThat(String.join("\n", after.apply())).as("Apply adopts the table as it is").doesNotContain("CREATE TABLE IF NOT EXISTS main.orders");
    RunReport report = after.run(List.of(
        Transaction.of(
            new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\",\"total\":11}", "u")),
            new Transaction.Document(0, doc("{\"id\":4,\"customer\":\"dee\",\"total\":1}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":2,\"customer\":\"bob\"}", "d")))));

    // The runtime's model starts empty, so the rows Load found in the adopted table show up as "unexpected" loads:
    // exactly keys 1 and 2, with the predecessor's documents. That is the proof that updates found the old rows.
    assertThat(report.loadMismatches().stream().filter(m -> m.transaction() >= 0)
        .sorted(Comparator.comparing(m -> m.loaded().path("id").asInt()))
        .map(m -> m.loaded().path("id").asInt() + ":" + m.loaded().path("customer").asText()).toList())
        .containsExactly("1:ada", "2:bob");
    List<JsonNode> rows = target().documents(config, path("orders"));
    assertThat(rows.stream().map(d -> d.path("id").asInt() + ":" + d.path("total").asText()).sorted().toList())
        .as("one row per key: 1 updated, 2 deleted, 3 kept from before, 4 added").containsExactly("1:11", "3:", "4:1");
  }

  @Test
  void anAdoptedTableWhoseColumnsDoNotFitIsIncompatibleAndNoFlagMeansRefusal() throws Exception {
    ObjectNode config = config(true);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + config.path("database").asText()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE main.orders (id VARCHAR NOT NULL, customer VARCHAR, total BOOLEAN, flow_document JSON)");
    }
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    assertThatThrownBy(() -> validate(spec)).hasMessageContaining("already exists, and this binding is new");
    config.putObject("advanced").put("feature_flags", "allow_existing_tables_for_new_bindings");
    Flow.MaterializationSpec flagged = TestCollections.spec(config, spec.getBindingsList());
    ValidatedBinding validated = validate(flagged).get(0);
    assertThat(constraints(validated, "id")).extracting(FieldConstraint::type)
        .containsExactly(ConstraintType.LOCATION_REQUIRED, ConstraintType.INCOMPATIBLE);
    assertThat(constraints(validated, "total")).extracting(FieldConstraint::type).containsExactly(ConstraintType.INCOMPATIBLE);
    assertThat(constraints(validated, "total").get(0).reason()).contains("'BOOLEAN'", "'DOUBLE'", "existed before this binding");
    assertThat(constraints(validated, "customer")).extracting(FieldConstraint::type).containsExactly(ConstraintType.LOCATION_RECOMMENDED);

    // "no_" turns the flag off again: a later item wins.
    config.with("advanced").put("feature_flags", "allow_existing_tables_for_new_bindings,no_allow_existing_tables_for_new_bindings");
    assertThatThrownBy(() -> validate(TestCollections.spec(config, spec.getBindingsList())))
        .hasMessageContaining("already exists, and this binding is new");
  }

  /**
   * A string integer without maxLength was VARCHAR before it became HUGEINT: such a column stays valid (no backfill)
   * and sessions keep inserting and updating it, the numbers stored as their text.
   */
  @Test
  void aStringIntegerColumnAnEarlierVersionMadeVarcharKeepsWorking() throws Exception {
    ObjectNode config = config(true);
    Flow.CollectionSpec nums = TestCollections.collection("acmeCo/nums", List.of("/id"), List.of(
        TestCollections.field("id", "/id", true, true, "", "integer"),
        TestCollections.field("si", "/si", false, false, "integer", "integer", "string", "null")));
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("nums"), nums, false, 0)));
    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).loadBackAtEnd(true).build();
    rt.apply();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + config.path("database").asText()); Statement s = c.createStatement()) {
      assertThat(columnType(s, "si")).isEqualTo("HUGEINT");
      s.execute("ALTER TABLE main.nums ALTER COLUMN si TYPE VARCHAR"); // as an earlier version created it
    }
    MaterializationSpec m = ProtoMapping.materialization(spec);
    ValidatedBinding validated = connector.validate(new ValidateRequest(m.name(), m.config(),
        List.of(new ValidateRequest.Binding(m.bindings().get(0).resourceConfig(), m.bindings().get(0).collection(), Map.of(), 0,
            List.of())), Optional.of(m), "")).get(0);
    assertThat(constraints(validated, "si")).extracting(FieldConstraint::type).containsExactly(ConstraintType.FIELD_OPTIONAL);
    assertThat(LocalRuntime.builder(spec, inProcess()).lastApplied(spec).build().apply()).allMatch(String::isEmpty);

    RunReport report = rt.run(List.of(
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"si\":\"12345678901234567890\"}", "c")),
            new Transaction.Document(0, doc("{\"id\":2,\"si\":-5}", "c"))),
        Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"si\":\"-170141183460469231731687303715884105727\"}", "u")))));
    assertThat(report.loadMismatches()).isEmpty();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + config.path("database").asText()); Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SELECT id, si FROM main.nums ORDER BY id")) {
      List<String> rows = new java.util.ArrayList<>();
      while (r.next()) {
        rows.add(r.getLong(1) + ":" + r.getString(2));
      }
      assertThat(rows).containsExactly("1:-170141183460469231731687303715884105727", "2:-5");
      assertThat(columnType(s, "si")).isEqualTo("VARCHAR");
    }
  }

  private static String columnType(Statement s, String column) throws Exception {
    try (java.sql.ResultSet r = s.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_name = 'nums'"
        + " AND column_name = '" + column + "'")) {
      assertThat(r.next()).isTrue();
      return r.getString(1);
    }
  }

  @Test
  void theFlagMustBeTextAndAdvancedTakesNothingElse() throws Exception {
    ObjectNode config = target().endpointConfig(dir);
    config.putObject("advanced").put("feature_flags", 7).put("bogus", true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    assertThatThrownBy(() -> validate(spec)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("endpoint config is invalid").hasMessageContaining("feature_flags").hasMessageContaining("bogus");
  }

  private List<ValidatedBinding> validate(Flow.MaterializationSpec spec) throws Exception {
    MaterializationSpec m = ProtoMapping.materialization(spec);
    List<ValidateRequest.Binding> bindings = m.bindings().stream()
        .map(b -> new ValidateRequest.Binding(b.resourceConfig(), b.collection(), Map.of(), b.backfill(), List.of())).toList();
    return connector.validate(new ValidateRequest(m.name(), m.config(), bindings, Optional.empty(), ""));
  }

  private static List<FieldConstraint> constraints(ValidatedBinding b, String field) {
    return b.constraints().stream().filter(c -> c.field().equals(field)).toList();
  }

  private static ConstraintType type(ValidatedBinding b, String field) {
    return constraints(b, field).get(0).type();
  }
}
