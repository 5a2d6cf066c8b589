package org.flowmat.core.apply;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Identity;
import org.flowmat.core.dialect.Migration;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.ExistingColumn;
import org.flowmat.core.model.ExistingTable;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.Names;
import org.flowmat.core.model.Role;
import org.flowmat.core.model.Table;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;

/**
 * Plans Apply (protocol reference §7): the statements that take the warehouse from what its information schema shows
 * to what the new spec needs, given the last applied spec. Creates schemas, the metadata table and tables; adds
 * columns (always nullable); drops NOT NULL for fields made optional or deselected; migrates column types through the
 * dialect's table of allowed migrations; truncates or recreates on backfill. Columns are never dropped.
 *
 * <p>Every plan is idempotent (planning again after it ran yields nothing) and resumable: a warehouse that ran only a
 * prefix of it, as one without transactional DDL may after a crash, gets the rest when planned again.
 */
public final class ApplyPlanner {
  /** Suffix of the temporary column of a migration that copies values (reference §7: add, copy, drop, rename). */
  public static final String MIGRATION_SUFFIX = "_flowtmp1";
  /** The table that records, per shard, the fence and the last applied plan (see exactly-once design). */
  public static final String MARKERS_TABLE = "flowmat_markers";

  private final Dialect dialect;
  private final Endpoint endpoint;
  private final Identifiers ids;
  private final SqlTemplates sql;

  public ApplyPlanner(Dialect dialect, Endpoint endpoint) {
    this.dialect = dialect;
    this.endpoint = endpoint;
    this.ids = dialect.identifiers();
    this.sql = dialect.templates();
  }

  /** The metadata table's path in the endpoint's default schema. */
  public TablePath markersTable() {
    return TablePath.of(endpoint.defaultSchema(), MARKERS_TABLE);
  }

  /** Every table Apply needs to know about: each binding's and the metadata table. */
  public List<TablePath> tablesOf(MaterializationSpec spec) {
    List<TablePath> paths = new ArrayList<>();
    spec.bindings().forEach(b -> paths.add(new TablePath(b.resourcePath())));
    paths.add(markersTable());
    return paths;
  }

  public List<String> plan(MaterializationSpec next, Optional<MaterializationSpec> last, InfoSchema info) {
    List<String> statements = new ArrayList<>();
    Set<String> schemas = new LinkedHashSet<>();
    schemas.add(endpoint.defaultSchema());
    next.bindings().forEach(b -> {
      String schema = new TablePath(b.resourcePath()).schema();
      if (!schema.isEmpty()) {
        schemas.add(schema);
      }
    });
    for (String schema : schemas) {
      if (!info.hasSchema(ids.schema(schema), ids)) {
        statements.add(sql.render("create_schema", Map.of("schema", ids.quote(schema))));
      }
    }
    if (info.table(markersTable()).isEmpty()) {
      statements.add(sql.render("create_markers_table", Map.of("table", ids.quote(markersTable()))));
    }

    Map<List<String>, MaterializationBinding> lastByPath = last.map(MaterializationSpec::bindingsByPath).orElse(Map.of());

    for (int i = 0; i < next.bindings().size(); i++) {
      MaterializationBinding binding = next.bindings().get(i);
      Table table = Table.derive(i, binding, ids, dialect.types());
      requireNotMetadata(table.path(), "binding " + i);
      Optional<ExistingTable> existing = info.table(table.path());
      Optional<MaterializationBinding> previous = Optional.ofNullable(lastByPath.get(binding.resourcePath()));
      if (existing.isEmpty()) {
        statements.add(createTable(binding, table));
      } else if (previous.isPresent() && previous.get().backfill() != binding.backfill()) {
        if (canTruncate(table, existing.get(), previous.get())) {
          statements.add(sql.render("truncate_table", Map.of("table", ids.quote(table.path()))));
          statements.addAll(update(table, existing.get()));
        } else {
          statements.add(sql.render("drop_table", Map.of("table", ids.quote(table.path()))));
          statements.add(createTable(binding, table));
        }
      } else {
        statements.addAll(update(table, existing.get()));
      }
    }
    return statements;
  }

  /** What Applied reports: the statements, each ending with a semicolon, one per line. */
  public static String describe(List<String> statements) {
    return String.join("\n", statements.stream().map(s -> s.endsWith(";") ? s : s + ";").toList());
  }

