package org.flowmat.core.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.flowmat.core.apply.ApplyPlanner;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.Table;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.CollectionSpec;
import org.flowmat.core.spec.Exists;
import org.flowmat.core.spec.FieldSelection;
import org.flowmat.core.spec.Inference;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.model.FieldType;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.core.txn.MarkerTable;
import org.flowmat.core.txn.Plan;
import org.flowmat.core.txn.TransactionSql;
import org.junit.jupiter.api.Test;

/**
 * Golden SQL of a dialect: everything the engine renders for the {@link FixtureCatalog}, purely (no warehouse), in
 * one reviewed text file per dialect, {@code src/test/resources/golden/<dialect>.sql} of the dialect module. Its
 * sections: (1) the Apply plan of the whole catalog against an empty warehouse; (2) evolution plans against the
 * tables (1) made, one per kind of spec change; (3) the identifier and the string literal of every catalog name;
 * (4) per table, what a session runs: the empty-table probe, the Load query and the plan's store statements, with
 * key bounds; (5) every marker-table statement.
 *
 * <p>A dialect module extends this in a few lines. When the rendering changes on purpose, regenerate the file with
 * {@code mvn -pl <module> test -Dtest=<Test> -Dgolden.update=true} and review its diff like code.
 */
public abstract class GoldenSqlContract {
  /** The system property that rewrites the golden file instead of comparing with it. */
  public static final String UPDATE_PROPERTY = "golden.update";

  protected abstract Dialect dialect();

  /** The dialect's endpoint for a config with every default. */
  protected abstract Endpoint endpoint();

  @Test
  void renderingMatchesTheGoldenFile() throws IOException {
    Path file = Path.of("src", "test", "resources", "golden", dialect().name() + ".sql");
    String actual = render(dialect(), endpoint());
    String regenerate = "mvn -pl " + Path.of("").toAbsolutePath().getFileName() + " test -Dtest="
        + getClass().getSimpleName() + " -D" + UPDATE_PROPERTY + "=true";
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      fail("no golden SQL file " + file.toAbsolutePath() + " for dialect " + dialect().name() + "; create it with `"
          + regenerate + "`, then read it and commit it");
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    if (!expected.equals(actual)) {
      fail(firstDifference(file, expected, actual) + "\nIf the change is intended, regenerate the file with `"
          + regenerate + "` and review its diff.");
    }
  }

  // ---- what the golden file holds ----

  /** A headed part of the golden file: a scenario and the statements rendered for it. */
  public record Section(String title, List<String> statements) {}

  /** One spec change: the next spec, planned against the tables that {@code last} created. */
  public record Evolution(String title, MaterializationSpec next, MaterializationSpec last) {}

  /** The golden file's text: a header, then every section, statements ending with a semicolon. */
  public static String render(Dialect dialect, Endpoint endpoint) {
    StringBuilder out = new StringBuilder();
    out.append("-- Golden SQL of dialect ").append(dialect.name())
        .append(", rendered by org.flowmat.core.testing.GoldenSqlContract from the FixtureCatalog.\n")
        .append("-- Generated: change the rendering, then rerun the test with -D").append(UPDATE_PROPERTY)
        .append("=true and review the diff.\n");
    for (Section section : sections(dialect, endpoint)) {
      out.append("\n-- ==== ").append(section.title()).append(" ====\n");
      if (section.statements().isEmpty()) {
        out.append("-- (no statements)\n");
      } else {
        out.append(ApplyPlanner.describe(section.statements())).append('\n');
      }
    }
    return out.toString();
  }

