package org.flowmat.core.txn;

import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.WarehouseClient;

/**
 * The default {@link PlanApplier}, for warehouses with interactive transactions: one row per shard in the markers
 * table holds its fence and last applied plan, and a plan's statements run in the warehouse transaction that claims
 * it there ({@link MarkerTable}), so they and the record of them commit together.
 */
public final class MarkerRowApplier implements PlanApplier {
  private final WarehouseClient client;
  private final MarkerTable markers;

  public MarkerRowApplier(Dialect dialect, WarehouseClient client, Shard shard) {
    this.client = client;
    this.markers = new MarkerTable(dialect, shard.markers(), shard.materialization(), shard.range());
  }

  @Override
  public Fence open() throws Exception {
    return client.transaction(markers::install);
  }

  @Override
  public Outcome apply(long plan, long fence, PlanWork work) throws Exception {
    return client.transaction(txn -> {
      Outcome claimed = markers.claim(txn, plan, fence);
      if (claimed != Outcome.APPLIED) {
        return claimed;
      }
      for (TableStatements table : work.tables()) {
        for (String statement : table.statements()) {
          txn.update(statement);
        }
      }
      return Outcome.APPLIED;
    });
  }
}
