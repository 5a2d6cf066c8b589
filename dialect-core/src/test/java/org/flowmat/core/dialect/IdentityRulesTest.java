package org.flowmat.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowmat.core.apply.ApplyPlanner;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.ConstraintType;
import org.flowmat.core.connector.FieldConstraint;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.model.FlatType;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.CollectionSpec;
import org.flowmat.core.spec.Exists;
import org.flowmat.core.spec.FieldSelection;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.testing.FixtureCatalog;
import org.flowmat.core.validate.BindingValidator;
import org.junit.jupiter.api.Test;

/**
 * One rule for whether two names are the same column, table or schema, used by Validate, Apply and the tables the
 * transactions derive: checked with identifier rules unlike DuckDB's. Snowflake-like: unquoted (simple) names fold
 * to upper case, quoted names are exact. BigQuery-like: columns ignore case, tables and datasets do not.
 */
class IdentityRulesTest {
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Simple names are written bare, so the warehouse stores them upper-cased; others are quoted and kept exact. */
  static final class SnowflakeLike implements Identifiers {
    @Override public String column(String field) { return field; }
    @Override public String stored(String name) { return SIMPLE.matcher(name).matches() ? name.toUpperCase(Locale.ROOT) : name; }
    @Override public String quote(String name) { return SIMPLE.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"'; }
    @Override public boolean caseInsensitive() { return false; }
    @Override public int maxLength() { return 255; }
  }

  /** Columns are case-insensitive and only letters, digits and underscores; tables and datasets keep their case. */
  static final class BigQueryLike implements Identifiers {
    @Override public String column(String field) { return field.replaceAll("[^A-Za-z0-9_]", "_"); }
    @Override public String stored(String name) { return name; }
    @Override public String quote(String name) { return '`' + name.replace("`", "\\`") + '`'; }
    @Override public boolean caseInsensitive() { return true; }
    @Override public boolean tablesCaseInsensitive() { return false; }
    @Override public int maxLength() { return 300; }
  }

  /** Integers as BIGINT, everything else TEXT; no migrations. */
  static final TypeMapping TYPES = new TypeMapping() {
    @Override public ColumnType map(FieldType field) { return ColumnType.of(field.flat() == FlatType.INTEGER ? "BIGINT" : "TEXT"); }
    @Override public Optional<Migration> migration(org.flowmat.core.model.ExistingColumn existing, ColumnType target) { return Optional.empty(); }
    @Override public StagedType staged(ColumnType type) { return StagedType.as(type.ddl()); }
    @Override public java.util.function.UnaryOperator<String> loadedJson(FieldType field, ColumnType type) { return c -> "to_json(" + c + ")"; }
  };