  private String createTable(MaterializationBinding binding, Table table) {
    List<Map<String, String>> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      columns.add(Map.of("definition", ids.quote(c.name()) + " " + c.type().ddl() + (c.nullable() ? "" : " NOT NULL")));
    }
    List<Map<String, String>> primaryKey = new ArrayList<>();
    if (dialect.primaryKeys() && !table.deltaUpdates()) {
      primaryKey.add(Map.of("columns", String.join(", ", table.keys().stream().map(k -> ids.quote(k.name())).toList())));
    }
    Map<String, Object> model = new java.util.HashMap<>(dialect.tableOptions(binding, table));
    model.put("table", ids.quote(table.path()));
    model.put("columns", columns);
    model.put("primaryKey", primaryKey);
    return sql.render("create_table", model);
  }

  private boolean canTruncate(Table table, ExistingTable existing, MaterializationBinding previous) {
    if (!previous.fieldSelection().keys().equals(table.keys().stream().map(Column::field).toList())) {
      return false;
    }
    for (Column c : table.columns()) {
      Optional<ExistingColumn> ex = existing.column(ids.columnNamed(c.name()), ids);
      if (ex.isPresent() && !dialect.types().accepts(ex.get(), c.type())
          && (c.role() == Role.KEY || dialect.types().migration(ex.get(), c.type()).isEmpty())) {
        return false;
      }
    }
    return true;
  }

  private List<String> update(Table table, ExistingTable existing) {
    List<String> out = new ArrayList<>();
    String quotedTable = ids.quote(table.path());
    Set<String> selected = new java.util.HashSet<>();
    for (Column c : table.columns()) {
      Identity column = ids.columnNamed(c.name());
      selected.add(column.key());
      String tmpName = c.name() + MIGRATION_SUFFIX;
      Optional<ExistingColumn> ex = existing.column(column, ids);
      Optional<ExistingColumn> tmp = existing.column(ids.columnNamed(tmpName), ids);
      Map<String, String> target = Map.of("table", quotedTable, "column", ids.quote(c.name()));
      if (ex.isEmpty() && tmp.isPresent()) {
        // A copying migration stopped after dropping the old column: finish it.
        out.add(sql.render("rename_column", Map.of("table", quotedTable, "from", ids.quote(tmpName), "to", ids.quote(c.name()))));
        if (!c.nullable()) {
          out.add(sql.render("set_not_null", target));
        }
      } else if (ex.isEmpty()) {
        out.add(sql.render("add_column", Map.of("table", quotedTable, "column", ids.quote(c.name()), "type", c.type().ddl())));
      } else {
        if (!dialect.types().accepts(ex.get(), c.type())) {
          out.addAll(migrate(table, c, ex.get(), tmp.isPresent()));
        }
        if (!ex.get().nullable() && c.nullable()) {
          out.add(sql.render("drop_not_null", target));
        }
      }
    }
    for (ExistingColumn ex : existing.columns()) {
      boolean tmpColumn = Names.foldAscii(ex.name()).endsWith(MIGRATION_SUFFIX);
      if (!ex.nullable() && !tmpColumn && !selected.contains(ids.existingColumn(ex.name()).key())) {
        // A deselected column must not block inserts that no longer carry it.
        out.add(sql.render("drop_not_null", Map.of("table", quotedTable, "column", ids.quote(ex.name()))));
      }
    }
    return out;
  }

  private List<String> migrate(Table table, Column c, ExistingColumn ex, boolean tmpExists) {
    String where = "column " + c.name() + " of table " + table.path();
    if (c.role() == Role.KEY) {
      throw new ConnectorException(where + " is a key of type " + ex.type() + " but its field now needs "
          + c.type().ddl() + "; a key's type can only change by backfilling the binding");
    }
    Migration migration =
        dialect.types().migration(ex, c.type())
            .orElseThrow(() -> new ConnectorException(where + " has type " + ex.type() + ", which cannot hold field '"
                + c.field() + "' (needs " + c.type().ddl() + ") and cannot be migrated; backfill the binding"));
    String quotedTable = ids.quote(table.path());
    String column = ids.quote(c.name());
    String tmp = ids.quote(c.name() + MIGRATION_SUFFIX);
    List<String> out = new ArrayList<>();
    if (migration.direct()) {
      out.add(sql.render("alter_column_type",
          Map.of("table", quotedTable, "column", column, "type", c.type().ddl(), "cast", migration.cast(column))));
      return out;
    }
    if (!tmpExists) {
      out.add(sql.render("add_column", Map.of("table", quotedTable, "column", tmp, "type", c.type().ddl())));
    }
    out.add(sql.render("copy_column", Map.of("table", quotedTable, "target", tmp, "cast", migration.cast(column))));
    out.add(sql.render("drop_column", Map.of("table", quotedTable, "column", column)));
    out.add(sql.render("rename_column", Map.of("table", quotedTable, "from", tmp, "to", column)));
    if (!c.nullable()) {
      out.add(sql.render("set_not_null", Map.of("table", quotedTable, "column", column)));
    }
    return out;
  }

  /**
   * Refuses a binding's table that is the connector's own metadata table by the warehouse's rule for table names:
   * Apply would otherwise alter that table, and transactions would write rows into it.
   */
  public void requireNotMetadata(TablePath path, String what) {
    if (ids.table(path).sameAs(ids.table(markersTable()))) {
      throw new ConnectorException(what + ": table " + path + " is the connector's own metadata table " + markersTable()
          + "; choose another table name");
    }
  }
}
