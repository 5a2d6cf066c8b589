package org.flowmat.core.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.model.Table;
import org.flowmat.core.spec.MaterializationBinding;

/**
 * A warehouse, composed of small parts: the engine in {@code org.flowmat.core.engine} does Validate and Apply the
 * same way for every dialect. The pure parts (identifiers, literals, types, templates) never touch the warehouse and
 * are unit- and snapshot-tested; {@link #endpoint} yields the client part.
 */
public interface Dialect {

  /** Short name: the launcher's name and the folder of its templates. */
  String name();

  ConnectorSpec spec();

  Identifiers identifiers();

  Literals literals();

  TypeMapping types();

  SqlTemplates templates();

  /** Whether target tables of standard-updates bindings get a PRIMARY KEY constraint. */
  boolean primaryKeys();

  /** Parses an endpoint config that already passed its JSON schema. */
  Endpoint endpoint(JsonNode config);

  /**
   * Whether Flush answers the Loads of every binding with a root document in one query (UNION ALL) rather than one
   * query per binding: for warehouses that bill or queue per query.
   */
  default boolean oneLoadQuery() {
    return false;
  }

  /**
   * More of {@code create_table}'s model for {@code binding}'s table, from its resource config: clauses beyond the
   * columns and the primary key, such as BigQuery's PARTITION BY and CLUSTER BY, as values its template places (a
   * clause present or not as a list of zero or one element). None by default. Used wherever the table is created,
   * including when a backfill recreates it.
   */
  default Map<String, Object> tableOptions(MaterializationBinding binding, Table table) {
    return Map.of();
  }

  /**
   * This dialect as {@code endpoint} configures it: where a part depends on the endpoint's settings (Snowflake's
   * {@code timestamp_type} chooses column types), a copy with parts built from them. The engine uses what this returns
   * for everything after parsing the endpoint config.
   */
  default Dialect configuredBy(Endpoint endpoint) {
    return this;
  }
}