  /** A dialect of the pure parts only: DuckDB's templates (read from the repository's templates/), no client. */
  record TestDialect(Identifiers identifiers) implements Dialect {
    static final SqlTemplates TEMPLATES;
    static {
      try {
        TEMPLATES = new SqlTemplates("duckdb", new URLClassLoader(new URL[] {Path.of("..").toUri().toURL()}, null));
      } catch (java.net.MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    @Override public String name() { return "test"; }
    @Override public ConnectorSpec spec() { throw new UnsupportedOperationException(); }
    @Override public Literals literals() { return Literals.ansi(); }
    @Override public TypeMapping types() { return TYPES; }
    @Override public SqlTemplates templates() { return TEMPLATES; }
    @Override public boolean primaryKeys() { return false; }
    @Override public Endpoint endpoint(JsonNode config) { return ENDPOINT; }
  }

  static final Endpoint ENDPOINT = new Endpoint() {
    @Override public String defaultSchema() { return "public"; }
    @Override public boolean hardDelete() { return false; }
    @Override public TablePath tablePath(ResourceConfig resource) { return TablePath.of(resource.schema().orElse("public"), resource.table()); }
    @Override public WarehouseClient connect(boolean readOnly) { throw new UnsupportedOperationException("pure parts only"); }
    @Override public StagingArea staging(String materialization, org.flowmat.core.spec.KeyRange range) { throw new UnsupportedOperationException("pure parts only"); }
  };

  static final Identifiers SNOWFLAKE = new SnowflakeLike();
  static final Identifiers BIGQUERY = new BigQueryLike();

  // ---- the identities themselves ----

  @Test
  void snowflakeLikeNamesAreTheSameWhenTheirFoldedStoredFormsAre() {
    assertThat(SNOWFLAKE.columnOf("id").sameAs(SNOWFLAKE.columnOf("ID"))).isTrue();
    assertThat(SNOWFLAKE.columnOf("Id").sameAs(SNOWFLAKE.existingColumn("ID"))).as("bare Id is stored ID").isTrue();
    assertThat(SNOWFLAKE.columnOf("my col").sameAs(SNOWFLAKE.columnOf("MY COL"))).as("quoted names are exact").isFalse();
    assertThat(SNOWFLAKE.columnOf("id").sameAs(SNOWFLAKE.existingColumn("id")))
        .as("a column created quoted in lower case is another column than bare id").isFalse();
    assertThat(SNOWFLAKE.table(TablePath.of("public", "orders")).sameAs(SNOWFLAKE.table(TablePath.of("PUBLIC", "Orders")))).isTrue();
  }

  @Test
  void bigQueryLikeColumnsIgnoreCaseAndTablesAndDatasetsDoNot() {
    assertThat(BIGQUERY.columnOf("Name").sameAs(BIGQUERY.columnOf("name"))).isTrue();
    assertThat(BIGQUERY.columnOf("a/b").sameAs(BIGQUERY.columnOf("a_b"))).as("both become column a_b").isTrue();
    assertThat(BIGQUERY.columnOf("Name").sameAs(BIGQUERY.existingColumn("NAME"))).isTrue();
    assertThat(BIGQUERY.table(TablePath.of("ds", "Orders")).sameAs(BIGQUERY.table(TablePath.of("ds", "orders")))).isFalse();
    assertThat(BIGQUERY.schema("DS").sameAs(BIGQUERY.existingSchema("ds"))).isFalse();
    assertThat(BIGQUERY.table(TablePath.of("a", "b.c")).sameAs(BIGQUERY.table(TablePath.of("a.b", "c"))))
        .as("components never run together").isFalse();
  }

  // ---- Validate and Apply agree ----

  /** Fields id (the key) and ID: Validate forbids ID, because Apply would store both as column ID. */
  @Test
  void validateForbidsWhatApplyWouldStoreAsOneColumn() {
    CollectionSpec c = collection(FixtureCatalog.key("id", "/id", "integer"), FixtureCatalog.field("ID", "/ID", Exists.MAY, "string"),
        FixtureCatalog.field("Name", "/Name", Exists.MAY, "string"), FixtureCatalog.field("name", "/name", Exists.MAY, "string"));
    ValidatedBinding snowflake = validate(SNOWFLAKE, c, Optional.empty(), Optional.empty());
    assertThat(constraint(snowflake, "ID").type()).isEqualTo(ConstraintType.FIELD_FORBIDDEN);
    assertThat(constraint(snowflake, "ID").reason()).contains("same column as required field 'id'");
    ValidatedBinding bigquery = validate(BIGQUERY, c, Optional.empty(), Optional.empty());
    assertThat(constraint(bigquery, "ID").type()).isEqualTo(ConstraintType.FIELD_FORBIDDEN);

    // Had Validate let both through, Apply and the transactions (Table.derive) would refuse the selection.
    MaterializationSpec both = spec(binding(c, List.of("id"), List.of("ID")));
    for (Identifiers ids : List.of(SNOWFLAKE, BIGQUERY)) {
      assertThatThrownBy(() -> planner(ids).plan(both, Optional.empty(), new InfoSchema(Set.of("public"), Map.of())))
          .isInstanceOf(ConnectorException.class).hasMessageContaining("fields 'id' and 'ID' would both be stored as column ID");
    }
  }

  /**
   * The warehouse reports the key column as ID (Snowflake-like) or NAME for field Name (BigQuery-like): Validate
   * finds the column of the field there, and Apply plans nothing for it (no second column, no refusal).
   */
  @Test
  void validateAndApplyFindTheExistingColumnOfAFieldByOneRule() {
    CollectionSpec c = collection(FixtureCatalog.key("id", "/id", "integer"), FixtureCatalog.field("Name", "/Name", Exists.MAY, "string"));
    MaterializationBinding b = binding(c, List.of("id"), List.of("Name"));
    MaterializationSpec spec = spec(b);
    TablePath path = TablePath.of("public", "orders");
    for (Identifiers ids : List.of(SNOWFLAKE, BIGQUERY)) {
      String storedId = ids.stored("id");
      String storedName = "NAME"; // Snowflake-like: bare Name; BigQuery-like: another case of the same column
      ExistingTable table = new ExistingTable(path, List.of(new ExistingColumn(storedId, "BIGINT", false),
          new ExistingColumn(storedName, "TEXT", true), new ExistingColumn(ids.stored("flow_document"), "TEXT", false)));
      ValidatedBinding v = validate(ids, c, Optional.of(table), Optional.of(b));
      assertThat(constraint(v, "id").type()).as("%s", ids.getClass().getSimpleName()).isEqualTo(ConstraintType.FIELD_REQUIRED);
      assertThat(constraint(v, "Name").type()).isEqualTo(ConstraintType.FIELD_OPTIONAL);
      InfoSchema info = new InfoSchema(Set.of(ids.storedTable("public")),
          Map.of(path, table, planner(ids).markersTable(), new ExistingTable(planner(ids).markersTable(), List.of())));
      assertThat(planner(ids).plan(spec, Optional.of(spec), info)).as("%s: nothing to do", ids.getClass().getSimpleName()).isEmpty();
    }
  }

  // ---- the metadata table ----

  @Test
  void aBindingOntoTheMetadataTableIsRefusedInEveryFoldingTheWarehouseApplies() {
    for (String name : List.of("flowmat_markers", "FLOWMAT_MARKERS", "Flowmat_Markers")) {
      assertThatThrownBy(() -> planner(SNOWFLAKE).requireNotMetadata(TablePath.of("PUBLIC", name), "binding 0"))
          .isInstanceOf(ConnectorException.class)
          .hasMessage("binding 0: table PUBLIC." + name + " is the connector's own metadata table public.flowmat_markers;"
              + " choose another table name");
      assertThatThrownBy(() -> planner(SNOWFLAKE).plan(spec(binding(TablePath.of("public", name))), Optional.empty(),
          new InfoSchema(Set.of(), Map.of()))).hasMessageContaining("metadata table");
    }
    // Quoted, a Snowflake-like name keeps its case: "flowmat markers" and BigQuery's other cases are other tables.
    planner(SNOWFLAKE).requireNotMetadata(TablePath.of("public", "flowmat markers"), "binding 0");
    planner(BIGQUERY).requireNotMetadata(TablePath.of("public", "FLOWMAT_MARKERS"), "binding 0");
    planner(BIGQUERY).requireNotMetadata(TablePath.of("other", "flowmat_markers"), "binding 0");
    assertThatThrownBy(() -> planner(BIGQUERY).requireNotMetadata(TablePath.of("public", "flowmat_markers"), "binding 0"))
        .hasMessageContaining("metadata table");
  }

  // ---- helpers ----

  private static ApplyPlanner planner(Identifiers ids) {
    return new ApplyPlanner(new TestDialect(ids), ENDPOINT);
  }

  private static CollectionSpec collection(Projection... projections) {
    List<Projection> all = new java.util.ArrayList<>(List.of(projections));
    all.add(FixtureCatalog.document());
    return new CollectionSpec("acmeCo/orders", List.of("/id"), "/_meta/uuid", List.of(), all, Optional.empty(), Optional.empty());
  }

  private static MaterializationBinding binding(CollectionSpec c, List<String> keys, List<String> values) {
    return new MaterializationBinding(FixtureCatalog.JSON.createObjectNode().put("table", "orders"), List.of("public", "orders"), c,
        new FieldSelection(keys, values, "flow_document", Map.of()), false, 0, "orders.v0", SerPolicy.NONE);
  }

  private static MaterializationBinding binding(TablePath path) {
    CollectionSpec c = collection(FixtureCatalog.key("id", "/id", "integer"));
    return new MaterializationBinding(FixtureCatalog.JSON.createObjectNode().put("table", path.table()), path.components(), c,
        new FieldSelection(List.of("id"), List.of(), "flow_document", Map.of()), false, 0, "t.v0", SerPolicy.NONE);
  }

  private static MaterializationSpec spec(MaterializationBinding... bindings) {
    return FixtureCatalog.materialization(FixtureCatalog.JSON.createObjectNode(), List.of(bindings));
  }

  private static ValidatedBinding validate(Identifiers ids, CollectionSpec c, Optional<ExistingTable> existing,
      Optional<MaterializationBinding> last) {
    ValidateRequest.Binding proposal = new ValidateRequest.Binding(
        FixtureCatalog.JSON.createObjectNode().put("table", "orders"), c, Map.of(), 0, List.of());
    return new BindingValidator(ids, TYPES, SerPolicy.NONE).validate(
        new BindingValidator.Proposal(0, proposal, TablePath.of("public", "orders"), false, existing, last));
  }

  private static FieldConstraint constraint(ValidatedBinding b, String field) {
    return b.constraints().stream().filter(c -> c.field().equals(field)).reduce((x, y) -> y).orElseThrow();
  }
}