  public static List<Section> sections(Dialect dialect, Endpoint endpoint) {
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("1. apply: the whole catalog against an empty warehouse", applyPlan(dialect, endpoint)));
    List<Evolution> evolutions = evolutions();
    for (int i = 0; i < evolutions.size(); i++) {
      Evolution e = evolutions.get(i);
      sections.add(new Section("2." + i + " evolution: " + e.title(), plan(dialect, endpoint, e)));
    }
    List<String> names = new ArrayList<>();
    for (String name : HostileNames.catalog()) {
      names.add("SELECT " + dialect.literals().string(name) + " AS " + dialect.identifiers().quote(name));
    }
    sections.add(new Section("3. names: every catalog name as a literal and as an identifier", names));
    sections.addAll(transactionSections(dialect, endpoint));
    return sections;
  }

  /**
   * Sections (4) and (5): what a session runs. For each table of the catalog (and the key-kinds table, and all_types
   * without a root document): the empty-table probe, the Load query with the key bounds of {@link #sampleKeys}, and
   * the statements applying a plan in each mode the binding can have; then every marker-table statement.
   */
  public static List<Section> transactionSections(Dialect dialect, Endpoint endpoint) {
    TransactionSql sql = new TransactionSql(dialect);
    List<MaterializationBinding> bindings = new ArrayList<>(baseline().bindings());
    bindings.add(FixtureCatalog.keyKindsBinding());
    MaterializationBinding allTypes = baseline().bindings().get(0);
    FieldSelection s = allTypes.fieldSelection();
    bindings.add(new MaterializationBinding(allTypes.resourceConfig(), List.of("main", "all_types_columns"),
        allTypes.collection(), new FieldSelection(s.keys(), s.values(), "", s.fieldConfig()), false, 0,
        "main%2Fall_types_columns.v0", allTypes.serPolicy()));
    List<Section> out = new ArrayList<>();
    List<String> documentLoads = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      Table table = Table.derive(i, bindings.get(i), dialect.identifiers(), dialect.types());
      List<Plan.KeyBound> bounds = sql.bounds(table, sampleKeys(table));
      List<String> statements = new ArrayList<>();
      statements.add(sql.tableIsEmpty(table.path()));
      if (!table.deltaUpdates()) {
        statements.add(sql.load(table, List.of("staging/load_" + i + "-00000.ndjson"), 40, bounds));
        if (table.document().isPresent()) {
          documentLoads.add(statements.get(statements.size() - 1));
        }
      }
      List<Plan.Mode> modes = table.deltaUpdates() ? List.of(Plan.Mode.APPEND) : List.of(Plan.Mode.INSERT, Plan.Mode.MERGE);
      for (Plan.Mode mode : modes) {
        // Two files: what a binding's rows look like once the staging area's size limit rolled them over.
        List<String> files = List.of("staging/store_" + i + "_7-00000.ndjson", "staging/store_" + i + "_7-00001.ndjson");
        statements.addAll(sql.store(new Plan.BindingPlan(7, table.path().components(), mode, files, 3, 1, 2_500_000,
            sql.planColumns(table), bounds), files));
      }
      out.add(new Section("4." + i + " transactions: " + table.path() + " (empty probe, Load, "
          + String.join(" and ", modes.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList()) + ")", statements));
    }
    out.add(new Section("4." + bindings.size() + " one query for the Loads of every binding with a document (for"
        + " dialects with oneLoadQuery)", List.of(sql.loadAll(documentLoads))));
    MarkerTable markers = new MarkerTable(dialect, new ApplyPlanner(dialect, endpoint).markersTable(),
        baseline().name(), new KeyRange(0, 0x7fff_ffffL));
    out.add(new Section("5. markers: Open's fence bump, covering row and insert; Acknowledge's claim and read-back",
        markers.statements(3, 7)));
    return out;
  }

  /**
   * Three keys per table whose text order differs from their value order wherever the column type allows it
   * ("9" < "10" as integers, "Zoë" < "ada" by bytes), so the bounds in the golden file show the order used.
   */
  static List<List<TupleValue>> sampleKeys(Table table) {
    List<List<TupleValue>> keys = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      List<TupleValue> key = new ArrayList<>();
      for (Column c : table.keys()) {
        key.add(sample(c.fieldType(), k));
      }
      keys.add(key);
    }
    return keys;
  }

  private static TupleValue sample(FieldType type, int k) {
    return switch (type.flat()) {
      case INTEGER -> TupleValue.Int.of(List.of(9L, 10L, -3L).get(k));
      case NUMBER -> new TupleValue.Float64(List.of(9.5, 10.25, -3.0).get(k));
      case STRING_INTEGER -> str(List.of("9", "10", "-3").get(k));
      case BINARY -> str(List.of("AA==", "/w==", "aGk=").get(k));
      case BOOLEAN -> TupleValue.Bool.of(k == 1);
      default -> switch (type.format()) {
        case "date" -> str(List.of("2024-02-29", "2023-12-31", "2024-01-01").get(k));
        case "date-time" -> str(List.of("2024-02-29T12:00:00z", "2024-02-29T11:00:00Z", "2024-02-29T12:00:00+01:00").get(k));
        default -> str(List.of("ada", "Zoë", "名前").get(k));
      };
    };
  }

  private static TupleValue str(String s) {
    return new TupleValue.Str(s);
  }

  /** Section (1): the statements that create everything the catalog needs in an empty warehouse. */
  public static List<String> applyPlan(Dialect dialect, Endpoint endpoint) {
    return new ApplyPlanner(dialect, endpoint)
        .plan(baseline(), Optional.empty(), new InfoSchema(Set.of(), Map.of()));
  }

  /** Section (2): the plan of one evolution against the warehouse as {@code last}'s apply plan left it. */
  public static List<String> plan(Dialect dialect, Endpoint endpoint, Evolution evolution) {
    return new ApplyPlanner(dialect, endpoint)
        .plan(evolution.next(), Optional.of(evolution.last()), infoSchemaOf(evolution.last(), dialect, endpoint));
  }

  /** The whole catalog, every binding at backfill 0. */
  public static MaterializationSpec baseline() {
    return FixtureCatalog.materialization(FixtureCatalog.JSON.createObjectNode());
  }

  /**
   * The information schema a warehouse would show after applying {@code spec} to an empty one: its schemas, the
   * metadata table and each binding's table with the columns {@link Table#derive} gives, typed with their DDL.
   */
  public static InfoSchema infoSchemaOf(MaterializationSpec spec, Dialect dialect, Endpoint endpoint) {
    Identifiers ids = dialect.identifiers();
    ApplyPlanner planner = new ApplyPlanner(dialect, endpoint);
    Set<String> schemas = new LinkedHashSet<>();
    Map<TablePath, ExistingTable> tables = new HashMap<>();
    schemas.add(ids.stored(endpoint.defaultSchema()));
    tables.put(planner.markersTable(), new ExistingTable(planner.markersTable(), List.of()));
    for (int i = 0; i < spec.bindings().size(); i++) {
      Table table = Table.derive(i, spec.bindings().get(i), ids, dialect.types());
      if (!table.path().schema().isEmpty()) {
        schemas.add(ids.stored(table.path().schema()));
      }
      List<ExistingColumn> columns = new ArrayList<>();
      for (Column c : table.columns()) {
        columns.add(new ExistingColumn(ids.stored(c.name()), c.type().ddl().toUpperCase(Locale.ROOT), c.nullable()));
      }
      tables.put(table.path(), new ExistingTable(table.path(), columns));
    }
    return new InfoSchema(schemas, tables);
  }

  /**
   * Section (2)'s spec changes, each planned on its own against the baseline's tables: nothing, a field added, a
   * field made optional, an integer widened to number, a field deselected, a backfill keeping the key, a
   * backfill changing it, and widenings to JSON and from string integer to number.
   */
  public static List<Evolution> evolutions() {
    MaterializationSpec base = baseline();
    List<Evolution> out = new ArrayList<>();
    out.add(new Evolution("unchanged spec (the plan must be empty)", base, base));

    String added = "added \"field\"; --";
    out.add(evolution(base, "field added: optional string '" + added + "' selected in the hostile table",
        change(base, "hostile", b -> withSelection(
            withCollection(b, withProjection(b.collection(), FixtureCatalog.field(added, "/added", Exists.MAY, "string"))),
            b.fieldSelection().keys(), append(b.fieldSelection().values(), added)), 0)));

    out.add(evolution(base, "field made optional: all_types.name may now be missing (NOT NULL dropped)",
        change(base, "all_types", b -> withCollection(b,
            withProjection(b.collection(), FixtureCatalog.field("name", "/name", Exists.MAY, "string"))), 0)));

    out.add(evolution(base, "integer widened to number: all_types.count becomes a number (column type migration)",
        change(base, "all_types", b -> withCollection(b,
            withProjection(b.collection(), FixtureCatalog.field("count", "/count", Exists.MAY, "number", "null"))), 0)));

    out.add(evolution(base, "field deselected: all_types.flag is no longer selected (NOT NULL dropped, column kept)",
        change(base, "all_types", b -> withSelection(b, b.fieldSelection().keys(),
            b.fieldSelection().values().stream().filter(v -> !v.equals("flag")).toList()), 0)));

    out.add(evolution(base, "backfill with an unchanged key: events is truncated",
        change(base, "events_delta", b -> b, 1)));

    out.add(evolution(base, "backfill with a changed key: compound keys is keyed by (region, seq) only (drop and create)",
        change(base, "compound_keys", b -> {
          CollectionSpec c = b.collection();
          CollectionSpec rekeyed = new CollectionSpec(c.name(), List.of("/region", "/seq"), c.uuidPtr(), c.partitionFields(),
              c.projections(), c.writeSchema(), c.readSchema());
          rekeyed = withProjection(rekeyed, FixtureCatalog.formatted("day", "/day", Exists.MUST, "date", false, "string"));
          List<String> values = new ArrayList<>(List.of("day"));
          values.addAll(b.fieldSelection().values());
          return withSelection(withCollection(b, rekeyed), List.of("region", "seq"), values);
        }, 1)));

    out.add(evolution(base, "string widened to a union: all_types.name becomes JSON (each text as its JSON string)",
        change(base, "all_types", b -> withCollection(b,
            withProjection(b.collection(), FixtureCatalog.field("name", "/name", Exists.MUST, "integer", "string"))), 0)));

    out.add(evolution(base, "bytes widened to a union: all_types.blob becomes JSON (each value as its base64 string)",
        change(base, "all_types", b -> withCollection(b,
            withProjection(b.collection(), FixtureCatalog.field("blob", "/blob", Exists.MAY, "integer", "string", "null"))), 0)));

    out.add(evolution(base, "string integer widened to number: all_types.str_int becomes a number",
        change(base, "all_types", b -> withCollection(b, withProjection(b.collection(), FixtureCatalog.withString("str_int",
            "/str_int", Exists.MAY, new Inference.StringInference("", "number", 0, "", "", ""), "string"))), 0)));
    return out;
  }

  // ---- building changed specs ----

  private static Evolution evolution(MaterializationSpec base, String title, MaterializationSpec next) {
    return new Evolution(title, next, base);
  }

  /** {@code base} with the binding of fixture {@code name} edited and at backfill {@code backfill}. */
  private static MaterializationSpec change(MaterializationSpec base, String name,
      UnaryOperator<MaterializationBinding> edit, long backfill) {
    List<FixtureCatalog.Fixture> fixtures = FixtureCatalog.fixtures();
    List<MaterializationBinding> bindings = new ArrayList<>(base.bindings());
    int index = fixtures.stream().map(FixtureCatalog.Fixture::name).toList().indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    bindings.set(index, edit.apply(FixtureCatalog.binding(fixtures.get(index), backfill)));
    return new MaterializationSpec(base.name(), base.config(), bindings, base.inactiveBindings(), base.shardLabels());
  }

  /** The collection with {@code projection} replacing the one of the same field, or added in field order. */
  private static CollectionSpec withProjection(CollectionSpec c, Projection projection) {
    List<Projection> projections = new ArrayList<>(c.projections().stream()
        .filter(p -> !p.field().equals(projection.field())).toList());
    projections.add(projection);
    projections.sort(Comparator.comparing(Projection::field));
    return new CollectionSpec(c.name(), c.key(), c.uuidPtr(), c.partitionFields(), projections, c.writeSchema(),
        c.readSchema());
  }

  private static MaterializationBinding withCollection(MaterializationBinding b, CollectionSpec collection) {
    return new MaterializationBinding(b.resourceConfig(), b.resourcePath(), collection, b.fieldSelection(),
        b.deltaUpdates(), b.backfill(), b.stateKey(), b.serPolicy());
  }

  private static MaterializationBinding withSelection(MaterializationBinding b, List<String> keys, List<String> values) {
    FieldSelection s = b.fieldSelection();
    return new MaterializationBinding(b.resourceConfig(), b.resourcePath(), b.collection(),
        new FieldSelection(keys, values, s.document(), s.fieldConfig()), b.deltaUpdates(), b.backfill(), b.stateKey(),
        b.serPolicy());
  }

  private static List<String> append(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  // ---- comparing ----

  private static String firstDifference(Path file, String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    int line = 0;
    while (line < e.length && line < a.length && e[line].equals(a[line])) {
      line++;
    }
    return "the rendered SQL differs from " + file + " first at line " + (line + 1) + ":\n"
        + "  golden:   " + (line < e.length ? e[line] : "<end of file>") + "\n"
        + "  rendered: " + (line < a.length ? a[line] : "<end of file>");
  }
}
