package org.flowmat.dialect.bigquery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.Table;
import org.flowmat.core.spec.MaterializationBinding;

/**
 * How a binding's table is laid out in BigQuery: its partitioning column and expression, its clustering columns and
 * the table options, decided from the resource config and the table's columns. Errors name the binding and the field.
 *
 * @param partitionBy the PARTITION BY expression, if any
 * @param partitionColumn the quoted partitioning column, if any
 * @param clusterBy the quoted clustering columns (at most four)
 * @param options {@code name = literal} table options
 */
record TableLayout(Optional<String> partitionBy, Optional<String> partitionColumn, List<String> clusterBy, List<String> options) {
  /** The column types BigQuery clusters on (of those this dialect creates). */
  private static final Set<String> CLUSTERABLE = Set.of("BOOL", "INT64", "BIGNUMERIC(38,0)", "STRING", "DATE", "TIMESTAMP");
  private static final int MAX_CLUSTER_COLUMNS = 4;

  static TableLayout of(MaterializationBinding binding, Table table, Identifiers ids, Literals literals) {
    String where = "binding " + table.binding() + " (table " + table.path() + ")";
    // Only the layout's properties: the rest passed the resource schema at Validate and is the engine's to read.
    com.fasterxml.jackson.databind.node.ObjectNode layout =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String property : List.of("partition_by", "cluster_by")) {
      if (binding.resourceConfig() != null && binding.resourceConfig().has(property)) {
        layout.set(property, binding.resourceConfig().get(property));
      }
    }
    BigQueryResource resource = BigQueryResource.from(layout, "resource config of " + where);
    Optional<String> partitionBy = Optional.empty();
    Optional<String> partitionColumn = Optional.empty();
    List<String> options = new ArrayList<>();
    if (resource.partition().isPresent()) {
      BigQueryResource.PartitionBy p = resource.partition().get();
      Column c = column(table, p.field(), where + ": partition_by.field");
      String q = ids.quote(c.name());
      partitionColumn = Optional.of(q);
      partitionBy = Optional.of(partitionExpression(p, c, q, where));
      if (p.expirationDays() != null) {
        options.add("partition_expiration_days = " + p.expirationDays());
      }
      if (p.requirePartitionFilter()) {
        // The connector's own probes (is the table empty?) and Loads of bindings without a partition key would fail.
        throw new ConnectorException(where + ": partition_by.require_partition_filter is not supported yet: the"
            + " connector's own queries of the table do not all filter on the partition column");
      }
    }
    List<String> cluster = new ArrayList<>();
    if (!resource.clusterBy().isEmpty()) {
      for (String field : resource.clusterBy()) {
        Column c = column(table, field, where + ": cluster_by");
        if (!CLUSTERABLE.contains(c.type().ddl())) {
          throw new ConnectorException(where + ": cluster_by field '" + field + "' has type " + c.type().ddl()
              + ", which BigQuery cannot cluster on");
        }
        cluster.add(ids.quote(c.name()));
      }
    } else {
      // Estuary's connector clusters on the first four keys; keys of types BigQuery cannot cluster on are skipped.
      for (Column k : table.keys()) {
        if (cluster.size() < MAX_CLUSTER_COLUMNS && CLUSTERABLE.contains(k.type().ddl())) {
          cluster.add(ids.quote(k.name()));
        }
      }
    }
    return new TableLayout(partitionBy, partitionColumn, cluster, options);
  }

  private static Column column(Table table, String field, String what) {
    return table.columns().stream().filter(c -> c.field().equals(field)).findFirst()
        .orElseThrow(() -> new ConnectorException(what + " names field '" + field + "', which the binding does not"
            + " materialize (select it, or name another)"));
  }

  private static String partitionExpression(BigQueryResource.PartitionBy p, Column c, String q, String where) {
    String type = c.type().ddl();
    String granularity = p.granularity() == null ? "DAY" : p.granularity();
    if (p.range() != null) {
      if (!type.equals("INT64")) {
        throw new ConnectorException(where + ": partition_by.range needs an integer (INT64) field; '" + c.field()
            + "' is " + type);
      }
      return "RANGE_BUCKET(" + q + ", GENERATE_ARRAY(" + p.range().start() + ", " + p.range().end() + ", "
          + p.range().interval() + "))";
    }
    return switch (type) {
      case "TIMESTAMP" -> "TIMESTAMP_TRUNC(" + q + ", " + granularity + ")";
      case "DATE" -> {
        if (granularity.equals("HOUR")) {
          throw new ConnectorException(where + ": partition_by.granularity HOUR needs a date-time field; '" + c.field()
              + "' is a DATE");
        }
        yield granularity.equals("DAY") ? q : "DATE_TRUNC(" + q + ", " + granularity + ")";
      }
      default -> throw new ConnectorException(where + ": partition_by.field '" + c.field() + "' has type " + type
          + "; BigQuery partitions on a DATE or TIMESTAMP column (a date or date-time field that is not a key) or,"
          + " with partition_by.range, an INT64 one");
    };
  }

  /** The create_table model entries: lists of zero or one element. */
  Map<String, Object> model() {
    return Map.of(
        "partitionBy", partitionBy.map(e -> List.of(Map.of("expression", e))).orElse(List.of()),
        "clusterBy", clusterBy.isEmpty() ? List.of() : List.of(Map.of("columns", String.join(", ", clusterBy))),
        "options", options.isEmpty() ? List.of()
            : List.of(Map.of("values", options.stream().map(o -> Map.of("option", o)).toList())));
  }
}
