package org.flowmat.core.dialect;

import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.txn.MarkerRowApplier;

/**
 * A dialect's endpoint config, parsed and validated: the settings the engine needs, and a way to connect. Each
 * dialect implements it with a record of its own config.
 */
public interface Endpoint {

  /** The schema (dataset) of tables whose binding names none, and of the connector's metadata tables. */
  String defaultSchema();

  /** Deletions remove rows when true; otherwise rows stay with {@code _meta/op = 'd'}. */
  boolean hardDelete();

  /**
   * The resource path of a binding: its schema (or the default) and table, as the warehouse will name them. A
   * warehouse whose paths have more parts (BigQuery's project) or whose names are translated overrides it.
   */
  default TablePath tablePath(ResourceConfig resource) {
    return TablePath.of(resource.schema().orElse(defaultSchema()), resource.table());
  }

  /**
   * Opens a client to the warehouse; {@code readOnly} for Validate, which must change nothing (not even create a
   * database file). Failures are ConnectorExceptions that name the host, never a secret.
   */
  WarehouseClient connect(boolean readOnly) throws Exception;

  /**
   * The staging area of one shard of one materialization, over its full key range: its own (see
   * {@link org.flowmat.core.staging.ShardStaging}), and found again by a restarted process wherever the endpoint
   * can recover a plan at all.
   */
  StagingArea staging(String materialization, KeyRange range) throws Exception;

  /**
   * How this endpoint applies the shard's plans and fences zombies, over {@code client} (the transactor's). The
   * default, for warehouses with interactive transactions, marks plans in the shard's row of the markers table in
   * the transaction that applies them.
   */
  default PlanApplier applier(Dialect dialect, WarehouseClient client, Shard shard) {
    return new MarkerRowApplier(dialect, client, shard);
  }
}
