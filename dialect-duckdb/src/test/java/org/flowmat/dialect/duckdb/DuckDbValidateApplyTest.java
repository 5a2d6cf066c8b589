package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.core.testing.FixtureCatalog.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flowmat.core.apply.ApplyPlanner;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConstraintType;
import org.flowmat.core.connector.FieldConstraint;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.CollectionSpec;
import org.flowmat.core.spec.Exists;
import org.flowmat.core.spec.FieldSelection;
import org.flowmat.core.spec.Inference;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.testing.FixtureCatalog;
import org.flowmat.core.testing.FixtureCatalog.Fixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validate and Apply against a real DuckDB file, over the shared fixture catalog. */
class DuckDbValidateApplyTest {
  @TempDir Path dir;
  Path database;
  ObjectNode config;
  SqlConnector connector = new SqlConnector(new DuckDbDialect(), SerPolicy.NONE);

  @BeforeEach
  void setUp() {
    database = dir.resolve("test.duckdb");
    config = JSON.createObjectNode().put("database", database.toString());
  }

  // ---- Validate: new tables ----

  @Test
  void newTablesGetConstraintsFromProjectionsAndNeverCreateTheDatabase() throws Exception {
    List<ValidatedBinding> validated = validate(proposals(0), Optional.empty());
    assertThat(Files.exists(database)).as("Validate is read-only").isFalse();

    Map<String, ConstraintType> allTypes = types(validated.get(0));
    assertThat(allTypes)
        .containsEntry("id", ConstraintType.LOCATION_REQUIRED)
        .containsEntry("flow_document", ConstraintType.LOCATION_REQUIRED)
        .containsEntry("amount", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("flow_published_at", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("_meta/op", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("obj", ConstraintType.FIELD_OPTIONAL)
        .containsEntry("arr", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("multi", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("nothing", ConstraintType.FIELD_FORBIDDEN);
    assertThat(validated.get(0).resourcePath()).containsExactly("main", "all_types");
    assertThat(validated.get(0).caseInsensitiveFields()).isTrue();

    Map<String, ConstraintType> compound = types(validated.get(1));
    assertThat(compound).containsEntry("region", ConstraintType.LOCATION_REQUIRED)
        .containsEntry("day", ConstraintType.LOCATION_RECOMMENDED).containsEntry("seq", ConstraintType.LOCATION_RECOMMENDED);

    ValidatedBinding delta = validated.get(2);
    assertThat(delta.deltaUpdates()).isTrue();
    assertThat(types(delta)).containsEntry("flow_document", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("id", ConstraintType.LOCATION_RECOMMENDED);

    ValidatedBinding hostile = validated.get(3);
    assertThat(hostile.resourcePath()).containsExactly("Schema Ünï", "weird \"table\"; DROP TABLE x; --");
    assertThat(types(hostile)).containsEntry("\"quoted\"", ConstraintType.LOCATION_REQUIRED)
        .containsEntry("CaseField", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("casefield", ConstraintType.LOCATION_RECOMMENDED)
        .containsEntry("ünïcødé 名前", ConstraintType.LOCATION_RECOMMENDED);
    // DuckDB keeps field names as column names: nothing is folded.
    assertThat(hostile.constraints()).allMatch(c -> c.foldedField().isEmpty());
  }

  // ---- Apply, then Validate against the tables it made ----

  @Test
  void applyCreatesEverythingAndASecondApplyIsANoOp() throws Exception {
    MaterializationSpec spec = FixtureCatalog.materialization(config);
    String first = apply(spec, Optional.empty());
    assertThat(first).contains("CREATE SCHEMA IF NOT EXISTS analytics;", "CREATE SCHEMA IF NOT EXISTS \"Schema Ünï\";",
        "CREATE TABLE IF NOT EXISTS main.flowmat_markers", "CREATE TABLE IF NOT EXISTS main.all_types");
    assertThat(columns("main", "all_types")).containsEntry("id", "BIGINT NOT NULL").containsEntry("big_count", "HUGEINT NOT NULL")
        .containsEntry("count", "BIGINT").containsEntry("ts", "TIMESTAMP WITH TIME ZONE").containsEntry("blob", "BLOB")
        .containsEntry("str_int", "HUGEINT").containsEntry("obj", "JSON").containsEntry("uid", "UUID")
        .containsEntry("clock", "TIME").containsEntry("day", "DATE").containsEntry("flow_document", "JSON NOT NULL");
    assertThat(columns("main", "compound keys")).containsEntry("day", "VARCHAR NOT NULL");
    assertThat(columns("Schema Ünï", "weird \"table\"; DROP TABLE x; --"))
        .containsKeys("\"quoted\"", "semi;colon'); DROP TABLE x; --", "ünïcødé 名前", "with space", "a/b", "select");

    assertThat(apply(spec, Optional.of(spec))).as("second Apply").isEmpty();
  }

  @Test
  void planningApplyReadsOnlyAndShowsTheSqlApplyRuns() throws Exception {
    MaterializationSpec spec = FixtureCatalog.materialization(config);
    String planned = connector.planApply(new ApplyRequest(spec, "v", Optional.empty(), "", Optional.empty())).actionDescription();
    assertThat(Files.exists(database)).as("planning creates nothing").isFalse();
    assertThat(apply(spec, Optional.empty())).isEqualTo(planned);

    MaterializationSpec v2 = evolved(spec, false);
    String plannedEvolution = connector.planApply(new ApplyRequest(v2, "v", Optional.of(spec), "", Optional.empty())).actionDescription();
    assertThat(columns("main", "all_types")).doesNotContainKey("extra");
    assertThat(apply(v2, Optional.of(spec))).isEqualTo(plannedEvolution).contains("ADD COLUMN extra");
  }

  @Test
  void existingTablesRequireTheirKeysAndDocumentAndAcceptCompatibleColumns() throws Exception {
    MaterializationSpec spec = FixtureCatalog.materialization(config);
    apply(spec, Optional.empty());
    List<ValidatedBinding> validated = validate(proposals(0), Optional.of(spec));
    Map<String, ConstraintType> allTypes = types(validated.get(0));
    assertThat(allTypes).containsEntry("id", ConstraintType.FIELD_REQUIRED)
        .containsEntry("flow_document", ConstraintType.FIELD_REQUIRED)
        .containsEntry("amount", ConstraintType.FIELD_OPTIONAL)
        .containsEntry("nothing", ConstraintType.FIELD_FORBIDDEN);
    assertThat(reason(validated.get(0), "id")).isEqualTo("This field is a key in the current materialization");
  }

  // ---- evolution ----

  @Test
  void applyEvolvesAddsRelaxesAndWidensThenStringToBooleanIsIncompatible() throws Exception {
    MaterializationSpec v1 = FixtureCatalog.materialization(config);
    apply(v1, Optional.empty());
    insert("INSERT INTO main.all_types (id, amount, big_count, flag, name, flow_published_at, \"_meta/op\", flow_document, count)"
        + " VALUES (1, 2.5, 3, true, 'n', now(), 'c', '{}', 7)");

    MaterializationSpec v2 = evolved(v1, false);
    List<ValidatedBinding> validated = validate(proposalsOf(v2), Optional.of(v1));
    assertThat(types(validated.get(0))).containsEntry("count", ConstraintType.FIELD_OPTIONAL)
        .containsEntry("extra", ConstraintType.LOCATION_RECOMMENDED);

    String sql = apply(v2, Optional.of(v1));
    assertThat(sql).contains("ALTER TABLE main.all_types ADD COLUMN extra VARCHAR;",
        "ALTER TABLE main.all_types ALTER COLUMN name DROP NOT NULL;",
        "ALTER TABLE main.all_types ALTER COLUMN count TYPE DOUBLE USING CAST(count AS DOUBLE);",
        "ALTER TABLE main.all_types ALTER COLUMN flag DROP NOT NULL;");
    assertThat(columns("main", "all_types")).containsEntry("count", "DOUBLE").containsEntry("name", "VARCHAR")
        .containsEntry("extra", "VARCHAR").containsEntry("flag", "BOOLEAN");
    assertThat(query("SELECT count FROM main.all_types")).containsExactly("7.0");
    assertThat(apply(v2, Optional.of(v2))).as("second Apply").isEmpty();

    // name: string → boolean cannot be migrated (text is no boolean): Validate says INCOMPATIBLE, Apply refuses.
    MaterializationSpec v3 = evolved(v1, true);
    List<FieldConstraint> name = validate(proposalsOf(v3), Optional.of(v2)).get(0).constraints().stream()
        .filter(c -> c.field().equals("name")).toList();
    assertThat(name).extracting(FieldConstraint::type).containsExactly(ConstraintType.INCOMPATIBLE);
    assertThat(name.get(0).reason()).contains("'VARCHAR'", "'BOOLEAN'");
    assertThatThrownBy(() -> apply(v3, Optional.of(v2))).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("column name of table main.all_types has type VARCHAR").hasMessageContaining("backfill");
  }

  /**
   * The widenings users rely on, through Validate and Apply on a real file: a string, bytes and a date-time become
   * JSON holding what Flow would send for them, a string integer becomes a number; values are checked after.
   */
  @Test
  void widenedFieldsAreMigratedInPlaceKeepingTheirValues() throws Exception {
    MaterializationSpec v1 = FixtureCatalog.materialization(config);
    apply(v1, Optional.empty());
    insert("SET TimeZone = 'UTC'");
    insert("INSERT INTO main.all_types (id, amount, big_count, flag, name, flow_published_at, \"_meta/op\", flow_document,"
        + " blob, str_int, str_int_wide, ts, u32) VALUES (1, 2.5, 3, true, 'say \"hi\" \\ ünï', now(), 'c', '{}', '\\xAA\\xBB\\xCC'::BLOB,"
        + " 12345678901234567890, -170141183460469231731687303715884105727, TIMESTAMPTZ '2024-02-29T12:00:00Z', 4294967295)");

    MaterializationBinding b = v1.bindings().get(0);
    CollectionSpec c = b.collection();
    c = replace(c, "name", FixtureCatalog.field("name", "/name", Exists.MUST, "integer", "string"));
    c = replace(c, "blob", FixtureCatalog.field("blob", "/blob", Exists.MAY, "integer", "string", "null"));
    c = replace(c, "ts", FixtureCatalog.field("ts", "/ts", Exists.MAY, "string", "object", "null"));
    c = replace(c, "str_int", FixtureCatalog.withString("str_int", "/str_int", Exists.MAY,
        new org.flowmat.core.spec.Inference.StringInference("", "number", 0, "", "", ""), "string"));
    c = replace(c, "u32", FixtureCatalog.field("u32", "/u32", Exists.MAY, "integer", "string", "array"));
    List<MaterializationBinding> bindings = new ArrayList<>(v1.bindings());
    bindings.set(0, new MaterializationBinding(b.resourceConfig(), b.resourcePath(), c, b.fieldSelection(), false, 0,
        b.stateKey(), SerPolicy.NONE));
    MaterializationSpec v2 = FixtureCatalog.materialization(config, bindings);

    Map<String, ConstraintType> constraints = types(validate(proposalsOf(v2), Optional.of(v1)).get(0));
    for (String field : List.of("name", "blob", "ts", "str_int", "u32")) {
      assertThat(constraints.get(field)).as(field).isIn(ConstraintType.FIELD_OPTIONAL, ConstraintType.FIELD_REQUIRED);
    }
    String sql = apply(v2, Optional.of(v1));
    assertThat(sql).contains("ALTER COLUMN name TYPE JSON USING to_json(name)", "ALTER COLUMN blob TYPE JSON",
        "ALTER COLUMN ts TYPE JSON", "ALTER COLUMN str_int TYPE DOUBLE", "ALTER COLUMN u32 TYPE JSON");
    assertThat(columns("main", "all_types")).containsEntry("name", "JSON NOT NULL").containsEntry("blob", "JSON")
        .containsEntry("ts", "JSON").containsEntry("str_int", "DOUBLE").containsEntry("u32", "JSON")
        .containsEntry("str_int_wide", "HUGEINT");
    assertThat(query("SELECT CAST(name AS VARCHAR) || ' ' || CAST(blob AS VARCHAR) || ' ' || CAST(ts AS VARCHAR) || ' '"
        + " || CAST(str_int AS VARCHAR) || ' ' || CAST(u32 AS VARCHAR) || ' ' || CAST(str_int_wide AS VARCHAR) FROM main.all_types"))
        .containsExactly("\"say \\\"hi\\\" \\\\ ünï\" \"qrvM\" \"2024-02-29T12:00:00.000000Z\" 1.2345678901234567e+19 4294967295"
            + " -170141183460469231731687303715884105727");
    assertThat(apply(v2, Optional.of(v2))).as("second Apply").isEmpty();
  }

  @Test
  void backfillTruncatesWhenCompatibleAndRecreatesWhenTheKeyChanged() throws Exception {
    MaterializationSpec v1 = FixtureCatalog.materialization(config);
    apply(v1, Optional.empty());
    insert("INSERT INTO main.all_types (id, amount, big_count, flag, name, flow_published_at, \"_meta/op\", flow_document)"
        + " VALUES (1, 2.5, 3, true, 'n', now(), 'c', '{}')");
    insert("INSERT INTO main.\"compound keys\" (region, day, seq, flow_published_at, flow_document) VALUES ('eu', '2024-01-01', 1, now(), '{}')");

    List<MaterializationBinding> bindings = new ArrayList<>(v1.bindings());
    bindings.set(0, withBackfill(bindings.get(0), 1));
    MaterializationBinding compound = bindings.get(1);
    FieldSelection rekeyed = new FieldSelection(List.of("region", "seq"), List.of("day", "flow_published_at", "updated", "v"),
        "flow_document", Map.of());
    bindings.set(1, new MaterializationBinding(compound.resourceConfig(), compound.resourcePath(), compound.collection(),
        rekeyed, false, 1, "compound.v1", SerPolicy.NONE));
    MaterializationSpec v2 = FixtureCatalog.materialization(config, bindings);

    String sql = apply(v2, Optional.of(v1));
    assertThat(sql).contains("TRUNCATE main.all_types;", "DROP TABLE IF EXISTS main.\"compound keys\";",
        "CREATE TABLE IF NOT EXISTS main.\"compound keys\"");
    assertThat(sql).doesNotContain("DROP TABLE IF EXISTS main.all_types");
    assertThat(query("SELECT count(*) FROM main.all_types")).containsExactly("0");
    assertThat(query("SELECT count(*) FROM main.\"compound keys\"")).containsExactly("0");
    assertThat(apply(v2, Optional.of(v2))).isEmpty();
  }

  /** A warehouse that stops part way (no transactional DDL, or a crash) finishes on the next Apply. */
  @Test
  void applyStoppedAfterAnyStatementCompletesOnRerun() throws Exception {
    MaterializationSpec v1 = FixtureCatalog.materialization(config);
    MaterializationSpec v2 = evolved(v1, false);
    Map<String, String> expected = null;
    for (int stopAfter = 0; ; stopAfter++) {
      Files.deleteIfExists(database);
      apply(v1, Optional.empty());
      List<String> plan;
      DuckDbEndpoint endpoint = DuckDbEndpoint.from(config);
      ApplyPlanner planner = new ApplyPlanner(new DuckDbDialect(), endpoint);
      try (WarehouseClient client = endpoint.connect(false)) {
        plan = planner.plan(v2, Optional.of(v1), client.introspect(planner.tablesOf(v2)));
      }
      if (stopAfter > plan.size()) {
        break;
      }
      for (String statement : plan.subList(0, stopAfter)) {
        insert(statement); // one statement at a time, each committed: as a warehouse without transactional DDL
      }
      apply(v2, Optional.of(v1));
      Map<String, String> result = columns("main", "all_types");
      if (expected == null) {
        expected = result;
      }
      assertThat(result).as("stopped after %d of %d statements", stopAfter, plan.size()).isEqualTo(expected);
      assertThat(apply(v2, Optional.of(v2))).isEmpty();
    }
    assertThat(expected).containsEntry("count", "DOUBLE").containsKey("extra");
  }

  // ---- refusals ----

  @Test
  void invalidConfigsFailWithEveryPathAndNeverTouchTheWarehouse() {
    ObjectNode bad = JSON.createObjectNode().put("database", 42).put("hardDelete", "yes").put("bogus", true);
    assertThatThrownBy(() -> validate(proposals(0), Optional.empty(), bad))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("endpoint config is invalid")
        .hasMessageContaining("$.database").hasMessageContaining("$.hardDelete").hasMessageContaining("bogus");

    Fixture f = FixtureCatalog.fixtures().get(0);
    ValidateRequest.Binding noTable = new ValidateRequest.Binding(JSON.createObjectNode().put("schema", "main"),
        f.collection(), Map.of(), 0, List.of());
    assertThatThrownBy(() -> validate(List.of(noTable), Optional.empty()))
        .hasMessageContaining("resource config of binding 0 (collection acmeCo/all-types) is invalid").hasMessageContaining("table");
    assertThat(Files.exists(database)).isFalse();
  }

  @Test
  void nullableKeysNewBindingsOnExistingTablesAndDeltaToStandardAreRefused() throws Exception {
    Fixture f = FixtureCatalog.fixtures().get(0);
    CollectionSpec nullableKey = replace(f.collection(), "id",
        new Projection("/id", "id", false, false, true, FixtureCatalog.field("id", "/id", Exists.MAY, "integer", "null").inference()));
    assertThatThrownBy(() -> validate(List.of(new ValidateRequest.Binding(f.resourceConfig(), nullableKey, Map.of(), 0, List.of())),
        Optional.empty())).hasMessageContaining("nullable key field 'id'");

    MaterializationSpec spec = FixtureCatalog.materialization(config);
    apply(spec, Optional.empty());
    assertThatThrownBy(() -> validate(proposals(0), Optional.empty())).hasMessageContaining("already exists, and this binding is new");

    Fixture events = FixtureCatalog.fixtures().get(2);
    ObjectNode standard = events.resourceConfig().deepCopy().put("delta_updates", false);
    assertThatThrownBy(() -> validate(List.of(new ValidateRequest.Binding(standard, events.collection(), Map.of(), 0, List.of())),
        Optional.of(spec))).hasMessageContaining("cannot switch from delta updates back to standard updates");
  }

  @Test
  void aKeyThatMayBeAbsentButHasADefaultIsAcceptedAndItsColumnIsNotNull() throws Exception {
    // A key column is always must-exist (FieldType.asKey): the default stands in for an absent key, so NOT NULL holds.
    Fixture f = FixtureCatalog.fixtures().get(0);
    Projection id = new Projection("/id", "id", false, false, true, new Inference(List.of("integer"), Optional.empty(), "", "",
        Optional.of(JSON.getNodeFactory().numberNode(0)), false, Exists.MAY, Optional.empty()));
    CollectionSpec collection = replace(f.collection(), "id", id);
    validate(List.of(new ValidateRequest.Binding(f.resourceConfig(), collection, Map.of(), 0, List.of())), Optional.empty());
    MaterializationBinding b = FixtureCatalog.binding(f, 0);
    b = new MaterializationBinding(b.resourceConfig(), b.resourcePath(), collection, b.fieldSelection(), b.deltaUpdates(),
        b.backfill(), b.stateKey(), b.serPolicy());
    assertThat(apply(FixtureCatalog.materialization(config, List.of(b)), Optional.empty()))
        .contains("id BIGINT NOT NULL");
    assertThat(columns("main", "all_types")).containsEntry("id", "BIGINT NOT NULL");
  }

  @Test
  void twoBindingsIntoOneTableAreRefused() {
    Fixture f = FixtureCatalog.fixtures().get(0);
    assertThatThrownBy(() -> validate(List.of(FixtureCatalog.proposal(f, 0), FixtureCatalog.proposal(f, 0)), Optional.empty()))
        .hasMessageContaining("bindings 0 and 1 both materialize into table main.all_types");
  }

  /** Columns and schemas stored in another case are the same by DuckDB's rule, for Validate and Apply alike. */
  @Test
  void columnsStoredInAnotherCaseAreFoundByValidateAndApply() throws Exception {
    MaterializationSpec spec = FixtureCatalog.materialization(config);
    apply(spec, Optional.empty());
    insert("ALTER TABLE main.all_types RENAME COLUMN amount TO AMOUNT");
    insert("ALTER TABLE main.all_types RENAME COLUMN id TO Id");
    Map<String, ConstraintType> validated = types(validate(proposals(0), Optional.of(spec)).get(0));
    assertThat(validated).containsEntry("amount", ConstraintType.FIELD_OPTIONAL).containsEntry("id", ConstraintType.FIELD_REQUIRED);
    assertThat(apply(spec, Optional.of(spec))).as("nothing added or altered").isEmpty();
    assertThat(columns("main", "all_types")).containsKeys("AMOUNT", "Id").doesNotContainKeys("amount", "id");
  }

  /** The connector's own metadata table, named in any case DuckDB folds: refused at Validate and at Apply. */
  @Test
  void aResourceNamedLikeTheMetadataTableIsRefusedInAnyCase() throws Exception {
    Fixture f = FixtureCatalog.fixtures().get(0);
    for (String[] schemaAndTable : List.of(new String[] {"main", "flowmat_markers"}, new String[] {"MAIN", "FLOWMAT_MARKERS"},
        new String[] {"Main", "Flowmat_Markers"})) {
      ObjectNode resource = JSON.createObjectNode().put("schema", schemaAndTable[0]).put("table", schemaAndTable[1]);
      assertThatThrownBy(() -> validate(List.of(new ValidateRequest.Binding(resource, f.collection(), Map.of(), 0, List.of())),
          Optional.empty()))
          .isInstanceOf(ConnectorException.class)
          .hasMessage("binding 0 (collection acmeCo/all-types): table " + schemaAndTable[0] + "." + schemaAndTable[1]
              + " is the connector's own metadata table main.flowmat_markers; choose another table name");
      MaterializationBinding b = FixtureCatalog.binding(f, 0);
      MaterializationSpec onto = FixtureCatalog.materialization(config, List.of(new MaterializationBinding(resource,
          List.of(schemaAndTable), b.collection(), b.fieldSelection(), false, 0, "m.v0", SerPolicy.NONE)));
      assertThatThrownBy(() -> apply(onto, Optional.empty())).hasMessageContaining("metadata table");
    }
    assertThat(Files.exists(database)).isFalse();
    // The same name in another schema is an ordinary table.
    ObjectNode elsewhere = JSON.createObjectNode().put("schema", "analytics").put("table", "flowmat_markers");
    assertThat(validate(List.of(new ValidateRequest.Binding(elsewhere, f.collection(), Map.of(), 0, List.of())), Optional.empty()))
        .hasSize(1);
  }

  @Test
  void twoBindingsWhoseTablesDifferOnlyInCaseAreOneTableAndRefused() {
    Fixture f = FixtureCatalog.fixtures().get(0);
    ObjectNode upper = JSON.createObjectNode().put("schema", "MAIN").put("table", "All_Types");
    assertThatThrownBy(() -> validate(List.of(FixtureCatalog.proposal(f, 0),
        new ValidateRequest.Binding(upper, f.collection(), Map.of(), 0, List.of())), Optional.empty()))
        .hasMessageContaining("bindings 0 and 1 both materialize into table MAIN.All_Types");
  }

  // ---- helpers ----

  /** v1 with: a new field "extra", "count" widened to number, "name" optional (or a boolean), "flag" deselected. */
  private static MaterializationSpec evolved(MaterializationSpec v1, boolean nameBecomesBoolean) {
    MaterializationBinding b = v1.bindings().get(0);
    CollectionSpec c = b.collection();
    List<Projection> projections = new ArrayList<>(c.projections());
    projections.add(FixtureCatalog.field("extra", "/extra", Exists.MAY, "string"));
    c = new CollectionSpec(c.name(), c.key(), c.uuidPtr(), c.partitionFields(), projections, c.writeSchema(), c.readSchema());
    c = replace(c, "count", FixtureCatalog.field("count", "/count", Exists.MAY, "number", "null"));
    c = replace(c, "name", nameBecomesBoolean
        ? FixtureCatalog.field("name", "/name", Exists.MAY, "boolean")
        : FixtureCatalog.field("name", "/name", Exists.MAY, "string", "null"));
    List<String> values = new ArrayList<>(b.fieldSelection().values());
    values.remove("flag");
    values.add("extra");
    values.sort(String::compareTo);
    MaterializationBinding next = new MaterializationBinding(b.resourceConfig(), b.resourcePath(), c,
        new FieldSelection(b.fieldSelection().keys(), values, "flow_document", Map.of()), false, 0, b.stateKey(), SerPolicy.NONE);
    List<MaterializationBinding> bindings = new ArrayList<>(v1.bindings());
    bindings.set(0, next);
    return FixtureCatalog.materialization(v1.config(), bindings);
  }

  private static CollectionSpec replace(CollectionSpec c, String field, Projection replacement) {
    List<Projection> projections = c.projections().stream().map(p -> p.field().equals(field) ? replacement : p).toList();
    return new CollectionSpec(c.name(), c.key(), c.uuidPtr(), c.partitionFields(), projections, c.writeSchema(), c.readSchema());
  }

  private static MaterializationBinding withBackfill(MaterializationBinding b, long backfill) {
    return new MaterializationBinding(b.resourceConfig(), b.resourcePath(), b.collection(), b.fieldSelection(), b.deltaUpdates(),
        backfill, b.stateKey() + ".b" + backfill, b.serPolicy());
  }

  private static List<ValidateRequest.Binding> proposals(long backfill) {
    return FixtureCatalog.fixtures().stream().map(f -> FixtureCatalog.proposal(f, backfill)).toList();
  }

  private static List<ValidateRequest.Binding> proposalsOf(MaterializationSpec spec) {
    return spec.bindings().stream()
        .map(b -> new ValidateRequest.Binding(b.resourceConfig(), b.collection(), Map.of(), b.backfill(), List.of())).toList();
  }

  private List<ValidatedBinding> validate(List<ValidateRequest.Binding> bindings, Optional<MaterializationSpec> last) throws Exception {
    return validate(bindings, last, config);
  }

  private List<ValidatedBinding> validate(List<ValidateRequest.Binding> bindings, Optional<MaterializationSpec> last,
      ObjectNode endpointConfig) throws Exception {
    return connector.validate(new ValidateRequest("acmeCo/fixtures", endpointConfig, bindings, last, ""));
  }

  private String apply(MaterializationSpec next, Optional<MaterializationSpec> last) throws Exception {
    return connector.apply(new ApplyRequest(next, "v", last, "", Optional.empty())).actionDescription();
  }

  private static Map<String, ConstraintType> types(ValidatedBinding b) {
    // The strongest constraint of each field (INCOMPATIBLE after a required one is reported separately).
    return b.constraints().stream().collect(Collectors.toMap(FieldConstraint::field, FieldConstraint::type, (x, y) -> x, TreeMap::new));
  }

  private static String reason(ValidatedBinding b, String field) {
    return b.constraints().stream().filter(c -> c.field().equals(field)).findFirst().orElseThrow().reason();
  }

  private Map<String, String> columns(String schema, String table) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database);
        java.sql.PreparedStatement s = c.prepareStatement(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.put(r.getString(1), r.getString(2) + (r.getString(3).equals("NO") ? " NOT NULL" : ""));
        }
      }
    }
    return out;
  }

  private void insert(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private List<String> query(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
